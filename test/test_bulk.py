"""DefaultApi.bulk_post end to end against a real SCIM server (scim2-server, RFC 7644 §3.7)."""

from __future__ import annotations

import pytest
import urllib3

import pyscim
from pyscim.api.default_api import DefaultApi
from pyscim.api.group_api import GroupApi
from pyscim.api.user_api import UserApi
from pyscim.exceptions import ApiTypeError, ApiValueError, UnauthorizedException
from pyscim.model.bulk_data import BulkData
from pyscim.model.bulk_operation import BulkOperation
from pyscim.model.bulk_request import BulkRequest
from pyscim.model.user_resource import UserResource

pytestmark = pytest.mark.timeout(60)

USER = "urn:ietf:params:scim:schemas:core:2.0:User"
GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group"
BULK_REQUEST = "urn:ietf:params:scim:api:messages:2.0:BulkRequest"


def user_op(bulk_id: str, user_name: str, **extra: object) -> BulkOperation:
    data = {"schemas": [USER], "userName": user_name, **extra}
    return BulkOperation(method="POST", path="/Users", bulk_id=bulk_id, data=data)


def test_bulk_creates_users_and_a_group_referencing_them_by_bulk_id(api_client: pyscim.ApiClient) -> None:
    request = BulkRequest(
        schemas=[BULK_REQUEST],
        operations=[
            user_op("u1", "bulk.alice", name={"givenName": "Alice"}),
            user_op("u2", "bulk.bob"),
            BulkOperation(
                method="POST",
                path="/Groups",
                bulk_id="g1",
                data={
                    "schemas": [GROUP],
                    "displayName": "bulk team",
                    "members": [{"value": "bulkId:u1"}, {"value": "bulkId:u2"}],
                },
            ),
        ],
    )
    reply = DefaultApi(api_client).bulk_post(request)

    assert isinstance(reply, BulkData)
    assert [op.bulk_id for op in reply.operations] == ["u1", "u2", "g1"]
    assert all(isinstance(op, BulkOperation) for op in reply.operations)
    assert [op.status for op in reply.operations] == ["201", "201", "201"]
    ids = {op.bulk_id: op.location.rstrip("/").rsplit("/", 1)[-1] for op in reply.operations}

    # Checked on the server: the users exist and the group's members are their ids.
    users = UserApi(api_client)
    assert users.get_user_by_id(ids["u1"]).user_name == "bulk.alice"
    assert users.get_user_by_id(ids["u1"]).name.given_name == "Alice"
    assert users.get_user_by_id(ids["u2"]).user_name == "bulk.bob"
    group = GroupApi(api_client).get_group_by_id(ids["g1"])
    assert group.display_name == "bulk team"
    assert sorted(m.value for m in group.members) == sorted([ids["u1"], ids["u2"]])


