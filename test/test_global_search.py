"""GlobalSearchApi.search_resources (POST /.search) against a real SCIM server configured like Janssen.

The search from the service root returns users, groups, FIDO and FIDO 2 devices in one list:
each must come back as the model its ``schemas`` names, with nested objects typed and
integers kept as integers. pyscim 1.0.0 failed whenever such a search found something.
"""

from __future__ import annotations

import copy
import json
import secrets
from datetime import datetime, timezone
from typing import Any, Dict, List
from urllib.parse import urlsplit

import pytest
from support import (
    FIDO,
    FIDO2,
    GLUU,
    GROUP,
    LIST_RESPONSE,
    USER,
    Sent,
    check_operations_exercised,
    post_resource,
)

import pyscim
from pyscim.api.global_search_api import GlobalSearchApi
from pyscim.api.group_api import GroupApi
from pyscim.api.user_api import UserApi
from pyscim.exceptions import BadRequestException
from pyscim.model.fido2_device_resource import Fido2DeviceResource
from pyscim.model.fido_device_resource import FidoDeviceResource
from pyscim.model.generic_list_response import GenericListResponse
from pyscim.model.group_resource import GroupResource
from pyscim.model.member import Member
from pyscim.model.meta import Meta
from pyscim.model.name import Name
from pyscim.model.search_request import SearchRequest
from pyscim.model.user_resource import UserResource
from pyscim.testing import LocalScimServer

pytestmark = pytest.mark.timeout(60)

TAG = "gs" + secrets.token_hex(4)

#: The API classes whose every operation this module must exercise (see the last test).
EXERCISES = (GlobalSearchApi,)


# --------------------------------------------------------------------------- helpers


@pytest.fixture(scope="module")
def seeded(module_client: pyscim.ApiClient) -> Dict[str, Any]:
    """One resource of each type, their displayName starting with TAG (a, b, c, d in that order)."""
    user = UserApi(module_client).create_user(
        UserResource(
            user_name=f"{TAG}.user",
            display_name=f"{TAG} a user",
            name={"givenName": "Search", "familyName": "Me"},
            emails=[{"value": f"{TAG}@example.org", "primary": True}],
            urnietfparamsscimschemasextensiongluu2_0_user={"scimCustomThird": 42, "verified": True},
        )
    )
    group = GroupApi(module_client).create_group(
        GroupResource(display_name=f"{TAG} b group", members=[{"value": user.id, "type": "User"}])
    )
    fido = post_resource(
        module_client,
        "/FidoDevices",
        {"schemas": [FIDO], "userId": user.id, "displayName": f"{TAG} c fido", "counter": 5,
         "deviceHashCode": 77, "creationDate": "2024-01-02T03:04:05Z", "status": "active"},
        FidoDeviceResource,
    )
    fido2 = post_resource(
        module_client,
        "/Fido2Devices",
        {"schemas": [FIDO2], "userId": user.id, "displayName": f"{TAG} d fido2", "counter": 6,
         "creationDate": "2024-05-06T07:08:09Z", "status": "registered"},
        Fido2DeviceResource,
    )
    return {"user": user, "group": group, "fido": fido, "fido2": fido2}


@pytest.fixture
def search(api_client: pyscim.ApiClient) -> GlobalSearchApi:
    return GlobalSearchApi(api_client)


MINE = f'displayName sw "{TAG} "'


# --------------------------------------------------------------------------- tests


