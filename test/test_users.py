"""UserApi end to end against a real SCIM server configured like Janssen (scim2-server).

All seven user operations (and a bulk that creates users), each typed result checked field by
field: nested objects (meta, name, emails), the gluu extension
(``urn:ietf:params:scim:schemas:extension:gluu:2.0:User``), paging, filters, sorting,
attributes/excludedAttributes, PATCH add/replace/remove, the wire names of the query
parameters, the encoding of path ids, and the failures of pyscim 1.0.0 as regression tests.
"""

from __future__ import annotations

import copy
import json
from datetime import datetime
from typing import List
from urllib.parse import urlsplit

import pytest
from support import GLUU, LIST_RESPONSE, USER, Sent, check_operations_exercised

import pyscim
from pyscim.api.default_api import DefaultApi
from pyscim.api.group_api import GroupApi
from pyscim.api.user_api import UserApi
from pyscim.exceptions import ApiValueError, NotFoundException
from pyscim.model.address import Address
from pyscim.model.bulk_operation import BulkOperation
from pyscim.model.bulk_request import BulkRequest
from pyscim.model.email import Email
from pyscim.model.group_resource import GroupResource
from pyscim.model.meta import Meta
from pyscim.model.name import Name
from pyscim.model.patch_operation import PatchOperation
from pyscim.model.patch_request import PatchRequest
from pyscim.model.phone_number import PhoneNumber
from pyscim.model.search_request import SearchRequest
from pyscim.model.user_list_response import UserListResponse
from pyscim.model.user_resource import UserResource
from pyscim.testing import LocalScimServer

pytestmark = pytest.mark.timeout(60)

EXTENSION = {
    "scimCustomFirst": "first",
    "scimCustomSecond": ["2024-01-02T03:04:05Z"],
    "scimCustomThird": 42,
    "nicknames": ["al"],
    "verified": True,
    "hireDate": "2020-05-06T07:08:09Z",
}

#: The API classes whose every operation this module must exercise (see the last test).
EXERCISES = (UserApi, DefaultApi)


# --------------------------------------------------------------------------- helpers


@pytest.fixture
def users(api_client: pyscim.ApiClient) -> UserApi:
    return UserApi(api_client)


def names(page: UserListResponse) -> List[str]:
    return [r.user_name for r in page.get("resources") or []]


def make_users(users: UserApi, tag: str, n: int) -> List[UserResource]:
    return [
        users.create_user(
            UserResource(
                user_name=f"{tag}.{i}",
                display_name=f"{tag} {n - i}",  # sorts the other way round
                emails=[{"value": f"{tag}.{i}@work.example", "type": "work"}],
            )
        )
        for i in range(n)
    ]


def parse_time(value: str) -> datetime:
    return datetime.fromisoformat(value)  # Python >= 3.11 reads the "Z"


# --------------------------------------------------------------------------- create / read


