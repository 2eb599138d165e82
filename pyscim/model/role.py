"""A role of a user (RFC 7643 §4.1.2)."""

from pyscim.model_utils import Model, field


class Role(Model):
    """A role of a user (RFC 7643 §4.1.2)."""

    value: str = field("value", "The value of the attribute")
    display: str = field("display", "A human-readable name, primarily for display")
    type: str = field("type", "A label indicating the attribute's function")
    primary: bool = field("primary", "Denotes if this is the preferred role among others, if any")
