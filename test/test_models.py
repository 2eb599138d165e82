"""The models: construction, typing, server data, serialization (unit tests, no network)."""

from __future__ import annotations

import copy
import datetime
import json
import pickle

import pytest

from pyscim.exceptions import (
    ApiAttributeError,
    ApiTypeError,
    ApiValueError,
    OpenApiException,
)
from pyscim.model_utils import (
    Model,
    ModelComposed,
    ModelNormal,
    OpenApiModel,
    dumps,
    model_to_dict,
)
from pyscim.models import (
    Address,
    AuthenticationScheme,
    BulkData,
    BulkOperation,
    BulkRequest,
    BulkRequestAllOf,
    Email,
    ErrorResponse,
    Fido2DeviceResource,
    FidoDeviceResource,
    FidoDeviceResourceAllOf,
    GenericListResponse,
    GenericResource,
    GroupResource,
    GroupResourceAllOf,
    Member,
    Meta,
    Name,
    PatchOperation,
    PatchRequest,
    ResourceType,
    SchemaAttribute,
    SearchRequest,
    ServiceProviderConfigResponse,
    ServiceProviderConfigResponseAuthenticationSchemes,
    UserListResponse,
    UserListResponseAllOf,
    UserResource,
    UserResourceAllOf,
)

USER = "urn:ietf:params:scim:schemas:core:2.0:User"
GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group"
FIDO = "urn:ietf:params:scim:schemas:core:2.0:FidoDevice"
FIDO2 = "urn:ietf:params:scim:schemas:core:2.0:Fido2Device"
GLUU = "urn:ietf:params:scim:schemas:extension:gluu:2.0:User"
UTC = datetime.timezone.utc


def raises_at(exc_type: type, path: str):  # type: ignore[no-untyped-def]
    """pytest.raises for ``exc_type`` whose message names ``path`` between backquotes."""
    return pytest.raises(exc_type, match=r"`%s`" % path.replace("[", r"\[").replace("]", r"\]").replace(".", r"\."))


# --------------------------------------------------------------------------- construction


def test_built_with_python_names() -> None:
    user = UserResource(
        user_name="jdoe",
        display_name="John",
        name=Name(given_name="John", family_name="Doe"),
        emails=[Email(value="j@example.org", primary=True)],
        active=True,
    )
    assert user.user_name == "jdoe"
    assert user.name.given_name == "John"
    assert user.emails[0].primary is True
    assert user.to_json() == {
        "schemas": [USER],
        "userName": "jdoe",
        "displayName": "John",
        "name": {"givenName": "John", "familyName": "Doe"},
        "emails": [{"value": "j@example.org", "primary": True}],
        "active": True,
    }


def test_built_with_json_names_and_nested_dicts() -> None:
    user = UserResource(userName="jdoe", displayName="John", name={"givenName": "John"}, phoneNumbers=[{"value": "1"}])
    assert (user.user_name, user.display_name) == ("jdoe", "John")
    assert isinstance(user.name, Name) and user.name.given_name == "John"
    assert user.phone_numbers[0].value == "1"
    ext = UserResource(**{GLUU: {"custom": 1}})
    assert ext.urnietfparamsscimschemasextensiongluu2_0_user == {"custom": 1}


def test_json_names_match_case_insensitively() -> None:
    """RFC 7643 §2.1: attribute names are case-insensitive."""
    user = UserResource(
        USERNAME="x", DisplayName="d", EMAILS=[{"VALUE": "v", "Primary": True}], NAME={"GIVENNAME": "g"}
    )
    assert user.user_name == "x" and user.display_name == "d"
    assert user.emails[0].value == "v" and user.emails[0].primary is True
    assert user.name.given_name == "g"
    assert user.to_json() == {
        "schemas": [USER],
        "userName": "x",
        "displayName": "d",
        "emails": [{"value": "v", "primary": True}],
        "name": {"givenName": "g"},
    }
    assert user["USERNAME"] == user.get("username") == "x"


def test_an_attribute_given_twice_is_refused() -> None:
    with pytest.raises(ApiTypeError, match="user_name"):
        UserResource(user_name="a", userName="b")