def test_create_user_returns_the_typed_resource_with_the_gluu_extension(
    users: UserApi, scim_server: LocalScimServer, tag: str
) -> None:
    user = UserResource(
        schemas=[USER, GLUU],
        user_name=f"{tag}.alice",
        password="s3cret-Passw0rd",
        name=Name(given_name="Alice", family_name="Smith", formatted="Alice Smith"),
        display_name="Alice S",
        active=True,
        emails=[
            {"value": f"{tag}@work.example", "type": "work", "primary": True},
            {"value": f"{tag}@home.example", "type": "home"},
        ],
        phone_numbers=[{"value": "+1 555 0100", "type": "mobile"}],
        addresses=[{"locality": "Austin", "country": "US", "type": "work"}],
        urnietfparamsscimschemasextensiongluu2_0_user=dict(EXTENSION),
    )
    created, status, headers = users.create_user(user, _return_http_data_only=False)

    assert status == 201
    assert isinstance(created, UserResource)
    assert isinstance(created.id, str) and created.id
    assert created.schemas[0] == USER and set(created.schemas) == {USER, GLUU}
    assert created.user_name == f"{tag}.alice"
    assert created.display_name == "Alice S"
    assert created.active is True
    assert "password" not in created and created.get("password") is None  # never returned

    assert isinstance(created.name, Name)
    assert (created.name.given_name, created.name.family_name, created.name.formatted) == (
        "Alice",
        "Smith",
        "Alice Smith",
    )
    assert [type(e) for e in created.emails] == [Email, Email]
    assert [(e.value, e.type) for e in created.emails] == [
        (f"{tag}@work.example", "work"),
        (f"{tag}@home.example", "home"),
    ]
    assert created.emails[0].primary is True
    assert isinstance(created.phone_numbers[0], PhoneNumber)
    assert (created.phone_numbers[0].value, created.phone_numbers[0].type) == ("+1 555 0100", "mobile")
    assert isinstance(created.addresses[0], Address)
    assert (created.addresses[0].locality, created.addresses[0].country) == ("Austin", "US")

    meta = created.meta
    assert isinstance(meta, Meta)
    assert meta.resource_type == "User"
    assert meta.location == f"{scim_server.url}/Users/{created.id}"
    assert headers["Location"] == meta.location
    assert parse_time(meta.created) == parse_time(meta.last_modified)
    assert meta.version.startswith('W/"')  # not declared by the spec: kept, readable

    ext = created.urnietfparamsscimschemasextensiongluu2_0_user
    assert ext == EXTENSION
    assert type(ext["scimCustomThird"]) is int and ext["verified"] is True
    assert created[GLUU] == EXTENSION  # also reachable by its JSON name

    as_dict = created.to_dict()
    assert as_dict["user_name"] == f"{tag}.alice"
    assert as_dict["name"] == {"given_name": "Alice", "family_name": "Smith", "formatted": "Alice Smith"}
    assert as_dict["emails"][0] == {"value": f"{tag}@work.example", "type": "work", "primary": True}
    assert as_dict["meta"]["resource_type"] == "User"
    assert as_dict["urnietfparamsscimschemasextensiongluu2_0_user"]["scimCustomThird"] == 42
    as_json = created.to_json()
    assert as_json["userName"] == f"{tag}.alice"
    assert as_json["meta"]["resourceType"] == "User"
    assert as_json["phoneNumbers"] == [{"value": "+1 555 0100", "type": "mobile"}]
    assert as_json[GLUU] == EXTENSION
    assert json.loads(json.dumps(as_dict)) == as_dict

    fetched = users.get_user_by_id(created.id)
    assert isinstance(fetched, UserResource)
    assert fetched == created
    assert fetched.to_json() == as_json


def test_meta_and_name_of_fetched_users_are_readable(users: UserApi, tag: str) -> None:
    """pyscim 1.0.0 raised on ``.meta`` and ``.name`` of every user a server sent."""
    created = users.create_user(
        UserResource(user_name=f"{tag}.meta", name={"givenName": "Meta", "familyName": "Name"})
    )
    fetched = [
        users.get_user_by_id(created.id),
        users.get_users(filter=f'userName eq "{tag}.meta"').resources[0],
        users.search_user(SearchRequest(filter=f'userName eq "{tag}.meta"')).resources[0],
    ]
    for user in fetched:
        assert isinstance(user, UserResource)
        assert isinstance(user.meta, Meta) and isinstance(user.name, Name)
        assert user.meta.resource_type == "User"
        assert user.meta.location.endswith("/Users/" + created.id)
        assert user.meta.created == created.meta.created
        assert (user.name.given_name, user.name.family_name) == ("Meta", "Name")
        assert user.to_dict()["meta"]["location"] == user.meta.location


# --------------------------------------------------------------------------- lists


def test_get_users_pages_and_sorts_with_integer_counters(users: UserApi, tag: str) -> None:
    make_users(users, tag, 5)
    flt = f'userName sw "{tag}."'

    page = users.get_users(filter=flt, sort_by="userName", sort_order="ascending", start_index=2, count=2)
    assert isinstance(page, UserListResponse)
    assert page.schemas == [LIST_RESPONSE]
    assert (page.total_results, page.start_index, page.items_per_page) == (5, 2, 2)
    assert all(type(v) is int for v in (page.total_results, page.start_index, page.items_per_page))
    assert all(isinstance(r, UserResource) for r in page.resources)
    assert names(page) == [f"{tag}.1", f"{tag}.2"]
    as_dict = page.to_dict()
    assert (as_dict["total_results"], as_dict["start_index"], as_dict["items_per_page"]) == (5, 2, 2)
    assert all(type(as_dict[k]) is int for k in ("total_results", "start_index", "items_per_page"))
    assert [r["user_name"] for r in as_dict["resources"]] == [f"{tag}.1", f"{tag}.2"]

    page = users.get_users(filter=flt, sort_by="userName", sort_order="descending", count=3)
    assert names(page) == [f"{tag}.4", f"{tag}.3", f"{tag}.2"]
    page = users.get_users(filter=flt, sort_by="displayName")  # display names run the other way
    assert names(page) == [f"{tag}.{i}" for i in (4, 3, 2, 1, 0)]

    past_end = users.get_users(filter=flt, start_index=6, count=2)
    assert (past_end.total_results, past_end.start_index, past_end.items_per_page) == (5, 6, 0)
    assert names(past_end) == []

    seen: List[str] = []
    start = 1
    for _ in range(10):  # bounded walk over every page
        page = users.get_users(filter=flt, sort_by="userName", start_index=start, count=2)
        seen += names(page)
        start += page.items_per_page
        if start > page.total_results:
            break
    assert seen == [f"{tag}.{i}" for i in range(5)]


