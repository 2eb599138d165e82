"""DiscoveryApi end to end against a real SCIM server configured like Janssen (scim2-server).

pyscim 1.0.0 failed on every server that announces an authentication scheme, and never sent
the bearer token on discovery requests. scim2-server requires the token on /ResourceTypes and
/Schemas: every success there proves the token was sent, and a wrong token must fail.
The module's server announces two schemes: an HTTP Basic one (added to the Janssen
configuration) and the OAuth bearer one scim2-server adds for its token.
"""

from __future__ import annotations

import copy
import json
import secrets
from typing import Any, Iterator, List
from urllib.parse import urlsplit

import pytest
from support import (
    FIDO,
    FIDO2,
    GLUU,
    GROUP,
    LIST_RESPONSE,
    USER,
    check_operations_exercised,
    spy_on,
)

import pyscim
from pyscim.api.discovery_api import DiscoveryApi
from pyscim.exceptions import (
    ApiValueError,
    NotFoundException,
    UnauthorizedException,
)
from pyscim.model.authentication_scheme import AuthenticationScheme
from pyscim.model.resource_type import ResourceType
from pyscim.model.resource_type_list_response import ResourceTypeListResponse
from pyscim.model.resource_type_schema_extensions import ResourceTypeSchemaExtensions
from pyscim.model.schema_attribute import SchemaAttribute
from pyscim.model.schema_list_response import SchemaListResponse
from pyscim.model.schema_resource import SchemaResource
from pyscim.model.service_provider_config_response import ServiceProviderConfigResponse
from pyscim.model.service_provider_config_response_authentication_schemes import (
    ServiceProviderConfigResponseAuthenticationSchemes,
)
from pyscim.model.service_provider_config_response_bulk import (
    ServiceProviderConfigResponseBulk,
)
from pyscim.model.service_provider_config_response_filter import (
    ServiceProviderConfigResponseFilter,
)
from pyscim.model.service_provider_config_response_meta import (
    ServiceProviderConfigResponseMeta,
)
from pyscim.model.service_provider_config_response_patch import (
    ServiceProviderConfigResponsePatch,
)
from pyscim.testing import LocalScimServer, janssen_file

pytestmark = pytest.mark.timeout(60)

BASIC = {
    "type": "httpbasic",
    "name": "HTTP Basic",
    "description": "Authentication scheme using the HTTP Basic Standard",
    "specUri": "https://www.rfc-editor.org/info/rfc2617",
    "documentationUri": "https://docs.jans.io/basic",
    "primary": False,
}
RESOURCE_TYPES = {  # id: (endpoint, schema)
    "User": ("/Users", USER),
    "Group": ("/Groups", GROUP),
    "FidoDevice": ("/FidoDevices", FIDO),
    "Fido2Device": ("/Fido2Devices", FIDO2),
}

#: The API classes whose every operation this module must exercise (see the last test).
EXERCISES = (DiscoveryApi,)


# --------------------------------------------------------------------------- helpers


@pytest.fixture(scope="module")
def scim_server() -> Iterator[LocalScimServer]:
    """The conftest server, announcing an HTTP Basic scheme besides the bearer one."""
    with LocalScimServer(
        token=secrets.token_urlsafe(16), config_overrides={"authenticationSchemes": [BASIC]}
    ) as server:
        yield server


@pytest.fixture
def discovery(api_client: pyscim.ApiClient) -> DiscoveryApi:
    return DiscoveryApi(api_client)


def schema_calls(api: DiscoveryApi) -> List[Any]:
    """One call of each operation that needs the token."""
    return [
        api.get_resource_types,
        lambda: api.get_resource_type_by_id("User"),
        api.get_schemas,
        lambda: api.get_schema_by_uri(GLUU),
    ]


# --------------------------------------------------------------------------- tests


