"""Represents a user resource. See section 4.1 of RFC 7643."""

from typing import Any, Dict, List

from pyscim.model.address import Address
from pyscim.model.base_resource import BaseResource
from pyscim.model.email import Email
from pyscim.model.entitlement import Entitlement
from pyscim.model.group import Group
from pyscim.model.instant_messaging_address import InstantMessagingAddress
from pyscim.model.name import Name
from pyscim.model.phone_number import PhoneNumber
from pyscim.model.photo import Photo
from pyscim.model.role import Role
from pyscim.model.x509_certificate import X509Certificate
from pyscim.model_utils import field


class UserResource(BaseResource):
    """Represents a user resource. See section 4.1 of RFC 7643."""

    _schemas = ("urn:ietf:params:scim:schemas:core:2.0:User",)

    schemas: List[str] = field(
        "schemas",
        "URIs of the schemas of the resource's attributes (core, then extensions)",
        default=["urn:ietf:params:scim:schemas:core:2.0:User"],
    )
    external_id: str = field(
        "externalId",
        "Identifier of the resource useful from the perspective of the provisioning client. See section 3.1 of RFC 7643",
    )
    user_name: str = field(
        "userName",
        "Identifier for the user, typically used by the user to directly authenticate (id and externalId are opaque identifiers generally not known by users)",
    )
    name: Name = field("name", "Name")
    display_name: str = field("displayName", "Name of the user suitable for display to end-users")
    nick_name: str = field("nickName", "Casual way to address the user in real life")
    profile_url: str = field(
        "profileUrl",
        "URI pointing to a location representing the User's online profile",
    )
    title: str = field("title", "Job title, e.g. Vice President")
    user_type: str = field(
        "userType",
        "Used to identify the relationship between the organization and the user",
    )
    preferred_language: str = field(
        "preferredLanguage",
        "Preferred language as used in the Accept-Language HTTP header",
    )
    locale: str = field(
        "locale",
        "Used for purposes of localizing items such as currency and dates",
    )
    timezone: str = field(
        "timezone",
        "Time zone in the Olson database format, e.g. America/Los_Angeles",
    )
    active: bool = field("active", "Whether the user is active")
    password: str = field("password", "The user's clear-text password (write-only)")
    emails: List[Email] = field("emails", "E-mail addresses")
    phone_numbers: List[PhoneNumber] = field("phoneNumbers", "Phone numbers")
    ims: List[InstantMessagingAddress] = field("ims", "Instant messaging addresses")
    photos: List[Photo] = field("photos", "Photos of the user")
    addresses: List[Address] = field("addresses", "Physical mailing addresses")
    groups: List[Group] = field("groups", "Groups the user belongs to (read-only)")
    entitlements: List[Entitlement] = field("entitlements", "Entitlements of the user")
    roles: List[Role] = field("roles", "Roles of the user")
    x509_certificates: List[X509Certificate] = field(
        "x509Certificates",
        "X.509 certificates of the user",
    )
    urnietfparamsscimschemasextensiongluu2_0_user: Dict[str, Any] = field(
        "urn:ietf:params:scim:schemas:extension:gluu:2.0:User",
        "Janssen (gluu) extension attributes of the user",
    )