def test_filters_reach_core_complex_and_extension_attributes(users: UserApi, tag: str) -> None:
    make_users(users, tag, 3)
    verified = users.create_user(
        UserResource(
            user_name=f"{tag}.ext",
            nick_name="nick",
            emails=[{"value": f"{tag}.ext@home.example", "type": "home"}],
            urnietfparamsscimschemasextensiongluu2_0_user={"verified": True, "scimCustomThird": 7},
        )
    )
    mine = f'userName sw "{tag}."'
    assert names(users.get_users(filter=f'userName eq "{tag}.1"')) == [f"{tag}.1"]
    assert names(users.get_users(filter=f'userName eq "{tag.upper()}.1"')) == [f"{tag}.1"]  # caseExact false
    assert names(users.get_users(filter=f"{mine} and nickName pr")) == [f"{tag}.ext"]
    assert sorted(names(users.get_users(filter=f'userName eq "{tag}.0" or userName eq "{tag}.2"'))) == [
        f"{tag}.0",
        f"{tag}.2",
    ]
    assert names(users.get_users(filter=f'emails[type eq "home" and value co "{tag}"]')) == [f"{tag}.ext"]
    assert names(users.get_users(filter=f"{mine} and {GLUU}:verified eq true")) == [f"{tag}.ext"]
    assert names(users.get_users(filter=f"{mine} and {GLUU}:scimCustomThird gt 5")) == [f"{tag}.ext"]
    later = users.get_users(filter=f'{mine} and meta.lastModified ge "{verified.meta.last_modified}"')
    assert f"{tag}.ext" in names(later)


def test_attributes_and_excluded_attributes_shape_the_user_replies(
    users: UserApi, tag: str, wire: List[Sent]
) -> None:
    created = users.create_user(
        UserResource(
            user_name=f"{tag}.shape",
            display_name="Shape",
            name={"givenName": "S"},
            emails=[{"value": f"{tag}@work.example"}],
        ),
        attributes="userName",
    )
    # Sent, but scim2-server 0.8.3 ignores attributes on POST: the whole user comes back, typed.
    assert wire[-1].query == [("attributes", "userName")]
    assert isinstance(created, UserResource) and created.user_name == f"{tag}.shape"
    assert created.name.given_name == "S" and created.meta.resource_type == "User"

    only = users.get_user_by_id(created.id, attributes="userName,emails")
    assert set(only.to_json()) == {"schemas", "id", "userName", "emails"}
    assert only.emails[0].value == f"{tag}@work.example"
    without = users.get_user_by_id(created.id, excluded_attributes="emails,name")
    assert "emails" not in without and "name" not in without
    assert without.display_name == "Shape" and without.meta.resource_type == "User"

    page = users.get_users(filter=f'userName eq "{tag}.shape"', attributes="displayName")
    assert [set(r.to_json()) for r in page.resources] == [{"schemas", "id", "displayName"}]
    page = users.get_users(filter=f'userName eq "{tag}.shape"', excluded_attributes="meta,emails")
    assert "meta" not in page.resources[0] and page.resources[0].name.given_name == "S"

    replaced = users.update_user_by_id(
        created.id,
        UserResource(user_name=f"{tag}.shape", display_name="Shape 2"),
        excluded_attributes="meta",
    )
    assert replaced.display_name == "Shape 2" and "meta" not in replaced