def test_required_arguments_positionally_as_in_1_0_0() -> None:
    assert ErrorResponse("404").status == "404"
    assert PatchOperation("add").op == "add"
    op = PatchOperation("replace", path="active", value=False)
    request = PatchRequest([op])
    assert request.operations == [op]
    assert request.to_json() == {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{"op": "replace", "path": "active", "value": False}],
    }
    assert ErrorResponse(status="500").status == "500"  # or by keyword


def test_required_and_positional_argument_errors() -> None:
    with pytest.raises(ApiTypeError, match="missing required argument.*status"):
        ErrorResponse()
    with pytest.raises(ApiTypeError, match="operations"):
        PatchRequest()
    with pytest.raises(ApiTypeError, match=r"Invalid positional arguments=\(None,\) passed to BulkRequest"):
        BulkRequest(None)
    with pytest.raises(ApiTypeError, match="Invalid positional arguments"):
        PatchOperation("add", "path")
    # 1.0.0's TypeError for a missing argument still catches it
    with pytest.raises(TypeError):
        ErrorResponse()


def test_unknown_attributes_are_kept_and_serialized() -> None:
    user = UserResource(user_name="a", customAttr={"k": [1, 2]}, urn_x_flag=True)
    assert user.customAttr == {"k": [1, 2]}
    assert user["urn_x_flag"] is True and "customAttr" in user
    assert user.to_dict() == {"schemas": [USER], "user_name": "a", "customAttr": {"k": [1, 2]}, "urn_x_flag": True}
    assert json.loads(dumps(user)) == {
        "schemas": [USER], "userName": "a", "customAttr": {"k": [1, 2]}, "urn_x_flag": True
    }
    user.later = "x"
    assert user.to_json()["later"] == "x"


def test_unknown_attributes_from_the_server_are_kept() -> None:
    user = UserResource._wrap({"userName": "a", "x-custom": {"k": 1}, "urn:acme:ext": {"level": 3}})
    assert user["x-custom"] == {"k": 1}
    assert user.get("urn:acme:ext") == {"level": 3}
    assert user.to_dict() == {"user_name": "a", "x-custom": {"k": 1}, "urn:acme:ext": {"level": 3}}
    assert json.loads(dumps(user)) == {"userName": "a", "x-custom": {"k": 1}, "urn:acme:ext": {"level": 3}}


# --------------------------------------------------------------------------- type errors


def test_wrong_types_name_their_path() -> None:
    ops = [BulkOperation(method="POST"), {}, {"bulk_id": "ok"}, {"bulk_id": 5}]
    with raises_at(ApiTypeError, "operations[3].bulk_id") as info:
        BulkRequest(operations=ops)
    assert info.value.path_to_item == ["operations", 3, "bulk_id"]
    with raises_at(ApiTypeError, "emails[1].primary"):
        UserResource(emails=[Email(value="a"), {"value": "b", "primary": "yes"}])
    with raises_at(ApiTypeError, "name.given_name") as info:
        UserResource(name={"givenName": 3})
    assert "expected str, got int" in str(info.value)
    with raises_at(ApiTypeError, "emails"):
        UserResource(emails=Email(value="not a list"))
    with raises_at(ApiTypeError, "name"):
        UserResource(name="John")
    with raises_at(ApiTypeError, "active"):
        UserResource(active="yes")
    with raises_at(ApiTypeError, "start_index"):
        SearchRequest(start_index=True)  # a bool is not an int


def test_type_errors_are_1_0_0s_classes() -> None:
    with pytest.raises(ApiTypeError) as info:
        Email(primary="yes")
    assert isinstance(info.value, TypeError) and isinstance(info.value, OpenApiException)
    assert info.value.valid_classes == (bool,)


def test_a_malformed_datetime_is_a_value_error_naming_the_field() -> None:
    with raises_at(ApiValueError, "creation_date"):
        FidoDeviceResource(creation_date="yesterday")
    parsed = FidoDeviceResource(creation_date="2024-01-02T03:04:05Z").creation_date
    assert parsed == datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)


def test_check_type_false_keeps_what_it_is_given() -> None:
    user = UserResource(active="yes", emails="x", _check_type=False)
    assert user.active == "yes" and user.emails == "x"


