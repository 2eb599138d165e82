"""Faults end as clear pyscim exceptions, in bounded time, and the client keeps working.

Every test talks to a scripted fault server (test/fault_server.py) on 127.0.0.1
and has its own wall-clock bound.
"""

from __future__ import annotations

import gc
import json
import socket
import ssl
import time
import tracemalloc
from typing import Any, Iterator

import certifi
import fault_server as fs
import pytest
import urllib3

import pyscim
from pyscim.api.default_api import DefaultApi
from pyscim.api.user_api import UserApi
from pyscim.exceptions import (
    ApiConnectionError,
    ApiException,
    ApiResponseError,
    ApiTimeoutError,
    ApiValueError,
    BulkOutcomeUnknownError,
    OpenApiException,
    ServiceException,
)
from pyscim.model.user_list_response import UserListResponse
from pyscim.rest import (
    OutcomeUnknownResponseError,
    OutcomeUnknownTimeoutError,
    RESTResponse,
)
from pyscim.retry import RetryPolicy

TOKEN = "tok-3f9a7c2e-transport"
FAST = RetryPolicy(2, backoff_factor=0.01, jitter=0)
BULK = {
    "schemas": ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],
    "Operations": [{"method": "POST", "path": "/Users", "bulkId": "1", "data": {"userName": "a"}}],
}


@pytest.fixture
def srv() -> Iterator[fs.FaultServer]:
    with fs.FaultServer(lifetime=60) as server:
        yield server


def client_for(url: str, retries: Any = FAST, **settings: Any) -> pyscim.ApiClient:
    config = pyscim.Configuration(host=url, access_token=TOKEN)
    config.retries = retries
    for k, v in settings.items():
        setattr(config, k, v)
    return pyscim.ApiClient(config)


def users(srv: fs.FaultServer, scenario: str, behaviour: fs.Behaviour, **kw: Any) -> UserApi:
    return UserApi(client_for(srv.on(scenario, behaviour), **kw))


def still_works(api: Any, srv: fs.FaultServer) -> None:
    """The same ApiClient answers a good request after the fault."""
    api.api_client.configuration.host = srv.url("fine")
    assert isinstance(UserApi(api.api_client).get_users(), UserListResponse)


def closed_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def test_defaults_are_documented() -> None:
    c = pyscim.Configuration()
    assert c.connect_timeout == 10.0
    assert c.read_timeout == 120.0
    assert c.max_response_size == 64 * 1024 * 1024
    assert c.verify_ssl is True
    doc = open(pyscim.configuration.__file__).read()
    for field in ("connect_timeout", "read_timeout", "max_response_size", "retries"):
        assert "#: " in doc.split("self.%s" % field)[0].rsplit("\n\n", 1)[-1], field


# -- timeouts ---------------------------------------------------------------------------------


@pytest.mark.timeout(10)
def test_stalled_server_ends_within_the_read_timeout(srv: fs.FaultServer) -> None:
    api = users(srv, "stall", fs.stall(30), read_timeout=0.5)
    start = time.monotonic()
    with pytest.raises(ApiTimeoutError) as info:
        api.get_users()
    elapsed = time.monotonic() - start
    assert 0.4 < elapsed < 2.0
    assert srv.count("stall") == 1  # a read timeout is not retried
    assert "Timed out" in str(info.value)
    still_works(api, srv)


@pytest.mark.timeout(10)
@pytest.mark.parametrize("timeout", [1, 1.0, urllib3.Timeout(total=1)])
def test_request_timeout_is_the_bound_the_caller_sees(srv: fs.FaultServer, timeout: Any) -> None:
    # pyscim 1.0.0 retried the read timeout 3 times: _request_timeout=1 took 4 s.
    api = users(srv, "stall", fs.stall(30), retries=None)
    start = time.monotonic()
    with pytest.raises(ApiTimeoutError):
        api.get_users(_request_timeout=timeout)
    assert 0.9 < time.monotonic() - start < 1.8
    assert srv.count("stall") == 1