def test_search_user_posts_a_search_request_and_gets_typed_users(
    users: UserApi, tag: str, wire: List[Sent]
) -> None:
    make_users(users, tag, 4)
    request = SearchRequest(
        filter=f'userName sw "{tag}."',
        sort_by="userName",
        sort_order="descending",
        start_index=2,
        count=2,
        attributes=["userName", "emails"],
    )
    found = users.search_user(request)

    assert isinstance(found, UserListResponse)
    assert (found.total_results, found.start_index, found.items_per_page) == (4, 2, 2)
    assert names(found) == [f"{tag}.2", f"{tag}.1"]
    assert found.resources[1].emails[0].value == f"{tag}.1@work.example"
    assert all(set(r.to_json()) == {"schemas", "id", "userName", "emails"} for r in found.resources)
    sent = wire[-1]
    assert (sent.method, sent.path, sent.query) == ("POST", urlsplit(users.api_client.configuration.host).path + "/Users/.search", [])
    assert json.loads(sent.body) == {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],
        "filter": f'userName sw "{tag}."',
        "sortBy": "userName",
        "sortOrder": "descending",
        "startIndex": 2,
        "count": 2,
        "attributes": ["userName", "emails"],
    }

    without = users.search_user(
        SearchRequest(filter=f'userName sw "{tag}."', excluded_attributes=["emails"], sort_by="displayName")
    )
    assert names(without) == [f"{tag}.{i}" for i in (3, 2, 1, 0)]
    assert all("emails" not in r and isinstance(r.meta, Meta) for r in without.resources)


# --------------------------------------------------------------------------- write


def test_update_user_by_id_replaces_the_whole_user(users: UserApi, tag: str) -> None:
    created = users.create_user(
        UserResource(
            user_name=f"{tag}.put",
            nick_name="old nick",
            emails=[{"value": f"{tag}@old.example", "type": "work"}],
        )
    )
    replaced = users.update_user_by_id(
        created.id,
        UserResource(
            user_name=f"{tag}.put",
            name=Name(given_name="New"),
            emails=[Email(value=f"{tag}@new.example", type="home", primary=True)],
            urnietfparamsscimschemasextensiongluu2_0_user={"scimCustomFirst": "put"},
        ),
    )
    assert isinstance(replaced, UserResource)
    assert replaced.id == created.id
    assert "nickName" not in replaced and replaced.get("nick_name") is None  # omitted: removed
    assert replaced.name.given_name == "New"
    assert [(e.value, e.type, e.primary) for e in replaced.emails] == [(f"{tag}@new.example", "home", True)]
    assert replaced.urnietfparamsscimschemasextensiongluu2_0_user == {"scimCustomFirst": "put"}
    assert replaced.meta.created == created.meta.created
    assert parse_time(replaced.meta.last_modified) >= parse_time(created.meta.last_modified)
    assert replaced.meta.version != created.meta.version
    assert users.get_user_by_id(created.id) == replaced

    limited = users.update_user_by_id(
        created.id, UserResource(user_name=f"{tag}.put", title="Boss"), attributes="userName,title"
    )
    assert set(limited.to_json()) == {"schemas", "id", "userName", "title"}
    assert limited.title == "Boss"


def test_a_204_patch_returns_none_and_the_change_is_visible(users: UserApi, tag: str) -> None:
    """pyscim 1.0.0 raised on a PATCH answered 204 No Content, although the server applied it."""
    created = users.create_user(UserResource(user_name=f"{tag}.p204", nick_name="before"))
    patch = PatchRequest(operations=[PatchOperation(op="replace", path="nickName", value="after")])

    assert users.patch_user_by_id(created.id, patch) is None
    assert users.get_user_by_id(created.id).nick_name == "after"

    data, status, _ = users.patch_user_by_id(
        created.id,
        PatchRequest(operations=[PatchOperation(op="replace", path="title", value="Dr")]),
        _return_http_data_only=False,
    )
    assert (data, status) == (None, 204)
    assert users.get_user_by_id(created.id).title == "Dr"


