"""Whether the service provider supports a feature (patch, changePassword, sort, etag)."""

from pyscim.model_utils import Model, field


class ServiceProviderConfigResponsePatch(Model):
    """Whether the service provider supports a feature (patch, changePassword, sort, etag)."""

    supported: bool = field("supported", "Whether the feature is supported")
