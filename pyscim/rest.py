"""Transport: one urllib3 PoolManager per client, TLS verified, every failure a pyscim exception.

This is the only module that talks to the network. It sends bytes it is given and
returns a :class:`RESTResponse`; it knows nothing of models. What it guarantees:

* every call ends in bounded time: connect and read timeouts by default, a
  caller's ``_request_timeout`` is the bound of the whole call, retries
  included (see :mod:`pyscim.retry` for what is retried and why);
* every failure is an :class:`~pyscim.exceptions.OpenApiException`: a refused
  or dropped connection, a timeout, a reply cut short or larger than
  ``Configuration.max_response_size`` never escapes as a urllib3, socket or
  http.client exception, and the client stays usable after it;
* no secret is logged or printed: headers are logged with credentials
  redacted, http.client's wire dump is kept off for our connections, and a
  token echoed back in an error body is masked in the exception;
* nothing a caller passes can add a header or change the request line.
"""

from __future__ import annotations

import http.client
import io
import ipaddress
import logging
import os
import re
import socket
import ssl
import threading
import time
import weakref
from typing import Any, Dict, Iterable, List, Mapping, Optional, Tuple, Union
from urllib.parse import urlencode, urlsplit, urlunsplit

import certifi
import urllib3
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

from pyscim.exceptions import (  # noqa: F401 - 1.0.0's rest module exported the last four
    ApiConnectionError,
    ApiException,
    ApiResponseError,
    ApiTimeoutError,
    ApiValueError,
    BulkOutcomeUnknownError,
    ForbiddenException,
    NotFoundException,
    OpenApiException,
    OutcomeUnknownResponseError,
    OutcomeUnknownTimeoutError,
    ServiceException,
    UnauthorizedException,
    exception_for,
)
from pyscim.retry import (
    CONNECT,
    DROPPED,
    FATAL,
    READ_TIMEOUT,
    STATUS,
    RetryPolicy,
    RetryState,
    parse_retry_after,
)

__all__ = [
    "RESTResponse",
    "RESTClientObject",
    "OutcomeUnknownTimeoutError",
    "OutcomeUnknownResponseError",
    "redact_headers",
    "check_header",
    "redact_url",
    "is_loopback",
    "insecure_token_target",
]

logger = logging.getLogger("pyscim")

Timeout = Union[None, float, int, Tuple[Optional[float], Optional[float]], urllib3.Timeout]

_SECRET_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie", "set-cookie"})

#: Bytes read at a time from a reply.
CHUNK_SIZE = 64 * 1024
#: At most this much of an error reply (4xx/5xx) is read: enough for any SCIM error or HTML page.
ERROR_BODY_LIMIT = 1024 * 1024
#: How much of a reply an exception keeps when the reply as a whole is unusable.
EXCERPT_SIZE = 2048

_HEADER_NAME = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")
_BAD_HEADER_VALUE = re.compile(r"[\r\n\x00]")
_BAD_URL_CHAR = re.compile(r"[\x00-\x20\x7f]")


def redact_headers(headers: Mapping[str, Any]) -> Dict[str, Any]:
    """A copy of ``headers`` safe to log: credentials replaced by ``***``."""
    return {k: ("***" if k.lower() in _SECRET_HEADERS else v) for k, v in headers.items()}