def test_setting_attributes_after_construction_is_checked() -> None:
    user = UserResource()
    user.user_name = "a"
    user.name = {"givenName": "g"}
    assert isinstance(user.name, Name) and user.name.given_name == "g"
    user["display_name"] = "D"
    user.emails = [{"value": "e"}]
    assert isinstance(user.emails[0], Email)
    with raises_at(ApiTypeError, "active"):
        user.active = "yes"
    with raises_at(ApiTypeError, "name.family_name"):
        user.name = {"familyName": 1}
    with raises_at(ApiTypeError, "emails[0].primary"):
        user.emails = [{"primary": 0}]
    user.set_attribute("title", "Dr")  # 1.0.0's setter
    with raises_at(ApiTypeError, "nick_name"):
        user.set_attribute("nick_name", 5)
    del user.title
    assert user.to_json() == {
        "schemas": [USER],
        "userName": "a",
        "name": {"givenName": "g"},
        "displayName": "D",
        "emails": [{"value": "e"}],
    }
    user.UserName = "b"  # a JSON name in any case sets the same attribute
    assert user.user_name == "b" and "UserName" not in user.to_json()


def test_deleting_attributes() -> None:
    user = UserResource(user_name="a", nick_name="n", extra=1)
    del user.nick_name
    del user.extra
    assert "nick_name" not in user and "extra" not in user
    assert user.to_json() == {"schemas": [USER], "userName": "a"}
    with pytest.raises(ApiAttributeError):
        del user.not_there
    server = UserResource._wrap({"UserName": "a", "nickName": "n"})
    del server.user_name  # a case-folded server key is deleted too
    assert server.to_json() == {"nickName": "n"}


# --------------------------------------------------------------------------- access


def test_an_unset_attribute_is_an_api_attribute_error_and_an_attribute_error() -> None:
    user = UserResource(user_name="a")
    with pytest.raises(ApiAttributeError) as info:
        user.nick_name
    assert isinstance(info.value, AttributeError)
    assert "nick_name" in str(info.value)
    assert getattr(user, "nick_name", None) is None
    assert not hasattr(user, "no_such_thing")
    assert getattr(user, "no_such_thing", "dflt") == "dflt"
    with pytest.raises(ApiAttributeError):
        user["title"]
    nested = UserResource._wrap({"name": {}})
    with raises_at(ApiAttributeError, "name.given_name"):
        nested.name.given_name


def test_item_access_get_and_in() -> None:
    user = UserResource(user_name="a", name=Name(given_name="g"))
    assert user["user_name"] == user["userName"] == "a"
    assert user.get("nick_name") is None and user.get("nick_name", "-") == "-"
    assert user.get("name").given_name == "g"
    assert "user_name" in user and "userName" in user and "username" in user
    assert "nick_name" not in user and 3 not in user


def test_to_dict_uses_python_names_recursively() -> None:
    user = UserResource(
        user_name="a",
        name=Name(given_name="g"),
        emails=[Email(value="e", primary=True)],
        addresses=[Address(street_address="s", postal_code="1")],
        meta=Meta(resource_type="User"),
    )
    assert user.to_dict() == {
        "schemas": [USER],
        "user_name": "a",
        "name": {"given_name": "g"},
        "emails": [{"value": "e", "primary": True}],
        "addresses": [{"street_address": "s", "postal_code": "1"}],
        "meta": {"resource_type": "User"},
    }
    assert model_to_dict(user, serialize=False) == user.to_dict()
    assert model_to_dict(user)["addresses"] == [{"streetAddress": "s", "postalCode": "1"}]


def test_to_str_and_repr() -> None:
    name = Name(given_name="g", family_name="f")
    assert name.to_str() == "{'family_name': 'f', 'given_name': 'g'}"
    assert repr(name) == "Name({'family_name': 'f', 'given_name': 'g'})"
    assert repr(UserResource._wrap({"userName": "a"})) == "UserResource({'user_name': 'a'})"


