"""Several SCIM operations in one request or response (RFC 7644 §3.7)."""

from typing import List

from pyscim.model.bulk_operation import BulkOperation
from pyscim.model_utils import Model, field


class BulkData(Model):
    """Several SCIM operations in one request or response (RFC 7644 §3.7)."""

    schemas: List[str] = field(
        "schemas",
        "URIs of the SCIM schemas that define the attributes present",
    )
    operations: List[BulkOperation] = field("Operations", "The operations to carry out")
