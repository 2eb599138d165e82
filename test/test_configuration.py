"""Configuration: 1.0.0's fields and defaults, host selection, copies, auth, logging (unit)."""

from __future__ import annotations

import copy
import http.client
import logging
import multiprocessing
import ssl
import sys
from pathlib import Path
from typing import Iterator

import certifi
import pytest
import urllib3

import pyscim
from pyscim import ApiClient, Configuration
from pyscim.configuration import DEFAULT_HOST, JSON_SCHEMA_VALIDATION_KEYWORDS
from pyscim.exceptions import ApiValueError

SECRETS = ("s3cr3t-token", "s3cr3t-password", "s3cr3t-apikey")


@pytest.fixture(autouse=True)
def isolated_default(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No test leaks a default configuration, logger level or handler to the next."""
    monkeypatch.setattr(Configuration, "_default", None)
    loggers = [logging.getLogger("pyscim"), logging.getLogger("urllib3")]
    levels = [lg.level for lg in loggers]
    handlers = [list(lg.handlers) for lg in loggers]
    debuglevel = http.client.HTTPConnection.debuglevel
    yield
    for lg, level, hs in zip(loggers, levels, handlers):
        lg.setLevel(level)
        for h in lg.handlers[:]:
            if h not in hs:
                lg.removeHandler(h)
                h.close()
    http.client.HTTPConnection.debuglevel = debuglevel


def secret_configuration() -> Configuration:
    config = Configuration(
        host="https://idp.example.org/scim/v2",
        access_token=SECRETS[0],
        username="admin",
        password=SECRETS[1],
        api_key={"scim_oauth": SECRETS[2]},
    )
    return config


def pool_kw(config: Configuration) -> dict:
    with ApiClient(config) as client:
        manager = client.rest_client.pool_manager
        return dict(manager.connection_pool_kw, _manager=type(manager).__name__)


# --------------------------------------------------------------------------- defaults


def test_defaults() -> None:
    config = Configuration()
    assert config.host == DEFAULT_HOST == "https://jenkins-ldap.jans.io/jans-scim/restv1/v2"
    assert config.server_index == 0
    assert config.verify_ssl is True
    assert config.ssl_ca_cert is None
    assert config.cert_file is None and config.key_file is None and config.assert_hostname is None
    assert config.connection_pool_maxsize == multiprocessing.cpu_count() * 5
    assert config.connect_timeout == 10.0 and config.read_timeout == 120.0
    assert config.retries is None
    assert config.proxy is None and config.no_proxy is None and config.proxy_headers is None
    assert config.access_token is None and config.api_key == {} and config.api_key_prefix == {}
    assert config.username is None and config.password is None
    assert config.client_side_validation is True
    assert config.discard_unknown_keys is False
    assert config.safe_chars_for_path_param == ""
    assert config.debug is False and config.logger_file is None
    assert config.logger_format == "%(asctime)s %(levelname)s %(message)s"
    assert config.token_provider is None
    assert config.max_response_size > 0


def test_tls_is_verified_with_certifi_by_default() -> None:
    kw = pool_kw(Configuration())
    assert kw["cert_reqs"] == ssl.CERT_REQUIRED
    assert kw["ca_certs"] == certifi.where()
    assert kw["maxsize"] == multiprocessing.cpu_count() * 5
    assert kw["_manager"] == "PoolManager"


def test_tls_settings_reach_the_pool_manager(tmp_path: Path) -> None:
    bundle = tmp_path / "ca.pem"
    bundle.write_text("not read until a TLS connection")
    config = Configuration(ssl_ca_cert=str(bundle))
    config.connection_pool_maxsize = 3
    kw = pool_kw(config)
    assert kw["ca_certs"] == str(bundle) and kw["maxsize"] == 3
    config = Configuration()
    config.verify_ssl = False
    assert pool_kw(config)["cert_reqs"] == ssl.CERT_NONE
    config = Configuration()
    config.proxy = "http://proxy.example.org:3128"
    assert pool_kw(config)["_manager"] == "ProxyManager"


def test_default_timeouts_reach_the_transport() -> None:
    config = Configuration()
    with ApiClient(config) as client:
        timeout = client.rest_client.timeout(None)
        assert (timeout.connect_timeout, timeout.read_timeout) == (10.0, 120.0)
        config.connect_timeout, config.read_timeout = 1.5, 7.0
        timeout = client.rest_client.timeout(None)
        assert (timeout.connect_timeout, timeout.read_timeout) == (1.5, 7.0)
        assert client.rest_client.timeout((2, 3)).connect_timeout == 2
        assert client.rest_client.timeout(5).total == 5


# --------------------------------------------------------------------------- host


def test_host_given_or_set_overrides_the_spec_server() -> None:
    config = Configuration(host="http://127.0.0.1:8080/v2")
    assert config.host == "http://127.0.0.1:8080/v2"
    assert config.server_index is None
    config = Configuration()
    config.host = "https://idp.example.org/jans-scim/restv1/v2"
    assert config.host == "https://idp.example.org/jans-scim/restv1/v2"
    assert config.server_index is None
    config.server_index = 0  # back to the spec's server
    assert config.host == DEFAULT_HOST
    assert config.get_host_settings() == [{"url": DEFAULT_HOST, "description": "No description provided"}]
    assert config.get_host_from_settings(None) == "https://idp.example.org/jans-scim/restv1/v2"


def test_get_host_from_settings_errors_and_variables() -> None:
    config = Configuration()
    with pytest.raises(ApiValueError, match="Invalid index 1 when selecting the host settings. Must be less than 1"):
        config.get_host_from_settings(1)
    with pytest.raises(ValueError):  # 1.0.0 raised ValueError: still caught
        config.get_host_from_settings(5)
    servers = [
        {
            "url": "https://{region}.example.org/{base}",
            "variables": {
                "region": {"default_value": "eu", "enum_values": ["eu", "us"]},
                "base": {"default_value": "scim"},
            },
        }
    ]
    assert config.get_host_from_settings(0, servers=servers) == "https://eu.example.org/scim"
    assert config.get_host_from_settings(0, {"region": "us", "base": "v2"}, servers) == "https://us.example.org/v2"
    with pytest.raises(ApiValueError, match="`region`.*invalid value ap"):
        config.get_host_from_settings(0, {"region": "ap"}, servers)


def test_server_variables_apply_to_host() -> None:
    config = Configuration(server_index=0, server_variables={"unused": "x"})
    assert config.host == DEFAULT_HOST


# --------------------------------------------------------------------------- copies


def test_set_default_and_get_default_copy_are_independent() -> None:
    original = Configuration(host="http://default.example.org/v2")
    original.access_token = "t1"
    original.api_key["k"] = "v"
    Configuration.set_default(original)
    original.host = "http://changed.example.org/v2"
    original.api_key["k"] = "changed"

    first = Configuration.get_default_copy()
    assert first.host == "http://default.example.org/v2"
    assert first.access_token == "t1" and first.api_key == {"k": "v"}
    first.access_token = "t2"
    first.api_key["k"] = "mutated"
    second = Configuration.get_default_copy()
    assert second is not first
    assert second.access_token == "t1" and second.api_key == {"k": "v"}
    with ApiClient() as client:  # ApiClient() starts from the default
        assert client.configuration.host == "http://default.example.org/v2"
        assert client.configuration is not second
    Configuration.set_default(None)
    assert Configuration.get_default_copy().host == DEFAULT_HOST


def test_deepcopy() -> None:
    config = secret_configuration()
    config.server_variables = {"a": "b"}
    provider = object()
    config.token_provider = provider
    config.debug = True
    clone = copy.deepcopy(config)
    assert clone is not config
    assert clone.host == config.host and clone.access_token == config.access_token
    assert clone.api_key == config.api_key and clone.api_key is not config.api_key
    assert clone.server_variables is not config.server_variables
    assert clone.token_provider is provider  # shared: it owns the token cache
    assert clone.debug is True
    assert clone.logger == config.logger and clone.logger is not config.logger
    assert clone.logger["package_logger"] is logging.getLogger("pyscim")
    clone.api_key["scim_oauth"] = "other"
    assert config.api_key["scim_oauth"] == SECRETS[2]
    assert clone._disabled_client_side_validations == set()


# --------------------------------------------------------------------------- auth


def test_auth_settings_with_and_without_token() -> None:
    assert Configuration().auth_settings() == {}
    config = Configuration(access_token="abc")
    assert config.auth_settings() == {
        "scim_oauth": {"type": "oauth2", "in": "header", "key": "Authorization", "value": "Bearer abc"}
    }
    config.access_token = None
    assert config.auth_settings() == {}


def test_1_0_0_credential_helpers() -> None:
    config = Configuration(username="admin", password="pw", api_key={"id": "key"}, api_key_prefix={"id": "Token"})
    assert config.get_basic_auth_token() == urllib3.util.make_headers(basic_auth="admin:pw")["authorization"]
    assert config.get_api_key_with_prefix("id") == "Token key"
    assert config.get_api_key_with_prefix("other") is None
    assert config.get_api_key_with_prefix("other", alias="id") == "key"  # prefix of "other": none
    refreshed = []
    config.refresh_api_key_hook = refreshed.append
    config.get_api_key_with_prefix("id")
    assert refreshed == [config]


def test_disabled_client_side_validations() -> None:
    config = Configuration(disabled_client_side_validations="maxLength,pattern")
    assert config._disabled_client_side_validations == {"maxLength", "pattern"}
    config.disabled_client_side_validations = ""
    assert config._disabled_client_side_validations == set()
    with pytest.raises(ApiValueError, match="Invalid keyword: 'bogus'"):
        Configuration(disabled_client_side_validations="maxLength,bogus")
    with pytest.raises(ValueError):
        config.disabled_client_side_validations = "minimum,Pattern"
    config.disabled_client_side_validations = ",".join(sorted(JSON_SCHEMA_VALIDATION_KEYWORDS))
    assert config._disabled_client_side_validations == JSON_SCHEMA_VALIDATION_KEYWORDS


# --------------------------------------------------------------------------- reports, logging


def test_to_debug_report_names_versions_and_no_secret() -> None:
    report = secret_configuration().to_debug_report()
    assert report.startswith("Python SDK Debug Report:\n")
    assert "OS: %s\n" % sys.platform in report
    assert "Python Version: %s\n" % sys.version in report
    assert "Version of the API: 5.0.0\n" in report
    assert "SDK Package Version: 2.0.0" in report and pyscim.__version__ == "2.0.0"
    assert "urllib3 Version: %s" % urllib3.__version__ in report
    for secret in SECRETS:
        assert secret not in report


def test_repr_shows_no_secret() -> None:
    config = secret_configuration()
    text = repr(config)
    assert text.startswith("Configuration(") and "https://idp.example.org/scim/v2" in text
    assert "access_token='***'" in text
    for secret in SECRETS:
        assert secret not in text
    assert "access_token=None" in repr(Configuration())


def test_debug_logs_at_debug_without_http_client_wire_dump() -> None:
    """Unlike 1.0.0, debug=True leaves http.client's wire dump (which prints the token) off."""
    http.client.HTTPConnection.debuglevel = 0
    config = Configuration()
    config.debug = True
    assert config.debug is True
    assert logging.getLogger("pyscim").level == logging.DEBUG
    assert logging.getLogger("urllib3").level == logging.DEBUG
    assert http.client.HTTPConnection.debuglevel == 0
    config.debug = False
    assert config.debug is False
    # off: "pyscim" follows the application's logging (1.0.0 forced WARNING), urllib3 WARNING
    assert logging.getLogger("pyscim").level == logging.NOTSET
    assert logging.getLogger("urllib3").level == logging.WARNING
    assert http.client.HTTPConnection.debuglevel == 0


def test_logger_file_and_format(tmp_path: Path) -> None:
    config = Configuration()
    config.logger_format = "%(levelname)s|%(message)s"
    assert config.logger_format == "%(levelname)s|%(message)s"
    assert config.logger_formatter._fmt == "%(levelname)s|%(message)s"
    log = tmp_path / "pyscim.log"
    config.logger_file = str(log)
    assert config.logger_file == str(log)
    handler = config.logger_file_handler
    assert isinstance(handler, logging.FileHandler)
    assert handler in logging.getLogger("pyscim").handlers
    assert handler in logging.getLogger("urllib3").handlers
    logging.getLogger("pyscim").warning("hello %s", "file")
    handler.flush()
    assert log.read_text().strip() == "WARNING|hello file"
    config.logger_file = None
    assert config.logger_file is None
