"""Parameters and OAuth scopes that many operations of the spec share, declared once."""

from pyscim.api_client import Param

# Query parameters of RFC 7644 §3.4.2 (wire names as in the spec).
ATTRIBUTES = Param(
    "attributes", str, "query", "A comma-separated list of attribute names to return in the response"
)
EXCLUDED_ATTRIBUTES = Param(
    "excluded_attributes",
    str,
    "query",
    "When specified, the response will contain a default set of attributes minus those listed here "
    "(as a comma-separated list)",
    wire="excludedAttributes",
)
FILTER = Param(
    "filter",
    str,
    "query",
    "An expression specifying the search criteria (RFC 7644 §3.4.2.2); a pyscim.filter expression works too",
)
START_INDEX = Param(
    "start_index", int, "query", "The 1-based index of the first query result", wire="startIndex"
)
COUNT = Param("count", int, "query", "Specifies the desired maximum number of query results per page")
SORT_BY = Param(
    "sort_by",
    str,
    "query",
    "The attribute whose value will be used to order the returned responses",
    wire="sortBy",
)
SORT_ORDER = Param(
    "sort_order",
    str,
    "query",
    'Order in which the sortBy param is applied. Allowed values are "ascending" and "descending"',
    wire="sortOrder",
)
USER_ID = Param(
    "user_id",
    str,
    "query",
    "Used to restrict the search to fido resources owned by a specific user",
    wire="userId",
)

# OAuth scopes of the scim_oauth security scheme.
USERS_READ = "https://jans.io/scim/users.read"
USERS_WRITE = "https://jans.io/scim/users.write"
GROUPS_READ = "https://jans.io/scim/groups.read"
GROUPS_WRITE = "https://jans.io/scim/groups.write"
FIDO_READ = "https://jans.io/scim/fido.read"
FIDO_WRITE = "https://jans.io/scim/fido.write"
FIDO2_READ = "https://jans.io/scim/fido2.read"
FIDO2_WRITE = "https://jans.io/scim/fido2.write"
ALL_RESOURCES_SEARCH = "https://jans.io/scim/all-resources.search"
BULK = "https://jans.io/scim/bulk"