@pytest.mark.timeout(10)
def test_request_timeout_pair(srv: fs.FaultServer) -> None:
    api = users(srv, "stall", fs.stall(30))
    start = time.monotonic()
    with pytest.raises(ApiTimeoutError):
        api.get_users(_request_timeout=(0.5, 0.5))
    assert 0.4 < time.monotonic() - start < 1.5
    assert srv.count("stall") == 1


@pytest.mark.timeout(10)
def test_stall_in_the_middle_of_the_body(srv: fs.FaultServer) -> None:
    api = users(srv, "half", fs.headers_then_stall(30), read_timeout=0.5)
    start = time.monotonic()
    with pytest.raises(ApiTimeoutError) as info:
        api.get_users()
    assert time.monotonic() - start < 2.0
    assert info.value.status == 200
    assert info.value.body == '{"schemas":'  # what arrived, as an excerpt
    still_works(api, srv)


@pytest.mark.timeout(10)
def test_a_trickling_reply_cannot_outlast_request_timeout(srv: fs.FaultServer) -> None:
    # One byte every 50 ms never trips a read timeout; the call's bound still holds.
    api = users(srv, "slow", fs.trickle(0.05), read_timeout=5)
    start = time.monotonic()
    with pytest.raises(ApiTimeoutError) as info:
        api.get_users(_request_timeout=1)
    assert time.monotonic() - start < 1.6
    assert "time bound" in str(info.value)
    still_works(api, srv)


@pytest.mark.timeout(10)
def test_connect_timeout() -> None:
    # A listening socket whose accept queue is full drops new SYNs: connect() hangs.
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(0)
    port = listener.getsockname()[1]
    fillers = []
    try:
        for _ in range(4):
            s = socket.socket()
            s.setblocking(False)
            s.connect_ex(("127.0.0.1", port))
            fillers.append(s)
        time.sleep(0.1)
        api = UserApi(client_for("http://127.0.0.1:%d/v2" % port, retries=0, connect_timeout=0.3))
        start = time.monotonic()
        try:
            api.get_users()
        except ApiTimeoutError as exc:
            assert "connecting" in str(exc)
        except ApiConnectionError:
            pytest.skip("this kernel answers a full accept queue instead of dropping the SYN")
        else:
            pytest.fail("no exception")
        assert time.monotonic() - start < 2.0
    finally:
        for s in fillers:
            s.close()
        listener.close()


def test_request_timeout_is_checked() -> None:
    api = UserApi(client_for("http://127.0.0.1:9/v2"))
    for bad in (-1, "5", (1, 2, 3), True, (1, "x")):
        with pytest.raises(ApiValueError):
            api.get_users(_request_timeout=bad)


# -- connection failures ------------------------------------------------------------------------


@pytest.mark.timeout(10)
def test_connection_refused_is_retried_even_for_a_create(caplog: pytest.LogCaptureFixture) -> None:
    url = "http://127.0.0.1:%d/v2" % closed_port()
    api = UserApi(client_for(url))
    caplog.set_level("INFO", logger="pyscim")
    with pytest.raises(ApiConnectionError) as info:
        api.create_user({"userName": "x"})
    assert not isinstance(info.value, BulkOutcomeUnknownError)  # it never reached the server
    assert "Could not connect" in str(info.value)
    assert "after 3 attempts" in str(info.value)
    retries = [r for r in caplog.records if r.getMessage().startswith("Retrying POST")]
    assert len(retries) == 2
    assert all(r.levelname == "INFO" for r in retries)


@pytest.mark.timeout(10)
def test_closed_without_answer_idempotent_is_retried(srv: fs.FaultServer) -> None:
    api = users(srv, "close", fs.close())
    with pytest.raises(ApiConnectionError) as info:
        api.get_users()
    assert srv.count("close") == 3
    assert "without a reply" in str(info.value)
    assert not isinstance(info.value, BulkOutcomeUnknownError)
    still_works(api, srv)


