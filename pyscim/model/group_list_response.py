"""Results for groups search. See section 3.4.2.4 of RFC 7644."""

from typing import List

from pyscim.model.basic_list_response import BasicListResponse
from pyscim.model.group_resource import GroupResource
from pyscim.model_utils import field


class GroupListResponse(BasicListResponse):
    """Results for groups search. See section 3.4.2.4 of RFC 7644."""

    resources: List[GroupResource] = field("Resources", "The resources of this page of results")
