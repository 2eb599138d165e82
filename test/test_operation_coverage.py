"""Meta-test: every operation of every API class of pyscim is exercised by an integration test.

How it is checked, whatever the order of the modules:

* Each integration module (``INTEGRATION_MODULES``) declares ``EXERCISES``, the API classes
  whose every operation it must send to the server. In every module that declares it, the
  autouse fixture ``_record_operations`` of conftest.py (wrapping
  ``Endpoint.call_with_http_info``) records each operation that reached the server in the
  ledger ``support.LEDGER`` on ``request.config``. Each module ends with
  ``test_every_operation_of_this_module_was_exercised``, which checks its own ``EXERCISES``
  against that record (``support.check_operations_exercised``) when all the module's tests
  ran (it skips under -k / --deselect). Tests in a module run in their order of definition,
  so that check always runs last in its module.
* This module checks, statically, that these pieces are in place and add up: 31 operations,
  each called by a test function of the module that owns its API class, every API class
  owned by exactly one module; and, at run time, the record of the modules that already ran
  completely in this session (with pytest's default file order, all but test_users.py).
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
from pathlib import Path
from typing import Dict, List, Set, Tuple

import pytest
from support import LEDGER

import pyscim
import pyscim.api
import pyscim.apis
from pyscim.api_client import Api, Endpoint, Operation

pytestmark = pytest.mark.timeout(60)

HERE = Path(__file__).resolve().parent
INTEGRATION_MODULES = (
    "test_users.py",
    "test_groups.py",
    "test_fido_devices.py",
    "test_fido2_devices.py",
    "test_global_search.py",
    "test_discovery.py",
    "test_api_errors.py",
)
FINAL_TEST = "test_every_operation_of_this_module_was_exercised"
FINAL_CHECK = "check_operations_exercised"  # support.py: what FINAL_TEST calls
RECORDER = "_record_operations"  # conftest.py: the autouse fixture that fills the ledger
EXPECTED_COUNTS = {
    "DefaultApi": 1,
    "DiscoveryApi": 5,
    "Fido2DevicesApi": 5,
    "FidoDevicesApi": 5,
    "GlobalSearchApi": 1,
    "GroupApi": 7,
    "UserApi": 7,
}


def api_classes() -> List[type]:
    return [getattr(pyscim.apis, name) for name in pyscim.apis.__all__]


def all_operations() -> List[Tuple[type, Operation]]:
    return [(api, op) for api in api_classes() for op in api.operations()]


def parse(module_file: str) -> ast.Module:
    return ast.parse((HERE / module_file).read_text(encoding="utf-8"), module_file)


def _tests_in(tree: ast.Module) -> List[ast.FunctionDef]:
    return [n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name.startswith("test_")]


def declared_exercises(tree: ast.Module) -> List[str]:
    """The names in the module's ``EXERCISES = (...)``."""
    for node in tree.body:
        target = node.targets[0] if isinstance(node, ast.Assign) else getattr(node, "target", None)
        if isinstance(target, ast.Name) and target.id == "EXERCISES" and node.value is not None:
            assert isinstance(node.value, ast.Tuple), "EXERCISES must be a tuple of API classes"
            return [elt.id for elt in node.value.elts if isinstance(elt, ast.Name)]
    raise AssertionError("no EXERCISES declared")


def called_names(function: ast.FunctionDef) -> Set[str]:
    """Names called as methods (``x.name(...)``) in a function, lambdas included, and 1.0.0's
    ``x.name_endpoint`` attributes (as ``name``)."""
    names = set()
    for node in ast.walk(function):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            names.add(node.func.attr)
        elif isinstance(node, ast.Attribute) and node.attr.endswith("_endpoint"):
            names.add(node.attr[: -len("_endpoint")])
    return names


# --------------------------------------------------------------------------- the operations


def test_there_are_exactly_31_operations() -> None:
    classes = api_classes()
    assert all(isinstance(c, type) and issubclass(c, Api) for c in classes)
    # pyscim.apis lists every API class the pyscim.api package defines.
    defined = set()
    for info in pkgutil.iter_modules(pyscim.api.__path__):
        module = importlib.import_module("pyscim.api." + info.name)
        defined |= {
            v for v in vars(module).values()
            if inspect.isclass(v) and issubclass(v, Api) and v is not Api and v.__module__ == module.__name__
        }
    assert defined == set(classes)

    operations = all_operations()
    assert len(operations) == 31
    assert {c.__name__: len(c.operations()) for c in classes} == EXPECTED_COUNTS
    assert len({op.name for _, op in operations}) == 31
    assert len({op.operation_id for _, op in operations}) == 31
    assert len({(op.method, op.path) for _, op in operations}) == 31

    with pyscim.ApiClient(pyscim.Configuration(host="http://127.0.0.1:9/v2")) as client:
        for api_class, op in operations:
            api = api_class(client)
            endpoint = getattr(api, op.name)
            assert isinstance(endpoint, Endpoint) and endpoint.operation is op
            assert getattr(api, op.name + "_endpoint") is endpoint  # 1.0.0's attribute
            assert endpoint.settings["operation_id"] == op.name  # 1.0.0: the method name, e.g. bulk_post


