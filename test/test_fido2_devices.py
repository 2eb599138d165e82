"""Fido2DevicesApi end to end against a real SCIM server configured like Janssen (scim2-server).

The ground test_fido_devices.py covers for FIDO devices, for FIDO 2 ones (/Fido2Devices) with
their own data and cases: they are seeded by a raw POST (the Janssen API has no create
operation), then listed, fetched, updated (PUT, whose body parameter keeps 1.0.0's name
``fido_device_resource``), deleted and searched. ``userId`` is checked on the wire only
(scim2-server ignores it); real filtering goes through ``userId eq "..."``.
"""

from __future__ import annotations

import copy
import json
import secrets
from datetime import datetime, timezone
from typing import Any, Dict, List

import pytest
from support import (
    FIDO2,
    LIST_RESPONSE,
    Sent,
    check_operations_exercised,
    post_resource,
)

import pyscim
from pyscim.api.fido2_devices_api import Fido2DevicesApi
from pyscim.exceptions import (
    ApiTypeError,
    ApiValueError,
    BadRequestException,
    NotFoundException,
)
from pyscim.model.fido2_device_resource import Fido2DeviceResource
from pyscim.model.fido2_list_response import Fido2ListResponse
from pyscim.model.meta import Meta
from pyscim.model.search_request import SearchRequest
from pyscim.testing import LocalScimServer

pytestmark = pytest.mark.timeout(60)

#: The API classes whose every operation this module must exercise (see the last test).
EXERCISES = (Fido2DevicesApi,)


# --------------------------------------------------------------------------- helpers


def device_data(user_id: str, n: int) -> Dict[str, Any]:
    """Every attribute the Janssen Fido2Device schema declares."""
    return {
        "schemas": [FIDO2],
        "userId": user_id,
        "creationDate": f"2024-03-0{n}T10:20:30Z",
        "counter": 10 * n,
        "status": "registered",
        "displayName": f"{user_id} passkey {n}",
    }


def seed(client: pyscim.ApiClient, data: Dict[str, Any]) -> Fido2DeviceResource:
    """Create a device with a raw POST: the Janssen API has no create operation."""
    return post_resource(client, "/Fido2Devices", data, Fido2DeviceResource)


@pytest.fixture(scope="module")
def owners() -> Dict[str, str]:
    return {"carol": "carol-" + secrets.token_hex(4), "dave": "dave-" + secrets.token_hex(4)}


@pytest.fixture(scope="module")
def seeded(module_client: pyscim.ApiClient, owners: Dict[str, str]) -> Dict[str, Fido2DeviceResource]:
    """Three devices, created once for the module: carol has two, dave one."""
    return {
        "c1": seed(module_client, device_data(owners["carol"], 1)),
        "c2": seed(module_client, device_data(owners["carol"], 2)),
        "d3": seed(module_client, device_data(owners["dave"], 3)),
    }


@pytest.fixture
def fido2(api_client: pyscim.ApiClient) -> Fido2DevicesApi:
    return Fido2DevicesApi(api_client)


# --------------------------------------------------------------------------- tests


def test_get_fido2_device_by_id_returns_every_attribute_typed(
    fido2: Fido2DevicesApi, seeded: Dict[str, Fido2DeviceResource], owners: Dict[str, str],
    scim_server: LocalScimServer, wire: List[Sent],
) -> None:
    carol = owners["carol"]
    device = fido2.get_fido2_device_by_id(seeded["c1"].id, user_id=carol)
    assert wire[-1].query == [("userId", carol)]
    assert wire[-1].path.endswith("/Fido2Devices/" + seeded["c1"].id)

    assert type(device) is Fido2DeviceResource
    assert device.schemas == [FIDO2]
    assert device.id == seeded["c1"].id
    assert device.user_id == carol
    assert device.creation_date == datetime(2024, 3, 1, 10, 20, 30, tzinfo=timezone.utc)
    assert device.counter == 10 and type(device.counter) is int
    assert (device.status, device.display_name) == ("registered", f"{carol} passkey 1")
    assert isinstance(device.meta, Meta)
    assert device.meta.resource_type == "Fido2Device"
    assert device.meta.location == f"{scim_server.url}/Fido2Devices/{device.id}"
    assert device == seeded["c1"]
    as_dict = device.to_dict()
    assert type(as_dict["counter"]) is int and as_dict["user_id"] == carol
    assert as_dict["meta"]["resource_type"] == "Fido2Device"
    json.dumps(device.to_json())

    only = fido2.get_fido2_device_by_id(seeded["c1"].id, attributes="counter", user_id=carol)
    assert wire[-1].query == [("attributes", "counter"), ("userId", carol)]
    assert only.to_json() == {"schemas": [FIDO2], "id": seeded["c1"].id, "counter": 10}
    without = fido2.get_fido2_device_by_id(seeded["c1"].id, excluded_attributes="meta,status")
    assert wire[-1].query == [("excludedAttributes", "meta,status")]
    assert "meta" not in without and "status" not in without and without.counter == 10


