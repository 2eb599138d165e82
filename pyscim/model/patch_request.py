"""A PATCH request: one or more patch operations (RFC 7644 §3.5.2)."""

from typing import List

from pyscim.model.patch_operation import PatchOperation
from pyscim.model_utils import Model, field


class PatchRequest(Model):
    """A PATCH request: one or more patch operations (RFC 7644 §3.5.2)."""

    operations: List[PatchOperation] = field(
        "Operations",
        "The operations to carry out", required=True,
    )
    schemas: List[str] = field(
        "schemas",
        "URIs of the SCIM schemas that define the attributes present", default=["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
    )
