"""DiscoveryApi: Endpoints to facilitate discovery of SCIM service provider features."""

from pyscim.api_client import SCIM_JSON, Api, Operation, Param
from pyscim.model.resource_type import ResourceType
from pyscim.model.resource_type_list_response import ResourceTypeListResponse
from pyscim.model.schema_list_response import SchemaListResponse
from pyscim.model.schema_resource import SchemaResource
from pyscim.model.service_provider_config_response import ServiceProviderConfigResponse


class DiscoveryApi(Api):
    """Endpoints to facilitate discovery of SCIM service provider features."""

    get_service_provider_config = Operation(
        "GET",
        "/ServiceProviderConfig",
        "get-service-provider-config",
        ServiceProviderConfigResponse,
        [],
        scopes=[],
        doc="Describes the SCIM specification features available (see section 5 of RFC 7644)",
        responses={200: "Successful operation", 500: "There was an unexpected failure executing the operation"},
        accept=(SCIM_JSON,),
    )

    get_resource_types = Operation(
        "GET",
        "/ResourceTypes",
        "get-resource-types",
        ResourceTypeListResponse,
        [],
        scopes=[],
        doc="This endpoint is used to discover the types of resources available (see section 4 of RFC 7644)",
        responses={200: "Successful operation", 500: "There was an unexpected failure executing the operation"},
        accept=(SCIM_JSON,),
    )

    get_resource_type_by_id = Operation(
        "GET",
        "/ResourceTypes/{resource}",
        "get-resource-type-by-id",
        ResourceType,
        [Param("resource", str, "path", "Name of the resource type", enum=["User", "Group", "FidoDevice", "Fido2Device"])],
        scopes=[],
        doc="Describes the endpoint, schemas and extensions supported by a specific kind of resource. It returns a specific portion of the ouput of the more general /Resources endpoint",
        responses={200: "Successful operation", 500: "There was an unexpected failure executing the operation"},
        accept=(SCIM_JSON,),
    )

    get_schemas = Operation(
        "GET",
        "/Schemas",
        "get-schemas",
        SchemaListResponse,
        [],
        scopes=[],
        doc="Endpoint used to retrieve information about schemas supported (see section 4 of RFC 7644)",
        responses={200: "Successful operation", 500: "There was an unexpected failure executing the operation"},
        accept=(SCIM_JSON,),
    )

    get_schema_by_uri = Operation(
        "GET",
        "/Schemas/{uri}",
        "get-schema-by-uri",
        SchemaResource,
        [Param("uri", str, "path", "Schema URI of a particular resource type", enum=["urn:ietf:params:scim:schemas:core:2.0:User", "urn:ietf:params:scim:schemas:extension:gluu:2.0:User", "urn:ietf:params:scim:schemas:core:2.0:Group", "urn:ietf:params:scim:schemas:core:2.0:Fido2Device", "urn:ietf:params:scim:schemas:core:2.0:FidoDevice"])],
        scopes=[],
        doc="Retrieves information about a specific resource",
        responses={200: "Successful operation", 500: "There was an unexpected failure executing the operation"},
        accept=(SCIM_JSON,),
    )