def test_get_fido2_devices_sends_user_id_and_filters_pages_and_sorts(
    fido2: Fido2DevicesApi, seeded: Dict[str, Fido2DeviceResource], owners: Dict[str, str], wire: List[Sent]
) -> None:
    carol = owners["carol"]
    page = fido2.get_fido2_devices(user_id=carol)
    assert wire[-1].query == [("userId", carol)]
    assert isinstance(page, Fido2ListResponse)
    assert page.schemas == [LIST_RESPONSE]
    assert all(type(d) is Fido2DeviceResource for d in page.resources)
    # scim2-server ignores userId: every device comes back, the seeded ones among them.
    assert {d.id for d in seeded.values()} <= {d.id for d in page.resources}

    mine = fido2.get_fido2_devices(
        user_id=carol, filter=f'userId eq "{carol}"', sort_by="creationDate", sort_order="descending"
    )
    assert wire[-1].query == [
        ("userId", carol),
        ("filter", f'userId eq "{carol}"'),
        ("sortBy", "creationDate"),
        ("sortOrder", "descending"),
    ]
    assert (mine.total_results, mine.start_index, mine.items_per_page) == (2, 1, 2)
    assert all(type(v) is int for v in (mine.total_results, mine.start_index, mine.items_per_page))
    assert [d.id for d in mine.resources] == [seeded["c2"].id, seeded["c1"].id]
    assert [d.creation_date.day for d in mine.resources] == [2, 1]

    second = fido2.get_fido2_devices(
        filter=f'userId eq "{carol}"', sort_by="counter", sort_order="ascending", start_index=2, count=1,
        attributes="counter",
    )
    assert wire[-1].query == [
        ("attributes", "counter"),
        ("filter", f'userId eq "{carol}"'),
        ("startIndex", "2"),
        ("count", "1"),
        ("sortBy", "counter"),
        ("sortOrder", "ascending"),
    ]
    assert (second.total_results, second.start_index, second.items_per_page) == (2, 2, 1)
    assert [d.to_json() for d in second.resources] == [{"schemas": [FIDO2], "id": seeded["c2"].id, "counter": 20}]

    dave = fido2.get_fido2_devices(filter=f'userId eq "{owners["dave"]}" and counter ge 30', excluded_attributes="meta")
    assert wire[-1].query[0] == ("excludedAttributes", "meta")
    assert [d.id for d in dave.resources] == [seeded["d3"].id] and "meta" not in dave.resources[0]
    assert dave.to_dict()["total_results"] == 1 and type(dave.to_dict()["total_results"]) is int


def test_search_fido2_device_posts_the_search_request_with_user_id(
    fido2: Fido2DevicesApi, seeded: Dict[str, Fido2DeviceResource], owners: Dict[str, str], wire: List[Sent]
) -> None:
    dave = owners["dave"]
    found = fido2.search_fido2_device(
        SearchRequest(filter=f'userId eq "{dave}"', excluded_attributes=["meta"]), user_id=dave
    )
    sent = wire[-1]
    assert (sent.method, sent.query) == ("POST", [("userId", dave)])
    assert sent.path.endswith("/Fido2Devices/.search")
    assert json.loads(sent.body) == {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],
        "filter": f'userId eq "{dave}"',
        "excludedAttributes": ["meta"],
    }
    assert isinstance(found, Fido2ListResponse)
    assert found.total_results == 1
    device = found.resources[0]
    assert type(device) is Fido2DeviceResource and "meta" not in device
    assert (device.id, device.user_id, device.counter) == (seeded["d3"].id, dave, 30)
    assert device.creation_date == datetime(2024, 3, 3, 10, 20, 30, tzinfo=timezone.utc)

    paged = fido2.search_fido2_device(
        SearchRequest(filter=f'userId eq "{owners["carol"]}"', sort_by="counter", start_index=1, count=1)
    )
    assert wire[-1].query == []
    assert (paged.total_results, paged.items_per_page) == (2, 1)
    assert [d.id for d in paged.resources] == [seeded["c1"].id]