def redact_url(url: str, query: bool = True) -> str:
    """``url`` safe to log: any ``user:password@`` removed, and the query too unless ``query``."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "<invalid URL>"
    netloc = parts.netloc.rsplit("@", 1)[-1] if "@" in parts.netloc else parts.netloc
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query if query else "", ""))


def is_loopback(host: Optional[str]) -> bool:
    """Whether ``host`` names this machine: ``localhost`` (and ``*.localhost``), 127.0.0.0/8 or ::1."""
    if not host:
        return False
    host = host.strip("[]").rstrip(".").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def insecure_token_target(url: str, headers: Mapping[str, Any]) -> bool:
    """Whether sending ``headers`` to ``url`` exposes a credential: plain http to a non-loopback host."""
    if not any(k.lower() in ("authorization", "proxy-authorization") for k in headers):
        return False
    parts = urlsplit(url)
    return parts.scheme.lower() == "http" and not is_loopback(parts.hostname)


# -- connections that never print the wire ------------------------------------------------
#
# http.client prints every header sent, Authorization included, when a
# connection's debuglevel is above 0; pyscim 1.0.0 set it from
# Configuration.debug. Our connection classes pin it to 0, even if other code
# raises http.client.HTTPConnection.debuglevel for the whole process.


class NoWireDumpHTTPConnection(HTTPConnection):
    debuglevel = 0

    def set_debuglevel(self, level: int) -> None:  # noqa: D102 - refused on purpose
        pass


class NoWireDumpHTTPSConnection(HTTPSConnection):
    debuglevel = 0

    def set_debuglevel(self, level: int) -> None:  # noqa: D102
        pass


class NoWireDumpHTTPConnectionPool(HTTPConnectionPool):
    ConnectionCls = NoWireDumpHTTPConnection


class NoWireDumpHTTPSConnectionPool(HTTPSConnectionPool):
    ConnectionCls = NoWireDumpHTTPSConnection


_POOL_CLASSES = {"http": NoWireDumpHTTPConnectionPool, "https": NoWireDumpHTTPSConnectionPool}

#: urllib3 >= 2.3 reads at most one system call at a time with read1(); earlier versions do not have it.
_HAS_READ1 = hasattr(urllib3.response.HTTPResponse, "read1")


# -- fork safety -----------------------------------------------------------------------------

_LIVE_CLIENTS: "weakref.WeakSet[RESTClientObject]" = weakref.WeakSet()


def _after_fork_in_child() -> None:
    """In a forked child, give every client fresh pools: never share a socket with the parent."""
    for client in list(_LIVE_CLIENTS):
        client._reset_after_fork()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)


class RESTResponse(io.IOBase):
    """A reply read in full: ``status``, ``reason``, ``data`` (bytes) and its headers."""

    def __init__(self, resp: Any, data: Optional[bytes] = None) -> None:
        self.urllib3_response = resp
        self.status: int = resp.status
        self.reason: str = resp.reason
        self.data: Any = resp.data if data is None else data

    def getheaders(self) -> Any:
        """The reply's headers (a case-insensitive mapping)."""
        return self.urllib3_response.headers

    def getheader(self, name: str, default: Optional[str] = None) -> Optional[str]:
        """One header of the reply."""
        value: Optional[str] = self.urllib3_response.headers.get(name, default)
        return value


class _Failure:
    """An attempt that failed: its kind (see pyscim.retry), what to raise, and retry hints."""

    __slots__ = ("kind", "error", "status", "retry_after", "why", "cause")

    def __init__(
        self,
        kind: str,
        error: OpenApiException,
        why: str,
        status: Optional[int] = None,
        retry_after: Optional[float] = None,
        cause: Optional[BaseException] = None,
    ) -> None:
        self.kind = kind
        self.error = error
        self.why = why
        self.status = status
        self.retry_after = retry_after
        #: The urllib3/socket exception behind it, chained as the raised exception's __cause__.
        self.cause = cause


class _Budget:
    """The timeouts of one call: the first attempt's, and the deadline of the whole call."""

    __slots__ = ("connect", "read", "total", "deadline", "hard", "_plain")

    def __init__(
        self,
        connect: Optional[float],
        read: Optional[float],
        total: Optional[float],
        deadline: Optional[float],
        hard: bool,
    ) -> None:
        self.connect = connect
        self.read = read
        self.total = total
        #: time.monotonic() by which the call must end (None: the policy's max_total_time).
        self.deadline = deadline
        #: Whether the deadline also bounds the first attempt (a total _request_timeout).
        self.hard = hard
        self._plain: Optional[urllib3.Timeout] = None

    def for_attempt(self, deadline: Optional[float]) -> Tuple[urllib3.Timeout, Optional[float]]:
        """The urllib3 Timeout of an attempt, cut to ``deadline`` when there is one."""
        if deadline is None:
            if self._plain is None:  # urllib3 clones it per request: it can be shared
                if self.total is not None:
                    self._plain = urllib3.Timeout(total=self.total)
                else:
                    self._plain = urllib3.Timeout(connect=self.connect, read=self.read)
            return self._plain, None
        left = max(deadline - time.monotonic(), 0.001)
        if self.total is not None:
            return urllib3.Timeout(total=min(self.total, left)), deadline
        return (
            urllib3.Timeout(connect=_min(self.connect, left), read=_min(self.read, left)),
            deadline,
        )


def _min(a: Optional[float], b: float) -> float:
    return b if a is None else min(a, b)


def _num(v: Any) -> Optional[float]:
    return float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else None