def test_equality() -> None:
    a = UserResource(user_name="a", emails=[Email(value="e")])
    b = UserResource(userName="a", emails=[{"value": "e"}])
    assert a == b and not (a != b)
    assert a != UserResource(user_name="b")
    assert UserResource._wrap({"UserName": "a"}) == UserResource._wrap({"userName": "a"})
    assert UserResource(user_name="a") != GroupResource(display_name="a")
    assert a != {"userName": "a"}
    with pytest.raises(TypeError):
        hash(a)


def test_from_openapi_data_takes_json_names() -> None:
    user = UserResource._from_openapi_data(
        userName="a", nickName="n", emails=[{"value": "e"}], _spec_property_naming=True
    )
    assert (user.user_name, user.nick_name, user.emails[0].value) == ("a", "n", "e")
    error = ErrorResponse._from_openapi_data("409", scimType="uniqueness", detail="taken")
    assert (error.status, error.scim_type, error.detail) == ("409", "uniqueness", "taken")
    assert PatchOperation._new_from_openapi_data("remove", path="title").path == "title"


# --------------------------------------------------------------------------- server data


def test_server_numbers_where_the_spec_says_string() -> None:
    op = BulkOperation._wrap({"method": "POST", "status": 201, "bulkId": "b"})
    assert op.status == "201"
    assert ErrorResponse._wrap({"status": 404}).status == "404"


def test_server_ints_stay_ints() -> None:
    page = UserListResponse._wrap({"totalResults": 5, "startIndex": 1, "itemsPerPage": 2, "Resources": []})
    assert page.total_results == 5 and page.start_index == 1
    assert page.to_dict() == {"total_results": 5, "start_index": 1, "items_per_page": 2, "resources": []}
    assert BulkRequest._wrap({"failOnErrors": "3"}).fail_on_errors == 3  # a numeric string is read as int


def test_server_datetimes_are_parsed() -> None:
    device = FidoDeviceResource._wrap(
        {"creationDate": "2024-01-02T03:04:05Z", "lastAccessTime": "2024-02-03T04:05:06.789+02:00"}
    )
    assert device.creation_date == datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)
    assert device.last_access_time.utcoffset() == datetime.timedelta(hours=2)
    assert device.to_dict()["creation_date"] == datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)
    assert json.loads(dumps(device))["creationDate"] == "2024-01-02T03:04:05+00:00"


def test_server_keys_match_case_insensitively() -> None:
    user = UserResource._wrap({"UserName": "a", "NAME": {"GivenName": "g"}, "Emails": [{"Value": "e"}]})
    assert user.user_name == "a"
    assert user.name.given_name == "g"
    assert user.emails[0].value == "e"
    assert user.to_dict() == {"user_name": "a", "name": {"given_name": "g"}, "emails": [{"value": "e"}]}


def test_server_lists_are_typed() -> None:
    page = UserListResponse._wrap(
        {"Resources": [{"userName": "a", "emails": [{"value": "x", "primary": True}], "groups": [{"value": "g1"}]}]}
    )
    (user,) = page.resources
    assert type(user) is UserResource
    assert type(user.emails[0]) is Email and user.emails[0].primary is True
    assert user.groups[0].value == "g1"
    assert user.emails is page.resources[0].emails  # typed once, in place


def test_server_values_are_coerced_when_safe() -> None:
    user = UserResource._wrap({"active": "true", "emails": [{"primary": "False"}]})
    assert user.active is True
    assert user.emails[0].primary is False


def test_uncoercible_server_values_raise_on_read_with_their_path() -> None:
    user = UserResource._wrap({"userName": "a", "emails": [{"value": "x"}, {"primary": [1]}], "active": {"no": 1}})
    assert user.user_name == "a"  # the rest stays readable
    with raises_at(ApiTypeError, "emails[1].primary") as info:
        user.emails[1].primary
    assert "server's data" in str(info.value)
    with raises_at(ApiTypeError, "active"):
        user.active
    with raises_at(ApiTypeError, "name"):
        UserResource._wrap({"name": "John"}).name
    with raises_at(ApiTypeError, "resources[0]"):
        UserListResponse._wrap({"Resources": ["not an object"]}).resources


