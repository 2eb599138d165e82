"""ApiClient: lifecycle, async pool, headers, (de)serialization, path filling.

Unit tests use a fake transport (``rest_client.request`` replaced); the async and
close tests run against the real local SCIM server of conftest.py.
"""

from __future__ import annotations

import datetime
import json
import threading
import time
from typing import Any, Dict, List, Optional

import pytest

import pyscim
from pyscim import ApiClient, Configuration
from pyscim.api.user_api import UserApi
from pyscim.exceptions import ApiResponseError, ApiTypeError, ApiValueError
from pyscim.models import (
    Email,
    FidoDeviceResource,
    Name,
    UserListResponse,
    UserResource,
)

UTC = datetime.timezone.utc


class FakeResponse:
    """What the REST layer returns: status, reason, data (bytes) and headers."""

    def __init__(
        self, status: int = 200, body: Any = b"{}", content_type: Optional[str] = "application/scim+json"
    ) -> None:
        self.status = status
        self.reason = "OK"
        self.data = json.dumps(body).encode() if not isinstance(body, bytes) else body
        self.headers: Dict[str, str] = {"Content-Type": content_type} if content_type else {}

    def getheaders(self) -> Dict[str, str]:
        return self.headers

    def getheader(self, name: str, default: Optional[str] = None) -> Optional[str]:
        return self.headers.get(name, default)


class FakeTransport:
    """Stands in for RESTClientObject.request: records each request, answers ``response``."""

    def __init__(self, response: Optional[FakeResponse] = None) -> None:
        self.response = response or FakeResponse()
        self.requests: List[Dict[str, Any]] = []

    def __call__(self, method: str, url: str, **kw: Any) -> FakeResponse:
        self.requests.append(dict(kw, method=method, url=url))
        return self.response


@pytest.fixture
def fake_client(monkeypatch: pytest.MonkeyPatch) -> Any:
    config = Configuration(host="http://scim.test/v2")
    config.access_token = "tok"
    client = ApiClient(config)
    transport = FakeTransport()
    monkeypatch.setattr(client.rest_client, "request", transport)
    client.transport = transport  # type: ignore[attr-defined]
    yield client
    client.close()


# --------------------------------------------------------------------------- lifecycle


def test_context_manager_closes_connections_and_pool(api_client: ApiClient, configuration: Configuration) -> None:
    with ApiClient(configuration) as client:
        api = UserApi(client)
        api.get_users()
        assert len(client.rest_client.pool_manager.pools) == 1
        pending = api.get_users(async_req=True)
        assert client._pool is not None
    assert client._pool is None
    assert pending.ready() and isinstance(pending.get(), UserListResponse)
    assert len(client.rest_client.pool_manager.pools) == 0


def test_leaving_the_block_on_an_error_closes_too(configuration: Configuration) -> None:
    with pytest.raises(RuntimeError):
        with ApiClient(configuration) as client:
            client.pool  # noqa: B018 - creates the pool
            raise RuntimeError("boom")
    assert client._pool is None


def test_async_pool_is_created_lazily(configuration: Configuration) -> None:
    client = ApiClient(configuration, pool_threads=3)
    try:
        assert client._pool is None
        UserApi(client).get_users()  # a synchronous call needs no thread
        assert client._pool is None
        pool = client.pool
        assert client.pool is pool and client._pool is pool
        assert len(pool._pool) == 3  # pool_threads workers
    finally:
        client.close()
    assert client._pool is None
    client.pool  # noqa: B018 - usable again after close: a new pool
    assert client._pool is not None
    client.close()


def test_close_waits_for_pending_async_calls(configuration: Configuration, monkeypatch: pytest.MonkeyPatch) -> None:
    client = ApiClient(configuration, pool_threads=2)
    real_request = client.rest_client.request
    started = threading.Event()

    def slow_request(*args: Any, **kwargs: Any) -> Any:
        started.set()
        time.sleep(0.15)
        return real_request(*args, **kwargs)

    monkeypatch.setattr(client.rest_client, "request", slow_request)
    api = UserApi(client)
    created = api.create_user(UserResource(user_name="async.user"))
    threads = [api.get_user_by_id(created.id, async_req=True) for _ in range(4)]
    assert started.wait(5)
    assert not all(t.ready() for t in threads)  # still running when close() is called
    client.close()
    assert all(t.ready() and t.successful() for t in threads)
    assert [t.get().user_name for t in threads] == ["async.user"] * 4
    assert client._pool is None


def test_async_errors_are_raised_by_get(api_client: ApiClient) -> None:
    thread = UserApi(api_client).get_user_by_id("no-such-user", async_req=True)
    with pytest.raises(pyscim.exceptions.NotFoundException):
        thread.get(timeout=10)


