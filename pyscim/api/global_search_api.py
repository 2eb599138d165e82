"""GlobalSearchApi: Search from service root."""

from pyscim.api._params import ALL_RESOURCES_SEARCH
from pyscim.api_client import JSON_TYPES, Api, Operation, Param
from pyscim.model.generic_list_response import GenericListResponse
from pyscim.model.search_request import SearchRequest


class GlobalSearchApi(Api):
    """Search from service root."""

    search_resources = Operation(
        "POST",
        "/.search",
        "search-resources",
        GenericListResponse,
        [Param("search_request", SearchRequest, "body", "Payload that represents the search criteria")],
        scopes=[ALL_RESOURCES_SEARCH],
        doc="Search (from system root) for one or more resource (see section 3.4.3 of RFC 7644)",
        responses={200: "Successful operation", 400: "Parameter count exceeds the maximum allowed value, the filter supplied was unparsable, or invalid schema in search request", 500: "There was an unexpected failure executing the operation"},
        content_types=JSON_TYPES,
    )