def test_update_fido2_device_by_id_takes_fido_device_resource(
    api_client: pyscim.ApiClient, fido2: Fido2DevicesApi, owners: Dict[str, str], wire: List[Sent]
) -> None:
    device = seed(api_client, device_data(owners["dave"], 7))

    updated = fido2.update_fido2_device_by_id(device.id, fido_device_resource=Fido2DeviceResource(display_name="renamed"))
    assert wire[-1].method == "PUT" and json.loads(wire[-1].body) == {"schemas": [FIDO2], "displayName": "renamed"}
    assert type(updated) is Fido2DeviceResource
    assert updated.display_name == "renamed"
    assert "status" not in updated  # PUT replaces: the omitted mutable attribute is dropped
    assert (updated.user_id, updated.counter, updated.creation_date) == (owners["dave"], 70, device.creation_date)
    assert updated.meta.version != device.meta.version
    assert fido2.get_fido2_device_by_id(device.id) == updated

    reply = fido2.update_fido2_device_by_id(
        device.id, Fido2DeviceResource(display_name="again", status="revoked"), attributes="status,displayName"
    )
    assert wire[-1].query == [("attributes", "status,displayName")]
    assert reply.to_json() == {"schemas": [FIDO2], "id": device.id, "status": "revoked", "displayName": "again"}
    reply = fido2.update_fido2_device_by_id(device.id, {"displayName": "from a dict"}, excluded_attributes="meta")
    assert type(reply) is Fido2DeviceResource and reply.display_name == "from a dict" and "meta" not in reply

    with pytest.raises(BadRequestException) as caught:
        fido2.update_fido2_device_by_id(device.id, Fido2DeviceResource(user_id="someone else"))
    assert caught.value.status == 400 and caught.value.scim_type == "mutability"
    with pytest.raises(ApiTypeError, match="fido_device_resource"):
        fido2.update_fido2_device_by_id(device.id, ["not", "a", "device"])


def test_delete_fido2_device_by_id(api_client: pyscim.ApiClient, fido2: Fido2DevicesApi, owners: Dict[str, str]) -> None:
    device = seed(api_client, device_data(owners["dave"], 8))
    assert fido2.delete_fido2_device_by_id(device.id) is None
    with pytest.raises(NotFoundException) as caught:
        fido2.get_fido2_device_by_id(device.id)
    assert caught.value.status == 404
    with pytest.raises(NotFoundException):
        fido2.delete_fido2_device_by_id(device.id)


def test_fido2_device_ids_are_percent_encoded(
    fido2: Fido2DevicesApi, seeded: Dict[str, Fido2DeviceResource], wire: List[Sent]
) -> None:
    with pytest.raises(NotFoundException):
        fido2.get_fido2_device_by_id(f"../FidoDevices/{seeded['c1'].id}")
    assert wire[-1].path.endswith(f"/Fido2Devices/..%2FFidoDevices%2F{seeded['c1'].id}")
    with pytest.raises(NotFoundException):
        fido2.delete_fido2_device_by_id(f"../Fido2Devices/{seeded['c1'].id}")
    assert fido2.get_fido2_device_by_id(seeded["c1"].id).counter == 10  # not deleted
    before = len(wire)
    for bad in ("", ".", ".."):
        with pytest.raises(ApiValueError):
            fido2.delete_fido2_device_by_id(bad)
    assert len(wire) == before


def test_copies_of_fido2_devices(fido2: Fido2DevicesApi, seeded: Dict[str, Fido2DeviceResource]) -> None:
    device = fido2.get_fido2_device_by_id(seeded["d3"].id)
    shallow, deep = copy.copy(device), copy.deepcopy(device)
    assert shallow == device == deep
    deep.meta.location = "elsewhere"
    shallow.counter = 1
    assert device.meta.location.endswith(device.id) and device.counter == 30


# --------------------------------------------------------------------------- coverage


def test_every_operation_of_this_module_was_exercised(request: pytest.FixtureRequest) -> None:
    """The last test of the module: every operation of EXERCISES reached the server (skips under -k)."""
    check_operations_exercised(request, EXERCISES)
