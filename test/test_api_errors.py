"""Errors of the SCIM API as pyscim exceptions, against a real SCIM server configured like Janssen.

404 on unknown ids (NotFoundException), 409 on a duplicate userName (ConflictException),
400 on a bad filter and other refused requests (BadRequestException), 401 on a wrong token
(UnauthorizedException): each an ApiException subclass of pyscim.exceptions, with the status
as an int, and the server's SCIM error (RFC 7644 §3.12) parsed: ``exc.error.scim_type``,
``exc.error.detail``, and the shortcuts ``exc.scim_type``, ``exc.detail``.
"""

from __future__ import annotations

import json
import secrets
from typing import Any, Callable, List, Tuple, Type

import pytest
from support import ERROR, GLUU, check_operations_exercised

import pyscim
from pyscim import exceptions
from pyscim.api.fido2_devices_api import Fido2DevicesApi
from pyscim.api.fido_devices_api import FidoDevicesApi
from pyscim.api.global_search_api import GlobalSearchApi
from pyscim.api.group_api import GroupApi
from pyscim.api.user_api import UserApi
from pyscim.exceptions import (
    ApiException,
    BadRequestException,
    ConflictException,
    NotFoundException,
    UnauthorizedException,
)
from pyscim.model.error_response import ErrorResponse
from pyscim.model.fido2_device_resource import Fido2DeviceResource
from pyscim.model.fido_device_resource import FidoDeviceResource
from pyscim.model.group_resource import GroupResource
from pyscim.model.patch_operation import PatchOperation
from pyscim.model.patch_request import PatchRequest
from pyscim.model.search_request import SearchRequest
from pyscim.model.user_resource import UserResource

pytestmark = pytest.mark.timeout(60)

PATCH = PatchRequest(operations=[PatchOperation(op="replace", path="displayName", value="x")])

#: No API of its own: its calls count for the static check of test_operation_coverage.py.
EXERCISES: Tuple[type, ...] = ()


def tag() -> str:
    return "e" + secrets.token_hex(4)


def check_scim_error(
    exc: ApiException, cls: Type[ApiException], status: int, scim_type: Any, detail: str
) -> None:
    """The exception, its status and the SCIM error the server sent, every way they are offered."""
    assert type(exc) is cls
    assert exc.status == status and type(exc.status) is int
    assert isinstance(exc.error, ErrorResponse)
    assert exc.error.schemas == [ERROR]
    assert exc.error.status == str(status)
    assert exc.error.get("scim_type") == scim_type and exc.scim_type == scim_type
    assert exc.error.detail == detail and exc.detail == detail
    assert json.loads(exc.body)["detail"] == detail
    assert exc.headers["Content-Type"].startswith("application/scim+json")
    text = str(exc)
    assert f"({status})" in text and detail in text
    if scim_type is not None:
        assert f"scimType={scim_type}" in text


# --------------------------------------------------------------------------- classes


def test_the_exception_classes_are_those_of_pyscim_exceptions() -> None:
    assert pyscim.ApiException is exceptions.ApiException
    for cls in (NotFoundException, ConflictException, BadRequestException, UnauthorizedException):
        assert cls.__module__ == "pyscim.exceptions" and getattr(exceptions, cls.__name__) is cls
        assert issubclass(cls, pyscim.ApiException) and issubclass(cls, pyscim.OpenApiException)
        assert cls is not pyscim.ApiException
    assert issubclass(pyscim.ApiValueError, ValueError) and issubclass(pyscim.ApiTypeError, TypeError)


# --------------------------------------------------------------------------- 404


