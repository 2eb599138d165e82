"""Shared fixtures: a real SCIM server (scim2-server, configured like Janssen) on 127.0.0.1."""

from __future__ import annotations

import secrets
from typing import Iterator

import pytest

import pyscim
from pyscim.testing import LocalScimServer


@pytest.fixture(scope="module")
def scim_server() -> Iterator[LocalScimServer]:
    """A fresh in-memory Janssen-like SCIM server for the module, requiring a bearer token."""
    with LocalScimServer(token=secrets.token_urlsafe(16)) as server:
        yield server


@pytest.fixture
def configuration(scim_server: LocalScimServer) -> pyscim.Configuration:
    """A Configuration pointed at the module's server, with its token."""
    config = pyscim.Configuration(host=scim_server.url)
    config.access_token = scim_server.token
    return config


@pytest.fixture
def api_client(configuration: pyscim.Configuration) -> Iterator[pyscim.ApiClient]:
    """An ApiClient on the module's server, closed after the test."""
    with pyscim.ApiClient(configuration) as client:
        yield client
