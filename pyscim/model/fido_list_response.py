"""Results for fido devices search."""

from typing import List

from pyscim.model.basic_list_response import BasicListResponse
from pyscim.model.fido_device_resource import FidoDeviceResource
from pyscim.model_utils import field


class FidoListResponse(BasicListResponse):
    """Results for fido devices search."""

    resources: List[FidoDeviceResource] = field(
        "Resources",
        "The resources of this page of results",
    )
