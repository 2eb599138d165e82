"""The components of a user's name (RFC 7643 §4.1.1)."""

from pyscim.model_utils import Model, field


class Name(Model):
    """The components of a user's name (RFC 7643 §4.1.1)."""

    family_name: str = field("familyName", "Family (last) name")
    given_name: str = field("givenName", "Given (first) name")
    middle_name: str = field("middleName", "Middle name(s)")
    honorific_prefix: str = field("honorificPrefix", "A \"title\" like \"Ms.\", \"Mrs.\"")
    honorific_suffix: str = field(
        "honorificSuffix",
        "Name suffix, like \"Junior\", \"The great\", \"III\"",
    )
    formatted: str = field(
        "formatted",
        "Full name, including all middle names, titles, and suffixes as appropriate",
    )
