"""A group a user belongs to (RFC 7643 §4.1.2)."""

from pyscim.model_utils import Model, field


class Group(Model):
    """A group a user belongs to (RFC 7643 §4.1.2)."""

    value: str = field("value", "Group identifier")
    ref: str = field("$ref", "URI associated to the group")
    display: str = field("display", "A human-readable name, primarily for display")
    type: str = field("type", "Describes how the group membership was derived")
