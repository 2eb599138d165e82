"""1.0.0's name for an authentication scheme of the ServiceProviderConfig."""

from pyscim.model.authentication_scheme import AuthenticationScheme

ServiceProviderConfigResponseAuthenticationSchemes = AuthenticationScheme
