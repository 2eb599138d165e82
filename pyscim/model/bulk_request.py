"""A bulk request: operations to carry out, and when to stop on errors (RFC 7644 §3.7)."""

from typing import List

from pyscim.model.bulk_data import BulkData
from pyscim.model_utils import field


class BulkRequest(BulkData):
    """A bulk request: operations to carry out, and when to stop on errors (RFC 7644 §3.7)."""

    _schemas = ("urn:ietf:params:scim:api:messages:2.0:BulkRequest",)

    # RFC 7644 §3.7: a bulk request names this schema (Janssen refuses one that does not).
    schemas: List[str] = field(
        "schemas",
        "URIs of the SCIM schemas that define the attributes present",
        default=["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],
    )
    fail_on_errors: int = field(
        "failOnErrors",
        "The number of errors that can be accepted before the Bulk request is terminated and a response is returned",
    )
