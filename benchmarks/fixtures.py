"""Deterministic SCIM fixtures (users, list and bulk responses) for the benchmark."""

from __future__ import annotations

import json
from typing import Any

CORE_USER = "urn:ietf:params:scim:schemas:core:2.0:User"
GLUU_USER = "urn:ietf:params:scim:schemas:extension:gluu:2.0:User"
LIST_RESPONSE = "urn:ietf:params:scim:api:messages:2.0:ListResponse"
BULK_REQUEST = "urn:ietf:params:scim:api:messages:2.0:BulkRequest"
BULK_RESPONSE = "urn:ietf:params:scim:api:messages:2.0:BulkResponse"

BASE_PATH = "/jans-scim/restv1/v2"
TOKEN = "bench-6a1f0c2e-token"
BULK_OPS = 1000
LIST_SIZE = 200

_GIVEN = ["Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Margaret", "Ken"]
_FAMILY = ["Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Hamilton", "Thompson"]
_MIDDLE = ["Ann", "Brooke", "Mathison", "Wybe", "Jane", "Ervin", "Heafield", "Lane"]
_PREFIX = ["Ms.", "Dr.", "Mr.", "Prof."]
_CITIES = [("Austin", "TX", "78701"), ("Seattle", "WA", "98101"), ("Boston", "MA", "02108")]
_LOCALES = [("en-US", "en_US", "America/Chicago"), ("fr-FR", "fr_FR", "Europe/Paris"),
            ("es-MX", "es_MX", "America/Mexico_City")]


def user_id(i: int) -> str:
    """Return the deterministic SCIM id of user number ``i``."""
    return f"{i:08x}-5b1c-4d2e-9f3a-{(i * 7919) % 10**12:012d}"


def bulk_id(i: int) -> str:
    """Return the bulkId of bulk operation number ``i``."""
    return f"bulk-{i:04d}"


def _address(i: int, k: int) -> dict[str, Any]:
    """Return one fully populated address."""
    city, region, postal = _CITIES[(i + k) % len(_CITIES)]
    street = f"{100 + (i * 13 + k) % 900} {'Main' if k == 0 else 'Oak'} Street"
    return {
        "formatted": f"{street}\n{city}, {region} {postal}\nUS",
        "streetAddress": street,
        "locality": city,
        "region": region,
        "postalCode": postal,
        "country": "US",
        "type": "work" if k == 0 else "home",
        "primary": k == 0,
    }


def new_user(i: int) -> dict[str, Any]:
    """Return the JSON dict of user ``i`` as a client would POST it (no id/meta)."""
    given, family = _GIVEN[i % len(_GIVEN)], _FAMILY[(i // 8) % len(_FAMILY)]
    middle, prefix = _MIDDLE[i % len(_MIDDLE)], _PREFIX[i % len(_PREFIX)]
    lang, locale, tz = _LOCALES[i % len(_LOCALES)]
    login = f"{given.lower()}.{family.lower()}{i}"
    return {
        "schemas": [CORE_USER, GLUU_USER],
        "externalId": f"ext-{i:06d}",
        "userName": login,
        "name": {
            "givenName": given,
            "familyName": family,
            "middleName": middle,
            "honorificPrefix": prefix,
            "formatted": f"{prefix} {given} {middle} {family}",
        },
        "displayName": f"{given} {family}",
        "nickName": given[:3],
        "title": ["Engineer", "Manager", "Analyst", "Director"][i % 4],
        "userType": ["Employee", "Contractor"][i % 2],
        "preferredLanguage": lang,
        "locale": locale,
        "timezone": tz,
        "active": i % 5 != 0,
        "emails": [
            {"value": f"{login}@example.com", "type": "work", "primary": True},
            {"value": f"{login}@home.example.org", "type": "home", "primary": False},
        ],
        "phoneNumbers": [
            {"value": f"+1-512-555-{i % 10000:04d}", "type": "work", "primary": True},
            {"value": f"+1-737-555-{(i * 3) % 10000:04d}", "type": "mobile"},
        ],
        "addresses": [_address(i, k) for k in range(1 + i % 2)],
        "groups": [
            {
                "value": f"group-{g:04d}",
                "$ref": f"https://scim.example.com{BASE_PATH}/Groups/group-{g:04d}",
                "display": f"Team {g}",
                "type": "direct",
            }
            for g in (i % 17, 100 + i % 5)
        ],
        GLUU_USER: {
            "employeeNumber": f"E{i:06d}",
            "department": ["R&D", "Sales", "Support"][i % 3],
            "costCenter": 4000 + i % 50,
            "mfaEnabled": i % 3 == 0,
            "badges": [f"b{i % 7}", f"b{i % 11}"],
        },
    }


def stored_user(i: int) -> dict[str, Any]:
    """Return user ``i`` as the server returns it (with id and meta)."""
    user = new_user(i)
    uid = user_id(i)
    day = 1 + i % 28
    return {
        "schemas": user.pop("schemas"),
        "id": uid,
        **user,
        "meta": {
            "resourceType": "User",
            "created": f"2023-03-{day:02d}T10:{i % 60:02d}:05.123Z",
            "lastModified": f"2024-07-{day:02d}T16:{(i * 7) % 60:02d}:42.456Z",
            "location": f"https://scim.example.com{BASE_PATH}/Users/{uid}",
        },
    }


def list_response(count: int = LIST_SIZE) -> dict[str, Any]:
    """Return a ListResponse holding ``count`` stored users."""
    return {
        "schemas": [LIST_RESPONSE],
        "totalResults": 10 * count,
        "startIndex": 1,
        "itemsPerPage": count,
        "Resources": [stored_user(i) for i in range(count)],
    }


def bulk_response(ops: int = BULK_OPS) -> dict[str, Any]:
    """Return a BulkResponse with ``ops`` successful POST /Users operations."""
    return {
        "schemas": [BULK_RESPONSE],
        "Operations": [
            {
                "method": "POST",
                "bulkId": bulk_id(i),
                "location": f"https://scim.example.com{BASE_PATH}/Users/{user_id(10_000 + i)}",
                "status": "201",
            }
            for i in range(ops)
        ],
    }


def encode(doc: Any) -> bytes:
    """Encode a JSON document compactly, as a server would send it."""
    return json.dumps(doc, separators=(",", ":")).encode()
