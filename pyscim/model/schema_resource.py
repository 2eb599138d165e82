"""A schema: its URN, name and attributes (RFC 7643 §7)."""

from typing import List

from pyscim.model.schema_attribute import SchemaAttribute
from pyscim.model.service_provider_config_response_meta import (
    ServiceProviderConfigResponseMeta,
)
from pyscim.model_utils import Model, field


class SchemaResource(Model):
    """A schema: its URN, name and attributes (RFC 7643 §7)."""

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
    attributes: List[SchemaAttribute] = field("attributes", "Attributes of the schema")
