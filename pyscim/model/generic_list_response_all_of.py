"""1.0.0's GenericListResponseAllOf: the fields GenericListResponse adds to its allOf base."""

from pyscim.model.generic_list_response import GenericListResponse
from pyscim.model_utils import allof_part

GenericListResponseAllOf = allof_part(GenericListResponse, "GenericListResponseAllOf")
