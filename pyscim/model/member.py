"""Represents a member of a Group resource."""

from pyscim.model_utils import Model, field


class Member(Model):
    """Represents a member of a Group resource."""

    ref: str = field("$ref", "URI of the SCIM resource")
    type: str = field("type", "The type of member. Only \"User\" is allowed")
    display: str = field("display", "A human readable name, primarily used for display purposes")
    value: str = field("value", "Identifier (ID) of the resource")
