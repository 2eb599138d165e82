"""The resource types the server supports (RFC 7644 §4)."""

from typing import List

from pyscim.model.basic_list_response import BasicListResponse
from pyscim.model.resource_type import ResourceType
from pyscim.model_utils import field


class ResourceTypeListResponse(BasicListResponse):
    """The resource types the server supports (RFC 7644 §4)."""

    resources: List[ResourceType] = field("Resources", "The resources of this page of results")
