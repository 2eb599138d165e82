"""Every API class of pyscim, importable in one line: ``from pyscim.apis import UserApi``."""

from pyscim.api.default_api import DefaultApi
from pyscim.api.discovery_api import DiscoveryApi
from pyscim.api.fido2_devices_api import Fido2DevicesApi
from pyscim.api.fido_devices_api import FidoDevicesApi
from pyscim.api.global_search_api import GlobalSearchApi
from pyscim.api.group_api import GroupApi
from pyscim.api.user_api import UserApi

__all__ = [
    "DefaultApi",
    "DiscoveryApi",
    "Fido2DevicesApi",
    "FidoDevicesApi",
    "GlobalSearchApi",
    "GroupApi",
    "UserApi",
]