# --------------------------------------------------------------------------- static


def test_every_operation_is_called_by_a_test_of_the_module_owning_its_api() -> None:
    owner: Dict[str, str] = {}
    calls: Dict[str, Dict[str, List[str]]] = {}  # module -> called name -> tests
    for module_file in INTEGRATION_MODULES:
        tree = parse(module_file)
        for api_name in declared_exercises(tree):
            assert api_name not in owner, f"{api_name} owned by {owner.get(api_name)} and {module_file}"
            owner[api_name] = module_file
        by_name: Dict[str, List[str]] = {}
        for function in _tests_in(tree):
            for name in called_names(function):
                by_name.setdefault(name, []).append(function.name)
        calls[module_file] = by_name
    assert set(owner) == {c.__name__ for c in api_classes()}, "every API class is owned by one module"

    never = [
        f"{api.__name__}.{op.name} (in {owner[api.__name__]})"
        for api, op in all_operations()
        if not calls[owner[api.__name__]].get(op.name)
    ]
    assert not never, f"operations no test calls: {never}"
    anywhere = {name for by_name in calls.values() for name in by_name}
    assert {op.name for _, op in all_operations()} <= anywhere


def _functions(tree: ast.Module, name: str) -> List[ast.FunctionDef]:
    return [n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == name]


def _imports_from_support(tree: ast.Module) -> Set[str]:
    return {
        alias.name for n in tree.body if isinstance(n, ast.ImportFrom) and n.module == "support" for alias in n.names
    }


def test_every_integration_module_records_and_checks_its_operations() -> None:
    # The recorder: one autouse fixture of conftest.py, filling the ledger in every module
    # that declares EXERCISES.
    conftest = parse("conftest.py")
    recorders = [
        f for f in _functions(conftest, RECORDER) if any("autouse=True" in ast.unparse(d) for d in f.decorator_list)
    ]
    assert len(recorders) == 1, f"conftest.py: no autouse {RECORDER} fixture"
    source = ast.unparse(recorders[0])
    assert "Endpoint.call_with_http_info" in source and "EXERCISES" in source and "LEDGER" in source
    assert "LEDGER" in _imports_from_support(conftest)
    # The final check reads the same ledger.
    support = parse("support.py")
    assert len(_functions(support, FINAL_CHECK)) == 1 and "LEDGER" in ast.unparse(_functions(support, FINAL_CHECK)[0])

    for module_file in INTEGRATION_MODULES:
        tree = parse(module_file)
        declared_exercises(tree)  # raises if there is none: the conftest recorder runs where there is one
        assert not _functions(tree, RECORDER), f"{module_file}: its own {RECORDER} would shadow conftest's"
        tests = _tests_in(tree)
        assert tests and tests[-1].name == FINAL_TEST, f"{module_file}: {FINAL_TEST} must be its last test"
        final_calls = [
            n for n in ast.walk(tests[-1])
            if isinstance(n, ast.Call) and getattr(n.func, "id", None) == FINAL_CHECK
        ]
        assert len(final_calls) == 1 and ast.unparse(final_calls[0].args[1]) == "EXERCISES", module_file
        assert FINAL_CHECK in _imports_from_support(tree), f"{module_file}: {FINAL_CHECK} not from support"


# --------------------------------------------------------------------------- run time


def test_operations_recorded_by_the_modules_that_already_ran(request: pytest.FixtureRequest) -> None:
    """The record of every integration module that ran completely before this test.

    The others check themselves at their end (see the module docstring).
    """
    items = request.session.items
    here = items.index(request.node)
    done: Dict[str, object] = {}
    for module_file in INTEGRATION_MODULES:
        indices = [i for i, item in enumerate(items) if Path(str(getattr(item, "fspath", ""))).name == module_file]
        if not indices or max(indices) > here:
            continue  # not selected, or not run yet
        module = items[indices[0]].module  # type: ignore[attr-defined]
        defined = {n for n, f in vars(module).items() if n.startswith("test_") and callable(f)}
        if defined - {items[i].originalname for i in indices}:  # type: ignore[attr-defined]
            continue  # partly deselected
        done[module_file] = module
    if not done:
        pytest.skip("no integration module ran completely before this test")

    ledger = request.config.__dict__.get(LEDGER, {})
    assert ledger, "the integration modules recorded nothing"
    missing = []
    for module_file, module in done.items():
        for api in module.EXERCISES:  # type: ignore[attr-defined]
            for op in api.operations():
                if not any(f"{module_file}::" in nodeid for nodeid in ledger.get(op, ())):
                    missing.append(f"{api.__name__}.{op.name} ({module_file})")
    assert not missing, f"never sent to the server: {missing}"
    owned = {api for module in done.values() for api in module.EXERCISES}  # type: ignore[attr-defined]
    if len(done) == len(INTEGRATION_MODULES):  # everything ran before: the whole picture
        assert owned == set(api_classes())
        assert {op for _, op in all_operations()} <= set(ledger)
