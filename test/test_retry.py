"""The retry policy: pure decisions (no network), then what the transport does with them."""

from __future__ import annotations

import email.utils
import inspect
import logging
import time
from typing import Any, Iterator

import fault_server as fs
import pytest
import urllib3
from urllib3.util.retry import Retry

import pyscim
from pyscim.api.group_api import GroupApi
from pyscim.api.user_api import UserApi
from pyscim.exceptions import (
    ApiConnectionError,
    ApiValueError,
    BulkOutcomeUnknownError,
    ServiceException,
    TooManyRequestsException,
)
from pyscim.model.user_list_response import UserListResponse
from pyscim.retry import (
    CONNECT,
    DROPPED,
    FATAL,
    READ_TIMEOUT,
    STATUS,
    RetryPolicy,
    parse_retry_after,
)

# -- pure decisions --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, total",
    [(None, 3), (True, 3), (False, 0), (0, 0), (1, 1), (7, 7)],
)
def test_from_config_ints_and_none(value: Any, total: int) -> None:
    policy = RetryPolicy.from_config(value)
    assert policy.total == total
    assert policy.status_forcelist == {429, 502, 503, 504}


def test_from_config_keeps_a_policy() -> None:
    p = RetryPolicy(5, backoff_factor=1)
    assert RetryPolicy.from_config(p) is p


def test_from_config_urllib3_retry() -> None:
    has_max = "backoff_max" in inspect.signature(Retry).parameters  # urllib3 2.x
    extra = {"backoff_max": 9} if has_max else {}
    p = RetryPolicy.from_config(Retry(total=5, backoff_factor=2, status_forcelist=[500, 503], **extra))
    assert (p.total, p.backoff_factor, p.backoff_max) == (5, 2.0, 9.0 if has_max else Retry.DEFAULT_BACKOFF_MAX)
    assert p.status_forcelist == {500, 503}
    assert p.respect_retry_after
    p = RetryPolicy.from_config(Retry(total=None, connect=2, read=1, respect_retry_after_header=False))
    assert (p.total, p.connect, p.read, p.status) == (2, 2, 1, None)
    assert not p.respect_retry_after
    assert RetryPolicy.from_config(Retry(False)).total == 0
    assert RetryPolicy.from_config(Retry(3)).status_forcelist == {429, 502, 503, 504}


@pytest.mark.parametrize("bad", [-1, "3", 1.5, object()])
def test_from_config_refuses_other_values(bad: Any) -> None:
    with pytest.raises((TypeError, ValueError)):
        RetryPolicy.from_config(bad)
    config = pyscim.Configuration(host="http://127.0.0.1:9/v2")
    config.retries = bad
    with pytest.raises(ApiValueError):
        pyscim.ApiClient(config).request("GET", "http://127.0.0.1:9/v2/Users")


@pytest.mark.parametrize(
    "method, url, expected",
    [
        ("GET", "/Users", True),
        ("get", "/Users/1", True),
        ("HEAD", "/Users", True),
        ("OPTIONS", "/Users", True),
        ("PUT", "/Users/1", True),
        ("DELETE", "/Users/1", True),
        ("POST", "/Users/.search", True),
        ("POST", "/.search", True),
        ("POST", "http://h/v2/Groups/.search?x=1", True),
        ("POST", "/Users", False),
        ("POST", "http://h/v2/Bulk", False),
        ("POST", "/Users/.searchx", False),
        ("POST", "/Users/x.search", False),
        ("PATCH", "/Users/1", False),
    ],
)
def test_is_idempotent(method: str, url: str, expected: bool) -> None:
    assert RetryPolicy().is_idempotent(method, url) is expected


