"""A schema extension of a resource type (RFC 7643 §6)."""

from pyscim.model_utils import Model, field


class ResourceTypeSchemaExtensions(Model):
    """A schema extension of a resource type (RFC 7643 §6)."""

    schema: str = field("schema", "URI of the primary schema of the resource type")
    required: bool = field("required", "Whether the attribute (or extension) is required")
