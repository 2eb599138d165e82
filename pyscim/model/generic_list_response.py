"""Results of a search from the service root: resources of any type (RFC 7644 §3.4.3)."""

from typing import List

from pyscim.model.basic_list_response import BasicListResponse
from pyscim.model.generic_resource import GenericResource
from pyscim.model_utils import field


class GenericListResponse(BasicListResponse):
    """Results of a search from the service root: resources of any type (RFC 7644 §3.4.3)."""

    resources: List[GenericResource] = field("Resources", "The resources of this page of results")
