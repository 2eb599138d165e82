"""FidoDevicesApi end to end against a real SCIM server configured like Janssen (scim2-server).

The Janssen API has no operation that creates a device: they are seeded with a raw POST to
/FidoDevices through ``ApiClient.call_api``. Then the five operations: list (with userId,
filter, paging, sorting), get by id (with userId), update (PUT, body parameter
``fido_device_resource`` as in 1.0.0), delete and search. scim2-server ignores the
``userId`` query parameter: the tests check it is on the wire, and filter with
``userId eq "..."`` to check real filtering.
"""

from __future__ import annotations

import copy
import json
import secrets
from datetime import datetime, timezone
from typing import Any, Dict, List

import pytest
from support import FIDO, LIST_RESPONSE, Sent, check_operations_exercised, post_resource

import pyscim
from pyscim.api.fido_devices_api import FidoDevicesApi
from pyscim.exceptions import (
    ApiValueError,
    BadRequestException,
    NotFoundException,
)
from pyscim.model.fido_device_resource import FidoDeviceResource
from pyscim.model.fido_list_response import FidoListResponse
from pyscim.model.meta import Meta
from pyscim.model.search_request import SearchRequest
from pyscim.testing import LocalScimServer

pytestmark = pytest.mark.timeout(60)

#: The API classes whose every operation this module must exercise (see the last test).
EXERCISES = (FidoDevicesApi,)


# --------------------------------------------------------------------------- helpers


def device_data(user_id: str, n: int) -> Dict[str, Any]:
    """Every attribute the Janssen FidoDevice schema declares."""
    return {
        "schemas": [FIDO],
        "userId": user_id,
        "creationDate": "2024-01-02T03:04:05Z",
        "application": f"https://app{n}.example",
        "counter": n,
        "deviceData": json.dumps({"name": f"key {n}", "os": "linux"}),
        "deviceHashCode": 1000 + n,
        "deviceKeyHandle": f"handle-{n}",
        "deviceRegistrationConf": json.dumps({"publicKey": f"pk{n}"}),
        "lastAccessTime": "2024-02-03T04:05:06Z",
        "status": "active",
        "displayName": f"{user_id} key {n}",
        "description": f"device {n}",
    }


def seed(client: pyscim.ApiClient, data: Dict[str, Any]) -> FidoDeviceResource:
    """Create a device with a raw POST: the Janssen API has no create operation."""
    return post_resource(client, "/FidoDevices", data, FidoDeviceResource)


@pytest.fixture(scope="module")
def owners() -> Dict[str, str]:
    return {"alice": "alice-" + secrets.token_hex(4), "bob": "bob-" + secrets.token_hex(4)}


@pytest.fixture(scope="module")
def seeded(module_client: pyscim.ApiClient, owners: Dict[str, str]) -> Dict[str, FidoDeviceResource]:
    """Three devices, created once for the module: alice has two, bob one."""
    return {
        "a1": seed(module_client, device_data(owners["alice"], 1)),
        "a2": seed(module_client, device_data(owners["alice"], 2)),
        "b3": seed(module_client, device_data(owners["bob"], 3)),
    }


@pytest.fixture
def fido(api_client: pyscim.ApiClient) -> FidoDevicesApi:
    return FidoDevicesApi(api_client)


