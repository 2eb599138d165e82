"""One operation of a bulk request or response (RFC 7644 §3.7)."""

from typing import Any, Dict

from pyscim.model_utils import Model, field


class BulkOperation(Model):
    """One operation of a bulk request or response (RFC 7644 §3.7)."""

    method: str = field("method", "HTTP method of the operation: POST, PUT, PATCH or DELETE")
    bulk_id: str = field(
        "bulkId",
        "Used to bind the id generated for a created resource (via POST) to a named variable for later reuse",
    )
    path: str = field(
        "path",
        "Path of the endpoint the operation uses relative to the server root, eg. /Users",
    )
    data: Dict[str, Any] = field("data", "Payload associated to this operation")
    location: str = field("location", "Used in responses of POST operations")
    response: Dict[str, Any] = field(
        "response",
        "The body the server returned for this operation (RFC 7644 \u00a73.7.3)",
    )
    status: str = field("status", "HTTP status code of the operation's result, as a string")
