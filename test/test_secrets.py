"""Secrets stay secret, and hostile input cannot change the request.

The token, the password and the API key must appear in no log line (debug on),
no repr()/str(), no exception and nothing printed; header values with CR/LF and
path parameters that would leave their segment are refused or encoded.
"""

from __future__ import annotations

import datetime
import http.client
import ipaddress
import logging
import ssl
from pathlib import Path
from typing import Any, Iterator, List

import fault_server as fs
import pytest

import pyscim
from pyscim.api.group_api import GroupApi
from pyscim.api.user_api import UserApi
from pyscim.exceptions import (
    ApiException,
    ApiValueError,
    OpenApiException,
    UnauthorizedException,
)
from pyscim.rest import insecure_token_target, is_loopback, redact_headers, redact_url
from pyscim.retry import RetryPolicy

TOKEN = "tok-SECRET-9d8f7e6a5b4c"
PASSWORD = "pw-SECRET-31415926"
API_KEY = "key-SECRET-27182818"
SECRETS = (TOKEN, PASSWORD, API_KEY)


@pytest.fixture
def srv() -> Iterator[fs.FaultServer]:
    with fs.FaultServer(lifetime=60) as server:
        yield server


def config_for(url: str, **settings: Any) -> pyscim.Configuration:
    config = pyscim.Configuration(host=url, access_token=TOKEN, username="admin", password=PASSWORD)
    config.api_key = {"scim": API_KEY}
    config.retries = RetryPolicy(1, backoff_factor=0.01)
    for k, v in settings.items():
        setattr(config, k, v)
    return config


def assert_no_secret(*texts: Any) -> None:
    for text in texts:
        for secret in SECRETS:
            assert secret not in str(text), "a secret leaked into: %s" % str(text)[:300]


@pytest.fixture(autouse=True)
def _restore_loggers() -> Iterator[None]:
    """Configuration.debug sets global logger levels: put them back after each test."""
    loggers = [logging.getLogger("pyscim"), logging.getLogger("urllib3")]
    saved = [(lg.level, list(lg.handlers)) for lg in loggers]
    yield
    for lg, (level, handlers) in zip(loggers, saved):
        lg.setLevel(level)
        lg.handlers[:] = handlers