def check_device(device: Any, data: Dict[str, Any], scim_server: LocalScimServer) -> None:
    """Every attribute of a device, typed as the spec declares it."""
    assert type(device) is FidoDeviceResource
    assert device.schemas == [FIDO]
    assert isinstance(device.id, str) and device.id
    assert device.user_id == data["userId"]
    assert device.creation_date == datetime(2024, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
    assert device.last_access_time == datetime(2024, 2, 3, 4, 5, 6, tzinfo=timezone.utc)
    assert device.application == data["application"]
    assert device.counter == data["counter"] and type(device.counter) is int
    assert device.device_hash_code == data["deviceHashCode"] and type(device.device_hash_code) is int
    assert device.device_data == data["deviceData"] and json.loads(device.device_data)["os"] == "linux"
    assert device.device_key_handle == data["deviceKeyHandle"]
    assert device.device_registration_conf == data["deviceRegistrationConf"]
    assert (device.status, device.display_name, device.description) == (
        data["status"],
        data["displayName"],
        data["description"],
    )
    assert isinstance(device.meta, Meta)
    assert device.meta.resource_type == "FidoDevice"
    assert device.meta.location == f"{scim_server.url}/FidoDevices/{device.id}"


# --------------------------------------------------------------------------- tests


def test_get_fido_device_by_id_returns_every_attribute_typed(
    fido: FidoDevicesApi, seeded: Dict[str, FidoDeviceResource], owners: Dict[str, str],
    scim_server: LocalScimServer, wire: List[Sent],
) -> None:
    device = fido.get_fido_device_by_id(seeded["a1"].id, user_id=owners["alice"])
    assert wire[-1].query == [("userId", owners["alice"])]
    assert wire[-1].path.endswith("/FidoDevices/" + seeded["a1"].id)
    check_device(device, device_data(owners["alice"], 1), scim_server)
    assert device == seeded["a1"]

    as_dict = device.to_dict()
    assert type(as_dict["counter"]) is int and type(as_dict["device_hash_code"]) is int
    assert as_dict["creation_date"] == datetime(2024, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
    as_json = device.to_json()
    assert as_json["deviceKeyHandle"] == "handle-1"
    assert datetime.fromisoformat(as_json["creationDate"]) == device.creation_date
    json.dumps(as_json)

    only = fido.get_fido_device_by_id(seeded["a1"].id, attributes="counter,displayName", user_id=owners["alice"])
    assert wire[-1].query == [("attributes", "counter,displayName"), ("userId", owners["alice"])]
    assert set(only.to_json()) == {"schemas", "id", "counter", "displayName"}
    assert only.counter == 1
    without = fido.get_fido_device_by_id(seeded["a1"].id, excluded_attributes="deviceData,meta")
    assert wire[-1].query == [("excludedAttributes", "deviceData,meta")]
    assert "deviceData" not in without and "meta" not in without and without.device_key_handle == "handle-1"


def test_get_fido_devices_sends_user_id_and_filters_pages_and_sorts(
    fido: FidoDevicesApi, seeded: Dict[str, FidoDeviceResource], owners: Dict[str, str], wire: List[Sent]
) -> None:
    alice = owners["alice"]
    page = fido.get_fido_devices(user_id=alice)
    assert wire[-1].query == [("userId", alice)]
    assert isinstance(page, FidoListResponse)
    assert page.schemas == [LIST_RESPONSE]
    assert all(type(d) is FidoDeviceResource for d in page.resources)
    # scim2-server ignores userId: every device comes back, the seeded ones among them.
    assert {d.id for d in seeded.values()} <= {d.id for d in page.resources}

    mine = fido.get_fido_devices(
        user_id=alice, filter=f'userId eq "{alice}"', sort_by="counter", sort_order="descending"
    )
    assert wire[-1].query == [
        ("userId", alice),
        ("filter", f'userId eq "{alice}"'),
        ("sortBy", "counter"),
        ("sortOrder", "descending"),
    ]
    assert (mine.total_results, mine.start_index, mine.items_per_page) == (2, 1, 2)
    assert all(type(v) is int for v in (mine.total_results, mine.start_index, mine.items_per_page))
    assert [d.id for d in mine.resources] == [seeded["a2"].id, seeded["a1"].id]
    assert [d.counter for d in mine.resources] == [2, 1]
    assert mine.to_dict()["resources"][0]["device_hash_code"] == 1002

    second = fido.get_fido_devices(
        filter=f'userId eq "{alice}"', sort_by="counter", start_index=2, count=1, attributes="counter"
    )
    assert wire[-1].query == [
        ("attributes", "counter"),
        ("filter", f'userId eq "{alice}"'),
        ("startIndex", "2"),
        ("count", "1"),
        ("sortBy", "counter"),
    ]
    assert (second.total_results, second.start_index, second.items_per_page) == (2, 2, 1)
    assert [d.to_json() for d in second.resources] == [{"schemas": [FIDO], "id": seeded["a2"].id, "counter": 2}]

    bob = fido.get_fido_devices(filter=f'userId eq "{owners["bob"]}"', excluded_attributes="meta")
    assert wire[-1].query[0] == ("excludedAttributes", "meta")
    assert [d.id for d in bob.resources] == [seeded["b3"].id] and "meta" not in bob.resources[0]
    assert not [s.url for s in wire if "user_id" in s.url or "start_index" in s.url or "sort_by" in s.url]


def test_search_fido_device_posts_the_search_request_with_user_id(
    fido: FidoDevicesApi, seeded: Dict[str, FidoDeviceResource], owners: Dict[str, str], wire: List[Sent]
) -> None:
    alice = owners["alice"]
    found = fido.search_fido_device(
        SearchRequest(filter=f'userId eq "{alice}" and counter gt 1', attributes=["counter", "userId"]),
        user_id=alice,
    )
    sent = wire[-1]
    assert (sent.method, sent.query) == ("POST", [("userId", alice)])
    assert sent.path.endswith("/FidoDevices/.search")
    assert json.loads(sent.body) == {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],
        "filter": f'userId eq "{alice}" and counter gt 1',
        "attributes": ["counter", "userId"],
    }
    assert isinstance(found, FidoListResponse)
    assert found.total_results == 1 and type(found.total_results) is int
    assert [d.to_json() for d in found.resources] == [
        {"schemas": [FIDO], "id": seeded["a2"].id, "userId": alice, "counter": 2}
    ]

    everything = fido.search_fido_device(
        SearchRequest(filter='deviceKeyHandle sw "handle-"', sort_by="deviceHashCode", sort_order="descending", count=2)
    )
    assert wire[-1].query == []
    assert everything.items_per_page == 2 and everything.total_results >= 3
    assert [d.device_hash_code for d in everything.resources] == sorted(
        (d.device_hash_code for d in everything.resources), reverse=True
    )


def test_update_fido_device_by_id_replaces_the_mutable_attributes(
    api_client: pyscim.ApiClient, fido: FidoDevicesApi, owners: Dict[str, str],
    scim_server: LocalScimServer, wire: List[Sent],
) -> None:
    data = device_data(owners["bob"], 7)
    device = seed(api_client, data)

    updated = fido.update_fido_device_by_id(device.id, fido_device_resource=FidoDeviceResource(display_name="renamed"))
    assert wire[-1].method == "PUT" and json.loads(wire[-1].body) == {"schemas": [FIDO], "displayName": "renamed"}
    assert type(updated) is FidoDeviceResource
    assert updated.display_name == "renamed"
    # PUT replaces: the immutable attributes are kept, the omitted mutable ones dropped.
    assert "status" not in updated and "description" not in updated
    assert (updated.user_id, updated.counter, updated.device_key_handle) == (data["userId"], 7, "handle-7")
    assert updated.creation_date == device.creation_date
    assert updated.meta.created == device.meta.created and updated.meta.version != device.meta.version
    assert fido.get_fido_device_by_id(device.id) == updated

    # The fetched device, modified, goes back whole (datetimes re-serialized) with attributes=.
    fetched = fido.get_fido_device_by_id(device.id)
    fetched.status = "compromised"
    fetched.description = "lost"
    reply = fido.update_fido_device_by_id(device.id, fetched, attributes="status,description,counter")
    assert wire[-1].query == [("attributes", "status,description,counter")]
    assert reply.to_json() == {
        "schemas": [FIDO], "id": device.id, "status": "compromised", "description": "lost", "counter": 7
    }
    reply = fido.update_fido_device_by_id(device.id, fetched, excluded_attributes="meta")
    assert "meta" not in reply and reply.status == "compromised"

    with pytest.raises(BadRequestException) as caught:
        fido.update_fido_device_by_id(device.id, FidoDeviceResource(counter=99))
    assert caught.value.scim_type == "mutability"
    assert fido.get_fido_device_by_id(device.id).counter == 7


def test_delete_fido_device_by_id(api_client: pyscim.ApiClient, fido: FidoDevicesApi, owners: Dict[str, str]) -> None:
    device = seed(api_client, device_data(owners["bob"], 8))
    data, status, _ = fido.delete_fido_device_by_id(device.id, _return_http_data_only=False)
    assert (data, status) == (None, 204)
    with pytest.raises(NotFoundException):
        fido.get_fido_device_by_id(device.id)
    with pytest.raises(NotFoundException):
        fido.delete_fido_device_by_id(device.id)
    assert fido.get_fido_devices(filter=f'id eq "{device.id}"').total_results == 0


def test_device_ids_are_percent_encoded(
    fido: FidoDevicesApi, seeded: Dict[str, FidoDeviceResource], wire: List[Sent]
) -> None:
    with pytest.raises(NotFoundException):
        fido.get_fido_device_by_id(f"../Fido2Devices/{seeded['a1'].id}")
    assert wire[-1].path.endswith(f"/FidoDevices/..%2FFido2Devices%2F{seeded['a1'].id}")
    with pytest.raises(NotFoundException):
        fido.delete_fido_device_by_id(f"{seeded['a1'].id}?userId=x")
    assert fido.get_fido_device_by_id(seeded["a1"].id).id == seeded["a1"].id  # still there
    before = len(wire)
    for bad in ("", ".", ".."):
        with pytest.raises(ApiValueError):
            fido.update_fido_device_by_id(bad, FidoDeviceResource(display_name="x"))
    assert len(wire) == before


def test_equality_does_not_depend_on_which_attributes_were_read(
    fido: FidoDevicesApi, seeded: Dict[str, FidoDeviceResource]
) -> None:
    """A date-time read is stored back typed; the server sent "...Z": still the same device."""
    one = fido.get_fido_device_by_id(seeded["a1"].id)
    two = fido.get_fido_device_by_id(seeded["a1"].id)
    assert one == two
    assert one.creation_date.tzinfo is not None and one.last_access_time.year == 2024  # typed on read
    assert one == two and two == one and not one != two  # noqa: SIM202 (__ne__ too)
    two.status = "other"
    assert one != two


def test_copies_of_devices(fido: FidoDevicesApi, seeded: Dict[str, FidoDeviceResource]) -> None:
    device = fido.get_fido_device_by_id(seeded["b3"].id)
    deep = copy.deepcopy(device)
    deep.display_name = "copy"
    deep.meta.location = "elsewhere"
    assert device.display_name != "copy" and device.meta.location.endswith(device.id)
    assert copy.copy(device) == device and deep.creation_date == device.creation_date


# --------------------------------------------------------------------------- coverage


def test_every_operation_of_this_module_was_exercised(request: pytest.FixtureRequest) -> None:
    """The last test of the module: every operation of EXERCISES reached the server (skips under -k)."""
    check_operations_exercised(request, EXERCISES)