@pytest.mark.timeout(10)
def test_closed_without_answer_then_success(srv: fs.FaultServer) -> None:
    api = users(srv, "flaky", fs.fail_then_ok(2, fs.close()))
    assert isinstance(api.get_users(), UserListResponse)
    assert srv.count("flaky") == 3


@pytest.mark.timeout(10)
def test_create_is_not_resent_after_the_connection_broke(srv: fs.FaultServer) -> None:
    api = users(srv, "close", fs.close())
    with pytest.raises(BulkOutcomeUnknownError) as info:
        api.create_user({"userName": "x"})
    assert srv.count("close") == 1
    message = str(info.value)
    assert "outcome is unknown" in message and "not re-sent" in message
    still_works(api, srv)


@pytest.mark.timeout(10)
def test_bulk_that_may_have_been_applied_is_never_resent(srv: fs.FaultServer) -> None:
    bulk = DefaultApi(client_for(srv.on("close", fs.close())))
    with pytest.raises(BulkOutcomeUnknownError) as info:
        bulk.bulk_post(BULK)
    assert srv.count("close") == 1
    assert "POST" in str(info.value) and "/Bulk" in str(info.value)
    assert "outcome is unknown" in str(info.value)


@pytest.mark.timeout(10)
def test_bulk_read_timeout_is_an_unknown_outcome_and_a_timeout(srv: fs.FaultServer) -> None:
    bulk = DefaultApi(client_for(srv.on("stall", fs.stall(30))))
    start = time.monotonic()
    with pytest.raises(OutcomeUnknownTimeoutError) as info:
        bulk.bulk_post(BULK, _request_timeout=0.5)
    assert time.monotonic() - start < 1.5
    assert isinstance(info.value, BulkOutcomeUnknownError)
    assert isinstance(info.value, ApiTimeoutError)
    assert srv.count("stall") == 1


@pytest.mark.timeout(10)
def test_bulk_reply_cut_short_is_an_unknown_outcome(srv: fs.FaultServer) -> None:
    bulk = DefaultApi(client_for(srv.on("cut", fs.truncated({"schemas": ["x"], "Operations": []}))))
    with pytest.raises(OutcomeUnknownResponseError) as info:
        bulk.bulk_post(BULK)
    assert info.value.status == 200
    assert isinstance(info.value, ApiResponseError)
    assert srv.count("cut") == 1


@pytest.mark.timeout(10)
def test_stale_keep_alive_connection_does_not_lose_a_create() -> None:
    # The server closes idle connections after 0.2 s. urllib3 checks a pooled
    # connection before reusing it, so the create goes over a new connection and
    # is sent exactly once.
    with fs.FaultServer(lifetime=30, idle_timeout=0.2) as srv:
        api = UserApi(client_for(srv.url("ka"), retries=0))
        api.get_users()
        time.sleep(0.6)
        created = api.create_user({"userName": "bjensen"})
        assert created.id == "2819c223"
        posts = [r for r in srv.received("ka") if r.method == "POST"]
        assert len(posts) == 1
        assert posts[0].conn_id != srv.received("ka")[0].conn_id


# -- broken replies ------------------------------------------------------------------------------


@pytest.mark.timeout(10)
@pytest.mark.parametrize("behaviour", [fs.truncated(), fs.truncated_chunked()], ids=["length", "chunked"])
def test_truncated_json(srv: fs.FaultServer, behaviour: fs.Behaviour) -> None:
    api = users(srv, "cut", behaviour)
    with pytest.raises(ApiResponseError) as info:
        api.get_users()
    assert not isinstance(info.value, json.JSONDecodeError)
    assert info.value.status == 200
    assert info.value.body.startswith('{"schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"]')
    assert "cut short" in str(info.value)
    assert srv.count("cut") == 3  # idempotent: retried
    still_works(api, srv)


