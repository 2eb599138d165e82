"""Configuration: where the SCIM server is, how to authenticate, and how the transport behaves.

It keeps every field and default of pyscim 1.0.0's Configuration, and adds what 1.0.0
left to its users: default timeouts, a response size cap and a token provider.
Secrets (token, password, API keys) never appear in its repr.
"""

from __future__ import annotations

import copy
import logging
import multiprocessing
import sys
from typing import Any, Dict, List, Optional, Union

import urllib3

from pyscim.exceptions import ApiValueError

__all__ = ["Configuration", "DEFAULT_HOST"]

DEFAULT_HOST = "https://jenkins-ldap.jans.io/jans-scim/restv1/v2"

JSON_SCHEMA_VALIDATION_KEYWORDS = {
    "multipleOf",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
}

#: Fields whose values are secrets: never shown by repr() or logs.
SECRET_FIELDS = frozenset({"access_token", "password", "api_key", "refresh_api_key_hook"})


class Configuration:
    """Settings shared by an :class:`~pyscim.ApiClient` and everything it sends.

    :param host: base URL of the SCIM service, e.g. ``https://idp.example.com/jans-scim/restv1/v2``.
    :param access_token: a static OAuth bearer token (see also ``token_provider``).
    :param api_key, api_key_prefix, username, password: kept from 1.0.0; unused by the SCIM spec.
    :param discard_unknown_keys: kept from 1.0.0; pyscim keeps unknown attributes either way.
    :param disabled_client_side_validations: comma-separated JSON-schema keywords to skip.
    :param server_index, server_variables, server_operation_index, server_operation_variables:
        select a server of the spec instead of ``host``.
    :param ssl_ca_cert: CA bundle (PEM) to verify the server with; certifi's when unset.
    """

    _default: Optional["Configuration"] = None

    def __init__(
        self,
        host: Optional[str] = None,
        api_key: Optional[Dict[str, str]] = None,
        api_key_prefix: Optional[Dict[str, str]] = None,
        access_token: Optional[str] = None,
        username: Optional[str] = None,
        password: Optional[str] = None,
        discard_unknown_keys: bool = False,
        disabled_client_side_validations: str = "",
        server_index: Optional[int] = None,
        server_variables: Optional[Dict[str, str]] = None,
        server_operation_index: Optional[Dict[str, int]] = None,
        server_operation_variables: Optional[Dict[str, Dict[str, str]]] = None,
        ssl_ca_cert: Optional[str] = None,
    ) -> None:
        self._base_path = DEFAULT_HOST if host is None else host
        self.server_index = 0 if server_index is None and host is None else server_index
        self.server_operation_index = server_operation_index or {}
        self.server_variables = server_variables or {}
        self.server_operation_variables = server_operation_variables or {}
        self.temp_folder_path: Optional[str] = None

        # Authentication
        self.access_token = access_token
        #: An object with ``token(scopes)`` and ``invalidate(token)`` (see pyscim.auth):
        #: when set, each request carries a token for its operation's OAuth scopes.
        self.token_provider: Any = None
        self.api_key = api_key or {}
        self.api_key_prefix = api_key_prefix or {}
        self.refresh_api_key_hook: Any = None
        self.username = username
        self.password = password

        self.discard_unknown_keys = discard_unknown_keys
        self.disabled_client_side_validations = disabled_client_side_validations

        # Logging
        self.logger = {
            "package_logger": logging.getLogger("pyscim"),
            "urllib3_logger": logging.getLogger("urllib3"),
        }
        self.logger_format = "%(asctime)s %(levelname)s %(message)s"
        self.logger_stream_handler: Optional[logging.Handler] = None
        self.logger_file_handler: Optional[logging.Handler] = None
        self.logger_file = None
        # Not through the setter: creating a Configuration leaves the application's
        # logger levels alone (1.0.0 reset them to WARNING, hiding retries at INFO).
        self.__debug = False

        # TLS: verification is on by default, with certifi's CA bundle.
        self.verify_ssl = True
        self.ssl_ca_cert = ssl_ca_cert
        self.cert_file: Optional[str] = None
        self.key_file: Optional[str] = None
        self.assert_hostname: Optional[Union[str, bool]] = None

        # Transport
        self.connection_pool_maxsize = multiprocessing.cpu_count() * 5
        self.proxy: Optional[str] = None
        self.no_proxy: Optional[str] = None
        self.proxy_headers: Optional[Dict[str, str]] = None
        self.safe_chars_for_path_param = ""
        #: The retry policy: a :class:`pyscim.retry.RetryPolicy`, or 1.0.0's values:
        #: None (the default policy: 3 retries, backoff 0.5 s doubling, at most 60 s
        #: in all), an int (that many retries), False (none) or a urllib3 ``Retry``
        #: (its total, backoff and status_forcelist). Idempotent requests are retried
        #: on connection errors and 429/502/503/504; creates, bulks and PATCH only when
        #: the connection failed before sending. See docs/Transport.md.
        self.retries: Any = None
        #: Seconds to wait for a connection to the server (None: no limit). Each call
        #: can override both timeouts with ``_request_timeout``: a number bounds the
        #: whole call, retries included; a ``(connect, read)`` pair replaces these two.
        self.connect_timeout: Optional[float] = 10.0
        #: Seconds to wait for the server's reply, and for each read of it (None: no
        #: limit). A read timeout is never retried, so a stalled server ends the call
        #: after ``connect_timeout + read_timeout`` at most.
        self.read_timeout: Optional[float] = 120.0
        #: Largest reply body accepted, in bytes (None: no limit). The client stops
        #: reading past it and raises ApiResponseError; 64 MiB is far above any SCIM
        #: page and keeps a runaway reply from filling memory.
        self.max_response_size: Optional[int] = 64 * 1024 * 1024
        self.client_side_validation = True
        self.socket_options: Optional[List[Any]] = None

    # -- 1.0.0 behaviour -------------------------------------------------------------

    def __deepcopy__(self, memo: Dict[int, Any]) -> "Configuration":
        cls = self.__class__
        result = cls.__new__(cls)
        memo[id(self)] = result
        for k, v in self.__dict__.items():
            if k not in ("logger", "logger_file_handler", "token_provider"):
                setattr(result, k, copy.deepcopy(v, memo))
        result.logger = copy.copy(self.logger)
        result.token_provider = self.token_provider  # shared: it owns a token cache
        result.logger_file = self.logger_file
        result.debug = self.debug
        return result

    def __setattr__(self, name: str, value: Any) -> None:
        object.__setattr__(self, name, value)
        if name == "disabled_client_side_validations":
            s = set(filter(None, value.split(",")))
            for v in s:
                if v not in JSON_SCHEMA_VALIDATION_KEYWORDS:
                    raise ApiValueError("Invalid keyword: '{0}''".format(v))
            object.__setattr__(self, "_disabled_client_side_validations", s)

    def __repr__(self) -> str:
        from pyscim.rest import redact_url

        shown = ", ".join(
            "%s=%r" % (k, "***" if v else v) if k in SECRET_FIELDS else "%s=%r" % (k, v)
            for k, v in (
                ("host", redact_url(str(self.host))),
                ("access_token", self.access_token),
                ("token_provider", self.token_provider),
                ("verify_ssl", self.verify_ssl),
                ("connect_timeout", self.connect_timeout),
                ("read_timeout", self.read_timeout),
                ("retries", self.retries),
            )
        )
        return "Configuration(%s)" % shown

    @classmethod
    def set_default(cls, default: Optional["Configuration"]) -> None:
        """Make a copy of ``default`` the configuration new ApiClients start from."""
        cls._default = copy.deepcopy(default)

    @classmethod
    def get_default_copy(cls) -> "Configuration":
        """A copy of the default set by :meth:`set_default`, else a new Configuration."""
        if cls._default is not None:
            return copy.deepcopy(cls._default)
        return Configuration()

    @property
    def logger_file(self) -> Optional[str]:
        """A file that the pyscim and urllib3 loggers also write to."""
        return self.__logger_file

    @logger_file.setter
    def logger_file(self, value: Optional[str]) -> None:
        self.__logger_file = value
        if self.__logger_file:
            self.logger_file_handler = logging.FileHandler(self.__logger_file)
            self.logger_file_handler.setFormatter(self.logger_formatter)
            for _, logger in self.logger.items():
                logger.addHandler(self.logger_file_handler)

    @property
    def debug(self) -> bool:
        """Log each request and reply at DEBUG, Authorization redacted.

        Unlike 1.0.0, this does not switch on http.client's wire dump, which prints
        the bearer token to stdout.
        """
        return self.__debug

    @debug.setter
    def debug(self, value: bool) -> None:
        self.__debug = value
        for name, logger in self.logger.items():
            if value:
                logger.setLevel(logging.DEBUG)
            elif name == "package_logger":
                # Off: the "pyscim" logger follows the application's logging, so that
                # retries (INFO) and the plain-http token warning (WARNING) reach it.
                logger.setLevel(logging.NOTSET)
            else:
                logger.setLevel(logging.WARNING)

    @property
    def logger_format(self) -> str:
        """The format of the log file handler."""
        return self.__logger_format

    @logger_format.setter
    def logger_format(self, value: str) -> None:
        self.__logger_format = value
        self.logger_formatter = logging.Formatter(self.__logger_format)

    def get_api_key_with_prefix(self, identifier: str, alias: Optional[str] = None) -> Optional[str]:
        """The API key for ``identifier`` with its prefix (kept from 1.0.0)."""
        if self.refresh_api_key_hook is not None:
            self.refresh_api_key_hook(self)
        key = self.api_key.get(identifier, self.api_key.get(alias) if alias is not None else None)
        if key:
            prefix = self.api_key_prefix.get(identifier)
            return "%s %s" % (prefix, key) if prefix else key
        return None

    def get_basic_auth_token(self) -> Optional[str]:
        """The HTTP basic Authorization value for username/password (kept from 1.0.0)."""
        return urllib3.util.make_headers(
            basic_auth=(self.username or "") + ":" + (self.password or "")
        ).get("authorization")

    def auth_settings(self) -> Dict[str, Dict[str, str]]:
        """The authentication settings of the spec's security schemes that are configured."""
        auth = {}
        if self.access_token is not None:
            auth["scim_oauth"] = {
                "type": "oauth2",
                "in": "header",
                "key": "Authorization",
                "value": "Bearer " + self.access_token,
            }
        return auth

    def to_debug_report(self) -> str:
        """Facts worth a bug report: platform, Python, API and SDK versions (no secrets)."""
        from pyscim import __version__

        return (
            "Python SDK Debug Report:\n"
            "OS: {env}\n"
            "Python Version: {pyversion}\n"
            "Version of the API: 5.0.0\n"
            "SDK Package Version: {version}\n"
            "urllib3 Version: {urllib3}".format(
                env=sys.platform,
                pyversion=sys.version,
                version=__version__,
                urllib3=urllib3.__version__,
            )
        )

    def get_host_settings(self) -> List[Dict[str, Any]]:
        """The servers the spec declares."""
        return [{"url": DEFAULT_HOST, "description": "No description provided"}]

    def get_host_from_settings(
        self,
        index: Optional[int],
        variables: Optional[Dict[str, str]] = None,
        servers: Optional[List[Dict[str, Any]]] = None,
    ) -> str:
        """The URL of server ``index`` (``host`` when index is None), variables filled in."""
        if index is None:
            return self._base_path
        variables = {} if variables is None else variables
        servers = self.get_host_settings() if servers is None else servers
        try:
            server = servers[index]
        except IndexError:
            raise ApiValueError(
                "Invalid index {0} when selecting the host settings. "
                "Must be less than {1}".format(index, len(servers))
            ) from None
        url = server["url"]
        for name, variable in server.get("variables", {}).items():
            used = variables.get(name, variable["default_value"])
            if "enum_values" in variable and used not in variable["enum_values"]:
                raise ApiValueError(
                    "The variable `{0}` in the host URL has invalid value {1}. Must be {2}.".format(
                        name, used, variable["enum_values"]
                    )
                )
            url = url.replace("{" + name + "}", used)
        return url

    @property
    def host(self) -> str:
        """The base URL requests go to."""
        return self.get_host_from_settings(self.server_index, variables=self.server_variables)

    @host.setter
    def host(self, value: str) -> None:
        self._base_path = value
        self.server_index = None
