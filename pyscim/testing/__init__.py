"""A local, real SCIM 2.0 server for the tests and the examples of pyscim.

:class:`LocalScimServer` runs `scim2-server <https://pypi.org/project/scim2-server/>`_
(an in-memory SCIM server) as a subprocess bound to ``127.0.0.1``, configured
like a Janssen server: the schemas, resource types and service provider
configuration under ``janssen/`` declare the core User and Group schemas, the
``urn:ietf:params:scim:schemas:extension:gluu:2.0:User`` extension and the
FidoDevice / Fido2Device resource types.  Functional tests then exercise the
SDK over real HTTP, without a Janssen deployment::

    with LocalScimServer(token="secret") as srv:
        config = Configuration(host=srv.url)  # http://127.0.0.1:PORT/v2
        ...

This module only uses the standard library, so that importing it never
requires anything beyond the ``scim2-server`` executable it launches.
"""

from __future__ import annotations

import atexit
import contextlib
import errno
import importlib.resources
import importlib.util
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import IO, Any

__all__ = [
    "JANSSEN_FILES",
    "LocalScimServer",
    "ScimServerNotInstalledError",
    "janssen_file",
]

HOST = "127.0.0.1"
"""The only address the server binds: the loopback interface."""

SERVER_MODULE = "scim2_server.testserver.cli"
"""The module of the ``scim2-server`` command, run with ``python -m``."""

SERVER_SCRIPT = "scim2-server"
"""The console script of the ``scim2-server`` package."""

JANSSEN_FILES: dict[str, str] = {
    "--schema": "schemas.json",
    "--resource-type": "resource_types.json",
    "--service-provider-config": "service_provider_config.json",
}
"""The scim2-server option of each Janssen configuration file (in ``janssen/``)."""

BEARER_SCHEME_TYPE = "oauthbearertoken"

_PORT_ATTEMPTS = 5
_DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))
"""An opener that ignores the proxy environment variables: the server is local."""
_LOG_TAIL_CHARS = 4000


class ScimServerNotInstalledError(RuntimeError):
    """Raised when the scim2-server executable cannot be found.

    A subclass of :class:`RuntimeError`, so that a test suite can skip on it.
    """


def janssen_file(name: str) -> str:
    """Return the text of a Janssen configuration file, e.g. ``"schemas.json"``.

    Read through :mod:`importlib.resources`, so that it works whatever the
    way the package is installed.
    """
    return (importlib.resources.files(__name__) / "janssen" / name).read_text(
        encoding="utf-8"
    )


# Run by ``python -c`` in the server process: a thread waits for the end of
# stdin, a pipe whose writing end only the parent holds, and exits the process
# then. The OS closes that pipe when the parent dies, even of SIGKILL, so no
# server outlives its test run. The rest is the ``scim2-server`` command.
_BOOTSTRAP = f"""\
import os, sys, threading
def _watch_parent():
    try:
        sys.stdin.buffer.read()
    finally:
        os._exit(0)
threading.Thread(target=_watch_parent, daemon=True).start()
sys.argv[0] = {SERVER_SCRIPT!r}
from {SERVER_MODULE} import main
main()
"""


def find_server_command() -> list[str]:
    """Return the command line that launches scim2-server.

    Prefer the module with the current interpreter (same virtualenv, no PATH
    lookup), run through a small bootstrap that also stops the server when
    this process dies; then the console script next to
    :data:`sys.executable`; then the one on ``PATH``.

    :raises ScimServerNotInstalledError: When none is available.
    """
    try:
        if importlib.util.find_spec(SERVER_MODULE) is not None:
            return [sys.executable, "-c", _BOOTSTRAP]
    except ImportError:
        pass
    bin_dir = Path(sys.executable).parent
    for name in (SERVER_SCRIPT, SERVER_SCRIPT + ".exe"):
        candidate = bin_dir / name
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return [str(candidate)]
    found = shutil.which(SERVER_SCRIPT)
    if found:
        return [found]
    raise ScimServerNotInstalledError(
        "The scim2-server executable was not found (neither the "
        f"{SERVER_MODULE!r} module for {sys.executable}, nor a "
        f"{SERVER_SCRIPT!r} script next to it or on PATH). "
        "Install it with: pip install scim2-server"
    )