def test_patch_adds_replaces_and_removes_emails(users: UserApi, tag: str) -> None:
    created = users.create_user(
        UserResource(user_name=f"{tag}.mv", emails=[{"value": f"{tag}@work.example", "type": "work"}])
    )

    def emails() -> List[tuple]:
        return [(e.value, e.type) for e in users.get_user_by_id(created.id).get("emails") or []]

    add = PatchOperation(op="add", path="emails", value=[{"value": f"{tag}@home.example", "type": "home"}])
    assert users.patch_user_by_id(created.id, PatchRequest(operations=[add])) is None
    assert emails() == [(f"{tag}@work.example", "work"), (f"{tag}@home.example", "home")]

    replace = PatchOperation(op="replace", path='emails[type eq "work"].value', value=f"{tag}@new.example")
    assert users.patch_user_by_id(created.id, PatchRequest(operations=[replace])) is None
    assert emails() == [(f"{tag}@new.example", "work"), (f"{tag}@home.example", "home")]

    remove = PatchOperation(op="remove", path=f'emails[value eq "{tag}@home.example"]')
    assert users.patch_user_by_id(created.id, PatchRequest(operations=[remove])) is None
    assert emails() == [(f"{tag}@new.example", "work")]

    assert users.patch_user_by_id(created.id, PatchRequest(operations=[{"op": "remove", "path": "emails"}])) is None
    assert emails() == []


def test_patch_the_gluu_extension_attributes(users: UserApi, tag: str) -> None:
    created = users.create_user(
        UserResource(
            user_name=f"{tag}.ext",
            urnietfparamsscimschemasextensiongluu2_0_user={"scimCustomFirst": "one", "nicknames": ["n1", "n2"]},
        )
    )
    patch = PatchRequest(
        operations=[
            PatchOperation(op="replace", path=f"{GLUU}:scimCustomFirst", value="two"),
            PatchOperation(op="add", path=f"{GLUU}:nicknames", value=["n3"]),
            PatchOperation(op="remove", path=f'{GLUU}:nicknames[value eq "n1"]'),
            PatchOperation(op="add", value={GLUU: {"scimCustomThird": 9, "verified": False}}),
        ]
    )
    assert users.patch_user_by_id(created.id, patch) is None
    ext = users.get_user_by_id(created.id).urnietfparamsscimschemasextensiongluu2_0_user
    assert ext == {"scimCustomFirst": "two", "nicknames": ["n2", "n3"], "scimCustomThird": 9, "verified": False}

    assert users.patch_user_by_id(created.id, PatchRequest(operations=[PatchOperation(op="remove", path=GLUU)])) is None
    fetched = users.get_user_by_id(created.id)
    assert "urnietfparamsscimschemasextensiongluu2_0_user" not in fetched
    assert fetched.get("urnietfparamsscimschemasextensiongluu2_0_user") is None
    assert fetched.schemas == [USER]


def test_a_patch_with_attributes_returns_the_typed_user(users: UserApi, tag: str) -> None:
    created = users.create_user(
        UserResource(user_name=f"{tag}.p200", emails=[{"value": f"{tag}@work.example", "type": "work"}])
    )
    add = PatchRequest(
        operations=[
            PatchOperation(op="add", path="emails", value=[{"value": f"{tag}@home.example", "type": "home"}]),
            PatchOperation(op="replace", path="nickName", value="patched"),
        ]
    )
    reply, status, _ = users.patch_user_by_id(
        created.id, add, attributes="nickName,emails", _return_http_data_only=False
    )
    assert status == 200
    assert isinstance(reply, UserResource)
    assert set(reply.to_json()) == {"schemas", "id", "nickName", "emails"}
    assert reply.nick_name == "patched"
    assert [type(e) for e in reply.emails] == [Email, Email]
    assert [e.value for e in reply.emails] == [f"{tag}@work.example", f"{tag}@home.example"]

    reply = users.patch_user_by_id(
        created.id,
        PatchRequest(operations=[PatchOperation(op="replace", path="displayName", value="Shown")]),
        excluded_attributes="emails",
    )
    assert isinstance(reply, UserResource) and isinstance(reply.meta, Meta)
    assert reply.display_name == "Shown" and reply.nick_name == "patched"
    assert "emails" not in reply
    assert reply.meta.version == users.get_user_by_id(created.id).meta.version


def test_delete_user_by_id(users: UserApi, tag: str) -> None:
    created = users.create_user(UserResource(user_name=f"{tag}.del"))
    data, status, _ = users.delete_user_by_id(created.id, _return_http_data_only=False)
    assert (data, status) == (None, 204)
    with pytest.raises(NotFoundException):
        users.get_user_by_id(created.id)
    with pytest.raises(NotFoundException):
        users.delete_user_by_id(created.id)
    assert users.get_users(filter=f'userName eq "{tag}.del"').total_results == 0


