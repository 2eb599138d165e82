"""1.0.0's FidoDeviceResourceAllOf: the fields FidoDeviceResource adds to its allOf base."""

from pyscim.model.fido_device_resource import FidoDeviceResource
from pyscim.model_utils import allof_part

FidoDeviceResourceAllOf = allof_part(FidoDeviceResource, "FidoDeviceResourceAllOf")
