"""Tests of pyscim.auth against a real OAuth 2.0 server.

The authorization server is Canaille, started in-process by pytest-iam's
session-scoped ``iam_server`` fixture (one start per test session, ~1 s).
Clients are registered straight into Canaille's in-memory backend, and the
tokens it issues are counted there, so "no second request" is checked on the
server side. Responses Canaille cannot be made to send (non-JSON bodies,
redirects, missing fields) come from a small scripted endpoint instead.

The end-to-end tests run pyscim's ApiClient against a SCIM service
(scim2-server) that accepts only Canaille tokens, checked with RFC 7662
introspection, carrying the Janssen scope of each operation.
"""

from __future__ import annotations

import base64
import copy
import datetime
import http.server
import json
import logging
import threading
import time
import traceback
import uuid
import wsgiref.simple_server
from collections.abc import Iterator, Sequence
from typing import Any, ClassVar
from urllib.parse import parse_qs, unquote

import pytest
import urllib3

from pyscim.auth import AuthMethod, ClientCredentials, TokenError, TokenProvider

pytestmark = pytest.mark.timeout(60)

USERS_READ = "https://jans.io/scim/users.read"
USERS_WRITE = "https://jans.io/scim/users.write"
GROUPS_READ = "https://jans.io/scim/groups.read"
CORE_USER = "urn:ietf:params:scim:schemas:core:2.0:User"

#: Token lifetime (seconds) that Canaille gives to a client id; others get its default.
LIFETIMES: dict[str, int] = {}


# --- Canaille


@pytest.fixture(scope="session")
def iam_configuration(iam_configuration: dict[str, Any]) -> dict[str, Any]:
    """pytest-iam's Canaille configuration, with Canaille's SCIM server enabled."""
    iam_configuration["CANAILLE_SCIM"] = {"ENABLE_SERVER": True}
    return iam_configuration


@pytest.fixture(scope="session")
def canaille(iam_server: Any) -> Iterator[Any]:
    """The running Canaille server, set up for these tests.

    Two server-side tweaks: client_credentials tokens get per-client lifetimes
    (``LIFETIMES``), and the grant also accepts client_secret_post (Canaille
    registers authlib's grant as is, which allows client_secret_basic only).
    """
    from authlib.oauth2.rfc6749 import ClientCredentialsGrant
    from canaille.oidc.provider import BearerTokenGenerator, authorization

    methods = ClientCredentialsGrant.TOKEN_ENDPOINT_AUTH_METHODS
    ClientCredentialsGrant.TOKEN_ENDPOINT_AUTH_METHODS = [
        "client_secret_basic",
        "client_secret_post",
    ]
    default = authorization._token_generators["default"]

    def expires_in(client: Any, grant_type: str) -> int:
        return LIFETIMES.get(client.client_id) or default._get_expires_in(client, grant_type)

    authorization.register_token_generator(
        "client_credentials",
        BearerTokenGenerator(
            default.access_token_generator, default.refresh_token_generator, expires_in
        ),
    )
    yield iam_server
    authorization._token_generators.pop("client_credentials", None)
    ClientCredentialsGrant.TOKEN_ENDPOINT_AUTH_METHODS = methods


@pytest.fixture(scope="session")
def token_url(canaille: Any) -> str:
    return f"{canaille.url}oauth/token"


def register_client(
    server: Any,
    *,
    auth_method: str = "client_secret_basic",
    secret: str | None = None,
    scope: Sequence[str] = (),
    lifetime: int | None = None,
    audience: Sequence[Any] = (),
) -> tuple[str, str, Any]:
    """Register a client_credentials client in Canaille; return (client_id, secret, client)."""
    client_id = f"client-{uuid.uuid4().hex[:12]}"
    secret = secret if secret is not None else uuid.uuid4().hex
    with server.app.app_context():
        client = server.models.Client(
            client_id=client_id,
            client_secret=secret,
            client_name=client_id,
            client_id_issued_at=datetime.datetime.now(datetime.UTC),
            grant_types=["client_credentials"],
            response_types=[],
            redirect_uris=[],
            token_endpoint_auth_method=auth_method,
            scope=list(scope),
        )
        server.backend.save(client)
        client.audience = [client, *audience]
        server.backend.save(client)
    if lifetime is not None:
        LIFETIMES[client_id] = lifetime
    return client_id, secret, client


