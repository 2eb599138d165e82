"""Used to encapsulate one or more succesive SCIM operations in a single request."""

from typing import List

from pyscim.model.bulk_operation import BulkOperation
from pyscim.model_utils import Model, field


class BulkData(Model):
    """Used to encapsulate one or more succesive SCIM operations in a single request."""

    schemas: List[str] = field(
        "schemas",
        "URIs of the SCIM schemas that define the attributes present",
    )
    operations: List[BulkOperation] = field("Operations", "The operations to carry out")