class RESTClientObject:
    """Sends requests through one PoolManager (or ProxyManager), reused across calls and threads."""

    def __init__(self, configuration: Any, pools_size: int = 4, maxsize: Optional[int] = None) -> None:
        self.configuration = configuration
        self.pools_size = pools_size
        self.maxsize = maxsize if maxsize is not None else (configuration.connection_pool_maxsize or 4)
        self._lock = threading.Lock()
        self._direct_manager: Optional[urllib3.PoolManager] = None
        self._warned_insecure = False
        #: scheme://host:port -> whether a token sent there crosses the network in clear.
        self._exposed_origins: Dict[str, bool] = {}
        self._policy_cache: Tuple[Any, Optional[RetryPolicy]] = (object(), None)
        self._default_budget: Optional[Tuple[Any, _Budget]] = None
        self.pool_manager = self._make_pool_manager(configuration.proxy)
        _LIVE_CLIENTS.add(self)

    def __repr__(self) -> str:
        return "RESTClientObject(host=%r)" % (redact_url(str(self.configuration.host)),)

    # -- pools ---------------------------------------------------------------------------

    def _make_pool_manager(self, proxy: Optional[str]) -> urllib3.PoolManager:
        c = self.configuration
        kwargs: Dict[str, Any] = {
            "num_pools": self.pools_size,
            "maxsize": self.maxsize,
            "cert_reqs": ssl.CERT_REQUIRED if c.verify_ssl else ssl.CERT_NONE,
            "ca_certs": c.ssl_ca_cert or certifi.where(),
            "cert_file": c.cert_file,
            "key_file": c.key_file,
            "retries": False,
            "block": False,
        }
        if c.assert_hostname is not None:
            kwargs["assert_hostname"] = c.assert_hostname
        if c.socket_options is not None:
            kwargs["socket_options"] = c.socket_options
        if proxy:
            manager: urllib3.PoolManager = urllib3.ProxyManager(
                proxy_url=proxy, proxy_headers=c.proxy_headers, **kwargs
            )
        else:
            manager = urllib3.PoolManager(**kwargs)
        manager.pool_classes_by_scheme = dict(_POOL_CLASSES)
        return manager

    def _manager_for(self, url: str) -> urllib3.PoolManager:
        c = self.configuration
        if c.proxy and should_bypass_proxies(url, no_proxy=c.no_proxy):
            with self._lock:
                if self._direct_manager is None:
                    self._direct_manager = self._make_pool_manager(None)
                return self._direct_manager
        return self.pool_manager

    def close(self) -> None:
        """Close every pooled connection (the client can still be used: it reconnects)."""
        self.pool_manager.clear()
        with self._lock:
            direct, self._direct_manager = self._direct_manager, None
        if direct is not None:
            direct.clear()

    def _reset_after_fork(self) -> None:
        # The parent's sockets are left alone (not closed, which could disturb the
        # parent's TLS sessions): the child just stops using them.
        self._lock = threading.Lock()
        self._direct_manager = None
        self.pool_manager = self._make_pool_manager(self.configuration.proxy)

    # -- settings ------------------------------------------------------------------------

    @property
    def retry_policy(self) -> RetryPolicy:
        """The :class:`~pyscim.retry.RetryPolicy` of ``Configuration.retries``."""
        source = self.configuration.retries
        cached_source, policy = self._policy_cache
        if policy is None or source is not cached_source:
            try:
                policy = RetryPolicy.from_config(source)
            except (TypeError, ValueError) as exc:
                raise ApiValueError(str(exc)) from None
            self._policy_cache = (source, policy)  # one assignment: safe across threads
        return policy

    def timeout(self, request_timeout: Timeout) -> urllib3.Timeout:
        """The urllib3 Timeout of a first attempt: the caller's, else the configuration's."""
        b = self._budget(request_timeout, time.monotonic())
        return b.for_attempt(None)[0]

    def _budget(self, request_timeout: Timeout, now: float) -> _Budget:
        c = self.configuration
        if request_timeout is None:
            # The configuration's timeouts: the same budget every call, built once.
            key = (c.connect_timeout, c.read_timeout)
            cached = self._default_budget
            if cached is not None and cached[0] == key:
                return cached[1]
            budget = self._budget(0, now)
            self._default_budget = (key, budget)  # one assignment: safe across threads
            return budget

        def seconds(value: Any, name: str) -> Optional[float]:
            if value is None:
                return None
            if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
                raise ApiValueError("%s must be a non-negative number of seconds, got %r" % (name, value))
            return float(value)

        connect = seconds(c.connect_timeout, "Configuration.connect_timeout")
        read = seconds(c.read_timeout, "Configuration.read_timeout")
        rt = request_timeout
        if isinstance(rt, urllib3.Timeout):
            total = _num(rt.total)
            rt = total if total is not None else (_num(getattr(rt, "_connect", None)), _num(getattr(rt, "_read", None)))
        if rt is None or (not isinstance(rt, bool) and isinstance(rt, (int, float)) and rt == 0):
            # No per-call timeout (1.0.0 also read 0 as "none given"): the configuration's.
            return _Budget(connect, read, None, None, False)
        if isinstance(rt, (int, float)) and not isinstance(rt, bool):
            total = seconds(rt, "_request_timeout")
            assert total is not None
            return _Budget(None, None, total, now + total, True)
        if isinstance(rt, (tuple, list)) and len(rt) == 2:
            pc = seconds(rt[0], "_request_timeout[0] (connect)")
            pr = seconds(rt[1], "_request_timeout[1] (read)")
            pc = connect if pc is None else pc
            pr = read if pr is None else pr
            deadline = now + pc + pr if pc is not None and pr is not None else None
            return _Budget(pc, pr, None, deadline, False)
        raise ApiValueError(
            "_request_timeout must be a number of seconds or a (connect, read) pair, got %r" % (rt,)
        )

    # -- the request -----------------------------------------------------------------------

    def request(
        self,
        method: str,
        url: str,
        query_params: Optional[List[Tuple[str, Any]]] = None,
        headers: Optional[Dict[str, str]] = None,
        body: Any = None,
        post_params: Any = None,
        _preload_content: bool = True,
        _request_timeout: Timeout = None,
    ) -> Any:
        """Send one request, retrying as the policy allows; return its reply or raise.

        ``body`` is sent as is when it is bytes or str (str as UTF-8); anything
        else is encoded as JSON. ``_request_timeout`` is a number (the bound of
        the whole call, retries included) or a ``(connect, read)`` pair. With
        ``_preload_content=False`` a successful reply is returned unread, as the
        urllib3 response (the caller must read and release it).
        """
        method = method.upper()
        headers = _checked_headers(headers)
        if post_params and body is not None:
            raise ApiValueError("body parameter cannot be used with post_params parameter.")
        if post_params:
            body = urlencode(list(post_params.items()) if isinstance(post_params, dict) else post_params)
            headers.setdefault("Content-Type", "application/x-www-form-urlencoded")
        if query_params:
            try:
                url += ("&" if "?" in url else "?") + urlencode(query_params)
            except UnicodeEncodeError:
                raise ApiValueError("A query parameter is not valid Unicode (it holds a lone surrogate)") from None
        if _BAD_URL_CHAR.search(url):
            raise ApiValueError("The request URL contains whitespace or control characters")
        if body is not None and not isinstance(body, (bytes, str)):
            from pyscim.model_utils import dumps

            body = dumps(body)
        if isinstance(body, str):
            body = body.encode("utf-8")

        now = time.monotonic()
        budget = self._budget(_request_timeout, now)
        policy = self.retry_policy
        state = policy.start(budget.deadline, now)
        self._warn_if_insecure(url, headers)
        debug = logger.isEnabledFor(logging.DEBUG)
        if debug:
            logger.debug("%s %s headers=%s", method, redact_url(url), redact_headers(headers))

        while True:
            attempt_deadline = state.deadline if (budget.hard or state.retries) else None
            timeout, read_deadline = budget.for_attempt(attempt_deadline)
            started = time.monotonic()
            outcome = self._attempt(method, url, headers, body, timeout, read_deadline, _preload_content)
            if not isinstance(outcome, _Failure):
                if debug:
                    status = outcome.status
                    size = len(outcome.data) if isinstance(outcome, RESTResponse) else -1
                    logger.debug(
                        "%s %s -> %s (%s bytes, %.3f s)",
                        method, redact_url(url), status, size if size >= 0 else "unread",
                        time.monotonic() - started,
                    )
                return outcome
            delay = state.next_delay(method, url, outcome.kind, outcome.status, outcome.retry_after)
            if delay is None:
                raise self._final_error(method, url, outcome, state, policy) from outcome.cause
            logger.info(
                "Retrying %s %s in %.2f s (retry %d of %d): %s",
                method, redact_url(url, query=False), delay, state.retries, policy.total, outcome.why,
            )
            if delay > 0:
                time.sleep(delay)

    def _attempt(
        self,
        method: str,
        url: str,
        headers: Dict[str, str],
        body: Optional[bytes],
        timeout: urllib3.Timeout,
        deadline: Optional[float],
        preload: bool,
    ) -> Any:
        """Send once: the reply (RESTResponse, or the urllib3 response unread), or a _Failure."""
        try:
            resp = self._manager_for(url).request(
                method,
                url,
                body=body,
                headers=headers,
                timeout=timeout,
                preload_content=False,
                redirect=False,
                retries=False,
                enforce_content_length=True,
            )
        except ValueError as exc:  # an invalid URL or header (LocationValueError is one too)
            where = _where(method, url)
            return _Failure(
                FATAL, ApiValueError("Cannot send %s: %s" % (where, _describe(exc))), "invalid request", cause=exc
            )
        except (urllib3.exceptions.HTTPError, OSError, http.client.HTTPException) as exc:
            failure = _send_failure(exc, _where(method, url))
            failure.cause = exc
            return failure

        status = resp.status
        ok = 200 <= status <= 299
        if ok and not preload:
            return resp
        limit = self.configuration.max_response_size
        if not ok:
            limit = ERROR_BODY_LIMIT if limit is None else min(limit, ERROR_BODY_LIMIT)
        read_timeout = _num(getattr(timeout, "_read", None))
        try:
            data = _read_body(resp, limit, deadline, read_timeout, truncate=not ok)
        except _BodyError as exc:
            return exc.failure(_where(method, url), status, _secrets_of(headers))
        if ok:
            return RESTResponse(resp, data)
        reply = RESTResponse(resp, _scrub(data, _secrets_of(headers)))
        error = exception_for(reply)
        retry_after = parse_retry_after(resp.headers.get("Retry-After"))
        return _Failure(STATUS, error, "%d %s" % (status, resp.reason or ""), status, retry_after)

    def _final_error(
        self, method: str, url: str, f: _Failure, state: RetryState, policy: RetryPolicy
    ) -> OpenApiException:
        """The exception a call ends with: the failure's, told whether it may have been applied."""
        error = f.error
        maybe_applied = f.kind in (DROPPED, READ_TIMEOUT)
        if not maybe_applied or policy.is_idempotent(method, url) or not isinstance(error, ApiException):
            if state.retries and isinstance(error, ApiConnectionError):
                error.reason = "%s (after %d attempts)" % (error.reason, state.attempts)
                error.args = (error.status, error.reason)
            return error
        # Not idempotent, and it failed after it was sent: it may have been applied.
        where = "%s %s" % (method, redact_url(url, query=False))
        reason = (
            "%s: %s. The request may have been applied: its outcome is unknown, and it was "
            "not re-sent (it is not idempotent). Check the server's state before sending it again."
            % (where, f.why)
        )
        if f.kind == READ_TIMEOUT:
            cls: Any = OutcomeUnknownTimeoutError
        elif f.status is not None:
            cls = OutcomeUnknownResponseError
        else:
            cls = BulkOutcomeUnknownError
        out: ApiException = cls(status=f.status, reason=reason, body=error.body, headers=error.headers)
        return out

    def _warn_if_insecure(self, url: str, headers: Mapping[str, Any]) -> None:
        if self._warned_insecure or url.startswith("https:"):
            return
        origin = "/".join(url.split("/", 3)[:3])  # scheme://host:port
        exposed = self._exposed_origins.get(origin)
        if exposed is None:
            try:
                exposed = insecure_token_target(url, {"Authorization": "*"})
            except ValueError:  # an invalid URL: sending it fails with ApiValueError
                return
            if len(self._exposed_origins) < 64:
                self._exposed_origins[origin] = exposed
        if not exposed or not insecure_token_target(url, headers):
            return
        with self._lock:
            if self._warned_insecure:
                return
            self._warned_insecure = True
        logger.warning(
            "Sending credentials over plain http to %s: anyone on the network path can read "
            "the token. Use https (plain http is only fine for localhost).",
            urlsplit(url).hostname,
        )

    # 1.0.0's per-method shortcuts, with its parameter order.
    def GET(self, url: str, headers: Any = None, query_params: Any = None,
            _preload_content: bool = True, _request_timeout: Timeout = None) -> Any:
        return self.request("GET", url, query_params, headers, None, None, _preload_content, _request_timeout)

    def HEAD(self, url: str, headers: Any = None, query_params: Any = None,
             _preload_content: bool = True, _request_timeout: Timeout = None) -> Any:
        return self.request("HEAD", url, query_params, headers, None, None, _preload_content, _request_timeout)

    def OPTIONS(self, url: str, headers: Any = None, query_params: Any = None, post_params: Any = None,
                body: Any = None, _preload_content: bool = True, _request_timeout: Timeout = None) -> Any:
        return self.request(
            "OPTIONS", url, query_params, headers, body, post_params, _preload_content, _request_timeout
        )

    def DELETE(self, url: str, headers: Any = None, query_params: Any = None, body: Any = None,
               _preload_content: bool = True, _request_timeout: Timeout = None) -> Any:
        return self.request("DELETE", url, query_params, headers, body, None, _preload_content, _request_timeout)

    def POST(self, url: str, headers: Any = None, query_params: Any = None, post_params: Any = None,
             body: Any = None, _preload_content: bool = True, _request_timeout: Timeout = None) -> Any:
        return self.request("POST", url, query_params, headers, body, post_params, _preload_content, _request_timeout)

    def PUT(self, url: str, headers: Any = None, query_params: Any = None, post_params: Any = None,
            body: Any = None, _preload_content: bool = True, _request_timeout: Timeout = None) -> Any:
        return self.request("PUT", url, query_params, headers, body, post_params, _preload_content, _request_timeout)

    def PATCH(self, url: str, headers: Any = None, query_params: Any = None, post_params: Any = None,
              body: Any = None, _preload_content: bool = True, _request_timeout: Timeout = None) -> Any:
        return self.request(
            "PATCH", url, query_params, headers, body, post_params, _preload_content, _request_timeout
        )


