"""Tests of the local SCIM server harness (pyscim.testing.LocalScimServer).

They talk raw HTTP with urllib, not with the pyscim client, so that the harness
is checked independently of the SDK it serves.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import pyscim.testing as testing
from pyscim.testing import LocalScimServer, ScimServerNotInstalledError

TOKEN = "secret"
GLUU_URN = "urn:ietf:params:scim:schemas:extension:gluu:2.0:User"
FIDO_URN = "urn:ietf:params:scim:schemas:core:2.0:FidoDevice"
FIDO2_URN = "urn:ietf:params:scim:schemas:core:2.0:Fido2Device"
USER_URN = "urn:ietf:params:scim:schemas:core:2.0:User"
BULK_URN = "urn:ietf:params:scim:api:messages:2.0:BulkRequest"

# No proxy: the server is on the loopback interface.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def call(
    url: str,
    method: str = "GET",
    body: Any = None,
    token: str | None = None,
) -> tuple[int, dict[str, str], Any]:
    """Send one request; return the status, the headers and the decoded JSON body."""
    headers = {"Accept": "application/scim+json"}
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/scim+json"
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with _OPENER.open(request, timeout=20) as response:
            status, raw, reply_headers = (
                response.status,
                response.read(),
                response.headers,
            )
    except urllib.error.HTTPError as error:
        status, raw, reply_headers = error.code, error.read(), error.headers
    return status, dict(reply_headers), json.loads(raw) if raw else None


def is_gone(pid: int) -> bool:
    """Whether a process has exited (a zombie, not reaped yet, counts as exited)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        return stat.rsplit(")", 1)[1].split()[0] in ("Z", "X")
    except FileNotFoundError:
        if Path("/proc/self/stat").exists():
            return True  # procfs is there, the process is not
    except (OSError, IndexError):
        pass
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


@pytest.fixture(scope="module")
def server() -> Iterator[LocalScimServer]:
    """One Janssen-like server with a token, shared by the read-only tests."""
    with LocalScimServer(token=TOKEN) as srv:
        yield srv


@pytest.mark.timeout(60)
def test_starts_and_serves_the_janssen_configuration(server: LocalScimServer) -> None:
    assert server.running
    assert isinstance(server.port, int)
    assert server.url == f"http://127.0.0.1:{server.port}/v2"
    assert server.root_url == f"http://127.0.0.1:{server.port}"

    # /ServiceProviderConfig needs no token (RFC 7644 §4).
    status, headers, config = call(server.url + "/ServiceProviderConfig")
    assert status == 200
    assert headers["Content-Type"].startswith("application/scim+json")
    assert config["patch"] == {"supported": True}
    assert config["bulk"]["supported"] is True
    assert config["bulk"]["maxOperations"] >= 10000
    assert config["bulk"]["maxPayloadSize"] >= 20_000_000
    assert config["filter"]["supported"] is True
    assert config["filter"]["maxResults"] >= 1000
    assert config["sort"]["supported"] is True
    assert config["etag"]["supported"] is True
    schemes = config["authenticationSchemes"]
    assert isinstance(schemes, list)
    assert [scheme["type"] for scheme in schemes] == ["oauthbearertoken"]

    # The prefix-less root answers too.
    status, _, _ = call(server.root_url + "/ServiceProviderConfig")
    assert status == 200


@pytest.mark.timeout(60)
def test_refuses_a_wrong_or_missing_token(server: LocalScimServer) -> None:
    for token in ("wrong", None):
        status, headers, error = call(server.url + "/Users", token=token)
        assert status == 401
        assert headers.get("WWW-Authenticate", "").startswith("Bearer")
        assert error["status"] == "401"
        assert error["schemas"] == ["urn:ietf:params:scim:api:messages:2.0:Error"]
    status, _, listing = call(server.url + "/Users", token=TOKEN)
    assert status == 200
    assert listing["totalResults"] == 0
    assert server.auth_headers() == {"Authorization": f"Bearer {TOKEN}"}


