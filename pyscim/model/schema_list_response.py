"""The schemas the server supports (RFC 7644 §4)."""

from typing import List

from pyscim.model.basic_list_response import BasicListResponse
from pyscim.model.schema_resource import SchemaResource
from pyscim.model_utils import field


class SchemaListResponse(BasicListResponse):
    """The schemas the server supports (RFC 7644 §4)."""

    resources: List[SchemaResource] = field("Resources", "The resources of this page of results")
