"""UserApi: Endpoints for management of User resources."""

from pyscim.api._params import (
    ATTRIBUTES,
    COUNT,
    EXCLUDED_ATTRIBUTES,
    FILTER,
    SORT_BY,
    SORT_ORDER,
    START_INDEX,
    USERS_READ,
    USERS_WRITE,
)
from pyscim.api_client import JSON_TYPES, Api, Operation, Param
from pyscim.model.patch_request import PatchRequest
from pyscim.model.search_request import SearchRequest
from pyscim.model.user_list_response import UserListResponse
from pyscim.model.user_resource import UserResource


class UserApi(Api):
    """Endpoints for management of User resources."""

    get_users = Operation(
        "GET",
        "/Users",
        "get-users",
        UserListResponse,
        [ATTRIBUTES, EXCLUDED_ATTRIBUTES, FILTER, START_INDEX, COUNT, SORT_BY, SORT_ORDER],
        scopes=[USERS_READ],
        doc="Query User resources (see section 3.4.2 of RFC 7644)",
        responses={200: "Successful operation", 400: "Parameter count exceeds the maximum allowed value or the filter supplied was unparsable", 500: "There was an unexpected failure executing the operation"},
    )

    create_user = Operation(
        "POST",
        "/Users",
        "create-user",
        UserResource,
        [Param("user", UserResource, "body", "Payload that represents the User to create"), ATTRIBUTES, EXCLUDED_ATTRIBUTES],
        scopes=[USERS_WRITE],
        doc="Allows creating a User resource via POST (see section 3.3 of RFC 7644)",
        responses={201: "Successful operation", 400: "An invalid value was passed in the payload", 409: "There is a conflict with an already existing user. Uniqueness is assumed over userName", 500: "There was an unexpected failure executing the operation"},
        content_types=JSON_TYPES,
    )

    get_user_by_id = Operation(
        "GET",
        "/Users/{id}",
        "get-user-by-id",
        UserResource,
        [Param("id", str, "path", "Identifier of the resource"), ATTRIBUTES, EXCLUDED_ATTRIBUTES],
        scopes=[USERS_READ],
        doc="Retrieves a User resource by Id (see section 3.4.1 of RFC 7644)",
        responses={200: "Successful operation", 404: "Id passed unknown", 500: "There was an unexpected failure executing the operation"},
    )

    update_user_by_id = Operation(
        "PUT",
        "/Users/{id}",
        "update-user-by-id",
        UserResource,
        [Param("id", str, "path", "Identifier of the resource"), Param("user", UserResource, "body", "Payload with the data to replace in the existing user identified by the id param"), ATTRIBUTES, EXCLUDED_ATTRIBUTES],
        scopes=[USERS_WRITE],
        doc="Updates a User resource (see section 3.5.1 of RFC 7644). Update works in a replacement fashion: every attribute value found in the payload sent will replace the one in the existing resource representation. Attributes not passed in the payload will be left intact.",
        responses={200: "Successful operation", 400: "An invalid value was passed in the payload or there was an attempt to update an immutable attribute", 404: "Id passed unknown", 409: "There is a conflict with an already existing group. Uniqueness is assumed over displayName", 500: "There was an unexpected failure executing the operation"},
        content_types=JSON_TYPES,
    )

    delete_user_by_id = Operation(
        "DELETE",
        "/Users/{id}",
        "delete-user-by-id",
        None,
        [Param("id", str, "path", "Identifier of the resource to delete")],
        scopes=[USERS_WRITE],
        doc="Deletes a user resource",
        responses={204: "Successful operation. Empty response", 404: "Id passed unknown", 500: "There was an unexpected failure executing the operation"},
    )

    patch_user_by_id = Operation(
        "PATCH",
        "/Users/{id}",
        "patch-user-by-id",
        UserResource,
        [Param("id", str, "path", "Identifier of the resource"), Param("request", PatchRequest, "body", "Payload describing the patch operations to apply upon the resource identified by param id"), ATTRIBUTES, EXCLUDED_ATTRIBUTES],
        scopes=[USERS_WRITE],
        doc="Updates one or more attributes of a User resource using a sequence of additions, removals, and replacements operations. See section 3.5.2 of RFC 7644",
        responses={200: "Successful operation", 400: "One or more operations supplied in the request are specified incorrectly, there were attempts to modify immutable attributes, or the resulting resource cannot pass intrinsic validations", 500: "There was an unexpected failure executing the operation"},
        content_types=JSON_TYPES,
    )

    search_user = Operation(
        "POST",
        "/Users/.search",
        "search-user",
        UserListResponse,
        [Param("search_request", SearchRequest, "body", "Payload that represents the search criteria")],
        scopes=[USERS_READ],
        doc="Query User resources (see section 3.4.2 of RFC 7644)",
        responses={200: "Successful operation", 400: "Parameter count exceeds the maximum allowed value, the filter supplied was unparsable, or invalid schema in search request", 500: "There was an unexpected failure executing the operation"},
        content_types=JSON_TYPES,
    )