@pytest.mark.timeout(60)
def test_declares_the_janssen_resource_types_and_schemas(
    server: LocalScimServer,
) -> None:
    status, _, listing = call(server.url + "/ResourceTypes", token=TOKEN)
    assert status == 200
    types = {rt["id"]: rt for rt in listing["Resources"]}
    assert set(types) == {"User", "Group", "FidoDevice", "Fido2Device"}
    assert types["User"]["endpoint"] == "/Users"
    assert types["User"]["schemaExtensions"] == [
        {"schema": GLUU_URN, "required": False}
    ]
    assert types["Group"]["endpoint"] == "/Groups"
    assert types["FidoDevice"]["endpoint"] == "/FidoDevices"
    assert types["Fido2Device"]["endpoint"] == "/Fido2Devices"

    status, _, gluu = call(f"{server.url}/Schemas/{GLUU_URN}", token=TOKEN)
    assert status == 200
    kinds = {(a["type"], a["multiValued"]) for a in gluu["attributes"]}
    assert {
        ("string", False),
        ("string", True),
        ("boolean", False),
        ("integer", False),
        ("dateTime", False),
    } <= kinds
    assert all(isinstance(a["required"], bool) for a in gluu["attributes"])

    status, _, fido = call(f"{server.url}/Schemas/{FIDO_URN}", token=TOKEN)
    assert status == 200
    assert [a["name"] for a in fido["attributes"]] == [
        "userId", "creationDate", "application", "counter", "deviceData",
        "deviceHashCode", "deviceKeyHandle", "deviceRegistrationConf",
        "lastAccessTime", "status", "displayName", "description",
    ]  # fmt: skip
    status, _, fido2 = call(f"{server.url}/Schemas/{FIDO2_URN}", token=TOKEN)
    assert status == 200
    assert [a["name"] for a in fido2["attributes"]] == [
        "userId", "creationDate", "counter", "status", "displayName",
    ]  # fmt: skip


@pytest.mark.timeout(60)
def test_creates_a_user_with_the_gluu_extension(server: LocalScimServer) -> None:
    user = {
        "schemas": [USER_URN, GLUU_URN],
        "userName": "harness-user",
        GLUU_URN: {"scimCustomFirst": "x", "verified": True, "scimCustomThird": 3},
    }
    status, headers, created = call(server.url + "/Users", "POST", user, token=TOKEN)
    assert status == 201
    assert created[GLUU_URN] == user[GLUU_URN]
    assert created["meta"]["location"] == f"{server.url}/Users/{created['id']}"
    assert headers["Location"] == created["meta"]["location"]
    status, _, _ = call(f"{server.url}/Users/{created['id']}", "DELETE", token=TOKEN)
    assert status == 204


@pytest.mark.timeout(60)
def test_open_server_without_token() -> None:
    with LocalScimServer() as srv:
        assert srv.token is None
        assert srv.auth_headers() == {}
        status, _, listing = call(srv.url + "/Users")
        assert status == 200
        assert listing["totalResults"] == 0
        _, _, config = call(srv.url + "/ServiceProviderConfig")
        assert [s["type"] for s in config["authenticationSchemes"]] == [
            "oauthbearertoken"
        ]


@pytest.mark.timeout(60)
def test_scim2_server_defaults_without_janssen() -> None:
    with LocalScimServer(janssen=False) as srv:
        _, _, listing = call(srv.url + "/ResourceTypes")
        assert {rt["id"] for rt in listing["Resources"]} == {"User", "Group"}