def test_unchecked_server_data_keeps_raw_values() -> None:
    user = UserResource._wrap({"emails": [{"primary": [1]}], "active": {"no": 1}, "name": "John"}, False)
    assert user.emails[0].primary == [1]
    assert user.active == {"no": 1}
    assert user.name == "John"


def test_generic_resource_picks_the_class_its_schemas_name() -> None:
    page = GenericListResponse._wrap(
        {
            "Resources": [
                {"schemas": [USER], "userName": "u"},
                {"schemas": [GROUP.upper()], "displayName": "g"},
                {"schemas": [FIDO], "application": "app"},
                {"schemas": [FIDO2], "displayName": "key"},
                {"schemas": ["urn:acme:Other"], "userName": "x", "members": [{"value": "1"}], "extra": 1},
                {"displayName": "no schemas"},
            ]
        }
    )
    kinds = [type(r) for r in page.resources]
    assert kinds == [
        UserResource, GroupResource, FidoDeviceResource, Fido2DeviceResource, GenericResource, GenericResource
    ]
    other = page.resources[4]
    assert other.user_name == "x" and other.members[0].value == "1" and other.extra == 1
    assert other.to_dict() == {"schemas": ["urn:acme:Other"], "user_name": "x", "members": [{"value": "1"}], "extra": 1}
    assert isinstance(GenericResource._wrap({"schemas": [USER, GLUU]}), UserResource)


def test_copy_deepcopy_and_pickle() -> None:
    user = UserResource._wrap({"UserName": "a", "emails": [{"value": "x"}]})
    shallow = copy.copy(user)
    deep = copy.deepcopy(user)
    assert shallow == user == deep
    deep.emails[0].value = "changed"
    assert user.emails[0].value == "x"
    shallow.user_name = "b"
    assert user.user_name == "a"
    again = pickle.loads(pickle.dumps(user))
    assert type(again) is UserResource and again == user and again.emails[0].value == "x"
    built = pickle.loads(pickle.dumps(PatchRequest([PatchOperation("add", value={"a": 1})])))
    assert built.operations[0].value == {"a": 1}


# --------------------------------------------------------------------------- 1.0.0 classes


def test_all_of_classes_of_1_0_0() -> None:
    assert issubclass(UserResourceAllOf, OpenApiModel)
    assert set(UserResourceAllOf.attribute_map) >= {"user_name", "emails", "x509_certificates"}
    assert "id" not in UserResourceAllOf.attribute_map  # the base's fields are not in the AllOf part
    assert UserResourceAllOf(user_name="a").user_name == "a"
    assert GroupResourceAllOf(members=[{"value": "1"}]).members[0] == Member(value="1")
    assert FidoDeviceResourceAllOf.attribute_map["creation_date"] == "creationDate"
    assert UserListResponseAllOf.attribute_map["resources"] == "Resources"
    assert BulkRequestAllOf(fail_on_errors=2).fail_on_errors == 2
    pairs = ((UserResource, UserResourceAllOf), (GroupResource, GroupResourceAllOf), (BulkRequest, BulkRequestAllOf))
    for whole, part in pairs:
        assert set(part.attribute_map) <= set(whole.attribute_map)
    assert issubclass(UserResource, ModelComposed) and issubclass(Name, ModelNormal)


def test_authentication_schemes_class_of_1_0_0() -> None:
    assert ServiceProviderConfigResponseAuthenticationSchemes is AuthenticationScheme
    scheme = ServiceProviderConfigResponseAuthenticationSchemes(type="oauthbearertoken", spec_uri="u", primary=True)
    assert scheme.to_json() == {"type": "oauthbearertoken", "specUri": "u", "primary": True}
    config = ServiceProviderConfigResponse._wrap({"authenticationSchemes": [{"type": "oauthbearertoken", "name": "n"}]})
    assert isinstance(config.authentication_schemes[0], ServiceProviderConfigResponseAuthenticationSchemes)


