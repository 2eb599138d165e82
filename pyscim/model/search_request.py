"""A query sent by POST to a .search endpoint (RFC 7644 §3.4.3)."""

from typing import List

from pyscim.model_utils import Model, field


class SearchRequest(Model):
    """A query sent by POST to a .search endpoint (RFC 7644 §3.4.3)."""

    schemas: List[str] = field(
        "schemas",
        "URIs of the SCIM schemas that define the attributes present", default=["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],
    )
    attributes: List[str] = field(
        "attributes",
        "A list of attribute names to return in the response",
    )
    excluded_attributes: List[str] = field(
        "excludedAttributes",
        "When specified, the response will contain a default set of attributes minus those listed here",
    )
    filter: str = field(
        "filter",
        "An expression specifying the search criteria. See section 3.4.2.2 of RFC 7644",
    )
    sort_by: str = field(
        "sortBy",
        "The attribute whose value will be used to order the returned responses",
    )
    sort_order: str = field(
        "sortOrder",
        "Order in which the sortBy param is applied. Allowed values are \"ascending\" and \"descending\"",
    )
    start_index: int = field("startIndex", "The 1-based index of the first query result")
    count: int = field("count", "Specifies the desired maximum number of query results per page")