@pytest.mark.timeout(60)
def test_config_overrides_limit_the_bulk_operations() -> None:
    bulk = {"supported": True, "maxOperations": 2, "maxPayloadSize": 100000}
    with LocalScimServer(token=TOKEN, config_overrides={"bulk": bulk}) as srv:
        _, _, config = call(srv.url + "/ServiceProviderConfig")
        assert config["bulk"] == bulk
        operations = [
            {"method": "POST", "path": "/Users", "bulkId": f"u{i}",
             "data": {"schemas": [USER_URN], "userName": f"u{i}"}}
            for i in range(3)
        ]  # fmt: skip
        status, _, error = call(
            srv.url + "/Bulk", "POST",
            {"schemas": [BULK_URN], "Operations": operations}, token=TOKEN,
        )  # fmt: skip
        assert status == 413
        assert error["status"] == "413"
    with pytest.raises(ValueError):
        LocalScimServer(janssen=False, config_overrides={"bulk": bulk})


@pytest.mark.timeout(60)
def test_stop_leaves_no_process() -> None:
    srv = LocalScimServer(token=TOKEN)
    srv.start()
    process = srv.process
    assert process is not None
    url = srv.url
    with pytest.raises(RuntimeError):
        srv.start()  # already started
    srv.stop()
    assert process.poll() is not None
    assert not srv.running
    assert srv.process is None
    with pytest.raises(urllib.error.URLError):
        _OPENER.open(url + "/ServiceProviderConfig", timeout=5)
    srv.stop()  # idempotent


@pytest.mark.timeout(60)
def test_context_manager_stops_on_error() -> None:
    with pytest.raises(KeyError), LocalScimServer() as srv:
        process = srv.process
        raise KeyError("boom")
    assert process is not None and process.poll() is not None


@pytest.mark.timeout(60)
@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_server_dies_with_its_parent(tmp_path: Path) -> None:
    """Even a SIGKILL of the test process leaves no stray server."""
    script = tmp_path / "parent.py"
    script.write_text(
        "import sys, time\n"
        "from pyscim.testing import LocalScimServer\n"
        "srv = LocalScimServer().start()\n"
        "print(srv.process.pid, srv.workdir, flush=True)\n"
        "time.sleep(120)\n"
    )
    root = Path(testing.__file__).resolve().parents[2]
    pythonpath = [str(root), os.environ.get("PYTHONPATH", "")]
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, pythonpath)))
    workdir = ""
    parent = subprocess.Popen(
        [sys.executable, str(script)], stdout=subprocess.PIPE, env=env, text=True
    )
    try:
        assert parent.stdout is not None
        pid_text, workdir = parent.stdout.readline().split(maxsplit=1)
        server_pid = int(pid_text)
        assert not is_gone(server_pid)
        parent.send_signal(signal.SIGKILL)
        parent.wait(timeout=10)
        deadline = time.monotonic() + 15
        while not is_gone(server_pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert is_gone(server_pid)
    finally:
        if parent.poll() is None:
            parent.kill()
            parent.wait(timeout=10)
        if parent.stdout is not None:
            parent.stdout.close()
        if workdir:  # the killed parent could not clean it up
            shutil.rmtree(workdir.strip(), ignore_errors=True)


@pytest.mark.timeout(60)
def test_startup_failure_reports_the_server_output() -> None:
    with pytest.raises(RuntimeError, match="unrecognized arguments"):
        LocalScimServer(extra_args=["--no-such-option"]).start()


@pytest.mark.timeout(60)
def test_missing_executable(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    monkeypatch.setattr(sys, "executable", str(tmp_path / "python"))
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(ScimServerNotInstalledError, match="pip install scim2-server"):
        LocalScimServer().start()


@pytest.mark.timeout(60)
def test_retries_when_the_port_is_taken(monkeypatch: pytest.MonkeyPatch) -> None:
    """The port free_port() picked can be taken before the server binds it."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        taken_port = taken.getsockname()[1]
        ports = iter([taken_port])
        real_free_port = testing.free_port
        monkeypatch.setattr(
            testing, "free_port", lambda: next(ports, None) or real_free_port()
        )
        with LocalScimServer() as srv:
            assert srv.port != taken_port
            status, _, _ = call(srv.url + "/ServiceProviderConfig")
            assert status == 200
