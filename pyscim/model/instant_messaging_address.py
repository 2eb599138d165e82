"""See section 4.1.2 of RFC 7643."""

from pyscim.model_utils import Model, field


class InstantMessagingAddress(Model):
    """See section 4.1.2 of RFC 7643."""

    value: str = field("value", "The value of the attribute")
    display: str = field("display", "A human-readable name, primarily for display")
    type: str = field("type", "A label indicating the attribute's function")
    primary: bool = field(
        "primary",
        "Denotes if this is the preferred messaging addressed among others, if any",
    )