def test_unknown_ids_raise_not_found_with_the_scim_error(api_client: pyscim.ApiClient) -> None:
    users, groups = UserApi(api_client), GroupApi(api_client)
    fido, fido2 = FidoDevicesApi(api_client), Fido2DevicesApi(api_client)
    cases: List[Tuple[Callable[[], Any], str]] = [
        (lambda: users.get_user_by_id("nope"), "User 'nope' not found"),
        (lambda: users.update_user_by_id("nope", UserResource(user_name="nope")), "User 'nope' not found"),
        (lambda: users.patch_user_by_id("nope", PATCH), "User 'nope' not found"),
        (lambda: users.delete_user_by_id("nope"), "User 'nope' not found"),
        (lambda: groups.get_group_by_id("nope"), "Group 'nope' not found"),
        (lambda: groups.update_group_by_id("nope", GroupResource(display_name="x")), "Group 'nope' not found"),
        (lambda: groups.patch_group_by_id("nope", PATCH), "Group 'nope' not found"),
        (lambda: groups.delete_group_by_id("nope"), "Group 'nope' not found"),
        (lambda: fido.get_fido_device_by_id("nope", user_id="someone"), "FidoDevice 'nope' not found"),
        (lambda: fido.update_fido_device_by_id("nope", FidoDeviceResource(display_name="x")), "FidoDevice 'nope' not found"),
        (lambda: fido.delete_fido_device_by_id("nope"), "FidoDevice 'nope' not found"),
        (lambda: fido2.get_fido2_device_by_id("nope"), "Fido2Device 'nope' not found"),
        (lambda: fido2.update_fido2_device_by_id("nope", Fido2DeviceResource(display_name="x")), "Fido2Device 'nope' not found"),
        (lambda: fido2.delete_fido2_device_by_id("nope"), "Fido2Device 'nope' not found"),
    ]
    for call, detail in cases:
        with pytest.raises(NotFoundException) as caught:
            call()
        check_scim_error(caught.value, NotFoundException, 404, None, detail)
        assert caught.value.reason == "Not Found"


def test_errors_of_async_calls_and_of_calls_with_http_info(api_client: pyscim.ApiClient) -> None:
    users = UserApi(api_client)
    thread = users.get_user_by_id("nope", async_req=True)
    with pytest.raises(NotFoundException) as caught:
        thread.get(timeout=30)
    check_scim_error(caught.value, NotFoundException, 404, None, "User 'nope' not found")
    with pytest.raises(NotFoundException):
        users.get_user_by_id("nope", _return_http_data_only=False)
    with pytest.raises(pyscim.ApiException):  # caught as the base class, too
        users.delete_user_by_id("nope")


# --------------------------------------------------------------------------- 409


def test_a_duplicate_user_name_raises_conflict(api_client: pyscim.ApiClient) -> None:
    users = UserApi(api_client)
    name = tag()
    first = users.create_user(UserResource(user_name=name))
    detail = "One or more of the attribute values are already in use or are reserved"
    for duplicate in (name, name.upper()):  # userName is compared case-insensitively
        with pytest.raises(ConflictException) as caught:
            users.create_user(UserResource(user_name=duplicate))
        check_scim_error(caught.value, ConflictException, 409, "uniqueness", detail)
        assert isinstance(caught.value, pyscim.ApiException)

    other = users.create_user(UserResource(user_name=name + ".other"))
    with pytest.raises(ConflictException) as caught:
        users.update_user_by_id(other.id, UserResource(user_name=name))
    check_scim_error(caught.value, ConflictException, 409, "uniqueness", detail)
    assert users.get_user_by_id(other.id).user_name == name + ".other"
    assert users.get_users(filter=f'userName eq "{name}"').resources[0].id == first.id


# --------------------------------------------------------------------------- 400


