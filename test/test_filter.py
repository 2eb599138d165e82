"""The filter builder: checked paths, escaped values, correct grouping, and no injection."""

from __future__ import annotations

import datetime
import decimal
import pickle
import random
from typing import Any, Iterator, Tuple

import pytest

import pyscim
from pyscim.api.user_api import UserApi
from pyscim.exceptions import ApiTypeError, ApiValueError
from pyscim.filter import (
    Filter,
    and_,
    attr,
    attr_path,
    co,
    eq,
    ew,
    ge,
    gt,
    le,
    literal,
    lt,
    ne,
    not_,
    or_,
    pr,
    sw,
    where,
)
from pyscim.model.search_request import SearchRequest
from pyscim.testing import LocalScimServer

# -- building --------------------------------------------------------------------------------


def test_operators() -> None:
    assert attr("userName").eq("bjensen") == 'userName eq "bjensen"'
    assert ne("title", None) == "title ne null"
    assert co("emails", "@example.com") == 'emails co "@example.com"'
    assert sw("name.familyName", "O'") == 'name.familyName sw "O\'"'
    assert ew("userName", "x") == 'userName ew "x"'
    assert gt("meta.version", 3) == "meta.version gt 3"
    assert ge("x", 2.5) == "x ge 2.5"
    assert lt("x", decimal.Decimal("1.50")) == "x lt 1.50"
    assert le("x", -7) == "x le -7"
    assert pr("title") == attr("title").pr() == "title pr"
    assert eq("active", True) == "active eq true"
    assert eq("active", False) == "active eq false"


def test_dates() -> None:
    aware = datetime.datetime(2024, 5, 1, 14, 30, tzinfo=datetime.timezone(datetime.timedelta(hours=2)))
    assert gt("meta.lastModified", aware) == 'meta.lastModified gt "2024-05-01T12:30:00Z"'
    assert lt("meta.created", datetime.datetime(2024, 1, 2, 3, 4, 5)) == 'meta.created lt "2024-01-02T03:04:05"'
    assert ge("x", datetime.date(2024, 2, 29)) == 'x ge "2024-02-29"'


@pytest.mark.parametrize(
    "value, text",
    [
        ('quo"te', r'"quo\"te"'),
        ("back\\slash", r'"back\\slash"'),
        ('x" or userName pr or "', r'"x\" or userName pr or \""'),
        ("line\nbreak\ttab\x00nul", r'"line\nbreak\ttab\u0000nul"'),
        ("unicodé 名前 🙂", '"unicodé 名前 🙂"'),
        ("", '""'),
    ],
)
def test_strings_are_json_escaped(value: str, text: str) -> None:
    assert literal(value) == text
    assert eq("userName", value) == "userName eq " + text


@pytest.mark.parametrize(
    "path",
    [
        "userName",
        "name.familyName",
        "emails",
        "members.$ref",
        "x-custom_attr2",
        "urn:ietf:params:scim:schemas:core:2.0:User:userName",
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value",
        "URN:ietf:params:scim:schemas:extension:gluu:2.0:User:memberOf",
    ],
)
def test_valid_paths(path: str) -> None:
    assert attr_path(path) == path
    assert attr(path).pr() == path + " pr"


@pytest.mark.parametrize(
    "path",
    [
        "",
        " userName",
        "userName ",
        'userName eq "x"',
        "userName pr or title",
        "1abc",
        "-abc",
        "a.b.c",
        "name.",
        ".name",
        "emails[type",
        'emails[type eq "work"]',
        "urn:only",
        "urn:x:",
        "a(b)",
        "user\nName",
        "name.$$",
    ],
)
def test_invalid_paths_are_refused(path: str) -> None:
    with pytest.raises(ApiValueError):
        attr(path)
    with pytest.raises(ApiValueError):
        eq(path, "x")


def test_invalid_values_are_refused() -> None:
    with pytest.raises(ApiValueError):
        eq("x", float("nan"))
    with pytest.raises(ApiValueError):
        eq("x", float("inf"))
    with pytest.raises(ApiValueError):
        eq("x", decimal.Decimal("NaN"))
    with pytest.raises(ApiValueError):
        eq("x", "lone \ud800 surrogate")
    for value in (object(), [1], {"a": 1}, b"bytes"):
        with pytest.raises(ApiTypeError):
            eq("x", value)  # type: ignore[arg-type]
    for op in (co, sw, ew):
        with pytest.raises(ApiTypeError):
            op("x", 1)  # type: ignore[arg-type]
    for op in (gt, ge, lt, le):
        with pytest.raises(ApiValueError):
            op("x", None)
        with pytest.raises(ApiValueError):
            op("x", True)
    with pytest.raises(ApiTypeError):
        attr(1)  # type: ignore[arg-type]


def test_grouping_follows_precedence() -> None:
    a, b, c = attr("a").pr(), attr("b").pr(), attr("c").pr()
    assert a & b & c == "a pr and b pr and c pr"
    assert a | b | c == "a pr or b pr or c pr"
    assert (a | b) & c == "(a pr or b pr) and c pr"
    assert a & (b | c) == "a pr and (b pr or c pr)"
    assert (a & b) | c == "a pr and b pr or c pr"  # "and" binds tighter
    assert ~a == "not (a pr)"
    assert ~(a | b) & c == "not (a pr or b pr) and c pr"
    assert ~~a == "not (not (a pr))"
    assert and_(a) is a
    assert or_(a, and_(b, c)) == "a pr or b pr and c pr"
    assert not_(a) == ~a
    with pytest.raises(ApiValueError):
        and_()