def test_bulk_sends_scim_json_and_the_bearer_token(
    api_client: pyscim.ApiClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    sent = []
    manager = api_client.rest_client.pool_manager
    real_request = manager.request

    def spy(method, url, **kw):  # type: ignore[no-untyped-def]
        sent.append((method, url, dict(kw.get("headers") or {})))
        return real_request(method, url, **kw)

    monkeypatch.setattr(manager, "request", spy)
    DefaultApi(api_client).bulk_post(BulkRequest(operations=[user_op("h1", "bulk.headers")]))

    method, url, headers = sent[-1]
    assert method == "POST"
    assert url == api_client.configuration.host + "/Bulk"
    assert headers["Content-Type"] == "application/scim+json"
    assert headers["Accept"].split(",")[0].strip() == "application/scim+json"
    assert headers["Authorization"] == "Bearer " + api_client.configuration.access_token


def test_mixed_post_put_patch_delete_in_one_bulk(api_client: pyscim.ApiClient) -> None:
    users = UserApi(api_client)
    keep = users.create_user(UserResource(user_name="mixed.keep", display_name="Before"))
    patch_me = users.create_user(UserResource(user_name="mixed.patch"))
    drop = users.create_user(UserResource(user_name="mixed.drop"))

    reply = DefaultApi(api_client).bulk_post(
        BulkRequest(
            operations=[
                user_op("n1", "mixed.new"),
                BulkOperation(
                    method="PUT",
                    path="/Users/" + keep.id,
                    data={"schemas": [USER], "userName": "mixed.keep", "displayName": "After"},
                ),
                BulkOperation(
                    method="PATCH",
                    path="/Users/" + patch_me.id,
                    data={
                        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                        "Operations": [{"op": "replace", "path": "nickName", "value": "patched"}],
                    },
                ),
                BulkOperation(method="DELETE", path="/Users/" + drop.id),
            ]
        )
    )

    assert [op.method for op in reply.operations] == ["POST", "PUT", "PATCH", "DELETE"]
    statuses = [op.status for op in reply.operations]
    assert statuses[0] == "201" and statuses[1] == "200" and statuses[3] == "204"
    assert statuses[2] in ("200", "204")
    assert users.get_user_by_id(keep.id).display_name == "After"
    assert users.get_user_by_id(patch_me.id).nick_name == "patched"
    with pytest.raises(pyscim.exceptions.NotFoundException):
        users.get_user_by_id(drop.id)
    created = users.get_users(filter='userName eq "mixed.new"')
    assert created.total_results == 1


def test_an_operation_failing_on_the_server_reports_its_scim_error(api_client: pyscim.ApiClient) -> None:
    UserApi(api_client).create_user(UserResource(user_name="dup.one"))
    reply = DefaultApi(api_client).bulk_post(
        BulkRequest(operations=[user_op("d1", "dup.one"), user_op("d2", "dup.two")])
    )
    failed, ok = reply.operations
    assert failed.status == "409"
    assert failed.response["scimType"] == "uniqueness"
    assert failed.response["status"] in ("409", 409)
    assert ok.status == "201"


def test_fail_on_errors_stops_the_bulk(api_client: pyscim.ApiClient) -> None:
    UserApi(api_client).create_user(UserResource(user_name="foe.taken"))
    reply = DefaultApi(api_client).bulk_post(
        BulkRequest(
            fail_on_errors=1,
            operations=[user_op("f1", "foe.taken"), user_op("f2", "foe.never")],
        )
    )
    assert [op.status for op in reply.operations] == ["409"]
    assert UserApi(api_client).get_users(filter='userName eq "foe.never"').total_results == 0


def test_a_wrong_token_raises_unauthorized(configuration: pyscim.Configuration) -> None:
    configuration.access_token = "not-the-token"
    with pyscim.ApiClient(configuration) as client:
        with pytest.raises(UnauthorizedException) as caught:
            DefaultApi(client).bulk_post(BulkRequest(operations=[user_op("x", "nobody")]))
    assert caught.value.status == 401
    assert "not-the-token" not in str(caught.value)


def test_return_http_data_only_false_gives_data_status_and_headers(api_client: pyscim.ApiClient) -> None:
    data, status, headers = DefaultApi(api_client).bulk_post(
        BulkRequest(operations=[user_op("k1", "kw.info")]), _return_http_data_only=False
    )
    assert isinstance(data, BulkData)
    assert status == 200
    assert headers["Content-Type"].startswith("application/scim+json")


def test_preload_content_false_gives_the_raw_urllib3_response(api_client: pyscim.ApiClient) -> None:
    raw = DefaultApi(api_client).bulk_post(
        BulkRequest(operations=[user_op("k2", "kw.raw")]), _preload_content=False
    )
    try:
        assert isinstance(raw, urllib3.response.HTTPResponse)
        assert raw.status == 200
        assert b'"bulkId"' in raw.read()
    finally:
        raw.release_conn()


def test_async_req_returns_an_object_with_get(api_client: pyscim.ApiClient) -> None:
    thread = DefaultApi(api_client).bulk_post(
        BulkRequest(operations=[user_op("a1", "kw.async")]), async_req=True
    )
    reply = thread.get(timeout=30)
    assert reply.operations[0].status == "201"


def test_request_timeout_as_a_number_and_as_a_pair(api_client: pyscim.ApiClient) -> None:
    api = DefaultApi(api_client)
    assert api.bulk_post(BulkRequest(operations=[user_op("t1", "kw.t1")]), _request_timeout=20).operations
    assert api.bulk_post(
        BulkRequest(operations=[user_op("t2", "kw.t2")]), _request_timeout=(5, 20)
    ).operations


def test_check_input_type(api_client: pyscim.ApiClient) -> None:
    api = DefaultApi(api_client)
    with pytest.raises(ApiTypeError, match="request"):
        api.bulk_post(["not", "a", "bulk", "request"])
    # A dict body is taken as the BulkRequest it describes (JSON or Python names).
    reply = api.bulk_post({"Operations": [user_op("c1", "kw.dict").to_json()]})
    assert reply.operations[0].status == "201"
    # Unchecked, the body goes out as given.
    reply = api.bulk_post(
        BulkRequest(operations=[user_op("c2", "kw.unchecked")]), _check_input_type=False
    )
    assert reply.operations[0].status == "201"


def test_check_return_type_false_keeps_what_the_server_sent(api_client: pyscim.ApiClient) -> None:
    reply = DefaultApi(api_client).bulk_post(
        BulkRequest(operations=[user_op("r1", "kw.ret")]), _check_return_type=False
    )
    assert reply.operations[0].status == "201"


def test_host_index_selects_a_server_of_the_spec(
    api_client: pyscim.ApiClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = api_client.configuration
    local = config.host
    monkeypatch.setattr(
        config, "get_host_settings", lambda: [{"url": local, "description": "local"}]
    )
    reply = DefaultApi(api_client).bulk_post(
        BulkRequest(operations=[user_op("h0", "kw.host")]), _host_index=0
    )
    assert reply.operations[0].status == "201"
    with pytest.raises(ApiValueError, match="Invalid index"):
        DefaultApi(api_client).bulk_post(BulkRequest(operations=[]), _host_index=5)


def test_unexpected_and_missing_parameters(api_client: pyscim.ApiClient) -> None:
    api = DefaultApi(api_client)
    with pytest.raises(ApiTypeError, match="unexpected parameter 'bogus'"):
        api.bulk_post(BulkRequest(operations=[]), bogus=1)
    with pytest.raises(ApiValueError, match="Missing the required parameter `request`"):
        api.bulk_post()
    with pytest.raises(ApiTypeError, match=r"operations\[1\]\.bulk_id"):
        BulkRequest(operations=[user_op("ok", "x"), {"method": "POST", "bulkId": 7}])
