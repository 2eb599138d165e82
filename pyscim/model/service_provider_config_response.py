"""The SCIM features the server supports and its limits (RFC 7643 §5)."""

from typing import List

from pyscim.model.authentication_scheme import AuthenticationScheme
from pyscim.model.service_provider_config_response_bulk import (
    ServiceProviderConfigResponseBulk,
)
from pyscim.model.service_provider_config_response_filter import (
    ServiceProviderConfigResponseFilter,
)
from pyscim.model.service_provider_config_response_meta import (
    ServiceProviderConfigResponseMeta,
)
from pyscim.model.service_provider_config_response_patch import (
    ServiceProviderConfigResponsePatch,
)
from pyscim.model_utils import Model, field


class ServiceProviderConfigResponse(Model):
    """The SCIM features the server supports and its limits (RFC 7643 §5)."""

    schemas: List[str] = field(
        "schemas",
        "URIs of the SCIM schemas that define the attributes present",
    )
    meta: ServiceProviderConfigResponseMeta = field(
        "meta",
        "Metadata of the resource: type, creation and modification times, location",
    )
    documentation_uri: str = field("documentationUri", "URL of help documentation")
    patch: ServiceProviderConfigResponsePatch = field("patch", "Patch")
    bulk: ServiceProviderConfigResponseBulk = field("bulk", "Bulk")
    filter: ServiceProviderConfigResponseFilter = field("filter", "Filter")
    change_password: ServiceProviderConfigResponsePatch = field(
        "changePassword",
        "Change password",
    )
    sort: ServiceProviderConfigResponsePatch = field("sort", "Sort")
    etag: ServiceProviderConfigResponsePatch = field("etag", "Etag")
    authentication_schemes: List[AuthenticationScheme] = field(
        "authenticationSchemes",
        "Authentication schemes",
    )
