"""Build SCIM filters (RFC 7644 §3.4.2.2) that user input cannot change the meaning of.

Concatenating user input into a filter string is an injection: a user named
``x" or userName pr or "`` turns ``userName eq "<name>"`` into a filter that
matches everyone. This module builds the string instead: attribute paths are
checked against the grammar, values are written as JSON literals (quotes,
backslashes and control characters escaped), and logical operators are
parenthesized so that the result reads the way it was composed::

    from pyscim.filter import attr

    f = attr("userName").eq(name_from_a_form)
    f = attr("emails").where(attr("type").eq("work") & attr("value").ew("@example.com"))
    f = (attr("name.familyName").sw("O'") | attr("title").pr()) & ~attr("active").eq(False)
    f = attr("meta.lastModified").gt(datetime(2024, 1, 1, tzinfo=timezone.utc))

    UserApi(client).get_users(filter=f)
    UserApi(client).search_user(SearchRequest(filter=f))

A :class:`Filter` is a ``str``, so it goes wherever a filter string goes. Combine
filters with ``&`` (and), ``|`` (or) and ``~`` (not), or with :func:`and_`,
:func:`or_` and :func:`not_`; never with ``+`` or string formatting, which give
back a plain string with none of these guarantees. A trusted, hand-written
filter joins them through :meth:`Filter.raw`.
"""

from __future__ import annotations

import datetime
import decimal
import json
import math
import re
from typing import Any, Iterable, Union

from pyscim.exceptions import ApiTypeError, ApiValueError

__all__ = [
    "Filter",
    "Attr",
    "attr",
    "attr_path",
    "literal",
    "and_",
    "or_",
    "not_",
    "eq",
    "ne",
    "co",
    "sw",
    "ew",
    "gt",
    "ge",
    "lt",
    "le",
    "pr",
    "where",
]

# RFC 7644 §3.4.2.2 / RFC 7643 §2.1: ATTRNAME = ALPHA *(nameChar); "$ref" is the
# one attribute name that starts otherwise (RFC 7643 errata 8924).
_ATTRNAME = r"(?:[A-Za-z][A-Za-z0-9_-]*|\$ref)"
# A schema URN, e.g. urn:ietf:params:scim:schemas:core:2.0:User.
_URN = r"(?i:urn):[A-Za-z0-9][A-Za-z0-9._-]*(?::[A-Za-z0-9][A-Za-z0-9._-]*)*"
_PATH = re.compile(r"(?:%s:)?%s(?:\.%s)?" % (_URN, _ATTRNAME, _ATTRNAME))
_JSON_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?")

#: Operators that compare a value (RFC 7644 table 3); "pr" takes none.
COMPARE_OPERATORS = ("eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le")

Value = Union[str, int, float, bool, None, datetime.date, datetime.datetime, decimal.Decimal]

# Kinds of Filter, for parenthesizing: an atom needs no parentheses anywhere.
_ATOM, _AND, _OR, _RAW = "atom", "and", "or", "raw"


class Filter(str):
    """A SCIM filter expression: a ``str`` that knows how it was built.

    Make one with :func:`attr` (or the operator functions of this module);
    combine with ``&``, ``|`` and ``~``. ``Filter.raw(text)`` wraps a trusted
    hand-written expression.
    """

    _kind: str
    _value_path: bool

    def __new__(cls, text: str, _kind: str = _RAW, _value_path: bool = False) -> "Filter":
        if not isinstance(text, str):
            raise ApiTypeError("A filter is a str, got %s" % type(text).__name__)
        obj = super().__new__(cls, text)
        obj._kind = _kind
        obj._value_path = _value_path
        return obj

    @classmethod
    def raw(cls, text: str) -> "Filter":
        """A trusted, hand-written filter (never user input): parenthesized when combined."""
        if not isinstance(text, str) or not text.strip():
            raise ApiValueError("A raw filter must be a non-empty string")
        if isinstance(text, Filter):
            return text
        return cls(text, _RAW, "[" in text)

    def __reduce__(self) -> Any:
        return (Filter, (str(self), self._kind, self._value_path))

    def __repr__(self) -> str:
        return "Filter(%s)" % str.__repr__(self)

    def __and__(self, other: Any) -> "Filter":
        if not isinstance(other, Filter):
            return NotImplemented
        return and_(self, other)

    def __or__(self, other: Any) -> "Filter":
        if not isinstance(other, Filter):
            return NotImplemented
        return or_(self, other)

    def __invert__(self) -> "Filter":
        return not_(self)


