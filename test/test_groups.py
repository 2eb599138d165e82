"""GroupApi end to end against a real SCIM server configured like Janssen (scim2-server).

All seven group operations, each typed result checked field by field (meta, members),
paging, filters, sorting, attributes/excludedAttributes, PATCH of the multi-valued
``members``, the wire names of the query parameters and the encoding of path ids.
"""

from __future__ import annotations

import copy
import json
from typing import List
from urllib.parse import urlsplit

import pytest
from support import GROUP, LIST_RESPONSE, Sent, check_operations_exercised

import pyscim
from pyscim.api.group_api import GroupApi
from pyscim.api.user_api import UserApi
from pyscim.exceptions import ApiValueError, NotFoundException
from pyscim.model.group_list_response import GroupListResponse
from pyscim.model.group_resource import GroupResource
from pyscim.model.member import Member
from pyscim.model.meta import Meta
from pyscim.model.patch_operation import PatchOperation
from pyscim.model.patch_request import PatchRequest
from pyscim.model.search_request import SearchRequest
from pyscim.model.user_resource import UserResource
from pyscim.testing import LocalScimServer

pytestmark = pytest.mark.timeout(60)

#: The API classes whose every operation this module must exercise (see the last test).
EXERCISES = (GroupApi,)


# --------------------------------------------------------------------------- helpers


@pytest.fixture
def groups(api_client: pyscim.ApiClient) -> GroupApi:
    return GroupApi(api_client)


@pytest.fixture(scope="module")
def people(module_client: pyscim.ApiClient) -> List[UserResource]:
    """Four users to put in groups, created once for the module."""
    users = UserApi(module_client)
    return [users.create_user(UserResource(user_name=f"member.{i}")) for i in range(4)]


def member_ids(group: GroupResource) -> List[str]:
    return sorted(m.value for m in group.get("members") or [])


def display_names(page: GroupListResponse) -> List[str]:
    return [g.display_name for g in page.get("resources") or []]


# --------------------------------------------------------------------------- tests


def test_create_group_with_members_returns_the_typed_group(
    groups: GroupApi, people: List[UserResource], scim_server: LocalScimServer, tag: str
) -> None:
    group = GroupResource(
        display_name=f"{tag} team",
        members=[
            {"value": people[0].id, "display": "Member 0", "type": "User"},
            Member(value=people[1].id),
        ],
    )
    created, status, headers = groups.create_group(group, _return_http_data_only=False)

    assert status == 201
    assert isinstance(created, GroupResource)
    assert isinstance(created.id, str) and created.id
    assert created.schemas == [GROUP]
    assert created.display_name == f"{tag} team"
    assert [type(m) for m in created.members] == [Member, Member]
    first = next(m for m in created.members if m.value == people[0].id)
    assert (first.display, first.type) == ("Member 0", "User")
    assert member_ids(created) == sorted([people[0].id, people[1].id])
    assert isinstance(created.meta, Meta)
    assert created.meta.resource_type == "Group"
    assert created.meta.location == f"{scim_server.url}/Groups/{created.id}" == headers["Location"]
    assert created.meta.created == created.meta.last_modified

    as_dict = created.to_dict()
    assert as_dict["display_name"] == f"{tag} team"
    assert {"value": people[0].id, "display": "Member 0", "type": "User"} in as_dict["members"]
    assert as_dict["meta"]["resource_type"] == "Group"
    assert json.loads(json.dumps(as_dict)) == as_dict
    assert created.to_json()["displayName"] == f"{tag} team"

    fetched = groups.get_group_by_id(created.id)
    assert isinstance(fetched, GroupResource) and fetched == created
    assert isinstance(fetched.members[0], Member) and isinstance(fetched.meta, Meta)

    only = groups.get_group_by_id(created.id, attributes="displayName")
    assert set(only.to_json()) == {"schemas", "id", "displayName"}
    without = groups.get_group_by_id(created.id, excluded_attributes="members")
    assert "members" not in without and without.meta.resource_type == "Group"


