"""Canned-response SCIM server on 127.0.0.1: pre-encoded bytes over HTTP/1.1 keep-alive.

Run as ``python -m canned_server [--port N]`` (cwd = benchmarks/). It prints
``READY <port>`` on stdout once listening, then answers control commands read
from stdin, one per line: ``stats`` prints a JSON line of counters, ``quit``
(or end of input) stops the server.

Routes (under fixtures.BASE_PATH; the query string is ignored):
  POST /Bulk          -> BulkResponse with fixtures.BULK_OPS operations
  GET  /Users         -> ListResponse of fixtures.LIST_SIZE full users
  GET  /Users/<id>    -> that full user (ids of the list users), else 404
Requests without ``Authorization: Bearer <fixtures.TOKEN>`` get 401, and a
POST whose Content-Type is not JSON gets 415. Request bodies are read fully
(Content-Length or chunked) but never parsed, so the server's cost stays tiny.
"""

from __future__ import annotations

import argparse
import json
import socket
import sys
import threading

import fixtures

CONTENT_TYPE = b"application/scim+json"
_REASONS = {200: b"OK", 401: b"Unauthorized", 404: b"Not Found", 415: b"Unsupported Media Type"}


def http_response(status: int, body: bytes, content_type: bytes = CONTENT_TYPE) -> bytes:
    """Return a complete pre-encoded HTTP/1.1 keep-alive response."""
    head = (
        b"HTTP/1.1 %d %s\r\nContent-Type: %s\r\nContent-Length: %d\r\n"
        b"Connection: keep-alive\r\n\r\n" % (status, _REASONS[status], content_type, len(body))
    )
    return head + body


def _error(status: int, detail: str) -> bytes:
    """Return a pre-encoded SCIM error response."""
    doc = {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:Error"],
        "status": str(status),
        "detail": detail,
    }
    return http_response(status, fixtures.encode(doc))


class CannedServer:
    """Threaded keep-alive server answering every route with pre-built bytes."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        """Pre-encode all responses and bind the listening socket."""
        users = fixtures.list_response()["Resources"]
        self.bulk = http_response(200, fixtures.encode(fixtures.bulk_response()))
        self.listing = http_response(200, fixtures.encode(fixtures.list_response()))
        self.by_id = {
            f"{fixtures.BASE_PATH}/Users/{u['id']}".encode(): http_response(200, fixtures.encode(u))
            for u in users
        }
        self.unauthorized = _error(401, "Missing or invalid bearer token")
        self.unsupported = _error(415, "Content-Type must be JSON")
        self.not_found = _error(404, "Resource not found")
        self.auth = b"Bearer " + fixtures.TOKEN.encode()
        self.bulk_path = f"{fixtures.BASE_PATH}/Bulk".encode()
        self.users_path = f"{fixtures.BASE_PATH}/Users".encode()
        self.lock = threading.Lock()
        self.stats = {"connections": 0, "requests": 0, "body_bytes": 0, "errors": 0}
        self.sock = socket.create_server((host, port), backlog=64)
        self.port: int = self.sock.getsockname()[1]

    def route(self, method: bytes, target: bytes, headers: dict[bytes, bytes]) -> bytes:
        """Pick the pre-built response for one request."""
        if headers.get(b"authorization") != self.auth:
            return self.unauthorized
        path = target.split(b"?", 1)[0]
        if method == b"POST" and path == self.bulk_path:
            if b"json" not in headers.get(b"content-type", b""):
                return self.unsupported
            return self.bulk
        if method == b"GET" and path == self.users_path:
            return self.listing
        if method == b"GET":
            return self.by_id.get(path, self.not_found)
        return self.not_found

    def serve_forever(self) -> None:
        """Accept connections until the listening socket is closed."""
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            threading.Thread(target=self._serve_connection, args=(conn,), daemon=True).start()

    def _serve_connection(self, conn: socket.socket) -> None:
        """Serve keep-alive requests on one connection until the peer closes it."""
        with self.lock:
            self.stats["connections"] += 1
        reader = _Reader(conn)
        try:
            while True:
                head = reader.read_until(b"\r\n\r\n")
                if head is None:
                    return
                lines = head.split(b"\r\n")
                method, target, _version = lines[0].split(b" ", 2)
                headers = {}
                for line in lines[1:]:
                    name, _, value = line.partition(b":")
                    headers[name.strip().lower()] = value.strip()
                if headers.get(b"transfer-encoding", b"").lower() == b"chunked":
                    size = reader.skip_chunked()
                else:
                    size = int(headers.get(b"content-length", b"0"))
                    reader.skip(size)
                response = self.route(method, target, headers)
                with self.lock:
                    self.stats["requests"] += 1
                    self.stats["body_bytes"] += size
                    self.stats["errors"] += response[9:10] != b"2"
                conn.sendall(response)
                if headers.get(b"connection", b"").lower() == b"close":
                    return
        except (OSError, ValueError, EOFError):
            return
        finally:
            conn.close()

    def snapshot(self) -> dict[str, int]:
        """Return a copy of the request counters."""
        with self.lock:
            return dict(self.stats)


class _Reader:
    """Buffered reader over a socket for request heads and bodies."""

    def __init__(self, conn: socket.socket) -> None:
        """Wrap ``conn`` with an empty buffer."""
        self.conn = conn
        self.buf = bytearray()

    def _fill(self) -> None:
        """Receive more bytes or raise EOFError when the peer closed."""
        data = self.conn.recv(262144)
        if not data:
            raise EOFError
        self.buf += data

    def read_until(self, marker: bytes) -> bytes | None:
        """Return bytes up to ``marker`` (consumed), or None on a clean close."""
        while True:
            idx = self.buf.find(marker)
            if idx >= 0:
                out = bytes(self.buf[:idx])
                del self.buf[: idx + len(marker)]
                return out
            try:
                self._fill()
            except EOFError:
                return None

    def skip(self, size: int) -> None:
        """Consume exactly ``size`` body bytes."""
        while len(self.buf) < size:
            self._fill()
        del self.buf[:size]

    def skip_chunked(self) -> int:
        """Consume a chunked body and return its decoded size."""
        total = 0
        while True:
            line = self.read_until(b"\r\n")
            if line is None:
                raise EOFError
            size = int(line.split(b";", 1)[0], 16)
            if size == 0:
                while self.read_until(b"\r\n"):  # trailers end with an empty line
                    pass
                return total
            self.skip(size + 2)
            total += size


def main() -> None:
    """Start the server, print READY <port>, and answer stdin control commands."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    server = CannedServer(port=args.port)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"READY {server.port}", flush=True)
    for line in sys.stdin:
        command = line.strip()
        if command == "stats":
            print(json.dumps(server.snapshot()), flush=True)
        elif command == "quit":
            break
    server.sock.close()


if __name__ == "__main__":
    main()
