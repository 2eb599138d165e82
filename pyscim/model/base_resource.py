"""What every SCIM resource has: its schemas, id and meta (RFC 7643 §3.1)."""

from typing import List

from pyscim.model.meta import Meta
from pyscim.model_utils import Model, field


class BaseResource(Model):
    """What every SCIM resource has: its schemas, id and meta (RFC 7643 §3.1)."""

    schemas: List[str] = field(
        "schemas",
        "URIs that are used to indicate the namespaces of the SCIM schemas that define the attributes present in the current structure",
    )
    id: str = field("id", "A unique identifier for a SCIM resource. See section 3.1 of RFC 7643")
    meta: Meta = field(
        "meta",
        "Metadata of the resource: type, creation and modification times, location",
    )