def attr_path(path: str) -> str:
    """``path`` if it is a valid attribute path, else ApiValueError.

    ``[URN ":"] ATTRNAME ["." ATTRNAME]``: ``userName``, ``name.familyName``,
    ``urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value``,
    ``members.$ref``.
    """
    if not isinstance(path, str):
        raise ApiTypeError("An attribute path is a str, got %s" % type(path).__name__)
    if not _PATH.fullmatch(path):
        raise ApiValueError(
            "Invalid attribute path %r: expected [schema URN:]name[.subAttribute] "
            "(RFC 7644 §3.4.2.2), names of letters, digits, '-' and '_'" % (path,)
        )
    return path


def literal(value: Value) -> str:
    """``value`` as a filter's compareValue: a JSON literal (RFC 7644 §3.4.2.2).

    str (quoted, escaped), int, float and Decimal (finite), bool, None
    (``null``), and date/datetime (an ISO 8601 string; an aware datetime in
    UTC with ``Z``).
    """
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise ApiValueError("Filter value is not valid Unicode (it holds a lone surrogate)") from None
        return json.dumps(str(value), ensure_ascii=False)
    if isinstance(value, int):
        return str(int(value))
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ApiValueError("Filter value must be a finite number, got %r" % (value,))
        return json.dumps(float(value))
    if isinstance(value, decimal.Decimal):
        text = str(value)
        if not value.is_finite() or not _JSON_NUMBER.fullmatch(text):
            text = format(value, "f") if value.is_finite() else ""
        if not _JSON_NUMBER.fullmatch(text):
            raise ApiValueError("Filter value must be a finite number, got %r" % (value,))
        return text
    if isinstance(value, datetime.datetime):
        if value.tzinfo is not None and value.utcoffset() is not None:
            value = value.astimezone(datetime.timezone.utc).replace(tzinfo=None)
            return json.dumps(value.isoformat() + "Z")
        return json.dumps(value.isoformat())
    if isinstance(value, datetime.date):
        return json.dumps(value.isoformat())
    raise ApiTypeError(
        "Filter value must be a str, int, float, Decimal, bool, None, date or datetime, got %s"
        % type(value).__name__
    )


def _compare(path: str, op: str, value: Value) -> Filter:
    attr_path(path)
    if op in ("co", "sw", "ew") and not isinstance(value, str):
        raise ApiTypeError("Operator %r compares strings, got %s" % (op, type(value).__name__))
    if op in ("gt", "ge", "lt", "le") and (value is None or isinstance(value, bool)):
        raise ApiValueError("Operator %r cannot compare %r (RFC 7644 §3.4.2.2)" % (op, value))
    return Filter("%s %s %s" % (path, op, literal(value)), _ATOM)


def _operand(f: Any, inside: str) -> Filter:
    if not isinstance(f, Filter):
        raise ApiTypeError(
            "%s combines Filters (from pyscim.filter), got %s; wrap a trusted string with Filter.raw()"
            % (inside, type(f).__name__)
        )
    return f


def and_(*filters: Filter) -> Filter:
    """All of ``filters`` (``a & b``); an ``or`` among them is parenthesized."""
    return _join("and", filters)


def or_(*filters: Filter) -> Filter:
    """Any of ``filters`` (``a | b``)."""
    return _join("or", filters)