def test_openapi_types_and_attribute_map() -> None:
    types = UserResource.openapi_types
    assert types["user_name"] == (str,)
    assert types["emails"] == ([Email],)
    assert types["name"] == (Name,)
    assert types["active"] == (bool,)
    assert FidoDeviceResource.openapi_types["creation_date"] == (datetime.datetime,)
    assert ServiceProviderConfigResponse.openapi_types["authentication_schemes"] == ([AuthenticationScheme],)
    assert ResourceType.openapi_types["schema_extensions"][0][0].__name__ == "ResourceTypeSchemaExtensions"
    assert SchemaAttribute.openapi_types["required"] == (bool,)
    assert set(dict(UserResource.openapi_types["urnietfparamsscimschemasextensiongluu2_0_user"][0])) == {str}
    assert UserResource(user_name="a").openapi_types == types  # on instances too
    assert UserResource.attribute_map["x509_certificates"] == "x509Certificates"
    assert UserResource.attribute_map["urnietfparamsscimschemasextensiongluu2_0_user"] == GLUU
    assert PatchRequest.attribute_map == {"schemas": "schemas", "operations": "Operations"}
    assert all(isinstance(k, str) for k in UserResource.attribute_map)


def test_default_schemas_of_resources_and_messages() -> None:
    assert UserResource().schemas == [USER]
    assert GroupResource().schemas == [GROUP]
    assert FidoDeviceResource().schemas == [FIDO]
    assert Fido2DeviceResource().schemas == [FIDO2]
    assert PatchRequest([]).schemas == ["urn:ietf:params:scim:api:messages:2.0:PatchOp"]
    assert SearchRequest().schemas == ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"]
    assert BulkRequest().schemas == ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"]
    # given schemas win; each instance has its own list
    assert UserResource(schemas=[USER, GLUU]).schemas == [USER, GLUU]
    a, b = UserResource(), UserResource()
    a.schemas.append(GLUU)
    assert b.schemas == [USER]
    # replies are read as sent: no schemas added to server data or to responses
    assert "schemas" not in UserResource._wrap({"userName": "a"})
    assert "schemas" not in ErrorResponse("400") and "schemas" not in BulkData()


# --------------------------------------------------------------------------- serialization


def test_dumps_datetimes_nested_models_and_dicts_with_models() -> None:
    body = BulkRequest(
        operations=[
            BulkOperation(
                method="POST",
                path="/Users",
                data={"schemas": [USER], "name": Name(given_name="g"), "emails": [Email(value="e")]},
            )
        ]
    )
    assert json.loads(dumps(body)) == {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],
        "Operations": [
            {
                "method": "POST",
                "path": "/Users",
                "data": {"schemas": [USER], "name": {"givenName": "g"}, "emails": [{"value": "e"}]},
            }
        ],
    }
    when = datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)
    raw = dumps({"at": when, "day": datetime.date(2024, 1, 2), "device": FidoDeviceResource(creation_date=when)})
    assert json.loads(raw) == {
        "at": "2024-01-02T03:04:05+00:00",
        "day": "2024-01-02",
        "device": {"schemas": [FIDO], "creationDate": "2024-01-02T03:04:05+00:00"},
    }
    assert isinstance(raw, bytes)
    assert dumps({"name": "Zoë"}).decode("utf-8") == '{"name":"Zoë"}'


def test_dumps_names_the_value_json_cannot_carry() -> None:
    body = BulkRequest(operations=[BulkOperation(method="DELETE"), BulkOperation(method="POST", data={"tags": {"a"}})])
    with raises_at(ApiTypeError, "operations[1].data.tags") as info:
        dumps(body)
    assert "got set" in str(info.value)
    assert info.value.path_to_item == ["operations", 1, "data", "tags"]
    with raises_at(ApiTypeError, "value"):
        dumps(PatchOperation("add", value=object()))
    with pytest.raises(ApiTypeError, match="nan"):
        dumps({"x": float("nan")})


def test_to_json_equals_what_is_sent() -> None:
    user = UserResource(user_name="a", meta=Meta(created="2024-01-01"), **{GLUU: {"k": 1}})
    assert json.loads(dumps(user)) == user.to_json() == {
        "schemas": [USER],
        "userName": "a",
        "meta": {"created": "2024-01-01"},
        GLUU: {"k": 1},
    }


def test_models_are_openapi_models() -> None:
    for cls in (UserResource, Name, PatchRequest, GenericResource, ErrorResponse):
        assert issubclass(cls, Model) and issubclass(cls, OpenApiModel)
