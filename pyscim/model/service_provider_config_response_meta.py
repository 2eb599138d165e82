"""Metadata of a discovery resource: its type and location."""

from pyscim.model_utils import Model, field


class ServiceProviderConfigResponseMeta(Model):
    """Metadata of a discovery resource: its type and location."""

    resource_type: str = field("resourceType", "Name of the resource type of the resource")
    location: str = field("location", "URI of the resource")