def issued(server: Any, client: Any) -> list[Any]:
    """The tokens Canaille has issued to ``client``, oldest first."""
    with server.app.app_context():
        tokens = server.backend.query(server.models.Token, client=client)
        return sorted(tokens, key=lambda t: t.issue_date)


@pytest.fixture
def client(canaille: Any) -> tuple[str, str, Any]:
    return register_client(canaille)


@pytest.fixture
def provider(token_url: str, client: tuple[str, str, Any]) -> ClientCredentials:
    client_id, secret, _ = client
    return ClientCredentials(token_url, client_id, secret)


# --- caching


def test_token_is_fetched_once_and_cached(
    canaille: Any, provider: ClientCredentials, client: Any
) -> None:
    first = provider.token([USERS_READ])
    assert provider.token([USERS_READ]) == first
    tokens = issued(canaille, client[2])
    assert [t.access_token for t in tokens] == [first]
    assert tokens[0].scope == [USERS_READ]


def test_one_token_per_scope_set(canaille: Any, provider: ClientCredentials, client: Any) -> None:
    read = provider.token([USERS_READ])
    read_write = provider.token([USERS_READ, USERS_WRITE])
    assert read != read_write
    assert provider.token([USERS_WRITE, USERS_READ, USERS_WRITE]) == read_write  # a set
    assert provider.token([USERS_READ]) == read
    scopes = {t.access_token: sorted(t.scope) for t in issued(canaille, client[2])}
    assert scopes == {read: [USERS_READ], read_write: sorted([USERS_READ, USERS_WRITE])}


def test_fixed_scopes_are_always_requested(canaille: Any, token_url: str) -> None:
    client_id, secret, client = register_client(canaille)
    provider = ClientCredentials(token_url, client_id, secret, scopes=["scim.read", "scim.write"])
    token = provider.token([USERS_READ])
    assert provider.token([GROUPS_READ, USERS_WRITE]) == token
    assert provider.token([]) == token
    [issued_token] = issued(canaille, client)
    assert issued_token.scope == ["scim.read", "scim.write"]


def test_no_scopes_lets_the_server_choose(canaille: Any, token_url: str) -> None:
    client_id, secret, client = register_client(canaille, scope=["default-scope"])
    provider = ClientCredentials(token_url, client_id, secret)
    provider.token([])
    [issued_token] = issued(canaille, client)
    assert issued_token.scope == ["default-scope"]


def test_expired_token_is_refetched(canaille: Any, token_url: str) -> None:
    # Canaille issues 2-second tokens to this client; the cache keeps them for
    # half their life (the 30 s leeway is capped at half the lifetime).
    client_id, secret, client = register_client(canaille, lifetime=2)
    provider = ClientCredentials(token_url, client_id, secret)
    first = provider.token([USERS_READ])
    assert provider.token([USERS_READ]) == first
    time.sleep(1.2)
    second = provider.token([USERS_READ])
    assert second != first
    assert [t.access_token for t in issued(canaille, client)] == [first, second]
    assert issued(canaille, client)[0].lifetime == 2


