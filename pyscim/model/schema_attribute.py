"""An attribute of a schema; complex attributes have subAttributes of the same kind (RFC 7643 §7)."""

from typing import List

from pyscim.model_utils import Model, field


class SchemaAttribute(Model):
    """An attribute of a schema; complex attributes have subAttributes of the same kind (RFC 7643 §7)."""

    name: str = field("name", "Name")
    type: str = field("type", "A label indicating the attribute's function")
    sub_attributes: List["SchemaAttribute"] = field(
        "subAttributes",
        "Sub-attributes of a complex attribute",
    )
    multi_valued: bool = field("multiValued", "Whether the attribute is multi-valued")
    description: str = field("description", "Human-readable description")
    required: bool = field("required", "Whether the attribute (or extension) is required")
    canonical_values: List[str] = field("canonicalValues", "Suggested values of the attribute")
    case_exact: bool = field("caseExact", "Whether string values are compared case-sensitively")
    mutability: str = field("mutability", "readOnly, readWrite, immutable or writeOnly")
    returned: str = field(
        "returned",
        "When the attribute is returned: always, never, default or request",
    )
    uniqueness: str = field("uniqueness", "none, server or global")
    reference_types: List[str] = field(
        "referenceTypes",
        "Resource types a reference attribute may point to",
    )