def test_bulk_post_creates_users_with_the_extension(api_client: pyscim.ApiClient, users: UserApi, tag: str) -> None:
    reply = DefaultApi(api_client).bulk_post(
        BulkRequest(
            operations=[
                BulkOperation(
                    method="POST",
                    path="/Users",
                    bulk_id="b1",
                    data={"schemas": [USER, GLUU], "userName": f"{tag}.bulk", GLUU: {"scimCustomThird": 5}},
                )
            ]
        )
    )
    assert [(op.bulk_id, op.status) for op in reply.operations] == [("b1", "201")]
    user = users.get_user_by_id(reply.operations[0].location.rstrip("/").rsplit("/", 1)[-1])
    assert user.user_name == f"{tag}.bulk"
    assert user.urnietfparamsscimschemasextensiongluu2_0_user == {"scimCustomThird": 5}
    assert user.meta.resource_type == "User"


# --------------------------------------------------------------------------- the wire


def test_query_parameters_keep_their_spec_names_on_the_wire(
    users: UserApi, tag: str, wire: List[Sent]
) -> None:
    make_users(users, tag, 3)
    page = users.get_users(
        attributes="userName",
        filter=f'userName sw "{tag}."',
        start_index=1,
        count=2,
        sort_by="userName",
        sort_order="descending",
    )
    assert wire[-1].method == "GET"
    assert wire[-1].query == [
        ("attributes", "userName"),
        ("filter", f'userName sw "{tag}."'),
        ("startIndex", "1"),
        ("count", "2"),
        ("sortBy", "userName"),
        ("sortOrder", "descending"),
    ]
    # ... and the server understood every one of them.
    assert names(page) == [f"{tag}.2", f"{tag}.1"] and page.total_results == 3
    assert all(set(r.to_json()) == {"schemas", "id", "userName"} for r in page.resources)

    page = users.get_users(excluded_attributes="emails", filter=f'userName eq "{tag}.0"')
    assert wire[-1].query == [("excludedAttributes", "emails"), ("filter", f'userName eq "{tag}.0"')]
    assert "emails" not in page.resources[0] and page.resources[0].user_name == f"{tag}.0"

    user_id = page.resources[0].id
    users.get_user_by_id(user_id, excluded_attributes="meta")
    assert wire[-1].query == [("excludedAttributes", "meta")]
    users.create_user(UserResource(user_name=f"{tag}.q"), attributes="userName")
    assert (wire[-1].method, wire[-1].query) == ("POST", [("attributes", "userName")])
    users.update_user_by_id(user_id, UserResource(user_name=f"{tag}.0"), excluded_attributes="emails")
    assert (wire[-1].method, wire[-1].query) == ("PUT", [("excludedAttributes", "emails")])
    users.patch_user_by_id(
        user_id, PatchRequest(operations=[PatchOperation(op="replace", path="title", value="T")]), attributes="title"
    )
    assert (wire[-1].method, wire[-1].query) == ("PATCH", [("attributes", "title")])
    snake = ("excluded_attributes", "start_index", "sort_by", "sort_order")
    assert not [s.url for s in wire if any(name in s.url for name in snake)]
    auth = "Bearer " + users.api_client.configuration.access_token
    assert all(s.headers["Authorization"] == auth for s in wire)


def test_path_ids_are_percent_encoded_as_one_segment(
    api_client: pyscim.ApiClient, users: UserApi, tag: str, wire: List[Sent]
) -> None:
    groups = GroupApi(api_client)
    group = groups.create_group(GroupResource(display_name=f"{tag} target"))
    victim = users.create_user(UserResource(user_name=f"{tag}.victim"))
    base = urlsplit(api_client.configuration.host).path
    patch = PatchRequest(operations=[PatchOperation(op="replace", path="displayName", value="HACKED")])
    for evil in (f"../Groups/{group.id}", f'x?filter=userName eq "{tag}.victim"', f"{victim.id}#frag"):
        calls = [
            users.get_user_by_id,
            lambda i: users.update_user_by_id(i, UserResource(user_name=f"{tag}.evil", display_name="HACKED")),
            lambda i: users.patch_user_by_id(i, patch),
            users.delete_user_by_id,
        ]
        for call in calls:
            with pytest.raises(NotFoundException) as caught:
                call(evil)
            assert caught.value.status == 404
            sent = wire[-1]
            assert sent.path.startswith(base + "/Users/") and "/" not in sent.path[len(base + "/Users/"):]
            assert sent.query == [] and "#" not in sent.url
    assert wire[2].path == f"{base}/Users/..%2FGroups%2F{group.id}"  # after the two creates
    assert wire[6].path == f"{base}/Users/x%3Ffilter%3DuserName%20eq%20%22{tag}.victim%22"
    # Nothing reached the group, the victim or any other endpoint.
    assert groups.get_group_by_id(group.id).display_name == f"{tag} target"
    assert users.get_user_by_id(victim.id).get("display_name") is None
    assert users.get_users(filter='displayName eq "HACKED"').total_results == 0


