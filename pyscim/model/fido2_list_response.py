"""Results for fido 2 devices search."""

from typing import List

from pyscim.model.basic_list_response import BasicListResponse
from pyscim.model.fido2_device_resource import Fido2DeviceResource
from pyscim.model_utils import field


class Fido2ListResponse(BasicListResponse):
    """Results for fido 2 devices search."""

    resources: List[Fido2DeviceResource] = field(
        "Resources",
        "The resources of this page of results",
    )