@pytest.fixture
def debug_logs(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    caplog.set_level(logging.DEBUG)
    for name in ("pyscim", "urllib3"):
        caplog.set_level(logging.DEBUG, logger=name)
    yield caplog


def _reflect_headers(srv: fs.FaultServer, conn: Any, req: fs.Request) -> bool:
    # A careless server that echoes the request headers in its error.
    return fs.respond(conn, 401, {"detail": "bad credentials: %s" % req.headers.get("authorization"), "status": "401"})


# -- logs, stdout, reprs, exceptions ---------------------------------------------------------------


@pytest.mark.timeout(20)
def test_no_secret_anywhere_with_debug_on(
    srv: fs.FaultServer, debug_logs: pytest.LogCaptureFixture, capfd: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    srv.on("close", fs.close())
    srv.on("stall", fs.stall(30))
    srv.on("html", fs.html(502))
    srv.on("reflect", _reflect_headers)
    config = config_for(srv.url("ok"), read_timeout=0.3)
    config.debug = True
    log_file = tmp_path / "pyscim.log"
    config.logger_file = str(log_file)
    client = pyscim.ApiClient(config, header_name="X-Trace", header_value="t-1", cookie="session=" + API_KEY)
    api = UserApi(client)
    errors: List[BaseException] = []
    try:
        api.get_users(filter='userName eq "bjensen"')
        api.create_user({"userName": "bjensen", "password": PASSWORD})
        for scenario in ("close", "stall", "html", "reflect"):
            config.host = srv.url(scenario)
            with pytest.raises(OpenApiException) as info:
                api.get_users()
            errors.append(info.value)
            with pytest.raises(OpenApiException) as info:
                api.create_user({"userName": "x", "password": PASSWORD})
            errors.append(info.value)
    finally:
        for logger in config.logger.values():
            logger.removeHandler(config.logger_file_handler)
        config.logger_file_handler.close()
    out, err = capfd.readouterr()
    assert_no_secret(debug_logs.text, out, err, log_file.read_text())
    for exc in errors:
        assert_no_secret(str(exc), repr(exc), exc.args, getattr(exc, "body", ""), getattr(exc, "headers", ""))
    assert_no_secret(repr(config), str(config), repr(client), str(client), repr(client.rest_client))
    assert_no_secret(config.to_debug_report(), pyscim.Configuration.to_debug_report(config))
    # The debug log does show the requests, with the credentials redacted.
    assert "GET http://127.0.0.1:%d/ok/Users?filter=" % srv.port in debug_logs.text
    assert "'Authorization': '***'" in debug_logs.text
    assert "'Cookie': '***'" in debug_logs.text
    # The 401 echoing the token carries it masked.
    reflected = [e for e in errors if isinstance(e, UnauthorizedException)]
    assert reflected and "bad credentials: ***" in reflected[0].body


@pytest.mark.timeout(10)
def test_http_client_wire_dump_stays_off(srv: fs.FaultServer, capfd: pytest.CaptureFixture[str]) -> None:
    # pyscim 1.0.0's debug switch set http.client's debuglevel, which prints
    # "send: b'...Authorization: Bearer <token>...'". Our connections never print,
    # even when some other code turns the dump on for the whole process.
    config = config_for(srv.url("ok"))
    config.debug = True
    saved = http.client.HTTPConnection.debuglevel
    http.client.HTTPConnection.debuglevel = 1
    try:
        UserApi(pyscim.ApiClient(config)).get_users()
    finally:
        http.client.HTTPConnection.debuglevel = saved
        config.debug = False
    out, err = capfd.readouterr()
    assert "send:" not in out and "reply:" not in out
    assert_no_secret(out, err)


def test_reprs_hide_secrets_and_userinfo() -> None:
    config = config_for("https://admin:%s@scim.example.org/v2" % PASSWORD)
    client = pyscim.ApiClient(config)
    assert_no_secret(repr(config), repr(client), repr(client.rest_client), config.to_debug_report())
    assert "access_token='***'" in repr(config)
    assert redact_url("https://u:p@h:1/x?q=1") == "https://h:1/x?q=1"
    assert redact_url("https://h/x?q=1", query=False) == "https://h/x"
    assert redact_headers({"Authorization": "Bearer x", "cookie": "a", "Accept": "b"}) == {
        "Authorization": "***",
        "cookie": "***",
        "Accept": "b",
    }


# -- TLS ------------------------------------------------------------------------------------------


def _self_signed(tmp_path: Path) -> Path:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(hours=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
        .sign(key, hashes.SHA256())
    )
    pem = tmp_path / "server.pem"
    pem.write_bytes(
        cert.public_bytes(serialization.Encoding.PEM)
        + key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return pem


@pytest.mark.timeout(15)
def test_tls_is_verified_by_default(tmp_path: Path) -> None:
    pem = _self_signed(tmp_path)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(str(pem))
    with fs.FaultServer(lifetime=30, tls=context) as srv:
        api = UserApi(pyscim.ApiClient(config_for(srv.url("tls"))))
        with pytest.raises(ApiException) as info:
            api.get_users()
        assert "TLS verification failed" in str(info.value)
        assert srv.count("tls") == 0  # nothing was sent
        assert srv.connections == 1  # and not retried: it would fail the same way
        assert_no_secret(str(info.value))
        # Trusting the server's certificate makes it work.
        api = UserApi(pyscim.ApiClient(config_for(srv.url("tls"), ssl_ca_cert=str(pem))))
        assert api.get_users().total_results == 1
        assert srv.received("tls")[0].headers["authorization"] == "Bearer " + TOKEN


# -- plain http -----------------------------------------------------------------------------------


def test_insecure_token_target() -> None:
    auth = {"Authorization": "Bearer x"}
    assert insecure_token_target("http://scim.example.org/v2/Users", auth)
    assert insecure_token_target("HTTP://10.0.0.1/v2", {"authorization": "x"})
    assert not insecure_token_target("https://scim.example.org/v2/Users", auth)
    assert not insecure_token_target("http://scim.example.org/v2/Users", {"Accept": "x"})
    for host in ("127.0.0.1", "127.9.9.9", "[::1]", "localhost", "LOCALHOST.", "api.localhost"):
        assert not insecure_token_target("http://%s:8080/v2" % host, auth), host
    assert is_loopback("::1") and not is_loopback("localhost.example.org") and not is_loopback(None)


@pytest.mark.timeout(10)
def test_token_over_plain_http_warns_once_per_client(srv: fs.FaultServer, caplog: pytest.LogCaptureFixture) -> None:
    # The target is not loopback, but the request goes to the fault server acting
    # as an http proxy on 127.0.0.1: no traffic leaves the machine.
    caplog.set_level(logging.WARNING, logger="pyscim")
    config = config_for("http://scim.example.invalid/v2", proxy=srv.base)
    api = UserApi(pyscim.ApiClient(config))
    for _ in range(3):
        assert api.get_users().total_results == 1
    assert srv.received("v2")[0].target == "http://scim.example.invalid/v2/Users"
    warnings = [r for r in caplog.records if "plain http" in r.getMessage()]
    assert len(warnings) == 1
    assert warnings[0].levelno == logging.WARNING
    assert "scim.example.invalid" in warnings[0].getMessage()
    assert_no_secret(caplog.text)
    UserApi(pyscim.ApiClient(config)).get_users()  # another client warns again
    assert len([r for r in caplog.records if "plain http" in r.getMessage()]) == 2


@pytest.mark.timeout(10)
def test_no_warning_for_loopback(srv: fs.FaultServer, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, logger="pyscim")
    UserApi(pyscim.ApiClient(config_for(srv.url("ok")))).get_users()
    UserApi(pyscim.ApiClient(config_for("http://localhost:%d/ok" % srv.port))).get_users()
    assert not [r for r in caplog.records if "plain http" in r.getMessage()]


# -- header injection -----------------------------------------------------------------------------


class _Provider:
    def __init__(self, token: str) -> None:
        self._token = token

    def token(self, scopes: Any) -> str:
        return self._token

    def invalidate(self, token: str) -> None:
        pass


@pytest.mark.timeout(10)
@pytest.mark.parametrize(
    "where",
    ["access_token", "token_provider", "default_header", "header_param", "cookie", "user_agent", "rest"],
)
def test_cr_lf_in_header_values_is_refused(srv: fs.FaultServer, where: str) -> None:
    evil = TOKEN + "\r\nX-Injected: 1"
    url = srv.url("ok")
    config = config_for(url)
    if where == "access_token":
        config.access_token = evil
    elif where == "token_provider":
        config.token_provider = _Provider(evil)
    with pytest.raises(ApiValueError) as info:
        client = pyscim.ApiClient(config, cookie=evil if where == "cookie" else None)
        if where == "default_header":
            client.set_default_header("X-Trace", "a\nX-Injected: 1")
        elif where == "user_agent":
            client.user_agent = "pyscim\r\nX-Injected: 1"
        elif where == "header_param":
            client.call_api("/Users", "GET", header_params={"X-Trace": "a\rX-Injected: 1"}, auth_settings=["scim_oauth"])
        elif where == "rest":
            client.rest_client.request("GET", url + "/Users", headers={"X-Trace": "a\nb"})
        else:
            UserApi(client).get_users()
    assert "CR" in str(info.value)
    assert_no_secret(str(info.value))
    assert srv.count("ok") == 0


def test_bad_header_names_are_refused() -> None:
    client = pyscim.ApiClient(config_for("http://127.0.0.1:9/v2"))
    for name in ("X Bad", "X-Bad:", "X\r\nBad", ""):
        with pytest.raises(ApiValueError):
            client.rest_client.request("GET", "http://127.0.0.1:9/v2/Users", headers={name: "v"})


# -- path parameters ------------------------------------------------------------------------------


@pytest.mark.timeout(10)
@pytest.mark.parametrize(
    "user_id, sent",
    [
        ("../Groups/1", "..%2FGroups%2F1"),
        ("a b?c=1#d", "a%20b%3Fc%3D1%23d"),
        ("%2e%2e", "%252e%252e"),
        ("...", "..."),
        (".hidden", ".hidden"),
        ("名前", "%E5%90%8D%E5%89%8D"),
        ("x\r\nHost: evil", "x%0D%0AHost%3A%20evil"),
    ],
)
def test_path_parameters_stay_one_segment(srv: fs.FaultServer, user_id: str, sent: str) -> None:
    api = UserApi(pyscim.ApiClient(config_for(srv.on("p", fs.ok(body=fs.USER)))))
    api.get_user_by_id(user_id)
    api.delete_user_by_id(user_id)
    targets = [r.target for r in srv.received("p")]
    assert targets == ["/p/Users/" + sent] * 2


@pytest.mark.timeout(10)
@pytest.mark.parametrize("user_id", ["", ".", ".."])
def test_ids_no_encoding_keeps_in_their_segment_are_refused(srv: fs.FaultServer, user_id: str) -> None:
    users = UserApi(pyscim.ApiClient(config_for(srv.on("p", fs.ok(body=fs.USER)))))
    groups = GroupApi(users.api_client)
    for call in (
        lambda: users.get_user_by_id(user_id),
        lambda: users.delete_user_by_id(user_id),
        lambda: users.update_user_by_id(user_id, {"userName": "x"}),
        lambda: groups.get_group_by_id(user_id),
    ):
        with pytest.raises(ApiValueError):
            call()
    assert srv.count("p") == 0


def test_values_http_cannot_carry_are_refused() -> None:
    client = pyscim.ApiClient(config_for("http://127.0.0.1:9/v2"))
    with pytest.raises(ApiValueError) as info:
        client.rest_client.request("GET", "http://127.0.0.1:9/v2/Users", headers={"Authorization": "Bearer " + TOKEN + "é€"})
    assert_no_secret(str(info.value))
    with pytest.raises(ApiValueError):
        UserApi(client).get_users(filter="userName eq \"\ud800\"")
