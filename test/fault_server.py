"""A misbehaving HTTP server for the transport tests: scripted faults on 127.0.0.1.

Each request is routed by the first segment of its path (the *scenario*):
``GET /stall/Users`` runs the behaviour registered as ``"stall"``, so that a
test points ``Configuration.host`` at ``server.url("stall")`` and calls the
real API methods. Unregistered scenarios answer a small SCIM ListResponse.

The server is bounded in every way: it binds 127.0.0.1 only, its threads are
daemons, every wait inside a behaviour ends when the server stops, idle
connections are closed after ``idle_timeout`` seconds, and the whole server
stops by itself after ``lifetime`` seconds even if nobody calls :meth:`stop`.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections import defaultdict
from typing import Any, Callable, Dict, List, Optional
from urllib.parse import urlsplit

Behaviour = Callable[["FaultServer", socket.socket, "Request"], bool]

LIST_RESPONSE = {
    "schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
    "totalResults": 1,
    "startIndex": 1,
    "itemsPerPage": 1,
    "Resources": [
        {
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
            "id": "2819c223",
            "userName": "bjensen",
        }
    ],
}

USER = {
    "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
    "id": "2819c223",
    "userName": "bjensen",
}

HTML_502 = (
    b"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    b"<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
)


class Request:
    """A request the server received."""

    def __init__(self, method: str, target: str, headers: Dict[str, str], body: bytes, n: int, conn_id: int) -> None:
        self.method = method
        self.target = target
        self.path = urlsplit(target).path if "://" in target else target.split("?", 1)[0]
        self.query = urlsplit(target).query
        segments = self.path.lstrip("/").split("/", 1)
        self.scenario = segments[0]
        self.headers = headers
        self.body = body
        #: 0 for the first request of its scenario, 1 for the second...
        self.n = n
        #: Which connection carried it (0, 1, ...).
        self.conn_id = conn_id

    def __repr__(self) -> str:
        return "<Request %s %s #%d conn %d>" % (self.method, self.target, self.n, self.conn_id)


class FaultServer:
    """A threaded HTTP/1.1 server on 127.0.0.1 whose answers are scripted per scenario."""

    def __init__(self, lifetime: float = 60.0, idle_timeout: float = 5.0, tls: Any = None) -> None:
        self.lifetime = lifetime
        #: An ssl.SSLContext (server side) to serve https with.
        self.tls = tls
        self.idle_timeout = idle_timeout
        self.routes: Dict[str, Behaviour] = {}
        self.requests: List[Request] = []
        self.counts: Dict[str, int] = defaultdict(int)
        #: Bytes of body each scenario managed to send before the client went away.
        self.bytes_sent: Dict[str, int] = defaultdict(int)
        self.connections = 0
        self.tls_failures = 0
        self.stopped = threading.Event()
        self._lock = threading.Lock()
        self._socks: List[socket.socket] = []
        self._threads: List[threading.Thread] = []
        self._listener: Optional[socket.socket] = None
        self._timer: Optional[threading.Timer] = None
        self.port = 0

    # -- life cycle --------------------------------------------------------------------

    def start(self) -> "FaultServer":
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", 0))
        listener.listen(64)
        listener.settimeout(0.1)
        self._listener = listener
        self.port = listener.getsockname()[1]
        t = threading.Thread(target=self._accept_loop, name="fault-server-accept", daemon=True)
        t.start()
        self._threads.append(t)
        self._timer = threading.Timer(self.lifetime, self.stop)
        self._timer.daemon = True
        self._timer.start()
        return self

    def stop(self) -> None:
        """Stop accepting, wake every behaviour, close every connection. Idempotent."""
        self.stopped.set()
        if self._timer is not None:
            self._timer.cancel()
        with self._lock:
            socks, self._socks = self._socks, []
        for s in socks:
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            try:
                s.close()
            except OSError:
                pass
        if self._listener is not None:
            try:
                self._listener.close()
            except OSError:
                pass
        for t in list(self._threads):
            if t is not threading.current_thread():
                t.join(timeout=2)

    def __enter__(self) -> "FaultServer":
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()

    # -- scripting ---------------------------------------------------------------------

    @property
    def base(self) -> str:
        return "%s://127.0.0.1:%d" % ("https" if self.tls else "http", self.port)

    def url(self, scenario: str) -> str:
        """The base URL (for Configuration.host) of a scenario."""
        return "%s/%s" % (self.base, scenario)

    def on(self, scenario: str, behaviour: Behaviour) -> str:
        """Run ``behaviour`` for requests of ``scenario``; return the scenario's URL."""
        self.routes[scenario] = behaviour
        return self.url(scenario)

    def count(self, scenario: str) -> int:
        """How many requests of ``scenario`` were received."""
        with self._lock:
            return self.counts[scenario]

    def received(self, scenario: str) -> List[Request]:
        with self._lock:
            return [r for r in self.requests if r.scenario == scenario]

    def wait(self, seconds: float) -> bool:
        """Sleep up to ``seconds``, or less if the server stops; True if it stopped."""
        return self.stopped.wait(seconds)

    # -- internals ---------------------------------------------------------------------

    def _accept_loop(self) -> None:
        assert self._listener is not None
        while not self.stopped.is_set():
            try:
                conn, _ = self._listener.accept()
            except socket.timeout:
                continue
            except OSError:
                return
            with self._lock:
                if self.stopped.is_set():
                    conn.close()
                    return
                conn_id = self.connections
                self.connections += 1
                self._socks.append(conn)
            t = threading.Thread(target=self._serve, args=(conn, conn_id), name="fault-server-conn", daemon=True)
            t.start()
            with self._lock:
                self._threads = [x for x in self._threads if x.is_alive()] + [t]

    def _serve(self, conn: socket.socket, conn_id: int) -> None:
        conn.settimeout(self.idle_timeout)
        raw = conn
        buf = bytearray()
        try:
            if self.tls is not None:
                try:
                    conn = self.tls.wrap_socket(conn, server_side=True)
                except (OSError, ValueError):
                    self.tls_failures += 1
                    return
                with self._lock:  # the TLS socket now owns the descriptor: stop() closes it
                    if raw in self._socks:
                        self._socks.remove(raw)
                    self._socks.append(conn)
                raw = conn
            while not self.stopped.is_set():
                req = self._read_request(conn, buf, conn_id)
                if req is None:
                    return
                behaviour = self.routes.get(req.scenario, ok())
                if not behaviour(self, conn, req):
                    return
        except OSError:
            return
        finally:
            with self._lock:
                if raw in self._socks:
                    self._socks.remove(raw)
            try:
                conn.close()
            except OSError:
                pass

    def _read_request(self, conn: socket.socket, buf: bytearray, conn_id: int) -> Optional[Request]:
        deadline = time.monotonic() + 10
        while b"\r\n\r\n" not in buf:
            if time.monotonic() > deadline or len(buf) > 1 << 20:
                return None
            try:
                chunk = conn.recv(65536)
            except socket.timeout:
                return None
            if not chunk:
                return None
            buf += chunk
        head, _, rest = bytes(buf).partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        method, target, _ = (lines[0].split(" ", 2) + ["", ""])[:3]
        headers: Dict[str, str] = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        length = int(headers.get("content-length", "0") or 0)
        body = bytearray(rest)
        while len(body) < length:
            try:
                chunk = conn.recv(65536)
            except socket.timeout:
                return None
            if not chunk:
                return None
            body += chunk
        buf[:] = body[length:]
        req = Request(method, target, headers, bytes(body[:length]), 0, conn_id)
        with self._lock:
            req.n = self.counts[req.scenario]
            self.counts[req.scenario] += 1
            self.requests.append(req)
        return req


