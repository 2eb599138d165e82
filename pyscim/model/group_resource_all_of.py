"""1.0.0's GroupResourceAllOf: the fields GroupResource adds to its allOf base."""

from pyscim.model.group_resource import GroupResource
from pyscim.model_utils import allof_part

GroupResourceAllOf = allof_part(GroupResource, "GroupResourceAllOf")