def test_service_provider_config_with_authentication_schemes(
    discovery: DiscoveryApi, scim_server: LocalScimServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    sent = spy_on(discovery.api_client, monkeypatch)
    config = discovery.get_service_provider_config()
    assert sent[-1].headers["Authorization"] == "Bearer " + scim_server.token  # sent here too
    assert urlsplit(sent[-1].url).path.endswith("/ServiceProviderConfig")

    assert isinstance(config, ServiceProviderConfigResponse)
    assert config.schemas == ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"]
    assert config.documentation_uri == "https://docs.jans.io/"
    assert isinstance(config.meta, ServiceProviderConfigResponseMeta)
    assert config.meta.resource_type == "ServiceProviderConfig"
    assert config.meta.location == scim_server.url + "/ServiceProviderConfig"
    for feature in (config.patch, config.change_password, config.sort, config.etag):
        assert isinstance(feature, ServiceProviderConfigResponsePatch) and feature.supported is True
    assert isinstance(config.bulk, ServiceProviderConfigResponseBulk)
    assert (config.bulk.supported, config.bulk.max_operations, config.bulk.max_payload_size) == (True, 30000, 100000000)
    assert type(config.bulk.max_operations) is int and type(config.bulk.max_payload_size) is int
    assert isinstance(config.filter, ServiceProviderConfigResponseFilter)
    assert (config.filter.supported, config.filter.max_results) == (True, 1000)
    assert type(config.filter.max_results) is int

    schemes = config.authentication_schemes
    assert isinstance(schemes, list) and len(schemes) == 2
    assert all(type(s) is AuthenticationScheme for s in schemes)
    assert ServiceProviderConfigResponseAuthenticationSchemes is AuthenticationScheme  # 1.0.0's name
    basic, bearer = schemes
    assert (basic.type, basic.name, basic.description) == ("httpbasic", "HTTP Basic", BASIC["description"])
    assert (basic.spec_uri, basic.documentation_uri) == (BASIC["specUri"], BASIC["documentationUri"])
    assert basic.primary is False
    assert bearer.type == "oauthbearertoken" and bearer.spec_uri.endswith("6750")
    assert bearer.get("primary") is None

    as_dict = config.to_dict()
    assert as_dict["authentication_schemes"][0] == {
        "type": "httpbasic",
        "name": "HTTP Basic",
        "description": BASIC["description"],
        "spec_uri": BASIC["specUri"],
        "documentation_uri": BASIC["documentationUri"],
        "primary": False,
    }
    assert as_dict["bulk"] == {"supported": True, "max_operations": 30000, "max_payload_size": 100000000}
    assert config.to_json()["authenticationSchemes"][0] == BASIC
    assert json.loads(json.dumps(as_dict)) == as_dict

    # /ServiceProviderConfig is open: it answers with a wrong token, and with none.
    for token in ("wrong", None):
        settings = pyscim.Configuration(host=scim_server.url)
        settings.access_token = token
        with pyscim.ApiClient(settings) as client:
            assert DiscoveryApi(client).get_service_provider_config() == config


def test_get_resource_types(discovery: DiscoveryApi, scim_server: LocalScimServer) -> None:
    types = discovery.get_resource_types()

    assert isinstance(types, ResourceTypeListResponse)
    assert types.schemas == [LIST_RESPONSE]
    assert (types.total_results, types.items_per_page, types.start_index) == (4, 4, 1)
    assert all(type(v) is int for v in (types.total_results, types.items_per_page, types.start_index))
    assert all(type(t) is ResourceType for t in types.resources)
    assert {t.id: (t.endpoint, t.schema) for t in types.resources} == RESOURCE_TYPES
    for t in types.resources:
        assert t.name == t.id
        assert t.schemas == ["urn:ietf:params:scim:schemas:core:2.0:ResourceType"]
        assert t.meta.resource_type == "ResourceType"
        assert t.meta.location == f"{scim_server.url}/ResourceTypes/{t.id}"
    user = next(t for t in types.resources if t.id == "User")
    assert user.description == "User Account"
    assert isinstance(user.schema_extensions, list) and len(user.schema_extensions) == 1
    extension = user.schema_extensions[0]
    assert type(extension) is ResourceTypeSchemaExtensions
    assert extension.schema == GLUU
    assert extension.required is False
    assert all(t.get("schema_extensions") is None for t in types.resources if t.id != "User")

    as_dict = types.to_dict()
    assert as_dict["total_results"] == 4 and type(as_dict["total_results"]) is int
    user_dict = next(t for t in as_dict["resources"] if t["id"] == "User")
    assert user_dict["schema_extensions"] == [{"schema": GLUU, "required": False}]
    assert types.to_json()["Resources"][0]["schemas"] == ["urn:ietf:params:scim:schemas:core:2.0:ResourceType"]


def test_get_resource_type_by_id_for_every_type(
    discovery: DiscoveryApi, scim_server: LocalScimServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    listed = {t.id: t for t in discovery.get_resource_types().resources}
    sent = spy_on(discovery.api_client, monkeypatch)
    for name, (endpoint, schema) in RESOURCE_TYPES.items():
        one = discovery.get_resource_type_by_id(name)
        assert urlsplit(sent[-1].url).path == urlsplit(scim_server.url).path + "/ResourceTypes/" + name
        assert type(one) is ResourceType
        assert (one.id, one.name, one.endpoint, one.schema) == (name, name, endpoint, schema)
        assert one == listed[name]
    user = discovery.get_resource_type_by_id("User")
    assert [(type(e), e.schema, e.required) for e in user.schema_extensions] == [
        (ResourceTypeSchemaExtensions, GLUU, False)
    ]


def test_get_schemas(discovery: DiscoveryApi, scim_server: LocalScimServer) -> None:
    schemas = discovery.get_schemas()

    assert isinstance(schemas, SchemaListResponse)
    assert schemas.total_results == 5 and type(schemas.total_results) is int
    assert all(type(s) is SchemaResource for s in schemas.resources)
    by_id = {s.id: s for s in schemas.resources}
    assert set(by_id) == {USER, GROUP, GLUU, FIDO, FIDO2}
    assert all(s.meta.resource_type == "Schema" for s in schemas.resources)
    expected = {s["id"]: s for s in json.loads(janssen_file("schemas.json"))}
    for uri, schema in by_id.items():
        assert schema.name == expected[uri]["name"]
        assert [a.name for a in schema.attributes] == [a["name"] for a in expected[uri]["attributes"]]
        assert all(type(a) is SchemaAttribute and type(a.required) is bool for a in schema.attributes)
        assert all(type(a.multi_valued) is bool for a in schema.attributes)

    user = {a.name: a for a in by_id[USER].attributes}
    assert user["userName"].required is True and user["userName"].uniqueness == "server"
    assert user["password"].mutability == "writeOnly" and user["password"].returned == "never"
    assert user["emails"].multi_valued is True and user["emails"].type == "complex"
    assert user["groups"].mutability == "readOnly"
    name_parts = user["name"].sub_attributes
    assert all(type(a) is SchemaAttribute for a in name_parts)
    assert [a.name for a in name_parts] == [
        "formatted", "familyName", "givenName", "middleName", "honorificPrefix", "honorificSuffix",
    ]
    assert all(a.required is False and a.case_exact is False for a in name_parts)
    assert by_id[GROUP].attributes[0].name == "displayName" and by_id[GROUP].attributes[0].required is True
    user_dict = next(s for s in schemas.to_dict()["resources"] if s["id"] == USER)
    assert user_dict["attributes"][0]["name"] == "userName" and user_dict["attributes"][0]["required"] is True
    assert user_dict["attributes"][1]["sub_attributes"][2]["name"] == "givenName"


def test_get_schema_by_uri_for_every_schema(
    discovery: DiscoveryApi, scim_server: LocalScimServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    listed = {s.id: s for s in discovery.get_schemas().resources}
    sent = spy_on(discovery.api_client, monkeypatch)
    for uri in (USER, GLUU, GROUP, FIDO2, FIDO):
        schema = discovery.get_schema_by_uri(uri)
        # The URN goes as one path segment (":" percent-encoded) and the server finds it.
        assert urlsplit(sent[-1].url).path.endswith("/Schemas/" + uri.replace(":", "%3A"))
        assert type(schema) is SchemaResource and schema.id == uri
        assert schema == listed[uri]

    gluu = discovery.get_schema_by_uri(GLUU)
    assert gluu.name == "GluuCustomExtension"
    assert gluu.meta.location == f"{scim_server.url}/Schemas/{GLUU}"
    assert [(a.name, a.type, a.multi_valued, a.required) for a in gluu.attributes] == [
        ("scimCustomFirst", "string", False, False),
        ("scimCustomSecond", "dateTime", True, False),
        ("scimCustomThird", "integer", False, False),
        ("nicknames", "string", True, False),
        ("verified", "boolean", False, False),
        ("hireDate", "dateTime", False, False),
    ]
    assert all(a.required is False and a.mutability == "readWrite" for a in gluu.attributes)
    fido = discovery.get_schema_by_uri(FIDO)
    mutable = sorted(a.name for a in fido.attributes if a.mutability == "readWrite")
    assert mutable == ["description", "displayName", "status"]
    assert {a.name: a.type for a in fido.attributes}["counter"] == "integer"
    as_json = gluu.to_json()
    assert as_json["attributes"][4] == {**as_json["attributes"][4], "name": "verified", "required": False}
    deep = copy.deepcopy(gluu)
    deep.attributes[0].required = True
    assert gluu.attributes[0].required is False


def test_discovery_sends_the_token_and_a_wrong_one_fails(
    discovery: DiscoveryApi, scim_server: LocalScimServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """pyscim 1.0.0 never sent the token on discovery requests."""
    sent = spy_on(discovery.api_client, monkeypatch)
    results = [call() for call in schema_calls(discovery)]  # the server requires the token here
    assert [type(r) for r in results] == [ResourceTypeListResponse, ResourceType, SchemaListResponse, SchemaResource]
    assert len(sent) == 4
    assert all(s.headers["Authorization"] == "Bearer " + scim_server.token for s in sent)

    for token in ("not-the-token", None):
        settings = pyscim.Configuration(host=scim_server.url)
        settings.access_token = token
        with pyscim.ApiClient(settings) as client:
            other = spy_on(client, monkeypatch)
            for call in schema_calls(DiscoveryApi(client)):
                with pytest.raises(UnauthorizedException) as caught:
                    call()
                assert caught.value.status == 401
                assert "not-the-token" not in str(caught.value)
            expected = None if token is None else "Bearer " + token
            assert [s.headers.get("Authorization") for s in other] == [expected] * 4


def test_enum_parameters_are_checked_before_sending(
    discovery: DiscoveryApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    sent = spy_on(discovery.api_client, monkeypatch)
    with pytest.raises(ApiValueError, match="resource"):
        discovery.get_resource_type_by_id("Nope")
    with pytest.raises(ApiValueError, match="uri"):
        discovery.get_schema_by_uri("urn:nope")
    with pytest.raises(ApiValueError):
        discovery.get_resource_type_by_id("")
    assert sent == []
    # Unchecked, they reach the server, which knows no such thing.
    with pytest.raises(NotFoundException) as caught:
        discovery.get_resource_type_by_id("Nope", _check_input_type=False)
    assert caught.value.status == 404 and "Nope" in caught.value.detail
    with pytest.raises(NotFoundException) as caught:
        discovery.get_schema_by_uri("urn:nope", _check_input_type=False)
    assert caught.value.status == 404 and "urn:nope" in caught.value.detail
    assert len(sent) == 2


# --------------------------------------------------------------------------- coverage


def test_every_operation_of_this_module_was_exercised(request: pytest.FixtureRequest) -> None:
    """The last test of the module: every operation of EXERCISES reached the server (skips under -k)."""
    check_operations_exercised(request, EXERCISES)