def test_a_search_that_finds_every_type_returns_each_typed_by_its_schemas(
    search: GlobalSearchApi, seeded: Dict[str, Any], scim_server: LocalScimServer, wire: List[Sent]
) -> None:
    """pyscim 1.0.0 failed whenever the search from the root found something."""
    found = search.search_resources(SearchRequest(filter=MINE))

    sent = wire[-1]
    assert sent.method == "POST" and urlsplit(sent.url).path == urlsplit(scim_server.url).path + "/.search"
    assert sent.query == [] and sent.headers["Content-Type"] == "application/scim+json"
    assert sent.headers["Authorization"] == "Bearer " + scim_server.token
    assert json.loads(sent.body) == {"schemas": ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"], "filter": MINE}

    assert isinstance(found, GenericListResponse)
    assert found.schemas == [LIST_RESPONSE]
    assert (found.total_results, found.start_index, found.items_per_page) == (4, 1, 4)
    assert all(type(v) is int for v in (found.total_results, found.start_index, found.items_per_page))
    by_id = {r.id: r for r in found.resources}
    assert set(by_id) == {r.id for r in seeded.values()}

    user = by_id[seeded["user"].id]
    assert type(user) is UserResource
    assert user.schemas[0] == USER and GLUU in user.schemas
    assert user.user_name == f"{TAG}.user"
    assert isinstance(user.name, Name) and user.name.family_name == "Me"
    assert user.emails[0].value == f"{TAG}@example.org" and user.emails[0].primary is True
    assert user.urnietfparamsscimschemasextensiongluu2_0_user == {"scimCustomThird": 42, "verified": True}
    assert isinstance(user.meta, Meta) and user.meta.resource_type == "User"
    assert user == seeded["user"]

    group = by_id[seeded["group"].id]
    assert type(group) is GroupResource and group.schemas == [GROUP]
    assert group.display_name == f"{TAG} b group"
    assert [(type(m), m.value, m.type) for m in group.members] == [(Member, seeded["user"].id, "User")]
    assert group.meta.resource_type == "Group"

    fido = by_id[seeded["fido"].id]
    assert type(fido) is FidoDeviceResource and fido.schemas == [FIDO]
    assert (fido.user_id, fido.counter, fido.device_hash_code, fido.status) == (seeded["user"].id, 5, 77, "active")
    assert fido.creation_date == datetime(2024, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
    assert fido.meta.resource_type == "FidoDevice"

    fido2 = by_id[seeded["fido2"].id]
    assert type(fido2) is Fido2DeviceResource and fido2.schemas == [FIDO2]
    assert (fido2.user_id, fido2.counter, fido2.status) == (seeded["user"].id, 6, "registered")
    assert fido2.creation_date == datetime(2024, 5, 6, 7, 8, 9, tzinfo=timezone.utc)
    assert fido2.meta.location == f"{scim_server.url}/Fido2Devices/{fido2.id}"


def test_to_dict_of_a_mixed_result_keeps_integers_and_nests_plain_dicts(
    search: GlobalSearchApi, seeded: Dict[str, Any]
) -> None:
    found = search.search_resources(SearchRequest(filter=MINE, sort_by="displayName"))
    as_dict = found.to_dict()
    assert (as_dict["total_results"], as_dict["start_index"], as_dict["items_per_page"]) == (4, 1, 4)
    assert all(type(as_dict[k]) is int for k in ("total_results", "start_index", "items_per_page"))
    user, group, fido, fido2 = as_dict["resources"]
    assert user["user_name"] == f"{TAG}.user" and user["name"]["given_name"] == "Search"
    ext = user["urnietfparamsscimschemasextensiongluu2_0_user"]
    assert ext["scimCustomThird"] == 42 and type(ext["scimCustomThird"]) is int and ext["verified"] is True
    assert group["members"] == [{"value": seeded["user"].id, "type": "User"}]
    assert (fido["counter"], fido["device_hash_code"], fido2["counter"]) == (5, 77, 6)
    assert all(type(v) is int for v in (fido["counter"], fido["device_hash_code"], fido2["counter"]))
    assert all(isinstance(r, dict) and r["meta"]["resource_type"] for r in as_dict["resources"])

    as_json = found.to_json()
    assert as_json["totalResults"] == 4 and as_json["Resources"][0][GLUU]["scimCustomThird"] == 42
    assert as_json["Resources"][2]["deviceHashCode"] == 77
    assert json.loads(json.dumps(as_json)) == as_json


def test_search_resources_sorts_pages_and_selects_attributes(search: GlobalSearchApi, seeded: Dict[str, Any]) -> None:
    expected = [seeded[k].id for k in ("user", "group", "fido", "fido2")]

    page = search.search_resources(SearchRequest(filter=MINE, sort_by="displayName", sort_order="descending", start_index=2, count=2))
    assert (page.total_results, page.start_index, page.items_per_page) == (4, 2, 2)
    assert [r.id for r in page.resources] == [expected[2], expected[1]]
    assert [type(r) for r in page.resources] == [FidoDeviceResource, GroupResource]

    seen: List[str] = []
    start = 1
    for _ in range(10):  # bounded walk over the pages
        page = search.search_resources(SearchRequest(filter=MINE, sort_by="displayName", start_index=start, count=3))
        seen += [r.id for r in page.resources]
        start += page.items_per_page
        if start > page.total_results:
            break
    assert seen == expected

    slim = search.search_resources(SearchRequest(filter=MINE, sort_by="displayName", attributes=["displayName"]))
    assert [type(r) for r in slim.resources] == [UserResource, GroupResource, FidoDeviceResource, Fido2DeviceResource]
    assert all(set(r.to_json()) == {"schemas", "id", "displayName"} for r in slim.resources)

    lean = search.search_resources(SearchRequest(filter=MINE, sort_by="displayName", excluded_attributes=["meta"]))
    assert [r.id for r in lean.resources] == expected
    assert all("meta" not in r for r in lean.resources) and lean.resources[3].counter == 6


def test_a_search_that_finds_nothing(search: GlobalSearchApi, seeded: Dict[str, Any]) -> None:
    found = search.search_resources(SearchRequest(filter=f'displayName eq "{TAG} nothing"'))
    assert isinstance(found, GenericListResponse)
    assert found.total_results == 0 and found.get("resources") in (None, [])
    with pytest.raises(BadRequestException) as caught:
        search.search_resources(SearchRequest(filter="displayName sw"))
    assert caught.value.scim_type == "invalidFilter"


def test_copies_of_a_mixed_result(search: GlobalSearchApi, seeded: Dict[str, Any]) -> None:
    found = search.search_resources(SearchRequest(filter=MINE, sort_by="displayName"))
    deep = copy.deepcopy(found)
    shallow = copy.copy(found)
    assert deep == found and shallow == found
    assert [type(r) for r in deep.resources] == [type(r) for r in found.resources]
    deep.resources[0].urnietfparamsscimschemasextensiongluu2_0_user["scimCustomThird"] = 0
    deep.resources[1].members.clear()
    deep.total_results = 99
    assert found.resources[0].urnietfparamsscimschemasextensiongluu2_0_user["scimCustomThird"] == 42
    assert len(found.resources[1].members) == 1
    shallow.total_results = 98
    assert found.total_results == 4


# --------------------------------------------------------------------------- coverage


def test_every_operation_of_this_module_was_exercised(request: pytest.FixtureRequest) -> None:
    """The last test of the module: every operation of EXERCISES reached the server (skips under -k)."""
    check_operations_exercised(request, EXERCISES)