def _cut_without_length(srv: fs.FaultServer, conn: socket.socket, req: fs.Request) -> bool:
    conn.sendall(b'HTTP/1.1 200 OK\r\nContent-Type: application/scim+json\r\nConnection: close\r\n\r\n{"schemas": ["urn:')
    return False


@pytest.mark.timeout(10)
def test_truncated_json_without_length(srv: fs.FaultServer) -> None:
    # Without Content-Length the cut is only visible as invalid JSON.
    api = users(srv, "cut", _cut_without_length)
    with pytest.raises(ApiResponseError) as info:
        api.get_users()
    assert info.value.status == 200
    assert "not valid JSON" in str(info.value)
    assert info.value.body == '{"schemas": ["urn:'
    still_works(api, srv)


@pytest.mark.timeout(10)
def test_html_502_page(srv: fs.FaultServer) -> None:
    api = users(srv, "proxy", fs.html(502))
    with pytest.raises(ServiceException) as info:
        api.get_users()
    assert info.value.status == 502
    assert "502 Bad Gateway" in info.value.body
    assert "502 Bad Gateway" in str(info.value)
    assert srv.count("proxy") == 3  # a gateway error is retried for a GET
    still_works(api, srv)


@pytest.mark.timeout(10)
def test_200_with_text_html(srv: fs.FaultServer) -> None:
    api = users(srv, "login", fs.html(200, b"<html><body>Please log in</body></html>"))
    with pytest.raises(ApiResponseError) as info:
        api.get_users()
    assert info.value.status == 200
    assert "text/html" in str(info.value)
    assert "Please log in" in info.value.body
    still_works(api, srv)


@pytest.mark.timeout(10)
def test_body_larger_than_declared_cap_is_not_read(srv: fs.FaultServer) -> None:
    api = users(srv, "big", fs.huge(64 * 1024 * 1024), max_response_size=1024 * 1024)
    start = time.monotonic()
    with pytest.raises(ApiResponseError) as info:
        api.get_users()
    assert time.monotonic() - start < 2
    assert info.value.status == 200
    assert "max_response_size" in str(info.value)
    assert srv.count("big") == 1  # not retried
    still_works(api, srv)
    time.sleep(0.2)
    assert srv.bytes_sent["big"] < 32 * 1024 * 1024


@pytest.mark.timeout(20)
@pytest.mark.parametrize("mode", ["chunked", "close", "length-lies"])
def test_reading_stops_at_the_cap(srv: fs.FaultServer, mode: str) -> None:
    # No usable Content-Length: the client counts what it reads and stops past
    # the cap; memory stays near the cap, not near the 64 MiB sent.
    size = 64 * 1024 * 1024
    if mode == "length-lies":
        behaviour = fs.huge(size, "length", declared=size // 2)  # claims 32 MiB, cap is 1 MiB
        cap = 40 * 1024 * 1024
    else:
        behaviour = fs.huge(size, mode)
        cap = 1024 * 1024
    api = users(srv, "big", behaviour, max_response_size=cap)
    if mode == "length-lies":
        api.api_client.configuration.max_response_size = 1024 * 1024
    gc.collect()
    tracemalloc.start()
    try:
        with pytest.raises(ApiResponseError) as info:
            api.get_users()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert info.value.status == 200
    assert "max_response_size" in str(info.value)
    assert peak < 8 * 1024 * 1024
    assert len(info.value.body) <= 4096
    still_works(api, srv)
    time.sleep(0.2)
    assert srv.bytes_sent["big"] < size


def _short_length_then_garbage(srv: fs.FaultServer, conn: socket.socket, req: fs.Request) -> bool:
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}" + b"x" * 100_000)
    srv.wait(0.5)
    return False


