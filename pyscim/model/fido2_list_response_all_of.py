"""1.0.0's Fido2ListResponseAllOf: the fields Fido2ListResponse adds to its allOf base."""

from pyscim.model.fido2_list_response import Fido2ListResponse
from pyscim.model_utils import allof_part

Fido2ListResponseAllOf = allof_part(Fido2ListResponse, "Fido2ListResponseAllOf")
