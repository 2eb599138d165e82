"""See section 3.5.2 of RFC 7644."""

from typing import Any

from pyscim.model_utils import Model, field


class PatchOperation(Model):
    """See section 3.5.2 of RFC 7644."""

    op: str = field("op", "The kind of operation to perform", required=True)
    path: str = field("path", "Required when op is remove, optional otherwise")
    value: Any = field("value", "Only required when op is add or replace")
