"""pyscim.bulk.send_bulk against a real SCIM server with small bulk limits."""

from __future__ import annotations

from typing import Iterator

import pytest

import pyscim
from pyscim.api.group_api import GroupApi
from pyscim.api.user_api import UserApi
from pyscim.bulk import BulkLimits, send_bulk
from pyscim.exceptions import ApiException, ApiValueError
from pyscim.model.bulk_operation import BulkOperation
from pyscim.model.user_resource import UserResource
from pyscim.testing import LocalScimServer

pytestmark = pytest.mark.timeout(60)

USER = "urn:ietf:params:scim:schemas:core:2.0:User"
GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group"


@pytest.fixture(scope="module")
def limited_server() -> Iterator[LocalScimServer]:
    """A server that takes at most 3 operations and 2000 bytes per bulk request."""
    overrides = {"bulk": {"supported": True, "maxOperations": 3, "maxPayloadSize": 2000}}
    with LocalScimServer(token="bulk-token", config_overrides=overrides) as server:
        yield server


@pytest.fixture
def client(limited_server: LocalScimServer) -> Iterator[pyscim.ApiClient]:
    config = pyscim.Configuration(host=limited_server.url)
    config.access_token = limited_server.token
    with pyscim.ApiClient(config) as api_client:
        yield api_client


def new_user(bulk_id: str, user_name: str) -> BulkOperation:
    return BulkOperation(
        method="POST", path="/Users", bulk_id=bulk_id, data={"schemas": [USER], "userName": user_name}
    )


def test_splits_by_the_servers_limits_and_resolves_references_across_requests(
    client: pyscim.ApiClient,
) -> None:
    users = [new_user("u%d" % i, "split.user%d" % i) for i in range(7)]
    group = BulkOperation(
        method="POST",
        path="/Groups",
        bulk_id="g",
        data={"schemas": [GROUP], "displayName": "split", "members": [{"value": "bulkId:" + op.bulk_id} for op in users]},
    )
    result = send_bulk(client, users + [group])

    assert BulkLimits.discover(client) == BulkLimits(3, 2000)
    assert result.requests == 3  # 3 + 3 + 2 operations
    assert len(result) == 8 and result.ok
    assert [o.status for o in result] == ["201"] * 8
    assert [o.operation.bulk_id for o in result] == ["u%d" % i for i in range(7)] + ["g"]
    members = GroupApi(client).get_group_by_id(result[7].id).members
    assert sorted(m.value for m in members) == sorted(o.id for o in result[:7])
    for outcome in result[:7]:
        assert UserApi(client).get_user_by_id(outcome.id).user_name == outcome.operation.data["userName"]


def test_every_operation_is_accounted_for_when_the_server_stops_early(client: pyscim.ApiClient) -> None:
    UserApi(client).create_user(UserResource(user_name="stop.taken"))
    ops = [new_user("s0", "stop.ok0"), new_user("s1", "stop.taken"), new_user("s2", "stop.never"),
           new_user("s3", "stop.never2")]
    result = send_bulk(client, ops, fail_on_errors=1)

    assert len(result) == 4
    assert result[0].status == "201" and result[0].ok
    assert result[1].status == "409" and result[1].response["scimType"] == "uniqueness"
    assert result[2].status is None and result[2].attempted  # the server stopped before it
    assert result[3].status is None and not result[3].attempted  # never sent
    assert [o.index for o in result.not_done] == [2, 3]
    assert [o.index for o in result.failed] == [1]
    with pytest.raises(ApiException, match="3 of 4 bulk operations did not succeed"):
        result.raise_for_errors()
    assert UserApi(client).get_users(filter='userName sw "stop.never"').total_results == 0


def test_refuses_what_cannot_be_split(client: pyscim.ApiClient) -> None:
    huge = BulkOperation(method="POST", path="/Users", bulk_id="big",
                         data={"schemas": [USER], "userName": "x" * 3000})
    with pytest.raises(ApiValueError, match="#1 alone is .* over the server's maxPayloadSize of 2000"):
        send_bulk(client, [new_user("a", "ref.a"), huge])
    forward = BulkOperation(method="POST", path="/Groups", bulk_id="fg",
                            data={"schemas": [GROUP], "displayName": "fw", "members": [{"value": "bulkId:late"}]})
    ops = [forward, new_user("f1", "fw.1"), new_user("f2", "fw.2"), new_user("late", "fw.late")]
    with pytest.raises(ApiValueError, match="bulkId 'late' of an operation that goes in a later request"):
        send_bulk(client, ops)


def test_a_request_that_fails_is_recorded_on_its_operations(client: pyscim.ApiClient) -> None:
    ops = [new_user("e%d" % i, "err.%d" % i) for i in range(4)]
    result = send_bulk(client, ops, limits=BulkLimits(max_operations=10))  # the server allows 3: 413
    assert result.requests == 1
    assert all(o.status is None and o.attempted for o in result)
    assert all(isinstance(o.error, ApiException) and o.error.status == 413 for o in result)
