"""Shared fixtures: a real SCIM server (scim2-server, configured like Janssen) on 127.0.0.1,
clients on it, and the machinery of the integration modules (the request spy ``wire`` and the
operation ledger; their helpers are in support.py)."""

from __future__ import annotations

import secrets
from typing import Any, Iterator, List

import pytest
from support import LEDGER, Sent, configuration_for, spy_on

import pyscim
from pyscim.api_client import Endpoint
from pyscim.exceptions import ApiException
from pyscim.testing import LocalScimServer


@pytest.fixture(scope="module")
def scim_server() -> Iterator[LocalScimServer]:
    """A fresh in-memory Janssen-like SCIM server for the module, requiring a bearer token."""
    with LocalScimServer(token=secrets.token_urlsafe(16)) as server:
        yield server


@pytest.fixture
def configuration(scim_server: LocalScimServer) -> pyscim.Configuration:
    """A Configuration pointed at the module's server, with its token."""
    return configuration_for(scim_server)


@pytest.fixture
def api_client(configuration: pyscim.Configuration) -> Iterator[pyscim.ApiClient]:
    """An ApiClient on the module's server, closed after the test."""
    with pyscim.ApiClient(configuration) as client:
        yield client


@pytest.fixture(scope="module")
def module_client(scim_server: LocalScimServer) -> Iterator[pyscim.ApiClient]:
    """An ApiClient on the module's server for the module's seeding fixtures, closed after the module."""
    with pyscim.ApiClient(configuration_for(scim_server)) as client:
        yield client


@pytest.fixture
def wire(api_client: pyscim.ApiClient, monkeypatch: pytest.MonkeyPatch) -> List[Sent]:
    """Every request ``api_client`` hands to urllib3 (the real method still sends it)."""
    return spy_on(api_client, monkeypatch)


@pytest.fixture
def tag(request: pytest.FixtureRequest) -> str:
    """A prefix unique to the test (the server is shared by the module): "u..." in test_users.py,
    "g..." in test_groups.py."""
    return request.module.__name__.rpartition("test_")[2][:1] + secrets.token_hex(4)


@pytest.fixture(autouse=True)
def _record_operations(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """In each integration module (one that declares EXERCISES), record on ``request.config``
    each operation the test sent to the server: read by the module's last test
    (support.check_operations_exercised) and by test_operation_coverage.py."""
    if not hasattr(getattr(request.node, "module", None), "EXERCISES"):
        return
    ledger = request.config.__dict__.setdefault(LEDGER, {})
    real = Endpoint.call_with_http_info

    def recording(self: Endpoint, **kwargs: Any) -> Any:
        try:
            result = real(self, **kwargs)
        except ApiException as exc:
            if exc.status is not None:  # the server answered
                ledger.setdefault(self.operation, set()).add(request.node.nodeid)
            raise
        ledger.setdefault(self.operation, set()).add(request.node.nodeid)
        return result

    monkeypatch.setattr(Endpoint, "call_with_http_info", recording)
