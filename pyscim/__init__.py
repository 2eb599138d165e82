"""pyscim: the Python client SDK for the Janssen SCIM 2.0 API (RFC 7643/7644).

A drop-in successor of pyscim 1.0.0: same imports, classes, methods and keyword
arguments, with typed models that read every attribute a server sends, default
timeouts, a retry policy, OAuth token handling and clear errors.
"""

__version__ = "2.0.0"

from pyscim.api_client import ApiClient
from pyscim.auth import ClientCredentials, TokenError, TokenProvider
from pyscim.configuration import Configuration
from pyscim.exceptions import (
    ApiAttributeError,
    ApiException,
    ApiKeyError,
    ApiTypeError,
    ApiValueError,
    OpenApiException,
)

__all__ = [
    "__version__",
    "ApiClient",
    "Configuration",
    "ClientCredentials",
    "TokenProvider",
    "TokenError",
    "OpenApiException",
    "ApiAttributeError",
    "ApiTypeError",
    "ApiValueError",
    "ApiKeyError",
    "ApiException",
]
