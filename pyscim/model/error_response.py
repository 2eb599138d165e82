"""See section 3.12 of RFC 7644."""

from typing import List

from pyscim.model_utils import Model, field


class ErrorResponse(Model):
    """See section 3.12 of RFC 7644."""

    status: str = field("status", "HTTP status code as string", required=True)
    schemas: List[str] = field(
        "schemas",
        "URIs of the SCIM schemas that define the attributes present",
    )
    scim_type: str = field("scimType", "A detail error keyword. See table 9 of RFC 7644")
    detail: str = field("detail", "A detailed human-readable message of the error")