# -- helpers -------------------------------------------------------------------------------


#: (name, value) pairs already found valid: most requests repeat the same headers.
_VALID_HEADERS: "set[Tuple[Any, Any]]" = set()
_VALID_HEADERS_MAX = 512


def _where(method: str, url: str) -> str:
    """``METHOD url`` for a message: credentials and query left out."""
    return "%s %s" % (method, redact_url(url, query=False))


def check_header(name: Any, value: Any) -> str:
    """``value`` as the str sent for header ``name``; ApiValueError if it cannot be one header.

    CR, LF or NUL (which could forge other headers), an invalid name, or text that
    HTTP headers cannot carry are refused; the value is never shown: it may be a token.
    """
    if type(value) is str and (name, value) in _VALID_HEADERS:
        return value
    if not isinstance(name, str):
        raise ApiValueError("Invalid header name %r" % (type(name),))
    if isinstance(value, bytes):
        value = value.decode("latin-1")
    value = str(value)
    if _BAD_HEADER_VALUE.search(value) or _BAD_HEADER_VALUE.search(name):
        raise ApiValueError("Header %r contains CR or LF (or NUL), which could forge other headers" % name)
    if not _HEADER_NAME.match(name):
        raise ApiValueError("Invalid header name %r" % name)
    try:
        value.encode("latin-1")
    except UnicodeEncodeError:
        raise ApiValueError("Header %r has characters that HTTP headers cannot carry (non ISO-8859-1)" % name) from None
    if len(_VALID_HEADERS) >= _VALID_HEADERS_MAX:
        _VALID_HEADERS.clear()
    _VALID_HEADERS.add((name, value))
    return value


