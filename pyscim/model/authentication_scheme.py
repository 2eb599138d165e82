"""An authentication scheme the service provider supports (RFC 7643 §5)."""

from pyscim.model_utils import Model, field


class AuthenticationScheme(Model):
    """An authentication scheme the service provider supports (RFC 7643 §5)."""

    type: str = field("type", "A label indicating the attribute's function")
    name: str = field("name", "Name")
    description: str = field("description", "Human-readable description")
    spec_uri: str = field("specUri", "URL of the specification of the scheme")
    documentation_uri: str = field("documentationUri", "URL of help documentation")
    primary: bool = field("primary", "Whether this is the preferred value among others")
