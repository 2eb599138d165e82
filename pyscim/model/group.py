"""See section 4.1.2 of RFC 7643."""

from pyscim.model_utils import Model, field


class Group(Model):
    """See section 4.1.2 of RFC 7643."""

    value: str = field("value", "Group identifier")
    ref: str = field("$ref", "URI associated to the group")
    display: str = field("display", "A human-readable name, primarily for display")
    type: str = field("type", "Describes how the group membership was derived")
