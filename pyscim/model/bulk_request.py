"""A bulk request: operations to carry out, and when to stop on errors (RFC 7644 §3.7)."""

from pyscim.model.bulk_data import BulkData
from pyscim.model_utils import field


class BulkRequest(BulkData):
    """A bulk request: operations to carry out, and when to stop on errors (RFC 7644 §3.7)."""

    fail_on_errors: int = field(
        "failOnErrors",
        "The number of errors that can be accepted before the Bulk request is terminated and a response is returned",
    )