def test_is_retryable() -> None:
    p = RetryPolicy()
    # Never reached the server: safe for any method.
    assert p.is_retryable("POST", "/Bulk", CONNECT)
    assert p.is_retryable("POST", "/Users", CONNECT)
    # May have been applied: only idempotent requests.
    assert p.is_retryable("GET", "/Users", DROPPED)
    assert p.is_retryable("POST", "/Users/.search", DROPPED)
    assert not p.is_retryable("POST", "/Users", DROPPED)
    assert not p.is_retryable("POST", "/Bulk", DROPPED)
    assert not p.is_retryable("PATCH", "/Users/1", DROPPED)
    # Statuses of the forcelist, idempotent only.
    for status in (429, 502, 503, 504):
        assert p.is_retryable("GET", "/Users", STATUS, status)
        assert not p.is_retryable("POST", "/Users", STATUS, status)
    for status in (400, 401, 404, 409, 500, 501):
        assert not p.is_retryable("GET", "/Users", STATUS, status)
    # A read timeout and a fatal error: never.
    assert not p.is_retryable("GET", "/Users", READ_TIMEOUT)
    assert not p.is_retryable("GET", "/Users", FATAL)
    with pytest.raises(ValueError):
        p.is_retryable("GET", "/Users", "bogus")


def test_backoff_is_exponential_capped_and_jittered() -> None:
    p = RetryPolicy(backoff_factor=0.5, backoff_max=3, jitter=0)
    assert [p.backoff(n) for n in (0, 1, 2, 3, 4, 5, 100)] == [0, 0.5, 1, 2, 3, 3, 3]
    j = RetryPolicy(backoff_factor=1, jitter=0.5)
    assert j.backoff(3, rand=0.0) == 4
    assert j.backoff(3, rand=0.999) == pytest.approx(2, abs=0.01)
    draws = {round(j.backoff(2), 6) for _ in range(50)}
    assert len(draws) > 1 and all(1.0 <= d <= 2.0 for d in draws)


def test_sleep_for_honours_retry_after() -> None:
    p = RetryPolicy(backoff_factor=0.5, jitter=0, retry_after_max=10)
    assert p.sleep_for(1) == 0.5
    assert p.sleep_for(1, retry_after=4) == 4  # at least what the server asked
    assert p.sleep_for(3, retry_after=1) == 2  # never less than the backoff
    assert p.sleep_for(1, retry_after=11) is None  # too long: give up
    assert RetryPolicy(jitter=0, respect_retry_after=False).sleep_for(1, retry_after=11) == 0.5


def test_parse_retry_after() -> None:
    now = 1_700_000_000.0
    assert parse_retry_after(None) is None
    assert parse_retry_after("") is None
    assert parse_retry_after("5") == 5
    assert parse_retry_after(" 120 ") == 120
    assert parse_retry_after("-1") is None
    assert parse_retry_after("soon") is None
    assert parse_retry_after(email.utils.formatdate(now + 30, usegmt=True), now=now) == 30
    assert parse_retry_after(email.utils.formatdate(now - 30, usegmt=True), now=now) == 0
    assert parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", now=now) == 0


def test_state_counts_and_deadline() -> None:
    p = RetryPolicy(3, connect=1, backoff_factor=0.1, jitter=0, max_total_time=10)
    s = p.start(now=100.0)
    assert s.deadline == 110.0
    assert s.next_delay("GET", "/Users", CONNECT, now=100.0) == 0.1
    assert s.next_delay("GET", "/Users", CONNECT, now=100.2) is None  # connect=1 spent
    assert s.next_delay("GET", "/Users", STATUS, 503, now=100.3) == 0.2
    assert s.next_delay("GET", "/Users", STATUS, 503, retry_after=9.9, now=100.5) is None  # past the deadline
    assert s.next_delay("GET", "/Users", DROPPED, now=100.6) == 0.4
    assert s.next_delay("GET", "/Users", DROPPED, now=100.7) is None  # total=3 spent
    assert s.attempts == 4
    assert s.history == [(CONNECT, None, 0.1), (STATUS, 503, 0.2), (DROPPED, None, 0.4)]
    caller = p.start(deadline=50.0, now=49.0)
    assert caller.deadline == 50.0  # the caller's bound replaces max_total_time
    assert caller.next_delay("POST", "/Bulk", DROPPED, now=49.0) is None


def test_policy_validation_and_repr() -> None:
    for kw in ({"total": -1}, {"jitter": 2}, {"backoff_factor": -1}, {"max_total_time": 0}, {"connect": "x"}):
        with pytest.raises(ValueError):
            RetryPolicy(**kw)
    p = RetryPolicy(4, backoff_factor=0.25)
    assert "total=4" in repr(p) and "backoff_factor=0.25" in repr(p)
    assert p.new(total=1) == RetryPolicy(1, backoff_factor=0.25)


# -- what the transport does ---------------------------------------------------------------------