# --------------------------------------------------------------------------- headers


def test_default_headers_user_agent_and_cookie_are_sent(fake_client: ApiClient) -> None:
    assert fake_client.user_agent == "pyscim/2.0.0/python"
    fake_client.user_agent = "my-app/1.0"
    assert fake_client.default_headers["User-Agent"] == "my-app/1.0"
    fake_client.set_default_header("X-Tenant", "acme")
    fake_client.set_default_header("X-Count", 3)
    fake_client.cookie = "session=1"
    UserApi(fake_client).get_users(count=2)
    (sent,) = fake_client.transport.requests
    headers = sent["headers"]
    assert headers["User-Agent"] == "my-app/1.0"
    assert headers["X-Tenant"] == "acme" and headers["X-Count"] == "3"
    assert headers["Cookie"] == "session=1"
    assert headers["Authorization"] == "Bearer tok"
    assert sent["url"] == "http://scim.test/v2/Users" and sent["query_params"] == [("count", "2")]


def test_constructor_header_and_cookie() -> None:
    with ApiClient(Configuration(), header_name="X-Trace", header_value="abc", cookie="c=1") as client:
        assert client.default_headers["X-Trace"] == "abc"
        assert client.cookie == "c=1"
        assert set(client.default_headers) == {"X-Trace", "User-Agent"}


@pytest.mark.parametrize(
    "name,value",
    [("X-A", "ok\r\nX-Injected: 1"), ("X-A", "ok\nmore"), ("X-A", "ok\rmore"), ("X-A\r\nX-B", "v")],
)
def test_cr_or_lf_in_a_default_header_is_refused(name: str, value: str) -> None:
    with ApiClient(Configuration()) as client:
        with pytest.raises(ApiValueError, match="CR or LF"):
            client.set_default_header(name, value)
        assert name not in client.default_headers
        if "\r" in value or "\n" in value:
            with pytest.raises(ApiValueError):
                client.user_agent = value
            assert client.user_agent == "pyscim/2.0.0/python"
    with pytest.raises(ApiValueError):
        ApiClient(Configuration(), header_name=name, header_value=value)


def test_cr_or_lf_in_cookie_or_token_is_refused_before_sending(fake_client: ApiClient) -> None:
    fake_client.cookie = "a=1\r\nX-Injected: 1"
    with pytest.raises(ApiValueError):
        UserApi(fake_client).get_users()
    fake_client.cookie = None
    fake_client.configuration.access_token = "tok\nX-Injected: 1"
    with pytest.raises(ApiValueError):
        UserApi(fake_client).get_users()
    assert fake_client.transport.requests == []


# --------------------------------------------------------------------------- (de)serialization


def test_sanitize_for_serialization() -> None:
    when = datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)
    user = UserResource(user_name="a", name=Name(given_name="g"), emails=[Email(value="e", primary=True)])
    assert ApiClient.sanitize_for_serialization(user) == {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "userName": "a",
        "name": {"givenName": "g"},
        "emails": [{"value": "e", "primary": True}],
    }
    sanitize = ApiClient.sanitize_for_serialization
    assert sanitize([Name(given_name="x"), (1, "y"), None]) == [{"givenName": "x"}, [1, "y"], None]
    assert sanitize({"at": when, "day": datetime.date(2024, 1, 2), "n": Name(family_name="f")}) == {
        "at": "2024-01-02T03:04:05+00:00",
        "day": "2024-01-02",
        "n": {"familyName": "f"},
    }
    assert sanitize(FidoDeviceResource(creation_date=when))["creationDate"] == "2024-01-02T03:04:05+00:00"
    for plain in ("s", 1, 1.5, True, None):
        assert ApiClient.sanitize_for_serialization(plain) == plain


def test_deserialize_a_reply_into_a_model(fake_client: ApiClient) -> None:
    reply = FakeResponse(body={"schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"], "totalResults": 1,
                              "Resources": [{"userName": "a", "emails": [{"value": "e"}]}]})
    page = fake_client.deserialize(reply, (UserListResponse,), True)
    assert isinstance(page, UserListResponse)
    assert page.total_results == 1
    assert isinstance(page.resources[0], UserResource) and page.resources[0].emails[0].value == "e"
    assert isinstance(fake_client.deserialize(reply, UserListResponse, None), UserListResponse)  # class, not tuple
    json_reply = FakeResponse(body={"userName": "b"}, content_type="application/json; charset=utf-8")
    assert fake_client.deserialize(json_reply, (UserResource,), True).user_name == "b"


