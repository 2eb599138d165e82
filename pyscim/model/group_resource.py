"""Represents a group resource. See section 4.2 of RFC 7643."""

from typing import List

from pyscim.model.base_resource import BaseResource
from pyscim.model.member import Member
from pyscim.model_utils import field


class GroupResource(BaseResource):
    """Represents a group resource. See section 4.2 of RFC 7643."""

    _schemas = ("urn:ietf:params:scim:schemas:core:2.0:Group",)

    schemas: List[str] = field(
        "schemas",
        "URIs of the schemas of the resource's attributes (core, then extensions)",
        default=["urn:ietf:params:scim:schemas:core:2.0:Group"],
    )
    display_name: str = field("displayName", "Group name suitable for display to end-users")
    members: List[Member] = field("members", "Members of the group")