@pytest.mark.timeout(10)
def test_content_length_shorter_than_the_body(srv: fs.FaultServer) -> None:
    # The client reads what Content-Length says; the extra bytes must not be read
    # as the reply to the next request on that connection.
    client = client_for(srv.on("short", _short_length_then_garbage))
    r = client.request("GET", srv.url("short") + "/Users")
    assert isinstance(r, RESTResponse) and r.data == b"{}"
    r2 = client.request("GET", srv.url("fine") + "/Users")
    assert json.loads(r2.data)["totalResults"] == 1


def _huge_error(srv: fs.FaultServer, conn: socket.socket, req: fs.Request) -> bool:
    conn.sendall(b"HTTP/1.1 500 Oops\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n")
    try:
        for _ in range(200):
            conn.sendall(b"E" * 65536)
    except OSError:
        pass
    return False


@pytest.mark.timeout(10)
def test_error_reply_read_is_bounded(srv: fs.FaultServer) -> None:
    api = users(srv, "err", _huge_error, retries=0)
    with pytest.raises(ServiceException) as info:
        api.get_users()
    assert info.value.status == 500
    assert 0 < len(info.value.body) <= 1024 * 1024
    still_works(api, srv)


# -- every fault, then the same client works --------------------------------------------------------

FAULTS = {
    "close": fs.close(),
    "truncated": fs.truncated(),
    "chunked": fs.truncated_chunked(),
    "html502": fs.html(502),
    "html200": fs.html(200),
    "huge": fs.huge(8 * 1024 * 1024, "chunked"),
    "stall": fs.stall(30),
    "half": fs.headers_then_stall(30),
    "503": fs.status(503, "0"),
}


@pytest.mark.timeout(30)
def test_every_fault_is_a_clear_exception_and_the_client_survives(srv: fs.FaultServer) -> None:
    client = client_for(srv.base, read_timeout=0.5, max_response_size=1024 * 1024)
    api = UserApi(client)
    for name, behaviour in FAULTS.items():
        srv.on(name, behaviour)
        client.configuration.host = srv.url(name)
        start = time.monotonic()
        with pytest.raises(OpenApiException) as info:
            api.get_users()
        assert time.monotonic() - start < 3, name
        exc = info.value
        assert isinstance(exc, ApiException), name
        assert not isinstance(exc, (json.JSONDecodeError, urllib3.exceptions.HTTPError, OSError)), name
        assert hasattr(exc, "status") and hasattr(exc, "body"), name
        if name not in ("close", "stall"):
            assert exc.status is not None, name
        client.configuration.host = srv.url("fine")
        assert isinstance(api.get_users(), UserListResponse), name


# -- the transport's contract --------------------------------------------------------------------


def test_urllib3_never_retries_itself() -> None:
    client = client_for("http://127.0.0.1:9/v2", retries=5)
    retries = client.rest_client.pool_manager.connection_pool_kw["retries"]
    assert retries is False or retries.total is False


def test_tls_is_verified_with_certifi_by_default() -> None:
    client = pyscim.ApiClient(pyscim.Configuration(host="https://scim.example.invalid/v2"))
    kw = client.rest_client.pool_manager.connection_pool_kw
    assert kw["cert_reqs"] == ssl.CERT_REQUIRED
    assert kw["ca_certs"] == certifi.where()


@pytest.mark.timeout(10)
def test_preload_content_false_returns_the_raw_reply(srv: fs.FaultServer) -> None:
    api = users(srv, "fine", fs.ok())
    resp = api.get_users(_preload_content=False)
    assert isinstance(resp, urllib3.response.HTTPResponse)
    assert json.loads(resp.read())["totalResults"] == 1
    resp.release_conn()


@pytest.mark.timeout(10)
def test_invalid_url_is_an_api_value_error(srv: fs.FaultServer) -> None:
    client = client_for(srv.url("fine"))
    with pytest.raises(ApiValueError):
        client.request("GET", srv.url("fine") + "/Users with space")
    with pytest.raises(ApiValueError):
        client.request("GET", "http://[::1/v2/Users")
    assert srv.count("fine") == 0