def test_deserialize_check_type(fake_client: ApiClient) -> None:
    reply = FakeResponse(body={"userName": "a", "active": {"not": "a bool"}})
    checked = fake_client.deserialize(reply, (UserResource,), True)
    with pytest.raises(ApiTypeError, match="active"):
        checked.active
    unchecked = fake_client.deserialize(reply, (UserResource,), False)
    assert unchecked.active == {"not": "a bool"}


@pytest.mark.parametrize(
    "reply,why",
    [
        (FakeResponse(body=b"<html>proxy error</html>", content_type="text/html"), "Content-Type"),
        (FakeResponse(body=b'{"userName": ', content_type="application/scim+json"), "not valid JSON"),
        (FakeResponse(body=[{"userName": "a"}]), "Expected a JSON object"),
    ],
)
def test_deserialize_refuses_what_is_not_a_json_object(fake_client: ApiClient, reply: FakeResponse, why: str) -> None:
    with pytest.raises(ApiResponseError, match=why) as info:
        fake_client.deserialize(reply, (UserResource,), True)
    assert info.value.status == 200
    assert isinstance(info.value, pyscim.ApiException)


def test_call_api_return_forms(fake_client: ApiClient) -> None:
    api = UserApi(fake_client)
    fake_client.transport.response = FakeResponse(201, {"id": "1", "userName": "a"})
    created = api.create_user(UserResource(user_name="a"))
    assert isinstance(created, UserResource) and created.id == "1"
    assert fake_client.last_response is fake_client.transport.response
    sent = fake_client.transport.requests[-1]
    assert json.loads(sent["body"]) == {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "a"}
    data, status, headers = api.get_user_by_id("1", _return_http_data_only=False)
    assert (data.user_name, status, headers["Content-Type"]) == ("a", 201, "application/scim+json")
    raw = api.get_user_by_id("1", _preload_content=False)
    assert raw is fake_client.transport.response
    fake_client.transport.response = FakeResponse(204, b"", content_type=None)
    assert api.delete_user_by_id("1") is None
    assert api.patch_user_by_id("1", {"operations": []}) is None  # a 204 reply to PATCH


# --------------------------------------------------------------------------- paths


@pytest.mark.parametrize(
    "value,segment",
    [
        ("abc-123", "abc-123"),
        ("a b", "a%20b"),
        ("a/b", "a%2Fb"),
        ("../admin", "..%2Fadmin"),
        ("x?filter=1#f", "x%3Ffilter%3D1%23f"),
        ("100%", "100%25"),
        ("é", "%C3%A9"),
        ("...", "..."),
        (42, "42"),
    ],
)
def test_fill_path_percent_encodes_one_segment(value: Any, segment: str) -> None:
    assert ApiClient.fill_path("/Users/{id}", {"id": value}) == "/Users/" + segment


@pytest.mark.parametrize("value", ["", ".", ".."])
def test_fill_path_refuses_values_that_name_no_resource(value: str) -> None:
    with pytest.raises(ApiValueError, match="`id`"):
        ApiClient.fill_path("/Users/{id}", {"id": value})


def test_operations_fill_paths_safely(fake_client: ApiClient) -> None:
    api = UserApi(fake_client)
    api.get_user_by_id("a/../b")
    assert fake_client.transport.requests[-1]["url"] == "http://scim.test/v2/Users/a%2F..%2Fb"
    for bad in ("", ".", ".."):
        with pytest.raises(ApiValueError):
            api.delete_user_by_id(bad)
    assert len(fake_client.transport.requests) == 1  # nothing sent for the refused ids
    # 1.0.0's safe_chars_for_path_param is kept but cannot make an id span segments
    fake_client.configuration.safe_chars_for_path_param = "/"
    api.get_user_by_id("a/b")
    assert fake_client.transport.requests[-1]["url"] == "http://scim.test/v2/Users/a%2Fb"


def test_1_0_0_header_helpers(fake_client: ApiClient) -> None:
    both = ["application/scim+json", "application/json"]
    assert fake_client.select_header_content_type(both) == "application/scim+json"
    assert fake_client.select_header_content_type([]) == "application/scim+json"
    assert fake_client.select_header_accept([]) is None
    assert fake_client.select_header_accept(["application/scim+json"]) == "application/scim+json"
    assert fake_client.parameters_to_tuples({"a": 1, "b": ["x", "y"]}, None) == [("a", 1), ("b", "x,y")]


def test_sanitize_for_serialization_refuses_what_json_cannot_carry() -> None:
    with pytest.raises(ApiValueError, match=r"Unable to prepare type set for serialization \(at `data.tags`\)"):
        ApiClient.sanitize_for_serialization({"data": {"tags": {1, 2}}})
    with pytest.raises(ApiValueError, match="type object"):
        ApiClient.sanitize_for_serialization([object()])