def _checked_headers(headers: Optional[Mapping[str, Any]]) -> Dict[str, str]:
    """A copy of ``headers`` with every value checked by :func:`check_header`."""
    return {name: check_header(name, value) for name, value in (headers or {}).items()}


def _secrets_of(headers: Mapping[str, str]) -> List[str]:
    """The credentials in ``headers``: whole values and the part after the scheme ("Bearer x")."""
    found: List[str] = []
    for name, value in headers.items():
        if name.lower() in _SECRET_HEADERS and value:
            found.append(value)
            scheme, _, cred = value.partition(" ")
            if cred.strip():
                found.append(cred.strip())
    return sorted({s for s in found if len(s) >= 4}, key=len, reverse=True)


def _scrub(data: bytes, secrets: Iterable[str]) -> bytes:
    """``data`` with any echo of a credential masked (a server may reflect headers in an error)."""
    for s in secrets:
        raw = s.encode("utf-8", "replace")
        if raw in data:
            data = data.replace(raw, b"***")
    return data


def _describe(exc: BaseException) -> str:
    """A short account of a transport failure: the innermost cause, without object reprs."""
    seen = set()
    inner: BaseException = exc
    while True:
        seen.add(id(inner))
        nxt = getattr(inner, "reason", None)
        if not isinstance(nxt, BaseException):
            nxt = getattr(inner, "original_error", None)
        if not isinstance(nxt, BaseException) and len(getattr(inner, "args", ())) >= 2:
            nxt = inner.args[1] if isinstance(inner.args[1], BaseException) else None
        if not isinstance(nxt, BaseException) or id(nxt) in seen:
            break
        inner = nxt
    text = str(inner) or type(inner).__name__
    # urllib3 prefixes its messages with the connection object's repr.
    text = re.sub(r"<[\w.]+ object at 0x[0-9a-fA-F]+>:\s*", "", text)
    text = re.sub(r"^\w+Pool\(host=[^)]*\):\s*", "", text)
    if isinstance(inner, (http.client.RemoteDisconnected,)) or "without response" in text:
        return "the server closed the connection without a reply"
    return "%s: %s" % (type(inner).__name__, text) if type(inner).__name__ not in text else text


