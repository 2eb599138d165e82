"""Fido2DevicesApi: Endpoints for management of Fido2 devices."""

from pyscim.api._params import (
    ATTRIBUTES,
    COUNT,
    EXCLUDED_ATTRIBUTES,
    FIDO2_READ,
    FIDO2_WRITE,
    FILTER,
    SORT_BY,
    SORT_ORDER,
    START_INDEX,
    USER_ID,
)
from pyscim.api_client import JSON_TYPES, Api, Operation, Param
from pyscim.model.fido2_device_resource import Fido2DeviceResource
from pyscim.model.fido2_list_response import Fido2ListResponse
from pyscim.model.search_request import SearchRequest


class Fido2DevicesApi(Api):
    """Endpoints for management of Fido2 devices."""

    get_fido2_devices = Operation(
        "GET",
        "/Fido2Devices",
        "get-fido2-devices",
        Fido2ListResponse,
        [ATTRIBUTES, EXCLUDED_ATTRIBUTES, USER_ID, FILTER, START_INDEX, COUNT, SORT_BY, SORT_ORDER],
        scopes=[FIDO2_READ],
        doc="Query Fido 2 resources",
        responses={200: "Successful operation", 400: "Parameter count exceeds the maximum allowed value or the filter supplied was unparsable", 404: "If userId param was supplied and the user is not known", 500: "There was an unexpected failure executing the operation"},
    )

    get_fido2_device_by_id = Operation(
        "GET",
        "/Fido2Devices/{id}",
        "get-fido2-device-by-id",
        Fido2DeviceResource,
        [Param("id", str, "path", "Identifier of the resource"), ATTRIBUTES, EXCLUDED_ATTRIBUTES, USER_ID],
        scopes=[FIDO2_READ],
        doc="Retrieves a Fido 2 device by Id",
        responses={200: "Successful operation", 404: "Id passed unknown", 500: "There was an unexpected failure executing the operation"},
    )

    update_fido2_device_by_id = Operation(
        "PUT",
        "/Fido2Devices/{id}",
        "update-fido2-device-by-id",
        Fido2DeviceResource,
        [Param("id", str, "path", "Identifier of the resource"), Param("fido_device_resource", Fido2DeviceResource, "body", "Payload with the data to replace in the existing device identified by the id param"), ATTRIBUTES, EXCLUDED_ATTRIBUTES],
        scopes=[FIDO2_WRITE],
        doc="Updates a Fido 2 resource. Update works in a replacement fashion: every attribute value found in the payload sent will replace the one in the existing resource representation. Attributes not passed in the payload will be left intact.",
        responses={200: "Successful operation", 400: "An invalid value was passed in the payload or there was an attempt to update an immutable attribute", 404: "Id passed unknown", 500: "There was an unexpected failure executing the operation"},
        content_types=JSON_TYPES,
    )

    delete_fido2_device_by_id = Operation(
        "DELETE",
        "/Fido2Devices/{id}",
        "delete-fido2-device-by-id",
        None,
        [Param("id", str, "path", "Identifier of the resource to delete")],
        scopes=[FIDO2_WRITE],
        doc="Deletes a Fido 2 resource",
        responses={204: "Successful operation. Empty response", 404: "Id passed unknown", 500: "There was an unexpected failure executing the operation"},
    )

    search_fido2_device = Operation(
        "POST",
        "/Fido2Devices/.search",
        "search-fido2-device",
        Fido2ListResponse,
        [Param("search_request", SearchRequest, "body", "Payload that represents the search criteria"), USER_ID],
        scopes=[FIDO2_READ],
        doc="Query Fido 2 resources",
        responses={200: "Successful operation", 400: "Parameter count exceeds the maximum allowed value, the filter supplied was unparsable, or invalid schema in search request", 404: "If userId param was supplied and the user is not known", 500: "There was an unexpected failure executing the operation"},
        content_types=JSON_TYPES,
    )