def test_empty_dot_and_dotdot_ids_are_refused_before_sending(users: UserApi, wire: List[Sent]) -> None:
    patch = PatchRequest(operations=[PatchOperation(op="replace", path="title", value="x")])
    for bad in ("", ".", ".."):
        for call in (
            users.get_user_by_id,
            lambda i: users.update_user_by_id(i, UserResource(user_name="x")),
            lambda i: users.patch_user_by_id(i, patch),
            users.delete_user_by_id,
        ):
            with pytest.raises(ApiValueError, match="`id`"):
                call(bad)
    assert wire == []


# --------------------------------------------------------------------------- 1.0.0 compatibility


def test_1_0_0_keyword_arguments_on_get_user_by_id(users: UserApi, tag: str) -> None:
    created = users.create_user(UserResource(user_name=f"{tag}.kw", name={"givenName": "Kw"}))

    thread = users.get_user_by_id(created.id, async_req=True)
    fetched = thread.get(timeout=30)
    assert isinstance(fetched, UserResource)
    assert (fetched.id, fetched.user_name, fetched.name.given_name) == (created.id, f"{tag}.kw", "Kw")

    data, status, headers = users.get_user_by_id(created.id, _return_http_data_only=False)
    assert isinstance(data, UserResource) and data.id == created.id
    assert status == 200
    assert headers["Content-Type"].startswith("application/scim+json")

    thread = users.get_user_by_id(created.id, async_req=True, _return_http_data_only=False)
    data, status, _ = thread.get(timeout=30)
    assert (type(data), data.user_name, status) == (UserResource, f"{tag}.kw", 200)

    endpoint = users.get_user_by_id_endpoint  # 1.0.0's attribute
    assert endpoint.call_with_http_info(id=created.id, attributes="userName").user_name == f"{tag}.kw"
    assert users.get_user_by_id(id=created.id, _request_timeout=(5, 20)).id == created.id


# --------------------------------------------------------------------------- models


def test_models_holding_lists_of_dicts_serialize_and_round_trip(users: UserApi, tag: str) -> None:
    """pyscim 1.0.0 could not serialize a model holding lists of dicts."""
    user = UserResource(
        user_name=f"{tag}.lists",
        emails=[{"value": f"{tag}@work.example", "type": "work", "primary": True}],
        phone_numbers=[{"value": "+1 555 0101"}],
    )
    assert isinstance(user.emails[0], Email) and user.emails[0].primary is True
    assert user.to_json() == {
        "schemas": [USER],
        "userName": f"{tag}.lists",
        "emails": [{"value": f"{tag}@work.example", "type": "work", "primary": True}],
        "phoneNumbers": [{"value": "+1 555 0101"}],
    }
    assert user.to_dict() == {
        "schemas": [USER],
        "user_name": f"{tag}.lists",
        "emails": [{"value": f"{tag}@work.example", "type": "work", "primary": True}],
        "phone_numbers": [{"value": "+1 555 0101"}],
    }
    assert json.loads(json.dumps(user.to_dict())) == user.to_dict()
    assert pyscim.ApiClient.sanitize_for_serialization(user) == user.to_json()
    assert UserResource(**user.to_dict()) == user
    assert UserResource(**user.to_json()) == user

    created = users.create_user(user)
    assert [(type(e), e.value, e.primary) for e in created.emails] == [(Email, f"{tag}@work.example", True)]

    operation = PatchOperation(op="add", path="emails", value=[{"value": f"{tag}@home.example", "type": "home"}])
    assert operation.to_dict() == {"op": "add", "path": "emails", "value": [{"value": f"{tag}@home.example", "type": "home"}]}
    assert json.loads(json.dumps(operation.to_dict())) == operation.to_dict()
    request = PatchRequest(operations=[operation])
    assert request.to_json()["Operations"] == [operation.to_json()]
    assert PatchRequest(**request.to_dict()) == request
    assert PatchRequest(**request.to_json()) == request
    # A model inside a dict value: plain in to_dict(), sent as JSON.
    name_op = PatchOperation(op="replace", value={"name": Name(given_name="Lists")})
    assert name_op.to_dict() == {"op": "replace", "value": {"name": {"given_name": "Lists"}}}
    json.dumps(name_op.to_dict())

    assert users.patch_user_by_id(created.id, PatchRequest(operations=[operation, name_op])) is None
    fetched = users.get_user_by_id(created.id)
    assert [e.value for e in fetched.emails] == [f"{tag}@work.example", f"{tag}@home.example"]
    assert fetched.name.given_name == "Lists"

    # to_dict() is a copy: changing it leaves the model alone.
    ext_user = UserResource(user_name="x", urnietfparamsscimschemasextensiongluu2_0_user={"nicknames": ["a"]})
    as_dict = ext_user.to_dict()
    as_dict["urnietfparamsscimschemasextensiongluu2_0_user"]["nicknames"].append("b")
    as_dict["emails"] = []
    assert ext_user.to_json() == {"schemas": [USER], "userName": "x", GLUU: {"nicknames": ["a"]}}


