"""Filter support of the service provider and its limit."""

from pyscim.model_utils import Model, field


class ServiceProviderConfigResponseFilter(Model):
    """Filter support of the service provider and its limit."""

    supported: bool = field("supported", "Whether the feature is supported")
    max_results: int = field("maxResults", "Most resources a query may return")