@pytest.fixture
def srv() -> Iterator[fs.FaultServer]:
    with fs.FaultServer(lifetime=60) as server:
        yield server


def api_for(url: str, retries: Any, cls: Any = UserApi, **settings: Any) -> Any:
    config = pyscim.Configuration(host=url, access_token="tok-retry-0001")
    config.retries = retries
    for k, v in settings.items():
        setattr(config, k, v)
    return cls(pyscim.ApiClient(config))


FAST = RetryPolicy(3, backoff_factor=0.01, jitter=0)


@pytest.mark.timeout(10)
@pytest.mark.parametrize("status", [429, 502, 503, 504])
def test_idempotent_request_retried_on_status(srv: fs.FaultServer, status: int, caplog: Any) -> None:
    caplog.set_level(logging.INFO, logger="pyscim")
    api = api_for(srv.on("s", fs.fail_then_ok(2, fs.status(status))), FAST)
    assert isinstance(api.get_users(filter='userName eq "secret-name"'), UserListResponse)
    assert srv.count("s") == 3
    logs = [r for r in caplog.records if r.getMessage().startswith("Retrying")]
    assert len(logs) == 2 and all(r.levelno == logging.INFO for r in logs)
    assert str(status) in logs[0].getMessage()
    assert "GET" in logs[0].getMessage() and "/s/Users" in logs[0].getMessage()
    assert "secret-name" not in caplog.text  # the query (user data) stays out of INFO logs


@pytest.mark.timeout(10)
def test_statuses_not_in_the_forcelist_are_not_retried(srv: fs.FaultServer) -> None:
    api = api_for(srv.on("s", fs.status(500)), FAST)
    with pytest.raises(ServiceException):
        api.get_users()
    assert srv.count("s") == 1


@pytest.mark.timeout(10)
def test_retries_are_bounded_in_count(srv: fs.FaultServer) -> None:
    api = api_for(srv.on("s", fs.status(503)), FAST)
    with pytest.raises(ServiceException) as info:
        api.get_users()
    assert info.value.status == 503
    assert srv.count("s") == 4


@pytest.mark.timeout(10)
def test_retries_are_bounded_in_time(srv: fs.FaultServer) -> None:
    policy = RetryPolicy(100, backoff_factor=0.1, backoff_max=0.1, jitter=0, max_total_time=0.5)
    api = api_for(srv.on("s", fs.status(503)), policy)
    start = time.monotonic()
    with pytest.raises(ServiceException):
        api.get_users()
    assert time.monotonic() - start < 0.9
    assert 2 <= srv.count("s") <= 6


@pytest.mark.timeout(10)
def test_request_timeout_bounds_the_retries(srv: fs.FaultServer) -> None:
    policy = RetryPolicy(100, backoff_factor=0.1, backoff_max=0.1, jitter=0, max_total_time=60)
    api = api_for(srv.on("s", fs.close()), policy)
    start = time.monotonic()
    with pytest.raises(ApiConnectionError):
        api.get_users(_request_timeout=0.5)
    assert time.monotonic() - start < 0.8


@pytest.mark.timeout(10)
def test_retry_after_seconds_is_honoured(srv: fs.FaultServer) -> None:
    api = api_for(srv.on("s", fs.fail_then_ok(1, fs.status(429, "1"))), FAST)
    start = time.monotonic()
    api.get_users()
    assert time.monotonic() - start >= 0.95
    assert srv.count("s") == 2


@pytest.mark.timeout(10)
def test_retry_after_http_date_is_honoured(srv: fs.FaultServer) -> None:
    when = email.utils.formatdate(time.time() + 2, usegmt=True)  # whole seconds: 1 to 2 s from now
    api = api_for(srv.on("s", fs.fail_then_ok(1, fs.status(503, when))), FAST)
    start = time.monotonic()
    api.get_users()
    assert time.monotonic() - start >= 0.9
    assert srv.count("s") == 2


@pytest.mark.timeout(10)
@pytest.mark.parametrize("retry_after", ["3600", "Wed, 21 Oct 2099 07:28:00 GMT"])
def test_retry_after_too_long_ends_the_call_at_once(srv: fs.FaultServer, retry_after: str) -> None:
    api = api_for(srv.on("s", fs.status(429, retry_after)), FAST)
    start = time.monotonic()
    with pytest.raises(TooManyRequestsException) as info:
        api.get_users()
    assert time.monotonic() - start < 0.5
    assert info.value.headers["Retry-After"] == retry_after
    assert srv.count("s") == 1


