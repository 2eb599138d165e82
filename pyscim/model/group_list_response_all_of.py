"""1.0.0's GroupListResponseAllOf: the fields GroupListResponse adds to its allOf base."""

from pyscim.model.group_list_response import GroupListResponse
from pyscim.model_utils import allof_part

GroupListResponseAllOf = allof_part(GroupListResponse, "GroupListResponseAllOf")
