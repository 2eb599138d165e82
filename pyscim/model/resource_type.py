"""A resource type the server supports: its endpoint, schema and extensions (RFC 7643 §6)."""

from typing import List

from pyscim.model.resource_type_schema_extensions import ResourceTypeSchemaExtensions
from pyscim.model.service_provider_config_response_meta import (
    ServiceProviderConfigResponseMeta,
)
from pyscim.model_utils import Model, field


class ResourceType(Model):
    """A resource type the server supports: its endpoint, schema and extensions (RFC 7643 §6)."""

    schemas: List[str] = field(
        "schemas",
        "URIs of the SCIM schemas that define the attributes present",
    )
    id: str = field("id", "Unique identifier of the resource, assigned by the server")
    meta: ServiceProviderConfigResponseMeta = field(
        "meta",
        "Metadata of the resource: type, creation and modification times, location",
    )
    name: str = field("name", "Name")
    description: str = field("description", "Human-readable description")
    endpoint: str = field("endpoint", "Endpoint of the resource type, relative to the base URL")
    schema: str = field("schema", "URI of the primary schema of the resource type")
    schema_extensions: List[ResourceTypeSchemaExtensions] = field(
        "schemaExtensions",
        "Schema extensions the resource type supports",
    )