def _send_failure(exc: BaseException, where: str) -> _Failure:
    """Classify a failure raised before a status line arrived."""
    E = urllib3.exceptions
    why = _describe(exc)
    if isinstance(exc, (E.NewConnectionError, E.ProxyError)):
        return _Failure(CONNECT, ApiConnectionError(reason="Could not connect: %s (%s)" % (where, why)), why)
    if isinstance(exc, E.ConnectTimeoutError):
        return _Failure(
            CONNECT, ApiTimeoutError(reason="Timed out connecting: %s (%s)" % (where, why)), "connect timeout"
        )
    if isinstance(exc, (E.ReadTimeoutError, socket.timeout)):
        return _Failure(
            READ_TIMEOUT,
            ApiTimeoutError(reason="Timed out waiting for the reply: %s (%s)" % (where, why)),
            "no reply within the read timeout",
        )
    if isinstance(exc, E.SSLError):
        if _is_verification_error(exc):
            return _Failure(
                FATAL,
                ApiConnectionError(reason="TLS verification failed: %s (%s)" % (where, why)),
                "TLS verification failed",
            )
        return _Failure(DROPPED, ApiConnectionError(reason="TLS failure: %s (%s)" % (where, why)), why)
    if isinstance(exc, (E.ProtocolError, OSError, http.client.HTTPException)):
        return _Failure(
            DROPPED,
            ApiConnectionError(reason="Connection broken before a reply: %s (%s)" % (where, why)),
            why,
        )
    return _Failure(FATAL, ApiConnectionError(reason="Request failed: %s (%s)" % (where, why)), why)


