"""The reference pages in docs/ (and README's index) must not drift from the code.

The pages are written by docs/generate.py. Besides comparing them with what the
generator renders now, these tests read the markdown on their own, so a generator
bug that drops an operation, a parameter or a field is caught too; and they run
every API page's example against a stubbed transport, so the examples stay valid
pyscim 2.0 code. No network, well under a second.
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import re
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any, NamedTuple

import pytest

import pyscim
import pyscim.apis
import pyscim.models
from pyscim.api_client import ApiClient, Operation
from pyscim.model_utils import Model

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
README = ROOT / "README.md"
INDEX_START = "<!-- generated-index:start -->"
INDEX_END = "<!-- generated-index:end -->"

API_NAMES = list(pyscim.apis.__all__)
MODEL_NAMES = list(pyscim.models.__all__)


def load_generator() -> ModuleType:
    """docs/generate.py as a module (docs/ is not a package)."""
    spec = importlib.util.spec_from_file_location("pyscim_docs_generate", DOCS / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def generator() -> ModuleType:
    return load_generator()


def page(name: str) -> str:
    path = DOCS / (name + ".md")
    assert path.exists(), "docs/%s.md is missing: run python docs/generate.py" % name
    return path.read_text("utf-8")


# --------------------------------------------------------------------------- markdown parsing


def split_row(line: str) -> list[str]:
    """The cells of a markdown table row (``\\|`` is a pipe inside a cell)."""
    return [c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", line)]


def plain_type(cell: str) -> str:
    """``[**[Email]**](Email.md)`` or ``**str**`` → ``[Email]`` / ``str``."""
    m = re.fullmatch(r"\[\*\*(.+?)\*\*\]\((\w+)\.md\)", cell)
    if m:
        return m.group(1)
    m = re.fullmatch(r"\*\*(.+?)\*\*", cell)
    assert m, "not a type cell: %r" % cell
    return m.group(1)


def section(text: str, start: str, end: str) -> str:
    """The text between the heading ``start`` and the next heading ``end``."""
    i = text.index(start) + len(start)
    return text[i : text.index(end, i)]


class ParamRow(NamedTuple):
    type: str
    doc: str
    notes: str


class OpDoc(NamedTuple):
    signature: str
    params: dict[str, ParamRow]
    returns: str
    authorization: str
    headers: str
    statuses: list[str]
    example: str


def parse_method_table(text: str, api_name: str) -> dict[str, tuple[str, str]]:
    """Method name → (HTTP method, path) from the table at the top of an API page."""
    rows = re.findall(
        r"^\[\*\*(\w+)\*\*\]\(%s\.md#(\w+)\) \| \*\*(\w+)\*\* (\S+) \|" % api_name, text, re.M
    )
    for name, anchor, _, _ in rows:
        assert name == anchor, "%s: link to #%s for %s" % (api_name, anchor, name)
    return {name: (method, path) for name, _, method, path in rows}


def parse_operation(body: str) -> OpDoc:
    """One ``# **name**`` section of an API page."""
    sig = re.search(r"^> (.*)$", body, re.M)
    assert sig, "no signature line"
    params: dict[str, ParamRow] = {}
    table = section(body, "### Parameters", "### Return type")
    for line in table.splitlines():
        if line.startswith(" **"):
            name, type_, doc, notes = (split_row(line) + [""])[:4]
            params[name.strip("*")] = ParamRow(plain_type(type_), doc, notes)
    example = re.search(r"```python\n(.*?)```", body, re.S)
    assert example, "no python example"
    return OpDoc(
        signature=sig.group(1),
        params=params,
        returns=section(body, "### Return type", "### Authorization").strip(),
        authorization=section(body, "### Authorization", "### HTTP request headers"),
        headers=section(body, "### HTTP request headers", "### HTTP response details"),
        statuses=re.findall(r"^\*\*(\d{3})\*\* \|", body, re.M),
        example=example.group(1),
    )


def parse_api_page(text: str) -> dict[str, OpDoc]:
    """Method name → its documented section."""
    parts = re.split(r"^# \*\*(\w+)\*\*$", text, flags=re.M)
    return {parts[i]: parse_operation(parts[i + 1]) for i in range(1, len(parts), 2)}


class FieldRow(NamedTuple):
    type: str
    link: str | None
    doc: str
    notes: str


def parse_model_page(text: str) -> dict[str, FieldRow]:
    """Python name → its row of a model page's Properties table."""
    rows: dict[str, FieldRow] = {}
    for line in text.split("## Properties", 1)[1].splitlines():
        if not line.startswith("**"):
            continue
        name, type_, doc, notes = split_row(line)[:4]
        link = re.search(r"\]\((\w+)\.md\)", type_)
        rows[name.strip("*")] = FieldRow(plain_type(type_), link.group(1) if link else None, doc, notes)
    return rows


