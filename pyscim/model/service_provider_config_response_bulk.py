"""Bulk support of the service provider and its limits."""

from pyscim.model_utils import Model, field


class ServiceProviderConfigResponseBulk(Model):
    """Bulk support of the service provider and its limits."""

    supported: bool = field("supported", "Whether the feature is supported")
    max_operations: int = field("maxOperations", "Most operations a bulk request may carry")
    max_payload_size: int = field("maxPayloadSize", "Largest bulk request payload, in bytes")