def _is_verification_error(exc: BaseException) -> bool:
    e: Any = exc
    for _ in range(5):
        if isinstance(e, (ssl.SSLCertVerificationError, ssl.CertificateError)):
            return True
        e = getattr(e, "reason", None) or (e.args[0] if getattr(e, "args", None) else None)
        if not isinstance(e, BaseException):
            break
    text = str(exc)
    return "CERTIFICATE_VERIFY_FAILED" in text or "hostname" in text and "match" in text


class _BodyError(Exception):
    """Reading a reply's body failed: kind, why, what arrived."""

    def __init__(self, kind: str, why: str, excerpt: bytes, too_large: bool = False) -> None:
        super().__init__(why)
        self.kind = kind
        self.why = why
        self.excerpt = excerpt
        self.too_large = too_large

    def failure(self, where: str, status: int, secrets: List[str]) -> _Failure:
        body = _scrub(self.excerpt, secrets).decode("utf-8", "replace") or None
        if self.too_large:
            err: ApiException = ApiResponseError(
                status=status, reason="Reply too large: %s (%s)" % (where, self.why), body=body
            )
            return _Failure(FATAL, err, self.why, status, cause=self.__cause__)
        if self.kind == READ_TIMEOUT:
            err = ApiTimeoutError(
                status=status, reason="Timed out reading the reply: %s (%s)" % (where, self.why), body=body
            )
        else:
            err = ApiResponseError(
                status=status, reason="Reply cut short: %s (%s)" % (where, self.why), body=body
            )
        return _Failure(self.kind, err, self.why, status, cause=self.__cause__)