def api_ops(api_name: str) -> list[Operation]:
    return getattr(pyscim.apis, api_name).operations()


def type_name(t: Any) -> str:
    return getattr(t, "__name__", str(t))


# --------------------------------------------------------------------------- (a) in sync with the generator


def test_pages_match_generator(generator: ModuleType) -> None:
    stale = generator.check()
    assert stale == [], "docs differ from the code, run `python docs/generate.py`: %s" % stale


def test_generator_owns_only_api_and_model_pages(generator: ModuleType) -> None:
    assert sorted(generator.owned_pages()) == sorted(n + ".md" for n in API_NAMES + MODEL_NAMES)


def test_rendering_is_deterministic(generator: ModuleType) -> None:
    assert generator.render_pages() == generator.render_pages()


def test_check_reports_a_drifted_page(generator: ModuleType, tmp_path: Path, monkeypatch: Any) -> None:
    """--check names a page whose text differs, one that is missing, and leaves others alone."""
    for name, text in generator.render_pages().items():
        (tmp_path / name).write_text(text, "utf-8")
    (tmp_path / "UserApi.md").write_text("# pyscim.UserApi\n", "utf-8")
    (tmp_path / "Email.md").unlink()
    (tmp_path / "Transport.md").write_text("hand-written\n", "utf-8")
    (tmp_path / "OldModel.md").write_text("# OldModel\n" + generator.GENERATED_MARK + "\n", "utf-8")
    monkeypatch.setattr(generator, "DOCS", tmp_path)
    monkeypatch.setattr(generator, "README", tmp_path / "README.md")
    assert generator.main(["--check"]) == 1
    assert sorted(generator.check()) == ["+Email.md", "-OldModel.md", "UserApi.md"]
    generator.write()
    assert generator.check() == []
    assert not (tmp_path / "OldModel.md").exists()
    assert (tmp_path / "Transport.md").read_text("utf-8") == "hand-written\n"


def test_readme_block_is_replaced_between_markers_only(generator: ModuleType, tmp_path: Path, monkeypatch: Any) -> None:
    readme = tmp_path / "README.md"
    readme.write_text("# pyscim\nintro\n%s\nold index\n%s\nfooter\n" % (INDEX_START, INDEX_END), "utf-8")
    monkeypatch.setattr(generator, "README", readme)
    monkeypatch.setattr(generator, "DOCS", tmp_path)
    assert "README.md" in generator.check()
    generator.write()
    text = readme.read_text("utf-8")
    assert text.startswith("# pyscim\nintro\n%s\n## Documentation for API Endpoints" % INDEX_START)
    assert text.endswith("\n%s\nfooter\n" % INDEX_END) and "old index" not in text
    assert generator.check() == []


# --------------------------------------------------------------------------- (b) pages read on their own


def test_every_api_and_model_has_a_page() -> None:
    missing = [n for n in API_NAMES + MODEL_NAMES if not (DOCS / (n + ".md")).exists()]
    assert missing == [], "no page for %s: run python docs/generate.py" % missing


@pytest.mark.parametrize("api_name", API_NAMES)
def test_api_page_documents_every_operation(api_name: str) -> None:
    text = page(api_name)
    assert text.startswith("# pyscim.%s\n" % api_name)
    table = parse_method_table(text, api_name)
    sections = parse_api_page(text)
    ops = api_ops(api_name)
    assert sorted(table) == sorted(op.name for op in ops), "method table"
    assert sorted(sections) == sorted(op.name for op in ops), "operation sections"
    for op in ops:
        assert table[op.name] == (op.method, op.path), op.name
        check_operation(api_name, op, sections[op.name])


def check_operation(api_name: str, op: Operation, doc: OpDoc) -> None:
    where = "%s.%s" % (api_name, op.name)
    ret = op.returns.__name__ + " " if op.returns is not None else ""
    required = ", ".join(p.name for p in op.params if p.required)
    assert doc.signature == "%s%s(%s)" % (ret, op.name, required), where
    assert sorted(doc.params) == sorted(p.name for p in op.params), where + " parameters"
    for p in op.params:
        row = doc.params[p.name]
        assert row.type == type_name(p.type), "%s(%s) type" % (where, p.name)
        assert ("[optional]" in row.notes) == (not p.required), "%s(%s) optional" % (where, p.name)
        if p.wire != p.name:
            assert "`%s`" % p.wire in row.notes, "%s(%s) wire name" % (where, p.name)
        for value in p.enum or ():
            assert "`%s`" % value in row.notes, "%s(%s) allowed value %s" % (where, p.name, value)
    if op.returns is None:
        assert doc.returns.startswith("void"), where + " return type"
    else:
        name = op.returns.__name__
        assert doc.returns == "[**%s**](%s.md)" % (name, name), where + " return type"
    assert "scim_oauth" in doc.authorization, where
    for scope in op.scopes:
        assert "`%s`" % scope in doc.authorization, "%s scope %s" % (where, scope)
    assert " - **Accept**: " + ", ".join(op.accept) in doc.headers, where + " Accept"
    content_type = ", ".join(op.content_types) or "Not defined"
    assert " - **Content-Type**: " + content_type in doc.headers, where + " Content-Type"
    assert doc.statuses == [str(code) for code in op.responses], where + " response codes"


