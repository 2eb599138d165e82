"""GenericListResponse."""

from typing import List

from pyscim.model.generic_resource import GenericResource
from pyscim.model.basic_list_response import BasicListResponse
from pyscim.model_utils import field


class GenericListResponse(BasicListResponse):
    """GenericListResponse."""

    resources: List[GenericResource] = field("Resources", "The resources of this page of results")
