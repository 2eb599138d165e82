"""Represents a device enrollment like an U2F security key or a Super Gluu device."""

from datetime import datetime
from typing import List

from pyscim.model.base_resource import BaseResource
from pyscim.model_utils import field


class FidoDeviceResource(BaseResource):
    """Represents a device enrollment like an U2F security key or a Super Gluu device."""

    _schemas = ("urn:ietf:params:scim:schemas:core:2.0:FidoDevice",)

    schemas: List[str] = field(
        "schemas",
        "URIs of the schemas of the resource's attributes (core, then extensions)",
        default=["urn:ietf:params:scim:schemas:core:2.0:FidoDevice"],
    )
    user_id: str = field("userId", "Identifies the owner of the enrollment")
    creation_date: datetime = field("creationDate", "Date of enrollment in ISO format")
    application: str = field("application", "Associated U2F application ID")
    counter: int = field("counter", "Value used in the Fido U2F endpoints")
    device_data: str = field(
        "deviceData",
        "A Json representation of low-level attributes of this enrollment",
    )
    device_hash_code: int = field("deviceHashCode", "Hash code of the device")
    device_key_handle: str = field("deviceKeyHandle", "Key handle of the enrollment")
    device_registration_conf: str = field(
        "deviceRegistrationConf",
        "Registration configuration of the enrollment",
    )
    last_access_time: datetime = field(
        "lastAccessTime",
        "When this device was last used (eg. in order to log into an application)",
    )
    status: str = field("status", "HTTP status code of the operation's result, as a string")
    display_name: str = field("displayName", "Device name suitable for display to end-users")
    description: str = field("description", "Human-readable description")