def _join(op: str, filters: Iterable[Filter]) -> Filter:
    parts = [_operand(f, op + "_()") for f in filters]
    if not parts:
        raise ApiValueError("%s_() needs at least one filter" % op)
    if len(parts) == 1:
        return parts[0]
    texts = []
    for f in parts:
        # "and" binds tighter than "or" (RFC 7644 §3.4.2.2): only an "or" inside an
        # "and" needs parentheses, and a raw filter always gets them.
        if f._kind == _RAW or (op == "and" and f._kind == _OR):
            texts.append("(%s)" % f)
        else:
            texts.append(str(f))
    kind = _AND if op == "and" else _OR
    return Filter((" %s " % op).join(texts), kind, any(f._value_path for f in parts))


def not_(f: Filter) -> Filter:
    """The negation of ``f`` (``~f``): ``not (f)``."""
    f = _operand(f, "not_()")
    return Filter("not (%s)" % f, _ATOM, f._value_path)


def where(path: str, f: Filter) -> Filter:
    """A value path: ``emails[type eq "work"]`` (one cannot hold another).

    True for a resource where a value of the multi-valued ``path`` matches
    ``f``, whose attribute paths name sub-attributes of ``path``.
    """
    attr_path(path)
    f = _operand(f, "where()")
    if f._value_path:
        raise ApiValueError("A value path cannot hold another value path (RFC 7644 §3.4.2.2)")
    return Filter("%s[%s]" % (path, f), _ATOM, True)


def eq(path: str, value: Value) -> Filter:
    """``path eq value``: equal."""
    return _compare(path, "eq", value)


def ne(path: str, value: Value) -> Filter:
    """``path ne value``: not equal."""
    return _compare(path, "ne", value)


def co(path: str, value: str) -> Filter:
    """``path co value``: contains."""
    return _compare(path, "co", value)


def sw(path: str, value: str) -> Filter:
    """``path sw value``: starts with."""
    return _compare(path, "sw", value)


def ew(path: str, value: str) -> Filter:
    """``path ew value``: ends with."""
    return _compare(path, "ew", value)


def gt(path: str, value: Value) -> Filter:
    """``path gt value``: greater than."""
    return _compare(path, "gt", value)


def ge(path: str, value: Value) -> Filter:
    """``path ge value``: greater than or equal."""
    return _compare(path, "ge", value)


def lt(path: str, value: Value) -> Filter:
    """``path lt value``: less than."""
    return _compare(path, "lt", value)


def le(path: str, value: Value) -> Filter:
    """``path le value``: less than or equal."""
    return _compare(path, "le", value)


def pr(path: str) -> Filter:
    """``path pr``: has a value."""
    return Filter("%s pr" % attr_path(path), _ATOM)


class Attr:
    """An attribute path, checked, with the filter operators as methods: ``attr("userName").eq(x)``."""

    __slots__ = ("path",)

    def __init__(self, path: str) -> None:
        self.path = attr_path(path)

    def __repr__(self) -> str:
        return "attr(%r)" % self.path

    def eq(self, value: Value) -> Filter:
        return eq(self.path, value)

    def ne(self, value: Value) -> Filter:
        return ne(self.path, value)

    def co(self, value: str) -> Filter:
        return co(self.path, value)

    def sw(self, value: str) -> Filter:
        return sw(self.path, value)

    def ew(self, value: str) -> Filter:
        return ew(self.path, value)

    def gt(self, value: Value) -> Filter:
        return gt(self.path, value)

    def ge(self, value: Value) -> Filter:
        return ge(self.path, value)

    def lt(self, value: Value) -> Filter:
        return lt(self.path, value)

    def le(self, value: Value) -> Filter:
        return le(self.path, value)

    def pr(self) -> Filter:
        return pr(self.path)

    def where(self, f: Filter) -> Filter:
        return where(self.path, f)

    __getitem__ = where


def attr(path: str) -> Attr:
    """The attribute ``path`` (checked), to compare: ``attr("name.familyName").sw("O'")``."""
    return Attr(path)
