"""One add, remove or replace operation of a PATCH (RFC 7644 §3.5.2)."""

from typing import Any

from pyscim.model_utils import Model, field


class PatchOperation(Model):
    """One add, remove or replace operation of a PATCH (RFC 7644 §3.5.2)."""

    op: str = field("op", "The kind of operation to perform", required=True)
    path: str = field("path", "Required when op is remove, optional otherwise")
    value: Any = field("value", "Only required when op is add or replace")
