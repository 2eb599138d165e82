"""1.0.0's ResourceTypeListResponseAllOf: the fields ResourceTypeListResponse adds to its allOf base."""

from pyscim.model.resource_type_list_response import ResourceTypeListResponse
from pyscim.model_utils import allof_part

ResourceTypeListResponseAllOf = allof_part(ResourceTypeListResponse, "ResourceTypeListResponseAllOf")
