"""Points to a resource location representing the user's image. See section 4.1.2 of RFC 7643."""

from pyscim.model_utils import Model, field


class Photo(Model):
    """Points to a resource location representing the user's image. See section 4.1.2 of RFC 7643."""

    value: str = field("value", "The value of the attribute")
    display: str = field("display", "A human-readable name, primarily for display")
    type: str = field("type", "A label indicating the attribute's function")
    primary: bool = field("primary", "Denotes if this is the preferred photo among others, if any")
