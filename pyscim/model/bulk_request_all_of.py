"""1.0.0's BulkRequestAllOf: the fields BulkRequest adds to its allOf base."""

from pyscim.model.bulk_request import BulkRequest
from pyscim.model_utils import allof_part

BulkRequestAllOf = allof_part(BulkRequest, "BulkRequestAllOf")
