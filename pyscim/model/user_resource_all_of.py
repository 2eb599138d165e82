"""1.0.0's UserResourceAllOf: the fields UserResource adds to its allOf base."""

from pyscim.model.user_resource import UserResource
from pyscim.model_utils import allof_part

UserResourceAllOf = allof_part(UserResource, "UserResourceAllOf")
