"""FidoDevicesApi: Endpoints for management of Fido devices."""

from pyscim.api._params import (
    ATTRIBUTES,
    COUNT,
    EXCLUDED_ATTRIBUTES,
    FIDO_READ,
    FIDO_WRITE,
    FILTER,
    SORT_BY,
    SORT_ORDER,
    START_INDEX,
    USER_ID,
)
from pyscim.api_client import JSON_TYPES, Api, Operation, Param
from pyscim.model.fido_device_resource import FidoDeviceResource
from pyscim.model.fido_list_response import FidoListResponse
from pyscim.model.search_request import SearchRequest


class FidoDevicesApi(Api):
    """Endpoints for management of Fido devices."""

    get_fido_devices = Operation(
        "GET",
        "/FidoDevices",
        "get-fido-devices",
        FidoListResponse,
        [ATTRIBUTES, EXCLUDED_ATTRIBUTES, USER_ID, FILTER, START_INDEX, COUNT, SORT_BY, SORT_ORDER],
        scopes=[FIDO_READ],
        doc="Query Fido resources",
        responses={200: "Successful operation", 400: "Parameter count exceeds the maximum allowed value or the filter supplied was unparsable", 404: "If userId param was supplied and the user is not known", 500: "There was an unexpected failure executing the operation"},
    )

    get_fido_device_by_id = Operation(
        "GET",
        "/FidoDevices/{id}",
        "get-fido-device-by-id",
        FidoDeviceResource,
        [Param("id", str, "path", "Identifier of the resource"), ATTRIBUTES, EXCLUDED_ATTRIBUTES, USER_ID],
        scopes=[FIDO_READ],
        doc="Retrieves a U2F/Super Gluu device by Id",
        responses={200: "Successful operation", 404: "Id passed unknown", 500: "There was an unexpected failure executing the operation"},
    )

    update_fido_device_by_id = Operation(
        "PUT",
        "/FidoDevices/{id}",
        "update-fido-device-by-id",
        FidoDeviceResource,
        [Param("id", str, "path", "Identifier of the resource"), Param("fido_device_resource", FidoDeviceResource, "body", "Payload with the data to replace in the existing device identified by the id param"), ATTRIBUTES, EXCLUDED_ATTRIBUTES],
        scopes=[FIDO_WRITE],
        doc="Updates a Fido resource. Update works in a replacement fashion: every attribute value found in the payload sent will replace the one in the existing resource representation. Attributes not passed in the payload will be left intact.",
        responses={200: "Successful operation", 400: "An invalid value was passed in the payload or there was an attempt to update an immutable attribute", 404: "Id passed unknown", 500: "There was an unexpected failure executing the operation"},
        content_types=JSON_TYPES,
    )

    delete_fido_device_by_id = Operation(
        "DELETE",
        "/FidoDevices/{id}",
        "delete-fido-device-by-id",
        None,
        [Param("id", str, "path", "Identifier of the resource to delete")],
        scopes=[FIDO_WRITE],
        doc="Deletes a Fido resource",
        responses={204: "Successful operation. Empty response", 404: "Id passed unknown", 500: "There was an unexpected failure executing the operation"},
    )

    search_fido_device = Operation(
        "POST",
        "/FidoDevices/.search",
        "search-fido-device",
        FidoListResponse,
        [Param("search_request", SearchRequest, "body", "Payload that represents the search criteria"), USER_ID],
        scopes=[FIDO_READ],
        doc="Query Fido resources",
        responses={200: "Successful operation", 400: "Parameter count exceeds the maximum allowed value, the filter supplied was unparsable, or invalid schema in search request", 404: "If userId param was supplied and the user is not known", 500: "There was an unexpected failure executing the operation"},
        content_types=JSON_TYPES,
    )
