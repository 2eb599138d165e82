"""1.0.0's Fido2DeviceResourceAllOf: the fields Fido2DeviceResource adds to its allOf base."""

from pyscim.model.fido2_device_resource import Fido2DeviceResource
from pyscim.model_utils import allof_part

Fido2DeviceResourceAllOf = allof_part(Fido2DeviceResource, "Fido2DeviceResourceAllOf")
