"""1.0.0's UserListResponseAllOf: the fields UserListResponse adds to its allOf base."""

from pyscim.model.user_list_response import UserListResponse
from pyscim.model_utils import allof_part

UserListResponseAllOf = allof_part(UserListResponse, "UserListResponseAllOf")
