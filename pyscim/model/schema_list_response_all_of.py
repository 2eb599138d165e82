"""1.0.0's SchemaListResponseAllOf: the fields SchemaListResponse adds to its allOf base."""

from pyscim.model.schema_list_response import SchemaListResponse
from pyscim.model_utils import allof_part

SchemaListResponseAllOf = allof_part(SchemaListResponse, "SchemaListResponseAllOf")