def test_get_groups_pages_filters_and_sorts(groups: GroupApi, tag: str, wire: List[Sent]) -> None:
    for letter in "dbeac":
        groups.create_group(GroupResource(display_name=f"{tag} {letter}"))
    flt = f'displayName sw "{tag} "'

    page = groups.get_groups(filter=flt, sort_by="displayName", sort_order="ascending", start_index=2, count=2)
    assert wire[-1].query == [
        ("filter", flt),
        ("startIndex", "2"),
        ("count", "2"),
        ("sortBy", "displayName"),
        ("sortOrder", "ascending"),
    ]
    assert isinstance(page, GroupListResponse)
    assert page.schemas == [LIST_RESPONSE]
    assert (page.total_results, page.start_index, page.items_per_page) == (5, 2, 2)
    assert all(type(v) is int for v in (page.total_results, page.start_index, page.items_per_page))
    assert all(isinstance(g, GroupResource) for g in page.resources)
    assert display_names(page) == [f"{tag} b", f"{tag} c"]
    assert type(page.to_dict()["total_results"]) is int

    page = groups.get_groups(filter=flt, sort_by="displayName", sort_order="descending", count=3)
    assert display_names(page) == [f"{tag} e", f"{tag} d", f"{tag} c"]

    page = groups.get_groups(filter=f'displayName eq "{tag} a" or displayName eq "{tag} e"', attributes="displayName")
    assert wire[-1].query[0] == ("attributes", "displayName")
    assert sorted(display_names(page)) == [f"{tag} a", f"{tag} e"]
    assert all(set(g.to_json()) == {"schemas", "id", "displayName"} for g in page.resources)

    page = groups.get_groups(filter=flt, excluded_attributes="meta", count=1)
    assert wire[-1].query[0] == ("excludedAttributes", "meta")
    assert page.items_per_page == 1 and "meta" not in page.resources[0]

    assert groups.get_groups(filter=flt, start_index=10).get("resources") in (None, [])
    assert not [s.url for s in wire if "start_index" in s.url or "sort_by" in s.url or "excluded_attributes" in s.url]


def test_search_group(groups: GroupApi, people: List[UserResource], tag: str, wire: List[Sent]) -> None:
    for letter in "xyz":
        groups.create_group(GroupResource(display_name=f"{tag} {letter}", members=[{"value": people[2].id}]))
    found = groups.search_group(
        SearchRequest(
            filter=f'displayName sw "{tag} " and members.value eq "{people[2].id}"',
            sort_by="displayName",
            sort_order="descending",
            start_index=1,
            count=2,
            excluded_attributes=["meta"],
        )
    )
    assert wire[-1].method == "POST" and wire[-1].path.endswith("/Groups/.search")
    assert json.loads(wire[-1].body)["excludedAttributes"] == ["meta"]
    assert isinstance(found, GroupListResponse)
    assert (found.total_results, found.start_index, found.items_per_page) == (3, 1, 2)
    assert display_names(found) == [f"{tag} z", f"{tag} y"]
    assert all(isinstance(g, GroupResource) and "meta" not in g for g in found.resources)
    assert [member_ids(g) for g in found.resources] == [[people[2].id], [people[2].id]]
    assert groups.search_group(SearchRequest(filter=f'displayName eq "{tag} none"')).total_results == 0


def test_update_group_by_id_replaces_the_members(groups: GroupApi, people: List[UserResource], tag: str) -> None:
    created = groups.create_group(
        GroupResource(display_name=f"{tag} put", members=[{"value": people[0].id}, {"value": people[1].id}])
    )
    replaced = groups.update_group_by_id(
        created.id, GroupResource(display_name=f"{tag} put 2", members=[{"value": people[3].id}])
    )
    assert isinstance(replaced, GroupResource)
    assert replaced.id == created.id
    assert replaced.display_name == f"{tag} put 2"
    assert member_ids(replaced) == [people[3].id]
    assert replaced.meta.created == created.meta.created and replaced.meta.version != created.meta.version
    assert groups.get_group_by_id(created.id) == replaced

    emptied = groups.update_group_by_id(created.id, GroupResource(display_name=f"{tag} put 3"), attributes="members,displayName")
    assert emptied.display_name == f"{tag} put 3"
    assert "members" not in emptied and "meta" not in emptied  # members omitted: removed


