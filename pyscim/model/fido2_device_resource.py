"""Represents a Fido 2 device enrollment."""

from datetime import datetime
from typing import List

from pyscim.model.base_resource import BaseResource
from pyscim.model_utils import field


class Fido2DeviceResource(BaseResource):
    """Represents a Fido 2 device enrollment."""

    _schemas = ("urn:ietf:params:scim:schemas:core:2.0:Fido2Device",)

    schemas: List[str] = field(
        "schemas",
        "URIs of the schemas of the resource's attributes (core, then extensions)",
        default=["urn:ietf:params:scim:schemas:core:2.0:Fido2Device"],
    )
    user_id: str = field("userId", "Identifies the owner of the enrollment")
    creation_date: datetime = field("creationDate", "Date of enrollment in ISO format")
    counter: int = field("counter", "Value used in the Fido 2 endpoints")
    status: str = field("status", "HTTP status code of the operation's result, as a string")
    display_name: str = field("displayName", "Device name suitable for display to end-users")