# -- behaviours -------------------------------------------------------------------------------


def _head(status: int, reason: str, headers: Dict[str, Any]) -> bytes:
    lines = ["HTTP/1.1 %d %s" % (status, reason)]
    lines += ["%s: %s" % (k, v) for k, v in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def respond(
    conn: socket.socket,
    status: int = 200,
    body: Any = b"",
    content_type: str = "application/scim+json",
    headers: Optional[Dict[str, Any]] = None,
    reason: Optional[str] = None,
    keep_alive: bool = True,
) -> bool:
    if not isinstance(body, (bytes, bytearray)):
        body = json.dumps(body).encode("utf-8")
    h: Dict[str, Any] = {"Content-Type": content_type, "Content-Length": len(body)}
    if not keep_alive:
        h["Connection"] = "close"
    h.update(headers or {})
    conn.sendall(_head(status, reason or _REASONS.get(status, "Whatever"), h) + bytes(body))
    return keep_alive


_REASONS = {
    200: "OK", 201: "Created", 204: "No Content", 400: "Bad Request", 401: "Unauthorized",
    404: "Not Found", 429: "Too Many Requests", 500: "Internal Server Error",
    502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Timeout",
}


def ok(body: Any = None, status: int = 200, content_type: str = "application/scim+json",
       headers: Optional[Dict[str, Any]] = None) -> Behaviour:
    """Answer ``body`` (JSON; a ListResponse by default, a User for POST/PUT)."""

    def run(srv: FaultServer, conn: socket.socket, req: Request) -> bool:
        data = body
        if data is None:
            data = USER if req.method in ("POST", "PUT") and not req.path.endswith(".search") else LIST_RESPONSE
        code = status
        if req.method == "POST" and status == 200 and body is None and not req.path.endswith(".search"):
            code = 201
        return respond(conn, code, data, content_type, headers)

    return run


def echo() -> Behaviour:
    """Answer a JSON object describing the request (method, target, headers)."""

    def run(srv: FaultServer, conn: socket.socket, req: Request) -> bool:
        return respond(conn, 200, {"method": req.method, "target": req.target, "headers": req.headers})

    return run


def close() -> Behaviour:
    """Read the request, then close the connection without answering."""

    def run(srv: FaultServer, conn: socket.socket, req: Request) -> bool:
        return False

    return run


def stall(seconds: float = 30.0) -> Behaviour:
    """Read the request and answer nothing for ``seconds`` (or until the server stops), then close."""

    def run(srv: FaultServer, conn: socket.socket, req: Request) -> bool:
        srv.wait(seconds)
        return False

    return run


def headers_then_stall(seconds: float = 30.0, length: int = 1000, prefix: bytes = b'{"schemas":') -> Behaviour:
    """Send the status line, headers and a few bytes of body, then stall."""

    def run(srv: FaultServer, conn: socket.socket, req: Request) -> bool:
        conn.sendall(_head(200, "OK", {"Content-Type": "application/scim+json", "Content-Length": length}) + prefix)
        srv.wait(seconds)
        return False

    return run


def trickle(interval: float = 0.1, count: int = 10_000) -> Behaviour:
    """Send headers, then one byte of body every ``interval`` seconds (a slowloris reply)."""

    def run(srv: FaultServer, conn: socket.socket, req: Request) -> bool:
        conn.sendall(_head(200, "OK", {"Content-Type": "application/scim+json", "Content-Length": count}))
        for _ in range(count):
            if srv.wait(interval):
                break
            conn.sendall(b" ")
        return False

    return run


def truncated(body: Any = None, keep: float = 0.5) -> Behaviour:
    """Announce a JSON body's full length, send only ``keep`` of it, and close."""

    def run(srv: FaultServer, conn: socket.socket, req: Request) -> bool:
        data = json.dumps(LIST_RESPONSE if body is None else body).encode()
        conn.sendall(
            _head(200, "OK", {"Content-Type": "application/scim+json", "Content-Length": len(data)})
            + data[: int(len(data) * keep)]
        )
        return False

    return run


def truncated_chunked(keep: float = 0.5) -> Behaviour:
    """A chunked JSON reply that stops in the middle of a chunk and closes."""

    def run(srv: FaultServer, conn: socket.socket, req: Request) -> bool:
        data = json.dumps(LIST_RESPONSE).encode()
        conn.sendall(
            _head(200, "OK", {"Content-Type": "application/scim+json", "Transfer-Encoding": "chunked"})
            + b"%x\r\n" % len(data) + data[: int(len(data) * keep)]
        )
        return False

    return run


def html(status: int = 502, page: bytes = HTML_502) -> Behaviour:
    """An HTML page with ``status`` (a proxy's error page, or a login page with 200)."""

    def run(srv: FaultServer, conn: socket.socket, req: Request) -> bool:
        return respond(conn, status, page, "text/html; charset=utf-8")

    return run


def status(code: int, retry_after: Optional[str] = None, body: Any = None) -> Behaviour:
    """Answer ``code`` with an optional Retry-After header and a SCIM error body."""

    def run(srv: FaultServer, conn: socket.socket, req: Request) -> bool:
        data = body if body is not None else {
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:Error"],
            "status": str(code),
            "detail": "scripted %d" % code,
        }
        headers = {"Retry-After": retry_after} if retry_after is not None else None
        return respond(conn, code, data, headers=headers)

    return run


def huge(size: int, mode: str = "length", declared: Optional[int] = None) -> Behaviour:
    """A reply of ``size`` bytes (a JSON array of spaces), sent in 64 KiB blocks until the client leaves.

    ``mode``: ``"length"`` (Content-Length: ``declared`` or ``size``), ``"chunked"``,
    or ``"close"`` (no length: the body ends when the connection closes).
    """

    def run(srv: FaultServer, conn: socket.socket, req: Request) -> bool:
        h: Dict[str, Any] = {"Content-Type": "application/scim+json"}
        if mode == "length":
            h["Content-Length"] = size if declared is None else declared
        elif mode == "chunked":
            h["Transfer-Encoding"] = "chunked"
        else:
            h["Connection"] = "close"
        conn.sendall(_head(200, "OK", h))
        block = b"[" + b" " * 65534 + b"]"
        sent = 0
        try:
            while sent < size and not srv.stopped.is_set():
                piece = block[: min(len(block), size - sent)]
                conn.sendall(b"%x\r\n%s\r\n" % (len(piece), piece) if mode == "chunked" else piece)
                sent += len(piece)
                with srv._lock:
                    srv.bytes_sent[req.scenario] += len(piece)
            if mode == "chunked":
                conn.sendall(b"0\r\n\r\n")
        except OSError:
            return False
        return False

    return run


def sequence(*behaviours: Behaviour) -> Behaviour:
    """The n-th request of the scenario gets ``behaviours[n]`` (the last one after that)."""

    def run(srv: FaultServer, conn: socket.socket, req: Request) -> bool:
        return behaviours[min(req.n, len(behaviours) - 1)](srv, conn, req)

    return run


def fail_then_ok(failures: int, failure: Behaviour, success: Optional[Behaviour] = None) -> Behaviour:
    """``failures`` times ``failure``, then ``success`` (``ok()``)."""
    return sequence(*([failure] * failures), success or ok())
