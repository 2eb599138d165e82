"""Descriptive information about a resource. See section 3.1 of RFC 7643."""

from pyscim.model_utils import Model, field


class Meta(Model):
    """Descriptive information about a resource. See section 3.1 of RFC 7643."""

    resource_type: str = field("resourceType", "Name of the resource type of the resource")
    created: str = field("created", "When the resource was added to the service provider")
    last_modified: str = field("lastModified", "When the resource was last updated")
    location: str = field("location", "URI of the resource")
