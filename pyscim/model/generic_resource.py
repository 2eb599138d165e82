"""Any resource a search from the service root can return (oneOf in the spec)."""

from typing import List

from pyscim.model.fido2_device_resource import Fido2DeviceResource
from pyscim.model.fido_device_resource import FidoDeviceResource
from pyscim.model.group_resource import GroupResource
from pyscim.model.user_resource import UserResource
from pyscim.model_utils import field


class GenericResource(GroupResource, UserResource, FidoDeviceResource, Fido2DeviceResource):
    """A resource of any type: a reply is read as the resource type its ``schemas`` names.

    A resource of none of these types stays a GenericResource, keeping every attribute.
    """

    _one_of = (UserResource, GroupResource, FidoDeviceResource, Fido2DeviceResource)

    schemas: List[str] = field(
        "schemas",
        "URIs of the schemas of the resource's attributes: they tell its type",
    )
