"""DefaultApi: Operations outside the resource endpoints: bulk requests (RFC 7644 §3.7)."""

from pyscim.api._params import BULK
from pyscim.api_client import JSON_TYPES, Api, Operation, Param
from pyscim.model.bulk_data import BulkData
from pyscim.model.bulk_request import BulkRequest


class DefaultApi(Api):
    """Operations outside the resource endpoints: bulk requests (RFC 7644 §3.7)."""

    bulk_post = Operation(
        "POST",
        "/Bulk",
        "bulk-post",
        BulkData,
        [Param("request", BulkRequest, "body", "Payload describing the operations to perform")],
        scopes=[BULK],
        doc="Send several resource operations in a single request (see section 3.7 of RFC 7644)",
        responses={200: "Successful operation. Every individual operation will report its own output status. Reponses are only included for failed operations.", 500: "There was an unexpected failure executing the operation"},
        content_types=JSON_TYPES,
    )
