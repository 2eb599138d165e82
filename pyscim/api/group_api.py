"""GroupApi: Endpoints for management of Group resources."""

from pyscim.api._params import (
    ATTRIBUTES,
    COUNT,
    EXCLUDED_ATTRIBUTES,
    FILTER,
    GROUPS_READ,
    GROUPS_WRITE,
    SORT_BY,
    SORT_ORDER,
    START_INDEX,
)
from pyscim.api_client import JSON_TYPES, Api, Operation, Param
from pyscim.model.group_list_response import GroupListResponse
from pyscim.model.group_resource import GroupResource
from pyscim.model.patch_request import PatchRequest
from pyscim.model.search_request import SearchRequest


class GroupApi(Api):
    """Endpoints for management of Group resources."""

    get_groups = Operation(
        "GET",
        "/Groups",
        "get-groups",
        GroupListResponse,
        [ATTRIBUTES, EXCLUDED_ATTRIBUTES, FILTER, START_INDEX, COUNT, SORT_BY, SORT_ORDER],
        scopes=[GROUPS_READ],
        doc="Query Group resources (see section 3.4.2 of RFC 7644)",
        responses={200: "Successful operation", 400: "Parameter count exceeds the maximum allowed value or the filter supplied was unparsable", 500: "There was an unexpected failure executing the operation"},
    )

    create_group = Operation(
        "POST",
        "/Groups",
        "create-group",
        GroupResource,
        [Param("group", GroupResource, "body", "Payload that represents the Group to create"), ATTRIBUTES, EXCLUDED_ATTRIBUTES],
        scopes=[GROUPS_WRITE],
        doc="Allows creating a Group resource via POST (see section 3.3 of RFC 7644)",
        responses={201: "Successful operation", 400: "An invalid value was passed in the payload", 409: "There is a conflict with an already existing group. Uniqueness is assumed over displayName", 500: "There was an unexpected failure executing the operation"},
        content_types=JSON_TYPES,
    )

    get_group_by_id = Operation(
        "GET",
        "/Groups/{id}",
        "get-group-by-id",
        GroupResource,
        [Param("id", str, "path", "Identifier of the resource"), ATTRIBUTES, EXCLUDED_ATTRIBUTES],
        scopes=[GROUPS_READ],
        doc="Retrieves a Group resource by Id (see section 3.4.1 of RFC 7644)",
        responses={200: "Successful operation", 404: "Id passed unknown", 500: "There was an unexpected failure executing the operation"},
    )

    update_group_by_id = Operation(
        "PUT",
        "/Groups/{id}",
        "update-group-by-id",
        GroupResource,
        [Param("id", str, "path", "Identifier of the resource"), Param("group", GroupResource, "body", "Payload with the data to replace in the existing group identified by the id param"), ATTRIBUTES, EXCLUDED_ATTRIBUTES],
        scopes=[GROUPS_WRITE],
        doc="Updates a Group resource (see section 3.5.1 of RFC 7644). Update works in a replacement fashion: every attribute value found in the payload sent will replace the one in the existing resource representation. Attributes not passed in the payload will be left intact.",
        responses={200: "Successful operation", 400: "An invalid value was passed in the payload or there was an attempt to update an immutable attribute", 404: "Id passed unknown", 409: "There is a conflict with an already existing group. Uniqueness is assumed over displayName", 500: "There was an unexpected failure executing the operation"},
        content_types=JSON_TYPES,
    )

    delete_group_by_id = Operation(
        "DELETE",
        "/Groups/{id}",
        "delete-group-by-id",
        None,
        [Param("id", str, "path", "Identifier of the resource to delete")],
        scopes=[GROUPS_WRITE],
        doc="Deletes a group resource (see section 3.6 of RFC 7644)",
        responses={204: "Successful operation. Empty response", 404: "Id passed unknown", 500: "There was an unexpected failure executing the operation"},
    )

    patch_group_by_id = Operation(
        "PATCH",
        "/Groups/{id}",
        "patch-group-by-id",
        GroupResource,
        [Param("id", str, "path", "Identifier of the resource"), Param("request", PatchRequest, "body", "Payload describing the patch operations to apply upon the resource identified by param id"), ATTRIBUTES, EXCLUDED_ATTRIBUTES],
        scopes=[GROUPS_WRITE],
        doc="Updates one or more attributes of a Group resource using a sequence of additions, removals, and replacements operations. See section 3.5.2 of RFC 7644",
        responses={200: "Successful operation", 400: "One or more operations supplied in the request are specified incorrectly, there were attempts to modify immutable attributes, or the resulting resource cannot pass intrinsic validations", 500: "There was an unexpected failure executing the operation"},
        content_types=JSON_TYPES,
    )

    search_group = Operation(
        "POST",
        "/Groups/.search",
        "search-group",
        GroupListResponse,
        [Param("search_request", SearchRequest, "body", "Payload that represents the search criteria")],
        scopes=[GROUPS_READ],
        doc="Query Group resources (see section 3.4.2 of RFC 7644)",
        responses={200: "Successful operation", 400: "Parameter count exceeds the maximum allowed value, the filter supplied was unparsable, or invalid schema in search request", 500: "There was an unexpected failure executing the operation"},
        content_types=JSON_TYPES,
    )