def free_port() -> int:
    """Return a TCP port of 127.0.0.1 that was free a moment ago.

    The OS picks it (bind to port 0). Another process can still take it
    before the server binds it: :meth:`LocalScimServer.start` retries then.
    """
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


class LocalScimServer:
    """A scim2-server subprocess on 127.0.0.1, for the functional tests of pyscim.

    Use it as a context manager, or call :meth:`start` and :meth:`stop`.
    Every server has its own empty in-memory storage.

    :param token: The static bearer token the server requires on every
        request but ``/ServiceProviderConfig``. :data:`None` runs an open
        server, that accepts every request.
    :param janssen: Configure the server like Janssen (``janssen/*.json``);
        :data:`False` keeps the scim2-server defaults (RFC 7643 User with the
        enterprise extension, and Group).
    :param config_overrides: Top-level keys replacing those of the Janssen
        service provider configuration, e.g. ``{"bulk": {"supported": True,
        "maxOperations": 2, "maxPayloadSize": 1000}}`` to test the limits.
        Only with ``janssen=True``.
    :param startup_timeout: Seconds to wait for the server to answer.
    :param extra_args: More options for scim2-server, e.g. ``["--precis"]``.

    Attributes, set by :meth:`start`:

    - ``url``: the base URL of the SCIM endpoints, ``http://127.0.0.1:PORT/v2``.
      It is what ``Configuration.host`` is set to; the endpoints are
      ``url + "/Users"`` etc.  The server also answers without the ``/v2``
      prefix (see :attr:`root_url`), but the ``meta.location`` of the
      resources it returns always contains ``/v2``, like this URL.
    - ``root_url``: ``http://127.0.0.1:PORT``.
    - ``port``, ``token``, ``process`` (the :class:`subprocess.Popen`).
    """

    def __init__(
        self,
        token: str | None = None,
        *,
        janssen: bool = True,
        config_overrides: Mapping[str, Any] | None = None,
        startup_timeout: float = 20.0,
        extra_args: Sequence[str] = (),
    ) -> None:
        self.token: str | None = token
        if config_overrides and not janssen:
            raise ValueError("config_overrides needs janssen=True")
        self.janssen: bool = janssen
        self.config_overrides: dict[str, Any] = dict(config_overrides or {})
        self.startup_timeout: float = startup_timeout
        self.extra_args: list[str] = list(extra_args)
        self.port: int | None = None
        self.url: str = ""
        self.root_url: str = ""
        self.process: subprocess.Popen[bytes] | None = None
        self._tmpdir: tempfile.TemporaryDirectory[str] | None = None
        self._log: IO[bytes] | None = None

    # -- Life cycle ------------------------------------------------------

    def __enter__(self) -> LocalScimServer:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def __repr__(self) -> str:
        state = "running" if self.running else "stopped"
        return f"<LocalScimServer {self.url or '(not started)'} {state}>"

    @property
    def workdir(self) -> Path | None:
        """The temporary directory of the configuration and output, while started."""
        return Path(self._tmpdir.name) if self._tmpdir is not None else None

    @property
    def running(self) -> bool:
        """Whether the server process is alive."""
        return self.process is not None and self.process.poll() is None

    def start(self) -> LocalScimServer:
        """Start the server and wait until it answers; return ``self``.

        :raises ScimServerNotInstalledError: When scim2-server is missing.
        :raises RuntimeError: When the server dies or does not answer within
            ``startup_timeout`` seconds; the message holds the tail of its
            output.
        """
        if self.process is not None:
            raise RuntimeError("The server is already started")
        command = find_server_command()
        self._tmpdir = tempfile.TemporaryDirectory(prefix="pyscim-server-")
        try:
            base_args = command + self._config_args(Path(self._tmpdir.name))
            if self.token is not None:
                # One "--opt=value" argument: a token starting with "-" (secrets.token_urlsafe
                # gives one in 64) would otherwise be taken by argparse for an option.
                base_args += ["--bearer-token=" + self.token]
            base_args += self.extra_args
            for _ in range(_PORT_ATTEMPTS):
                port = free_port()
                if self._launch(base_args, port):
                    break
                # The port was taken between free_port() and the server's bind.
                self._kill_process()
            else:
                raise RuntimeError(
                    f"scim2-server could not bind a free port after {_PORT_ATTEMPTS} "
                    f"attempts:\n{self.output()[-_LOG_TAIL_CHARS:]}"
                )
        except BaseException:
            self.stop()
            raise
        atexit.register(self.stop)
        return self

    def stop(self) -> None:
        """Stop the server (terminate, then kill if needed) and clean up. Idempotent."""
        atexit.unregister(self.stop)
        self._kill_process()
        if self._log is not None:
            self._log.close()
            self._log = None
        if self._tmpdir is not None:
            self._tmpdir.cleanup()
            self._tmpdir = None

    # -- Helpers ---------------------------------------------------------

    def auth_headers(self) -> dict[str, str]:
        """Return the ``Authorization`` header of the token ({} for an open server)."""
        return {"Authorization": f"Bearer {self.token}"} if self.token else {}

    def output(self) -> str:
        """Return what the server printed so far (stdout and stderr), for debugging."""
        if self._log is None or self._log.closed:
            return ""
        self._log.flush()
        with open(self._log.name, "rb") as f:
            return f.read().decode("utf-8", "replace")

    # -- Internals -------------------------------------------------------

    def _config_args(self, directory: Path) -> list[str]:
        """Write the Janssen files into ``directory`` and return their options.

        The service provider configuration gets :attr:`config_overrides`.
        scim2-server appends its own ``oauthbearertoken`` scheme when it gets
        ``--bearer-token``; the one of the file is then left out, so that the
        configuration announces it once.
        """
        if not self.janssen:
            return []
        args: list[str] = []
        for option, name in JANSSEN_FILES.items():
            text = janssen_file(name)
            if option == "--service-provider-config":
                config: dict[str, Any] = json.loads(text)
                config.update(self.config_overrides)
                if self.token is not None:
                    config["authenticationSchemes"] = [
                        scheme
                        for scheme in config.get("authenticationSchemes") or []
                        if scheme.get("type") != BEARER_SCHEME_TYPE
                    ]
                text = json.dumps(config)
            path = directory / name
            path.write_text(text, encoding="utf-8")
            args += [option, str(path)]
        return args

    def _launch(self, base_args: list[str], port: int) -> bool:
        """Launch the server on ``port`` and wait for it.

        :return: :data:`False` when the port was already in use, to retry.
        :raises RuntimeError: When the server fails otherwise.
        """
        assert self._tmpdir is not None
        if self._log is not None:
            self._log.close()
        # A file, not a pipe: nobody reads the output, and a full pipe would
        # block the server.
        # It lives as long as the server: closed by stop().
        self._log = open(Path(self._tmpdir.name) / f"server-{port}.log", "w+b")  # noqa: SIM115
        env = dict(os.environ, PYTHONUNBUFFERED="1")
        self.port = port
        self.root_url = f"http://{HOST}:{port}"
        self.url = f"{self.root_url}/v2"
        self.process = subprocess.Popen(
            [*base_args, "--hostname", HOST, "--port", str(port)],
            # Kept open until stop(): its end tells the bootstrap to exit.
            stdin=subprocess.PIPE,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            env=env,
        )
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                log = self.output()
                if (
                    "Address already in use" in log
                    or f"[Errno {errno.EADDRINUSE}]" in log
                ):
                    return False
                raise RuntimeError(
                    f"scim2-server exited with code {self.process.returncode} "
                    f"while starting:\n{log[-_LOG_TAIL_CHARS:]}"
                )
            if self._answers():
                return True
            time.sleep(0.05)
        raise RuntimeError(
            f"scim2-server did not answer on {self.url} within "
            f"{self.startup_timeout} s:\n{self.output()[-_LOG_TAIL_CHARS:]}"
        )

    def _answers(self) -> bool:
        """Whether ``/ServiceProviderConfig`` (which needs no token) answers 200."""
        try:
            with _DIRECT.open(
                f"{self.url}/ServiceProviderConfig", timeout=1.0
            ) as response:
                return bool(response.status == 200)
        except (urllib.error.URLError, OSError):
            return False

    def _kill_process(self) -> None:
        """Terminate the process, wait a bounded time, kill it if needed."""
        process, self.process = self.process, None
        if process is None:
            return
        if process.stdin is not None:
            process.stdin.close()
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
                with contextlib.suppress(subprocess.TimeoutExpired):
                    process.wait(timeout=5)
