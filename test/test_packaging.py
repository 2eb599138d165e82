"""Packaging: setup.py's requirements are requirements.txt's, and the package data is shipped."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _setup_requires() -> list:
    tree = ast.parse((ROOT / "setup.py").read_text())
    for node in tree.body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", None) == "REQUIRES":
            return ast.literal_eval(node.value)
    raise AssertionError("setup.py has no REQUIRES list")


def test_setup_requires_what_requirements_txt_lists() -> None:
    lines = [
        line.strip()
        for line in (ROOT / "requirements.txt").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert _setup_requires() == lines
    assert {req.split()[0] for req in lines} == {"urllib3", "python-dateutil", "certifi"}


def test_typed_marker_and_server_files_are_package_data() -> None:
    setup = (ROOT / "setup.py").read_text()
    assert '"py.typed"' in setup and '"janssen/*.json"' in setup
    assert (ROOT / "pyscim" / "py.typed").exists()
    assert sorted(p.name for p in (ROOT / "pyscim" / "testing" / "janssen").glob("*.json")) == [
        "resource_types.json", "schemas.json", "service_provider_config.json",
    ]
