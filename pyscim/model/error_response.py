"""A SCIM error: the HTTP status, a scimType keyword and a detail message (RFC 7644 §3.12)."""

from typing import List

from pyscim.model_utils import Model, field


class ErrorResponse(Model):
    """A SCIM error: the HTTP status, a scimType keyword and a detail message (RFC 7644 §3.12)."""

    status: str = field("status", "HTTP status code as string", required=True)
    schemas: List[str] = field(
        "schemas",
        "URIs of the SCIM schemas that define the attributes present",
    )
    scim_type: str = field("scimType", "A detail error keyword. See table 9 of RFC 7644")
    detail: str = field("detail", "A detailed human-readable message of the error")
