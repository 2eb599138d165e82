"""Any resource a search from the service root can return (oneOf in the spec)."""

from pyscim.model.fido2_device_resource import Fido2DeviceResource
from pyscim.model.fido_device_resource import FidoDeviceResource
from pyscim.model.group_resource import GroupResource
from pyscim.model.user_resource import UserResource


class GenericResource(GroupResource, UserResource, FidoDeviceResource, Fido2DeviceResource):
    """A resource of any type: read as the member of ``_one_of`` its ``schemas`` names, else this."""

    _one_of = (UserResource, GroupResource, FidoDeviceResource, Fido2DeviceResource)
