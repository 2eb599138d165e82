"""1.0.0's FidoListResponseAllOf: the fields FidoListResponse adds to its allOf base."""

from pyscim.model.fido_list_response import FidoListResponse
from pyscim.model_utils import allof_part

FidoListResponseAllOf = allof_part(FidoListResponse, "FidoListResponseAllOf")