def test_value_paths() -> None:
    f = attr("emails").where(attr("type").eq("work") & attr("value").ew("@example.com"))
    assert f == 'emails[type eq "work" and value ew "@example.com"]'
    assert attr("emails")[attr("primary").eq(True)] == "emails[primary eq true]"
    assert where("members", eq("value", "1") | eq("value", "2")) == 'members[value eq "1" or value eq "2"]'
    assert f & pr("title") == f + " and title pr"
    with pytest.raises(ApiValueError):
        attr("emails").where(attr("x").where(pr("y")))
    with pytest.raises(ApiValueError):
        attr("emails").where(pr("a") & attr("x").where(pr("y")))


def test_raw_filters_are_explicit_and_grouped() -> None:
    raw = Filter.raw('userName sw "a" or userName sw "b"')
    assert raw & pr("title") == '(userName sw "a" or userName sw "b") and title pr'
    assert raw | pr("title") == '(userName sw "a" or userName sw "b") or title pr'
    with pytest.raises(TypeError):
        pr("title") & 'userName pr or x pr'  # type: ignore[operator]
    with pytest.raises(TypeError):
        'userName pr' | pr("title")  # type: ignore[operator]
    with pytest.raises(ApiTypeError):
        and_(pr("a"), "b pr")  # type: ignore[arg-type]
    with pytest.raises(ApiValueError):
        Filter.raw("  ")


def test_a_filter_is_a_str() -> None:
    f = eq("userName", "bjensen")
    assert isinstance(f, str)
    assert str(f) == 'userName eq "bjensen"' and type(str(f)) is str
    assert repr(f) == "Filter('userName eq \"bjensen\"')"
    assert {f: 1}['userName eq "bjensen"'] == 1
    g = pickle.loads(pickle.dumps(f | pr("x")))
    assert g == 'userName eq "bjensen" or x pr' and isinstance(g, Filter)
    assert g & pr("y") == '(userName eq "bjensen" or x pr) and y pr'
    request = SearchRequest(filter=f)
    assert request.filter == f


# -- meaning: what a real SCIM parser reads ---------------------------------------------------------


def _parse(text: str) -> Any:
    from scim2_models.path.filter import ScimFilter  # the parser scim2-server uses

    return ScimFilter(text).ast


HOSTILE = [
    'quo"te',
    "back\\slash",
    'x" or userName pr or "',
    'x" or userName pr or userName eq "',
    'paren") or (userName pr',
    "trailing\\",
    '"',
    '\\"',
    "a\tb",
    "and not (userName pr)",
    "o'brien",
    "x] or [y",
    "line\nbreak",
    "%27%22",
    "unicodé-名前-🙂",
    "userName pr",
]


@pytest.mark.parametrize("value", HOSTILE)
def test_a_parser_reads_exactly_the_value(value: str) -> None:
    ast = _parse(eq("userName", value))
    assert type(ast).__name__ == "Comparison"
    assert ast.value == value
    assert str(ast.attr_path) == "userName"


def test_random_values_round_trip() -> None:
    rng = random.Random(7644)
    alphabet = '"\\()[] \t\n\r/\'aZ0.,:;&|!=<>%{}' + "éß名🙂\x00\x1f\x7f\u2028"
    for _ in range(200):
        value = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 24)))
        assert _parse(eq("name.familyName", value)).value == value


def test_a_parser_reads_the_intended_structure() -> None:
    f = (eq("a", 'x" or b pr or "') | pr("b")) & ~eq("c", None)
    ast = _parse(f)
    assert type(ast).__name__ == "LogicalExpr" and ast.op.value == "and"
    left, right = ast.terms
    assert type(left).__name__ == "LogicalExpr" and left.op.value == "or"
    assert type(right).__name__ == "Not"


# -- against a real SCIM server ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def scim() -> Iterator[Tuple[UserApi, dict]]:
    server = LocalScimServer(token="secret").start()
    try:
        config = pyscim.Configuration(host=server.url, access_token="secret")
        api = UserApi(pyscim.ApiClient(config))
        ids = {}
        for name in HOSTILE + ["plain", "plain2"]:
            ids[name] = api.create_user({"userName": name, "displayName": "d-" + name}).id
        yield api, ids
    finally:
        server.stop()


@pytest.mark.timeout(60)
def test_hostile_values_find_exactly_their_user(scim: Tuple[UserApi, dict]) -> None:
    api, ids = scim
    for name in HOSTILE:
        f = attr("userName").eq(name)
        found = api.get_users(filter=f)
        assert found.total_results == 1, name
        assert [u.id for u in found.resources] == [ids[name]], name
        searched = api.search_user(SearchRequest(filter=f))
        assert [u.id for u in searched.resources] == [ids[name]], name
        both = api.get_users(filter=attr("userName").eq(name) & attr("displayName").eq("d-" + name))
        assert [u.id for u in both.resources] == [ids[name]], name


@pytest.mark.timeout(60)
def test_naive_concatenation_is_an_injection(scim: Tuple[UserApi, dict]) -> None:
    # What the builder prevents: the same value pasted into a string matches everyone.
    api, ids = scim
    value = 'x" or userName pr or userName eq "'
    naive = api.get_users(filter='userName eq "%s"' % value)
    assert naive.total_results == len(ids)
    safe = api.get_users(filter=attr("userName").eq(value))
    assert [u.id for u in safe.resources] == [ids[value]]


@pytest.mark.timeout(60)
def test_composed_filters_on_the_server(scim: Tuple[UserApi, dict]) -> None:
    api, ids = scim
    f = (attr("userName").sw("plain") | attr("userName").eq('"')) & ~attr("userName").eq("plain2")
    found = api.get_users(filter=f)
    assert sorted(u.id for u in found.resources) == sorted([ids["plain"], ids['"']])
    assert api.get_users(filter=attr("userName").co("\\")).total_results == 3  # back\slash, trailing\, \"