@pytest.mark.timeout(10)
def test_retry_after_past_the_deadline_ends_the_call(srv: fs.FaultServer) -> None:
    api = api_for(srv.on("s", fs.status(503, "5")), FAST)
    start = time.monotonic()
    with pytest.raises(ServiceException):
        api.get_users(_request_timeout=2)
    assert time.monotonic() - start < 0.5
    assert srv.count("s") == 1


@pytest.mark.timeout(10)
def test_create_is_not_retried_on_status(srv: fs.FaultServer) -> None:
    api = api_for(srv.on("s", fs.status(503, "0")), FAST)
    with pytest.raises(ServiceException):
        api.create_user({"userName": "x"})
    assert srv.count("s") == 1


@pytest.mark.timeout(10)
def test_search_post_is_retried(srv: fs.FaultServer) -> None:
    api = api_for(srv.on("s", fs.fail_then_ok(2, fs.close())), FAST)
    result = api.search_user({"filter": 'userName pr'})
    assert result.total_results == 1
    assert [r.method for r in srv.received("s")] == ["POST"] * 3


@pytest.mark.timeout(10)
def test_put_and_delete_are_retried(srv: fs.FaultServer) -> None:
    api = api_for(srv.on("s", fs.sequence(fs.status(502), fs.ok(), fs.close(), fs.ok(status=204, body=b""))), FAST)
    api.update_user_by_id("1", {"userName": "x"})
    api.delete_user_by_id("1")
    assert [r.method for r in srv.received("s")] == ["PUT", "PUT", "DELETE", "DELETE"]


@pytest.mark.timeout(10)
def test_patch_is_not_resent_after_the_connection_broke(srv: fs.FaultServer) -> None:
    api = api_for(srv.on("s", fs.close()), FAST, cls=GroupApi)
    patch = {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{"op": "add", "path": "members", "value": [{"value": "u1"}]}],
    }
    with pytest.raises(BulkOutcomeUnknownError):
        api.patch_group_by_id("g1", patch)
    assert srv.count("s") == 1


@pytest.mark.timeout(10)
@pytest.mark.parametrize("retries, sent", [(0, 1), (False, 1), (1, 2), (Retry(total=2, backoff_factor=0), 3)])
def test_configuration_retries_of_1_0_0(srv: fs.FaultServer, retries: Any, sent: int) -> None:
    api = api_for(srv.on("s", fs.close()), retries)
    with pytest.raises(ApiConnectionError):
        api.get_users()
    assert srv.count("s") == sent


@pytest.mark.timeout(10)
def test_the_policy_can_change_between_calls(srv: fs.FaultServer) -> None:
    api = api_for(srv.on("s", fs.close()), 0)
    with pytest.raises(ApiConnectionError):
        api.get_users()
    api.api_client.configuration.retries = RetryPolicy(1, backoff_factor=0)
    with pytest.raises(ApiConnectionError):
        api.get_users()
    assert srv.count("s") == 3


def test_urllib3_timeout_objects_are_accepted() -> None:
    from pyscim.rest import RESTClientObject

    rc = RESTClientObject(pyscim.Configuration(host="http://127.0.0.1:9"))
    t = rc.timeout(urllib3.Timeout(connect=1, read=2))
    assert (t.connect_timeout, t.read_timeout) == (1, 2)
    t = rc.timeout((None, 5))
    assert (t.connect_timeout, t.read_timeout) == (10, 5)  # None: the configuration's
    t = rc.timeout(None)
    assert (t.connect_timeout, t.read_timeout) == (10, 120)


def test_the_policy_is_documented() -> None:
    from pathlib import Path

    doc = (Path(__file__).resolve().parent.parent / "docs" / "Transport.md").read_text(encoding="utf-8")
    for words in ("What is retried, and why", "never left the client", "not re-sent", "Retry-After",
                  "A read timeout is not retried", "max_total_time", "_request_timeout"):
        assert words in doc, words
    import pyscim.retry

    assert "idempotent" in (pyscim.retry.__doc__ or "")
