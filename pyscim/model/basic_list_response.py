"""The paging attributes of a query result (RFC 7644 §3.4.2.4)."""

from typing import List

from pyscim.model_utils import Model, field


class BasicListResponse(Model):
    """The paging attributes of a query result (RFC 7644 §3.4.2.4)."""

    schemas: List[str] = field(
        "schemas",
        "URIs of the SCIM schemas that define the attributes present",
    )
    total_results: int = field(
        "totalResults",
        "Total number of results returned by the search. The value may be larger than the number of resources returned due to pagination",
    )
    start_index: int = field(
        "startIndex",
        "The 1-based index of the first result in the current set of search results",
    )
    items_per_page: int = field(
        "itemsPerPage",
        "The number of resources returned in a results page",
    )