def _read_body(
    resp: Any, limit: Optional[int], deadline: Optional[float], read_timeout: Optional[float], truncate: bool
) -> bytes:
    """Read a reply's body: at most ``limit`` bytes, and by ``deadline`` (a monotonic time).

    Past ``limit`` it stops and drops the connection instead of reading on
    (``truncate``: returns what it has; else raises). Any failure is a
    _BodyError; the connection goes back to the pool only after a clean read.
    """
    data = bytearray()
    clean = False
    try:
        # urllib3 parsed Content-Length already (None when absent, invalid or chunked).
        length = resp.length_remaining
        if length is not None and limit is not None and length > limit and not truncate:
            head = _read_some(resp, min(EXCERPT_SIZE, limit) or 1)
            raise _BodyError(
                FATAL,
                "its Content-Length is %d bytes, more than max_response_size (%d bytes); not read"
                % (length, limit),
                head,
                too_large=True,
            )
        # Where the body ends, when the bytes read are those Content-Length counts (not decoded).
        expected = None if length is None or resp.headers.get("Content-Encoding") else length
        while True:
            if deadline is not None:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise _BodyError(READ_TIMEOUT, "the call's time bound ran out while reading the reply", bytes(data[:EXCERPT_SIZE]))
                _set_socket_timeout(resp, left if read_timeout is None else min(left, read_timeout))
            want = CHUNK_SIZE if limit is None else max(1, min(CHUNK_SIZE, limit + 1 - len(data)))
            chunk = _read_some(resp, want)
            if not chunk:
                break
            data += chunk
            if expected is not None and len(data) == expected and (limit is None or expected <= limit):
                _end_of_body(resp)  # all of it: no further read needed to see the end
                break
            if limit is not None and len(data) > limit:
                if truncate:
                    del data[limit:]
                    return bytes(data)
                raise _BodyError(
                    FATAL,
                    "more than max_response_size (%d bytes); reading stopped there" % limit,
                    bytes(data[:EXCERPT_SIZE]),
                    too_large=True,
                )
        clean = True
        return bytes(data)
    except _BodyError:
        raise
    except (urllib3.exceptions.HTTPError, OSError, http.client.HTTPException, ValueError) as exc:
        timeout = isinstance(exc, (urllib3.exceptions.ReadTimeoutError, socket.timeout))
        if not timeout:
            why = _describe(exc)
        elif deadline is not None and time.monotonic() >= deadline - 0.05:
            why = "the call's time bound ran out while reading the reply"
        else:
            why = "no data within the read timeout"
        raise _BodyError(READ_TIMEOUT if timeout else DROPPED, why, bytes(data[:EXCERPT_SIZE])) from exc
    finally:
        if clean:
            resp.release_conn()
        else:
            # Unread bytes (or a broken stream) may remain: never hand this connection to another request.
            try:
                resp.close()
            except Exception:  # pragma: no cover - closing a broken socket
                pass
            resp.release_conn()


def _read_some(resp: Any, amt: int) -> bytes:
    """Up to ``amt`` bytes of the body, returning as soon as some arrived (one system call).

    urllib3's ``read(amt)`` waits until ``amt`` bytes arrived, which lets a server
    that trickles a byte at a time stretch a read far beyond any deadline.
    """
    if _HAS_READ1:
        return resp.read1(amt)  # type: ignore[no-any-return]
    fp = getattr(resp, "_fp", None)
    if (
        isinstance(fp, http.client.HTTPResponse)
        and not resp.headers.get("Content-Encoding")
        and getattr(resp, "_decoder", None) is None
    ):
        if fp.fp is None:  # already at its end
            return b""
        data = fp.read1(amt)
        if not data and amt:
            remaining = getattr(fp, "length", None)
            # Mark the http.client response complete, or the connection refuses its next request.
            fp.close()
            if remaining:
                raise urllib3.exceptions.ProtocolError(
                    "Connection broken: IncompleteRead", http.client.IncompleteRead(b"", remaining)
                )
        return data
    return resp.read(amt)  # type: ignore[no-any-return]


def _end_of_body(resp: Any) -> None:
    """Mark a reply read to its Content-Length as complete, as its final empty read would.

    http.client only frees the connection for the next request once the reply is
    closed; urllib3 closes it on reading the end. Doing it here saves that read.
    """
    fp = getattr(resp, "_fp", None)
    if isinstance(fp, http.client.HTTPResponse) and getattr(fp, "length", None) == 0:
        fp.close()


def _set_socket_timeout(resp: Any, seconds: float) -> None:
    """Bound the next socket reads of ``resp`` (only while it still holds its connection)."""
    conn = getattr(resp, "_connection", None)
    sock = getattr(conn, "sock", None)
    if sock is not None:
        try:
            sock.settimeout(max(seconds, 0.001))
        except OSError:  # pragma: no cover - socket already closed
            pass


def is_ipv4(target: str) -> bool:
    """Whether ``target`` is an IPv4 address."""
    try:
        return isinstance(ipaddress.ip_address(target), ipaddress.IPv4Address)
    except ValueError:
        return False


def in_ipv4net(target: str, net: str) -> bool:
    """Whether IPv4 address ``target`` is in network ``net``."""
    try:
        return ipaddress.ip_address(target) in ipaddress.ip_network(net, strict=False)
    except ValueError:
        return False


def should_bypass_proxies(url: str, no_proxy: Optional[str] = None) -> bool:
    """Whether ``url``'s host matches ``no_proxy`` (hosts, domains, CIDRs or ``*``)."""
    host = urlsplit(url).hostname or ""
    if not no_proxy:
        return False
    for entry in (e.strip() for e in no_proxy.split(",")):
        if not entry:
            continue
        if entry == "*" or host == entry:
            return True
        if "/" in entry and is_ipv4(host) and in_ipv4net(host, entry):
            return True
        if host.endswith("." + entry.lstrip(".")):
            return True
    return False