def test_copy_and_deepcopy_of_fetched_and_constructed_users(users: UserApi, tag: str) -> None:
    """pyscim 1.0.0 raised on copy.copy of a model."""
    created = users.create_user(
        UserResource(
            user_name=f"{tag}.copy",
            name={"givenName": "Orig"},
            emails=[{"value": f"{tag}@work.example"}],
            urnietfparamsscimschemasextensiongluu2_0_user={"scimCustomThird": 1},
        )
    )
    fetched = users.get_user_by_id(created.id)  # nothing read yet: still lazily typed
    snapshot = fetched.to_json()

    shallow = copy.copy(fetched)
    assert type(shallow) is UserResource and shallow == fetched and shallow is not fetched
    assert isinstance(shallow.meta, Meta) and shallow.name.given_name == "Orig"
    shallow.user_name = f"{tag}.other"
    shallow.display_name = "Only on the copy"
    assert fetched.user_name == f"{tag}.copy" and "displayName" not in fetched

    deep = copy.deepcopy(fetched)
    assert type(deep) is UserResource and deep == fetched
    deep.name.given_name = "Changed"
    deep.emails[0].value = "changed@example.org"
    deep.emails.append(Email(value="more@example.org"))
    deep.meta.location = "elsewhere"
    deep.urnietfparamsscimschemasextensiongluu2_0_user["scimCustomThird"] = 2
    assert fetched.to_json() == snapshot
    assert fetched.name.given_name == "Orig" and len(fetched.emails) == 1
    assert deep.to_json()[GLUU] == {"scimCustomThird": 2}

    # A modified deep copy is still a valid request body.
    del deep.meta
    replaced = users.update_user_by_id(created.id, deep)
    assert replaced.name.given_name == "Changed"
    assert [e.value for e in replaced.emails] == ["changed@example.org", "more@example.org"]
    assert fetched.to_json() == snapshot

    built = UserResource(user_name=f"{tag}.built", emails=[{"value": "a@example.org"}], name=Name(given_name="B"))
    built_copy = copy.copy(built)
    built_deep = copy.deepcopy(built)
    built_copy.user_name = "renamed"
    built_deep.emails[0].value = "b@example.org"
    built_deep.name.given_name = "C"
    assert built.user_name == f"{tag}.built"
    assert built.emails[0].value == "a@example.org" and built.name.given_name == "B"
    assert built_deep.to_json()["emails"] == [{"value": "b@example.org"}]

    page = users.get_users(filter=f'userName eq "{tag}.copy"')
    page_copy = copy.deepcopy(page)
    assert type(page_copy) is UserListResponse and page_copy == page
    page_copy.resources[0].user_name = "changed"
    assert page.resources[0].user_name == f"{tag}.copy"
    assert type(page_copy.to_dict()["total_results"]) is int


# --------------------------------------------------------------------------- coverage


def test_every_operation_of_this_module_was_exercised(request: pytest.FixtureRequest) -> None:
    """The last test of the module: every operation of EXERCISES reached the server (skips under -k)."""
    check_operations_exercised(request, EXERCISES)