def test_patch_members_add_remove_and_204(groups: GroupApi, people: List[UserResource], tag: str) -> None:
    created = groups.create_group(GroupResource(display_name=f"{tag} patch", members=[{"value": people[0].id}]))

    add = PatchOperation(op="add", path="members", value=[{"value": people[1].id}, {"value": people[2].id}])
    data, status, _ = groups.patch_group_by_id(created.id, PatchRequest(operations=[add]), _return_http_data_only=False)
    assert (data, status) == (None, 204)
    assert member_ids(groups.get_group_by_id(created.id)) == sorted(p.id for p in people[:3])

    remove = PatchOperation(op="remove", path=f'members[value eq "{people[0].id}"]')
    rename = PatchOperation(op="replace", path="displayName", value=f"{tag} renamed")
    assert groups.patch_group_by_id(created.id, PatchRequest(operations=[remove, rename])) is None
    fetched = groups.get_group_by_id(created.id)
    assert fetched.display_name == f"{tag} renamed"
    assert member_ids(fetched) == sorted(p.id for p in people[1:3])

    typed = groups.patch_group_by_id(
        created.id,
        PatchRequest(operations=[{"op": "add", "path": "members", "value": [{"value": people[3].id}]}]),
        attributes="members",
    )
    assert isinstance(typed, GroupResource)
    assert set(typed.to_json()) == {"schemas", "id", "members"}
    assert all(isinstance(m, Member) for m in typed.members)
    assert member_ids(typed) == sorted(p.id for p in people[1:4])

    typed = groups.patch_group_by_id(
        created.id,
        PatchRequest(operations=[PatchOperation(op="remove", path="members")]),
        excluded_attributes="meta",
    )
    assert isinstance(typed, GroupResource) and typed.display_name == f"{tag} renamed"
    assert "members" not in typed and "meta" not in typed
    assert groups.get_group_by_id(created.id).get("members") is None


def test_delete_group_by_id(groups: GroupApi, tag: str) -> None:
    created = groups.create_group(GroupResource(display_name=f"{tag} gone"))
    assert groups.delete_group_by_id(created.id) is None
    with pytest.raises(NotFoundException) as caught:
        groups.get_group_by_id(created.id)
    assert caught.value.status == 404 and created.id in caught.value.detail
    with pytest.raises(NotFoundException):
        groups.delete_group_by_id(created.id)


def test_group_ids_are_percent_encoded_as_one_segment(
    groups: GroupApi, people: List[UserResource], tag: str, wire: List[Sent]
) -> None:
    target = groups.create_group(GroupResource(display_name=f"{tag} target"))
    base = urlsplit(groups.api_client.configuration.host).path
    evil = f"../Users/{people[0].id}"
    with pytest.raises(NotFoundException):
        groups.get_group_by_id(evil)
    assert wire[-1].path == f"{base}/Groups/..%2FUsers%2F{people[0].id}"
    with pytest.raises(NotFoundException):
        groups.delete_group_by_id(f"{target.id}?x=1")
    assert wire[-1].path == f"{base}/Groups/{target.id}%3Fx%3D1" and wire[-1].query == []
    with pytest.raises(NotFoundException):
        groups.update_group_by_id(f"../Groups/{target.id}", GroupResource(display_name="HACKED"))
    with pytest.raises(NotFoundException):
        groups.patch_group_by_id(
            evil, PatchRequest(operations=[PatchOperation(op="replace", path="displayName", value="HACKED")])
        )
    assert groups.get_group_by_id(target.id).display_name == f"{tag} target"
    assert UserApi(groups.api_client).get_user_by_id(people[0].id).user_name == "member.0"

    before = len(wire)
    for bad in ("", ".", ".."):
        with pytest.raises(ApiValueError):
            groups.get_group_by_id(bad)
        with pytest.raises(ApiValueError):
            groups.delete_group_by_id(bad)
    assert len(wire) == before


def test_copies_of_groups(groups: GroupApi, people: List[UserResource], tag: str) -> None:
    fetched = groups.get_group_by_id(
        groups.create_group(GroupResource(display_name=f"{tag} copy", members=[{"value": people[0].id}])).id
    )
    deep = copy.deepcopy(fetched)
    deep.members.append(Member(value=people[1].id))
    deep.members[0].display = "changed"
    assert len(fetched.members) == 1 and "display" not in fetched.members[0]
    shallow = copy.copy(fetched)
    shallow.display_name = "other"
    assert fetched.display_name == f"{tag} copy" and shallow == copy.copy(shallow)
    replaced = groups.update_group_by_id(fetched.id, deep)
    assert member_ids(replaced) == sorted([people[0].id, people[1].id])


# --------------------------------------------------------------------------- coverage


def test_every_operation_of_this_module_was_exercised(request: pytest.FixtureRequest) -> None:
    """The last test of the module: every operation of EXERCISES reached the server (skips under -k)."""
    check_operations_exercised(request, EXERCISES)