def test_expiry_honours_the_leeway(
    canaille: Any, provider: ClientCredentials, client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    now = [1000.0]
    monkeypatch.setattr(provider, "_clock", lambda: now[0])
    first = provider.token([USERS_READ])
    lifetime = issued(canaille, client[2])[0].lifetime  # Canaille's default, 864000 s
    now[0] += lifetime - provider.leeway - 1
    assert provider.token([USERS_READ]) == first
    now[0] += 2
    assert provider.token([USERS_READ]) != first
    assert len(issued(canaille, client[2])) == 2


def test_invalidate_forces_a_new_token(
    canaille: Any, provider: ClientCredentials, client: Any
) -> None:
    first = provider.token([USERS_READ])
    other_scope = provider.token([USERS_WRITE])
    provider.invalidate(first)
    second = provider.token([USERS_READ])
    assert second != first
    provider.invalidate(first)  # stale: already replaced, nothing to do
    provider.invalidate("never-issued")
    assert provider.token([USERS_READ]) == second
    assert provider.token([USERS_WRITE]) == other_scope
    assert len(issued(canaille, client[2])) == 3


# --- client authentication


def test_wrong_secret_raises_token_error_without_the_secret(canaille: Any, token_url: str) -> None:
    client_id, secret, _ = register_client(canaille)
    wrong = "wrong-" + secret
    provider = ClientCredentials(token_url, client_id, wrong)
    with pytest.raises(TokenError) as info:
        provider.token([USERS_READ])
    error = info.value
    assert error.status == 401
    assert error.error == "invalid_client"
    dumped = "".join(traceback.format_exception(error)) + repr(error) + repr(vars(error))
    assert wrong not in dumped and secret not in dumped
    assert "invalid_client" in str(error) and "401" in str(error)


def test_unknown_client_is_refused(token_url: str) -> None:
    provider = ClientCredentials(token_url, "no-such-client", "whatever")
    with pytest.raises(TokenError) as info:
        provider.token([USERS_READ])
    assert (info.value.status, info.value.error) == (401, "invalid_client")


@pytest.mark.parametrize("registered", ["client_secret_basic", "client_secret_post"])
def test_auth_method_must_match_the_registration(
    canaille: Any, token_url: str, registered: AuthMethod
) -> None:
    client_id, secret, client = register_client(canaille, auth_method=registered)
    other: AuthMethod = (
        "client_secret_post" if registered == "client_secret_basic" else "client_secret_basic"
    )
    provider = ClientCredentials(token_url, client_id, secret, auth_method=registered)
    token = provider.token([USERS_READ])
    assert [t.access_token for t in issued(canaille, client)] == [token]
    with pytest.raises(TokenError) as info:
        ClientCredentials(token_url, client_id, secret, auth_method=other).token([USERS_READ])
    assert (info.value.status, info.value.error) == (401, "invalid_client")


@pytest.mark.parametrize("auth_method", ["client_secret_basic", "client_secret_post"])
def test_secrets_with_reserved_characters(
    canaille: Any, token_url: str, auth_method: AuthMethod
) -> None:
    # RFC 6749 section 2.3.1: Basic credentials are form-encoded before Base64.
    secret = "s:3 c+r/e=t%&é"
    client_id, _, client = register_client(canaille, auth_method=auth_method, secret=secret)
    ClientCredentials(token_url, client_id, secret, auth_method=auth_method).token([USERS_READ])
    assert len(issued(canaille, client)) == 1


# --- concurrency


def _race(
    provider: ClientCredentials, scope_sets: Sequence[Sequence[str]], threads: int = 8
) -> list[str]:
    """Call provider.token from ``threads`` threads released at once; return their tokens."""
    barrier = threading.Barrier(threads, timeout=10)
    results: list[str | BaseException] = [""] * threads

    def work(i: int) -> None:
        try:
            barrier.wait()
            results[i] = provider.token(scope_sets[i % len(scope_sets)])
        except BaseException as exc:  # reported below
            results[i] = exc

    workers = [threading.Thread(target=work, args=(i,)) for i in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=20)
    assert not any(worker.is_alive() for worker in workers)
    for result in results:
        if isinstance(result, BaseException):
            raise result
    return [str(r) for r in results]


def test_concurrent_callers_share_one_fetch(
    canaille: Any, provider: ClientCredentials, client: Any
) -> None:
    tokens = _race(provider, [[USERS_READ]])
    assert len(set(tokens)) == 1
    assert len(issued(canaille, client[2])) == 1


def test_concurrent_callers_one_fetch_per_scope_set(
    canaille: Any, provider: ClientCredentials, client: Any
) -> None:
    tokens = _race(provider, [[USERS_READ], [USERS_WRITE]])
    assert len(set(tokens[0::2])) == 1 and len(set(tokens[1::2])) == 1
    assert tokens[0] != tokens[1]
    assert len(issued(canaille, client[2])) == 2


# --- secrecy and validation


def test_repr_shows_only_client_id_and_url(
    provider: ClientCredentials, client: Any, token_url: str
) -> None:
    assert repr(provider) == f"ClientCredentials(token_url={token_url!r}, client_id={client[0]!r})"
    assert client[1] not in repr(provider) and client[1] not in str(provider)


def test_secrets_and_tokens_stay_out_of_logs(
    canaille: Any, token_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    client_id, secret, _ = register_client(canaille)
    caplog.set_level(logging.DEBUG)
    provider = ClientCredentials(token_url, client_id, secret)
    token = provider.token([USERS_READ])
    provider.invalidate(token)
    with pytest.raises(TokenError):
        ClientCredentials(token_url, client_id, secret + "x").token([USERS_READ])
    ours = [r for r in caplog.records if r.name.startswith(("pyscim", "urllib3"))]
    assert any(r.name == "pyscim.auth" for r in ours)
    assert all(client_id in r.getMessage() for r in ours if r.name == "pyscim.auth")
    assert secret not in caplog.text  # nor in the server's own logs
    assert not [r for r in ours if token in r.getMessage() or secret in r.getMessage()]


@pytest.mark.parametrize(
    ("client_id", "secret"),
    [
        ("id\r\nX-Injected: 1", "secret"),
        ("id\n", "secret"),
        ("id", "sec\r\nret"),
        ("id", "secret\n"),
        ("", "a-secret"),
    ],
)
def test_crlf_and_empty_credentials_are_rejected(client_id: str, secret: str) -> None:
    with pytest.raises(ValueError) as info:
        ClientCredentials("http://127.0.0.1:9/token", client_id, secret)
    assert secret not in str(info.value)


def test_bad_arguments_are_rejected() -> None:
    with pytest.raises(ValueError):
        ClientCredentials("http://127.0.0.1:9/token", "id", "s", auth_method="private_key_jwt")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        ClientCredentials("http://127.0.0.1:9/token", "id", "s", scopes=["two words"])
    with pytest.raises(ValueError):
        ClientCredentials("http://127.0.0.1:9/token", "id", "s").token(["a\r\nb"])


def test_provider_is_a_token_provider_and_survives_deepcopy(provider: ClientCredentials) -> None:
    assert isinstance(provider, TokenProvider)
    # Configuration objects get deep-copied; the provider and its cache are shared.
    assert copy.deepcopy({"p": provider})["p"] is provider
    assert copy.copy(provider) is provider


# --- scripted token endpoint


class _Scripted(http.server.BaseHTTPRequestHandler):
    """Answers each POST with the next scripted (status, headers, body); records requests."""

    script: ClassVar[list[tuple[int, dict[str, str], bytes]]] = []
    seen: ClassVar[list[dict[str, Any]]] = []

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode()
        type(self).seen.append({"headers": dict(self.headers), "form": parse_qs(body)})
        status, headers, payload = type(self).script.pop(0)
        self.send_response(status)
        for name, value in {"Content-Length": str(len(payload)), **headers}.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def scripted_server() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Scripted)
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/token"
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.fixture
def scripted(
    scripted_server: str,
) -> Iterator[tuple[str, list[tuple[int, dict[str, str], bytes]], list[dict[str, Any]]]]:
    _Scripted.script = []
    _Scripted.seen = []
    yield scripted_server, _Scripted.script, _Scripted.seen


def _ok(**fields: Any) -> tuple[int, dict[str, str], bytes]:
    return 200, {"Content-Type": "application/json"}, json.dumps(fields).encode()


def test_basic_request_format(scripted: Any) -> None:
    url, script, seen = scripted
    script.append(_ok(access_token="T", token_type="Bearer", expires_in=60))
    assert ClientCredentials(url, "my id", "p:w/d").token([USERS_WRITE, USERS_READ]) == "T"
    [request] = seen
    assert request["form"] == {
        "grant_type": ["client_credentials"],
        "scope": [f"{USERS_READ} {USERS_WRITE}"],
    }
    scheme, _, credentials = request["headers"]["Authorization"].partition(" ")
    assert scheme == "Basic"
    user, _, password = base64.b64decode(credentials).decode().partition(":")
    assert (user, password) == ("my%20id", "p%3Aw%2Fd")
    assert (unquote(user), unquote(password)) == ("my id", "p:w/d")
    assert request["headers"]["Content-Type"] == "application/x-www-form-urlencoded"


def test_post_request_format_and_no_scope(scripted: Any) -> None:
    url, script, seen = scripted
    script.append(_ok(access_token="T", token_type="bearer"))
    ClientCredentials(url, "id", "secret", auth_method="client_secret_post").token([])
    [request] = seen
    assert "Authorization" not in request["headers"]
    assert request["form"] == {
        "grant_type": ["client_credentials"],
        "client_id": ["id"],
        "client_secret": ["secret"],
    }


def test_token_without_expires_in_is_kept_until_invalidated(
    scripted: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    url, script, seen = scripted
    script += [
        _ok(access_token="A", token_type="Bearer"),
        _ok(access_token="B", token_type="Bearer", expires_in="90"),
    ]
    provider = ClientCredentials(url, "id", "secret")
    now = [0.0]
    monkeypatch.setattr(provider, "_clock", lambda: now[0])
    assert provider.token(["s"]) == "A"
    now[0] += 10**9
    assert provider.token(["s"]) == "A"
    provider.invalidate("A")
    assert provider.token(["s"]) == "B"  # expires_in given as a string
    now[0] += 59
    assert provider.token(["s"]) == "B"
    assert len(seen) == 2


@pytest.mark.parametrize(
    ("response", "status", "has_body"),
    [
        ((500, {"Content-Type": "text/html"}, b"<h1>Internal error</h1>"), 500, True),
        ((503, {}, b""), 503, True),
        ((200, {"Content-Type": "text/html"}, b"<html>login page</html>"), 200, False),
        ((200, {"Content-Type": "application/json"}, b'["not", "an", "object"]'), 200, False),
        (_ok(token_type="Bearer", expires_in=60), 200, False),
        (_ok(access_token="", token_type="Bearer"), 200, False),
        (_ok(access_token="T", token_type="mac"), 200, False),
        ((302, {"Location": "http://127.0.0.1:9/elsewhere"}, b""), 302, True),
    ],
)
def test_unusable_responses_raise_token_error(
    scripted: Any, response: Any, status: int, has_body: bool
) -> None:
    url, script, seen = scripted
    script.append(response)
    with pytest.raises(TokenError) as info:
        ClientCredentials(url, "id", "secret").token(["s"])
    assert info.value.status == status
    assert (info.value.body is not None) == has_body
    assert "secret" not in str(info.value)
    assert len(seen) == 1  # redirects are not followed


def test_oauth_error_body_is_parsed_and_echoed_secret_masked(scripted: Any) -> None:
    url, script, _ = scripted
    body = {"error": "invalid_scope", "error_description": "bad scope for hunter2-secret"}
    script.append((400, {"Content-Type": "application/json"}, json.dumps(body).encode()))
    with pytest.raises(TokenError) as info:
        ClientCredentials(url, "id", "hunter2-secret").token(["s"])
    error = info.value
    assert (error.status, error.error) == (400, "invalid_scope")
    assert error.error_description == "bad scope for ***"
    assert "hunter2" not in str(error) + repr(error) + str(error.body)


def test_unreachable_token_endpoint_raises_token_error() -> None:
    provider = ClientCredentials(
        "http://127.0.0.1:9/token",
        "id",
        "secret",
        pool_manager=urllib3.PoolManager(retries=False),
        timeout=2,
    )
    with pytest.raises(TokenError) as info:
        provider.token(["s"])
    assert info.value.status is None
    assert isinstance(info.value.__cause__, urllib3.exceptions.HTTPError)


# --- Canaille's own SCIM API


def test_canaille_scim_accepts_its_tokens(canaille: Any, provider: ClientCredentials) -> None:
    """Canaille serves SCIM at /scim/v2 to any valid token it issued (scopes are not checked)."""
    http = urllib3.PoolManager()
    url = f"{canaille.url}scim/v2/ServiceProviderConfig"
    token = provider.token([USERS_READ])
    response = http.request("GET", url, headers={"Authorization": f"Bearer {token}"})
    assert response.status == 200
    assert json.loads(response.data)["patch"]["supported"] in (True, False)
    assert http.request("GET", url, headers={"Authorization": "Bearer bogus"}).status == 401
    assert http.request("GET", url).status == 401


# --- end to end
# A SCIM service (scim2-server, in memory) that, like Janssen, wants a bearer
# token carrying the operation's scope. It checks tokens with Canaille's RFC 7662
# introspection endpoint, so revoking a token at Canaille makes it answer 401.

#: Janssen scope prefix of each resource endpoint (read / write suffixes follow).
_RESOURCE_SCOPES = {
    "Users": "users",
    "Groups": "groups",
    "FidoDevices": "fido",
    "Fido2Devices": "fido2",
}


def janssen_scope(method: str, path: str) -> str | None:
    """The scope Janssen requires for ``method path`` (relative to /v2), None for discovery."""
    segments = [s for s in path.split("/") if s]
    if not segments or segments[0] in ("ServiceProviderConfig", "ResourceTypes", "Schemas"):
        return None
    if segments[0] == "Bulk":
        return "https://jans.io/scim/bulk"
    if segments[0] == ".search":
        return "https://jans.io/scim/all-resources.search"
    prefix = _RESOURCE_SCOPES.get(segments[0], segments[0].lower())
    reading = method == "GET" or segments[-1] == ".search"
    return f"https://jans.io/scim/{prefix}.{'read' if reading else 'write'}"


class ResourceServer:
    """scim2-server behind Canaille-token introspection, served on 127.0.0.1 in a thread."""

    def __init__(self, canaille: Any) -> None:
        from scim2_models import ForbiddenException, UnauthorizedException
        from scim2_server.applications.wsgi import WSGIApplication
        from scim2_server.memory import InMemoryStorage
        from scim2_server.utils import load_default_provider

        rs_id, rs_secret, self.client = register_client(canaille)
        introspect_url = f"{canaille.url}oauth/introspect"
        http = urllib3.PoolManager()
        basic = urllib3.make_headers(basic_auth=f"{rs_id}:{rs_secret}")
        #: (method, path, token, outcome) of each authenticated request, outcome "ok"/401/403.
        self.log: list[tuple[str, str, str, Any]] = []
        log = self.log

        class Guarded(WSGIApplication):
            def needs_auth(self, request: Any) -> bool:
                return janssen_scope(request.method, request.path) is not None

            def check_auth(self, request: Any) -> None:
                scope = janssen_scope(request.method, request.path)
                scheme, _, token = (request.header("Authorization") or "").partition(" ")
                info: dict[str, Any] = {"active": False}
                if scheme.lower() == "bearer" and token:
                    reply = http.request(
                        "POST",
                        introspect_url,
                        headers=basic,
                        encode_multipart=False,
                        fields={"token": token, "token_type_hint": "access_token"},
                        timeout=10,
                    )
                    info = json.loads(reply.data) if reply.status == 200 else info
                if not info.get("active"):
                    log.append((request.method, request.path, token, 401))
                    raise UnauthorizedException
                if scope not in str(info.get("scope", "")).split():
                    log.append((request.method, request.path, token, 403))
                    raise ForbiddenException(detail=f"the token lacks {scope}")
                log.append((request.method, request.path, token, "ok"))

        class Quiet(wsgiref.simple_server.WSGIRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                pass

        app = Guarded(InMemoryStorage(), load_default_provider())
        self.httpd = wsgiref.simple_server.make_server("127.0.0.1", 0, app, handler_class=Quiet)
        self.url = f"http://127.0.0.1:{self.httpd.server_port}/v2"
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)


@pytest.fixture(scope="module")
def resource_server(canaille: Any) -> Iterator[ResourceServer]:
    server = ResourceServer(canaille)
    yield server
    server.close()


def test_resource_server_wants_canaille_tokens_with_janssen_scopes(
    canaille: Any, token_url: str, resource_server: ResourceServer
) -> None:
    """Checks the test harness itself, with raw HTTP."""
    client_id, secret, _ = register_client(canaille, audience=[resource_server.client])
    provider = ClientCredentials(token_url, client_id, secret)
    http = urllib3.PoolManager()
    users = f"{resource_server.url}/Users"

    def get(token: str) -> int:
        return http.request("GET", users, headers={"Authorization": f"Bearer {token}"}).status

    assert get(provider.token([USERS_READ])) == 200
    assert get(provider.token([GROUPS_READ])) == 403
    assert get("bogus") == 401
    assert http.request("GET", f"{resource_server.url}/ServiceProviderConfig").status == 200


class Recording:
    """A TokenProvider wrapper that records calls and can hand out bogus tokens first."""

    def __init__(self, inner: TokenProvider, bogus: int = 0) -> None:
        self.inner, self.bogus = inner, bogus
        self.calls: list[tuple[str, Any]] = []

    def token(self, scopes: Sequence[str]) -> str:
        self.calls.append(("token", sorted(scopes)))
        if self.bogus:
            self.bogus -= 1
            return f"bogus-{uuid.uuid4().hex}"
        return self.inner.token(scopes)

    def invalidate(self, token: str) -> None:
        self.calls.append(("invalidate", token))
        self.inner.invalidate(token)


@pytest.fixture
def sdk_for(canaille: Any, token_url: str, resource_server: ResourceServer) -> Iterator[Any]:
    """Build pyscim's user API against the resource server: (api, provider, Canaille client).

    ``trusted=False`` registers a client whose tokens the resource server may not
    introspect, so it refuses every one of them (with 401).
    """
    import pyscim
    from pyscim.api import user_api
    api_clients: list[Any] = []

    def build(trusted: bool = True) -> tuple[Any, Recording, Any]:
        audience = [resource_server.client] if trusted else []
        client_id, secret, client = register_client(canaille, audience=audience)
        provider = Recording(ClientCredentials(token_url, client_id, secret))
        configuration = pyscim.Configuration(host=resource_server.url)
        configuration.token_provider = provider
        api_clients.append(pyscim.ApiClient(configuration))
        return user_api.UserApi(api_clients[-1]), provider, client

    yield build
    for api_client in api_clients:
        api_client.close()


@pytest.fixture
def sdk(sdk_for: Any) -> Any:
    """pyscim's user API against the resource server: (api, provider, Canaille client)."""
    return sdk_for()


def new_user(name: str) -> Any:
    from pyscim.model.user_resource import UserResource

    return UserResource(schemas=[CORE_USER], user_name=name)


def test_e2e_create_and_list_users_with_canaille_tokens(
    canaille: Any, sdk: Any, resource_server: ResourceServer
) -> None:
    api, provider, client = sdk
    name = f"bjensen-{uuid.uuid4().hex[:8]}"
    created = api.create_user(new_user(name))
    assert created.user_name == name and created.id
    listed = api.get_users()
    assert name in [user.user_name for user in listed.resources]
    api.get_users()  # the cached read token is reused
    # One token per scope set, each requested with exactly the operation's scope.
    assert {tuple(t.scope) for t in issued(canaille, client)} == {(USERS_WRITE,), (USERS_READ,)}
    assert len(issued(canaille, client)) == 2
    assert ("token", [USERS_WRITE]) in provider.calls and ("token", [USERS_READ]) in provider.calls
    assert not [c for c in provider.calls if c[0] == "invalidate"]


def test_e2e_revoked_token_is_replaced_once(
    canaille: Any, sdk: Any, resource_server: ResourceServer, token_url: str
) -> None:
    api, provider, client = sdk
    api.get_users()
    [first] = issued(canaille, client)
    # Revoke it at Canaille (RFC 7009): the resource server now answers 401.
    secret = client.client_secret
    reply = urllib3.PoolManager().request(
        "POST",
        f"{canaille.url}oauth/revoke",
        encode_multipart=False,
        headers=urllib3.make_headers(basic_auth=f"{client.client_id}:{secret}"),
        fields={"token": first.access_token, "token_type_hint": "access_token"},
    )
    assert reply.status == 200
    del resource_server.log[:]
    api.get_users()  # 401, invalidate, new token, one retry: transparent
    assert [entry[3] for entry in resource_server.log] == [401, "ok"]
    assert resource_server.log[0][2] == first.access_token
    assert ("invalidate", first.access_token) in provider.calls
    tokens = issued(canaille, client)
    assert len(tokens) == 2 and resource_server.log[1][2] == tokens[1].access_token


def test_e2e_bogus_token_is_replaced_once(sdk: Any, resource_server: ResourceServer) -> None:
    api, provider, _ = sdk
    provider.bogus = 1
    del resource_server.log[:]
    api.get_users()
    assert [entry[3] for entry in resource_server.log] == [401, "ok"]
    assert [c[0] for c in provider.calls] == ["token", "invalidate", "token"]
    assert provider.calls[1] == ("invalidate", resource_server.log[0][2])


def test_e2e_persistent_401_is_retried_only_once(sdk: Any, resource_server: ResourceServer) -> None:
    from pyscim.exceptions import ApiException

    api, provider, _ = sdk
    provider.bogus = 10
    del resource_server.log[:]
    with pytest.raises(ApiException) as info:
        api.get_users()
    assert info.value.status == 401
    assert [entry[3] for entry in resource_server.log] == [401, 401]
    assert [c[0] for c in provider.calls][:3] == ["token", "invalidate", "token"]


def test_e2e_token_refused_on_the_retry_is_invalidated_too(
    canaille: Any, sdk_for: Any, resource_server: ResourceServer
) -> None:
    """Every token a server refuses is forgotten, so no later call sends it again."""
    from pyscim.exceptions import ApiException

    api, provider, client = sdk_for(trusted=False)
    del resource_server.log[:]
    for _ in range(2):
        with pytest.raises(ApiException) as info:
            api.get_users()
        assert info.value.status == 401
    sent = [entry[2] for entry in resource_server.log]
    assert len(sent) == 4
    assert len(set(sent)) == 4, "a token the server refused was sent again"
    assert [("invalidate", token) for token in sent] == [
        call for call in provider.calls if call[0] == "invalidate"
    ]
    assert [t.access_token for t in issued(canaille, client)] == sent


def test_e2e_logs_and_reprs_hold_no_secret_nor_token(
    canaille: Any, token_url: str, resource_server: ResourceServer, caplog: pytest.LogCaptureFixture
) -> None:
    import pyscim
    from pyscim.api import user_api
    client_id, secret, client = register_client(canaille, audience=[resource_server.client])
    provider = Recording(ClientCredentials(token_url, client_id, secret), bogus=1)
    configuration = pyscim.Configuration(host=resource_server.url)
    configuration.token_provider = provider
    configuration.debug = True
    caplog.set_level(logging.DEBUG)
    del resource_server.log[:]
    with pyscim.ApiClient(configuration) as api_client:
        api = user_api.UserApi(api_client)
        api.create_user(new_user(f"logged-{uuid.uuid4().hex[:8]}"))
        api.get_users()
        assert secret not in repr(configuration) + repr(api_client)
    tokens = [t.access_token for t in issued(canaille, client)]
    tokens += [entry[2] for entry in resource_server.log if entry[3] == 401]
    assert len(tokens) == 3
    ours = [r.getMessage() for r in caplog.records if r.name.startswith(("pyscim", "urllib3"))]
    assert any("/Users" in message for message in ours)  # requests were logged...
    leaks = [m for m in ours for s in [secret, *tokens] if s in m]
    assert not leaks  # ...without credentials
    assert secret not in caplog.text


def test_e2e_token_error_propagates(
    canaille: Any, token_url: str, resource_server: ResourceServer
) -> None:
    import pyscim
    from pyscim.api import user_api
    configuration = pyscim.Configuration(host=resource_server.url)
    configuration.token_provider = ClientCredentials(token_url, "no-such-client", "nope")
    del resource_server.log[:]
    with pytest.raises(TokenError) as info:
        user_api.UserApi(pyscim.ApiClient(configuration)).get_users()
    assert info.value.status == 401
    assert resource_server.log == []  # no request went out without a token


# --- end to end against Canaille's own SCIM API


@pytest.fixture(scope="module")
def canaille_scim(canaille: Any, token_url: str) -> str:
    """Canaille's SCIM base URL, when its /Users endpoint works with the installed packages.

    Canaille 0.3.6 calls ``model_dump(attributes=...)``, which scim2-models 0.12
    (needed by scim2-server) no longer accepts: its user endpoints answer 500 then.
    """
    client_id, secret, _ = register_client(canaille)
    token = ClientCredentials(token_url, client_id, secret).token([USERS_READ])
    url = f"{canaille.url}scim/v2"
    reply = urllib3.PoolManager().request(
        "GET", f"{url}/Users", headers={"Authorization": f"Bearer {token}"}
    )
    if reply.status != 200:
        pytest.skip(f"Canaille's GET /scim/v2/Users answers {reply.status} in this environment")
    return url


def test_e2e_against_canaille_scim(canaille: Any, canaille_scim: str, token_url: str) -> None:
    import pyscim
    from pyscim.api import user_api
    from pyscim.model.name import Name

    client_id, secret, client = register_client(canaille)
    configuration = pyscim.Configuration(host=canaille_scim)
    configuration.token_provider = ClientCredentials(token_url, client_id, secret)
    with pyscim.ApiClient(configuration) as api_client:
        api = user_api.UserApi(api_client)
        name = f"jdoe-{uuid.uuid4().hex[:8]}"
        user = new_user(name)
        user.name = Name(formatted="John Doe", family_name="Doe", given_name="John")
        user.active = True
        created = api.create_user(user)
        assert created.user_name == name
        assert name in [u.user_name for u in api.get_users().resources]
    assert {tuple(t.scope) for t in issued(canaille, client)} == {(USERS_WRITE,), (USERS_READ,)}
