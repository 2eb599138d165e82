"""Physical mailing address for this user. See section 4.1.2 of RFC 7643."""

from pyscim.model_utils import Model, field


class Address(Model):
    """Physical mailing address for this user. See section 4.1.2 of RFC 7643."""

    formatted: str = field(
        "formatted",
        "Full mailing address, formatted for display or use with a mailing label",
    )
    street_address: str = field("streetAddress", "Street address, e.g. 56 Acacia Avenue")
    locality: str = field("locality", "City or locality of the address")
    region: str = field("region", "State or region of the address")
    postal_code: str = field("postalCode", "Zip code")
    country: str = field("country", "Country expressed in ISO 3166-1 \"alpha-2\" code format")
    type: str = field("type", "A label indicating the attribute's function")
    primary: bool = field(
        "primary",
        "Denotes if this is the preferred address among others, if any",
    )
