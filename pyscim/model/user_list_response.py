"""Results for users search. See section 3.4.2.4 of RFC 7644."""

from typing import List

from pyscim.model.basic_list_response import BasicListResponse
from pyscim.model.user_resource import UserResource
from pyscim.model_utils import field


class UserListResponse(BasicListResponse):
    """Results for users search. See section 3.4.2.4 of RFC 7644."""

    resources: List[UserResource] = field("Resources", "The resources of this page of results")