def test_a_bad_filter_raises_bad_request_on_every_query(api_client: pyscim.ApiClient) -> None:
    cases: List[Tuple[Callable[[], Any], str]] = [
        (lambda: UserApi(api_client).get_users(filter="userName eq"), "invalid syntax at column 10"),
        (lambda: UserApi(api_client).search_user(SearchRequest(filter="userName eq")), "invalid syntax at column 10"),
        (lambda: GroupApi(api_client).get_groups(filter="displayName eq"), "invalid syntax at column 13"),
        (lambda: GroupApi(api_client).search_group(SearchRequest(filter="displayName eq")), "invalid syntax at column 13"),
        (lambda: FidoDevicesApi(api_client).get_fido_devices(filter="userId eq"), "invalid syntax at column 8"),
        (lambda: FidoDevicesApi(api_client).search_fido_device(SearchRequest(filter="userId eq")), "invalid syntax at column 8"),
        (lambda: Fido2DevicesApi(api_client).get_fido2_devices(filter="userId eq"), "invalid syntax at column 8"),
        (lambda: Fido2DevicesApi(api_client).search_fido2_device(SearchRequest(filter="userId eq")), "invalid syntax at column 8"),
        (lambda: GlobalSearchApi(api_client).search_resources(SearchRequest(filter="userName eq")), "invalid syntax at column 10"),
    ]
    for call, detail in cases:
        with pytest.raises(BadRequestException) as caught:
            call()
        check_scim_error(caught.value, BadRequestException, 400, "invalidFilter", detail)
        assert caught.value.reason == "Bad Request"


def test_other_refused_requests_raise_bad_request_with_their_scim_type(api_client: pyscim.ApiClient) -> None:
    users = UserApi(api_client)
    user = users.create_user(UserResource(user_name=tag(), emails=[{"value": "w@example.org", "type": "work"}]))
    cases: List[Tuple[Callable[[], Any], str, str]] = [
        (
            lambda: users.create_user(UserResource(user_name=tag(), bogusAttr=1)),  # kept by the model, sent
            "invalidSyntax",
            "Extra inputs are not permitted: bogusAttr",
        ),
        (
            lambda: users.create_user(UserResource(user_name=tag(), **{GLUU: {"scimCustomThird": "abc"}})),
            "invalidValue",
            "Input should be a valid integer, unable to parse string as an integer: " + GLUU + ":scimCustomThird",
        ),
        (
            lambda: users.patch_user_by_id(
                user.id, PatchRequest(operations=[PatchOperation(op="replace", path="nosuch", value="x")])
            ),
            "invalidPath",
            "'nosuch' is not an attribute of the schema",
        ),
        (
            lambda: users.patch_user_by_id(
                user.id,
                PatchRequest(operations=[PatchOperation(op="replace", path='emails[type eq "home"].value', value="x")]),
            ),
            "noTarget",
            "no value of 'emails' matches the path filter",
        ),
    ]
    for call, scim_type, detail in cases:
        with pytest.raises(BadRequestException) as caught:
            call()
        check_scim_error(caught.value, BadRequestException, 400, scim_type, detail)
    assert users.get_user_by_id(user.id).emails[0].value == "w@example.org"


# --------------------------------------------------------------------------- 401


def test_a_wrong_token_raises_unauthorized(configuration: pyscim.Configuration) -> None:
    configuration.access_token = "not-the-token"
    with pyscim.ApiClient(configuration) as client:
        for call in (
            lambda: UserApi(client).get_users(),
            lambda: GroupApi(client).create_group(GroupResource(display_name="x")),
            lambda: GlobalSearchApi(client).search_resources(SearchRequest()),
        ):
            with pytest.raises(UnauthorizedException) as caught:
                call()
            exc = caught.value
            assert exc.status == 401 and exc.error.status == "401" and exc.scim_type is None
            assert exc.detail == "Authorization failure. The authorization header is invalid or missing"
            assert exc.headers["WWW-Authenticate"].startswith("Bearer")
            assert "(401)" in str(exc) and "not-the-token" not in str(exc)


# --------------------------------------------------------------------------- coverage


def test_every_operation_of_this_module_was_exercised(request: pytest.FixtureRequest) -> None:
    """The last test of the module: no EXERCISES here, but 20 operations at least reached the server."""
    check_operations_exercised(request, EXERCISES, at_least=20)