@pytest.mark.parametrize("model_name", MODEL_NAMES)
def test_model_page_lists_every_field(model_name: str) -> None:
    model = getattr(pyscim.models, model_name)
    text = page(model_name)
    assert text.startswith("# %s\n" % model_name)
    rows = parse_model_page(text)
    assert rows.pop("any string name").type == "bool, date, datetime, dict, float, int, list, str, none_type"
    assert sorted(rows) == sorted(model._fields), "%s: fields" % model_name
    for f in model._fields.values():
        row = rows[f.name]
        where = "%s.%s" % (model_name, f.name)
        assert row.type == f.kind.doc_type, where + " type"
        assert "JSON: `%s`" % f.json in row.notes, where + " JSON name"
        assert ("[optional]" in row.notes) == (not f.required), where + " optional"
        if row.link is not None:
            assert (DOCS / (row.link + ".md")).exists(), where + " links to a missing page"


def test_links_between_pages_resolve() -> None:
    broken = []
    for name in API_NAMES + MODEL_NAMES:
        for target in re.findall(r"\]\((\w+)\.md[)#]", page(name)):
            if not (DOCS / (target + ".md")).exists():
                broken.append("%s -> %s" % (name, target))
    assert broken == []


# --------------------------------------------------------------------------- (c) README index


def readme_index() -> str:
    if not README.exists():
        pytest.skip("no README.md")
    text = README.read_text("utf-8")
    if INDEX_START not in text or INDEX_END not in text:
        pytest.skip("README.md has no generated-index markers")
    return section(text, INDEX_START, INDEX_END)


def test_readme_index_matches_generator(generator: ModuleType) -> None:
    assert readme_index().strip("\n") == generator.render_index()


def test_readme_index_lists_every_operation_model_and_scope() -> None:
    index = readme_index()
    for api_name in API_NAMES:
        for op in api_ops(api_name):
            row = "*%s* | [**%s**](docs/%s.md#%s) | **%s** %s |" % (
                api_name, op.name, api_name, op.name, op.method, op.path
            )
            assert row in index, row
            for scope in op.scopes:
                assert " - **%s**: " % scope in index, scope
    for model_name in MODEL_NAMES:
        assert " - [%s](docs/%s.md)" % (model_name, model_name) in index, model_name
    assert "clientCredentials" in index and "### scim_oauth" in index


# --------------------------------------------------------------------------- (d) examples


def examples() -> Iterator[tuple[str, Operation, str]]:
    for api_name in API_NAMES:
        sections = parse_api_page(page(api_name))
        for op in api_ops(api_name):
            yield api_name, op, sections[op.name].example


def test_examples_compile() -> None:
    for api_name, op, code in examples():
        compile(code, "docs/%s.md#%s" % (api_name, op.name), "exec")


def test_default_api_example_imports_resolve() -> None:
    code = parse_api_page(page("DefaultApi"))["bulk_post"].example
    imports = "\n".join(line for line in code.splitlines() if line.startswith(("import ", "from ")))
    assert "from pyscim.model.bulk_request import BulkRequest" in imports
    exec(compile(imports, "docs/DefaultApi.md", "exec"), {})


def test_examples_run_against_a_stub_transport(monkeypatch: Any) -> None:
    """Each example builds valid arguments and sends its operation (the reply is stubbed)."""
    sent: list[tuple[str, str, Any]] = []

    def call_api(self: ApiClient, resource_path: str, method: str, *args: Any, **kwargs: Any) -> None:
        sent.append((resource_path, method, kwargs.get("body")))

    monkeypatch.setattr(ApiClient, "call_api", call_api)
    for api_name, op, code in examples():
        sent.clear()
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            exec(compile(code, "docs/%s.md#%s" % (api_name, op.name), "exec"), {"__name__": "example"})
        where = "%s.%s" % (api_name, op.name)
        assert "Exception when calling" not in out.getvalue(), where + ": " + out.getvalue()
        assert sent and all((path, method) == (op.path, op.method) for path, method, _ in sent), where
        body = [p for p in op.params if p.location == "body"]
        if body:
            assert all(isinstance(b, body[0].type) and isinstance(b, Model) for _, _, b in sent), where
