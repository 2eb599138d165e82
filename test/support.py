"""Helpers shared by the integration test modules: ``from support import ...``.

test/ has no ``__init__.py``: pytest (default "prepend" import mode) puts it on ``sys.path``
when it loads test/conftest.py, so this module imports as ``support``, as fault_server does.
The fixtures built on these helpers (``wire``, ``tag``, ``module_client`` and the autouse
``_record_operations``) are in test/conftest.py.
"""

from __future__ import annotations

from typing import Any, Dict, List, NamedTuple, Sequence
from urllib.parse import parse_qsl, urlsplit

import pytest

import pyscim
from pyscim.testing import LocalScimServer

#: Where ``_record_operations`` (conftest.py) records, on ``request.config``, each operation
#: that reached the server: ``{Operation: {nodeid, ...}}``. Read by the last test of each
#: integration module and by test_operation_coverage.py.
LEDGER = "_pyscim_operation_ledger"

# The schema URNs the SCIM server's replies carry (RFC 7643, RFC 7644, Janssen).
USER = "urn:ietf:params:scim:schemas:core:2.0:User"
GLUU = "urn:ietf:params:scim:schemas:extension:gluu:2.0:User"
GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group"
FIDO = "urn:ietf:params:scim:schemas:core:2.0:FidoDevice"
FIDO2 = "urn:ietf:params:scim:schemas:core:2.0:Fido2Device"
LIST_RESPONSE = "urn:ietf:params:scim:api:messages:2.0:ListResponse"
ERROR = "urn:ietf:params:scim:api:messages:2.0:Error"


def configuration_for(server: LocalScimServer) -> pyscim.Configuration:
    """A Configuration pointed at ``server``, with its token."""
    config = pyscim.Configuration(host=server.url)
    config.access_token = server.token
    return config


# --------------------------------------------------------------------------- the wire


class Sent(NamedTuple):
    """One request as the client handed it to urllib3."""

    method: str
    url: str
    headers: dict
    body: Any

    @property
    def path(self) -> str:
        return urlsplit(self.url).path  # still percent-encoded

    @property
    def query(self) -> List[tuple]:
        return parse_qsl(urlsplit(self.url).query, keep_blank_values=True)


def spy_on(client: pyscim.ApiClient, monkeypatch: pytest.MonkeyPatch) -> List[Sent]:
    """Every request ``client`` hands to urllib3 from now on (the real method still sends it)."""
    sent: List[Sent] = []
    manager = client.rest_client.pool_manager
    real = manager.request

    def spy(method: str, url: str, **kw: Any) -> Any:
        sent.append(Sent(method, url, dict(kw.get("headers") or {}), kw.get("body")))
        return real(method, url, **kw)

    monkeypatch.setattr(manager, "request", spy)
    return sent


# --------------------------------------------------------------------------- seeding


def post_resource(client: pyscim.ApiClient, path: str, data: Dict[str, Any], model: type) -> Any:
    """Create a resource with a raw POST, e.g. a device: the Janssen API has no create operation
    for them. Returns the server's reply as ``model``."""
    created = client.call_api(
        path,
        "POST",
        body=data,
        response_type=model,
        auth_settings=["scim_oauth"],
        header_params={"Content-Type": "application/scim+json"},
        _return_http_data_only=True,
    )
    assert isinstance(created, model)
    return created


# --------------------------------------------------------------------------- coverage


def check_operations_exercised(request: pytest.FixtureRequest, apis: Sequence[type], at_least: int = 0) -> None:
    """For the last test of an integration module: every operation of ``apis`` (its EXERCISES)
    reached the server in a test of the module, and at least ``at_least`` operations did.

    Skips when a test of the module was deselected (-k, --deselect).
    """
    module = request.module
    selected = {i.originalname for i in request.session.items if getattr(i, "module", None) is module}
    defined = {n for n, f in vars(module).items() if n.startswith("test_") and callable(f)}
    if defined - selected:
        pytest.skip("not every test of the module ran: %s" % sorted(defined - selected))
    ledger = request.config.__dict__.get(LEDGER, {})
    prefix = request.node.nodeid.split("::")[0] + "::"
    exercised = {op for op, nodeids in ledger.items() if any(n.startswith(prefix) for n in nodeids)}
    assert len(exercised) >= at_least, "only %d operations reached the server here" % len(exercised)
    missing = [
        "%s.%s" % (api.__name__, op.name) for api in apis for op in api.operations() if op not in exercised
    ]
    assert not missing, "never sent to the server by a test of this module: %s" % missing
