"""The retry policy of the transport: what is re-sent, when, and for how long.

A :class:`RetryPolicy` is set on :attr:`Configuration.retries
<pyscim.Configuration>`; that attribute also takes pyscim 1.0.0's values (an
``int``, a urllib3 ``Retry``, ``None`` or ``False``), which
:meth:`RetryPolicy.from_config` maps to a policy. urllib3 itself is always
called with ``retries=False``: this module is the only retry layer.

The rules, and why:

* A failure that happened before the request left the client (the connection
  could not be opened: refused, DNS failure, connect timeout) is retried for
  **every** method: the server never saw the request, so sending it again
  cannot apply it twice.
* A connection that broke after the request was sent (closed without a reply,
  reset, a reply cut short) and the statuses of :attr:`~RetryPolicy.status_forcelist`
  (429, 502, 503, 504 by default) are retried only for **idempotent**
  requests: GET, HEAD, OPTIONS, PUT, DELETE, and POST to a ``.search``
  endpoint (RFC 7644 §3.4.3: a search sent with POST changes nothing).
  Sending those twice has the effect of sending them once.
* A create (POST to a resource endpoint), a bulk (POST ``/Bulk``) and a PATCH
  are **not idempotent**: once sent they may have been applied, so they are
  never re-sent after that point. The transport raises
  :class:`~pyscim.exceptions.BulkOutcomeUnknownError`, whose message says
  that the outcome is unknown and that nothing was re-sent.
* A read timeout is **never** retried: the server got the request and did not
  answer within ``read_timeout``; asking again would multiply the wait the
  caller configured (pyscim 1.0.0 turned ``_request_timeout=2`` into 8 s).
* Every decision is bounded: at most :attr:`~RetryPolicy.total` retries, and
  none that would start after the deadline of the call (the caller's
  ``_request_timeout``, else :attr:`~RetryPolicy.max_total_time`).
* Between attempts the client sleeps an exponential backoff with jitter, or
  what the server asked in ``Retry-After`` (seconds or an HTTP date). A
  ``Retry-After`` longer than :attr:`~RetryPolicy.retry_after_max` or than
  the time left ends the call at once with the server's answer.

The decision methods are pure (no network, no clock unless given), so that
they can be tested and reused on their own.
"""

from __future__ import annotations

import datetime
import email.utils
import random
import time
from typing import Any, Collection, FrozenSet, List, Optional, Tuple
from urllib.parse import urlsplit

__all__ = [
    "RetryPolicy",
    "RetryState",
    "CONNECT",
    "DROPPED",
    "READ_TIMEOUT",
    "STATUS",
    "FATAL",
    "parse_retry_after",
]

#: The connection could not be opened: the request never left the client.
CONNECT = "connect"
#: The connection broke after the request was (perhaps) sent: no reply, or a reply cut short.
DROPPED = "dropped"
#: The server did not answer within the read timeout.
READ_TIMEOUT = "read-timeout"
#: The server answered with a status (e.g. 503).
STATUS = "status"
#: A failure no retry can cure (TLS verification, invalid URL).
FATAL = "fatal"

_KINDS = (CONNECT, DROPPED, READ_TIMEOUT, STATUS, FATAL)


def parse_retry_after(value: Optional[str], now: Optional[float] = None) -> Optional[float]:
    """Seconds to wait that a ``Retry-After`` header asks for, or None if it says nothing usable.

    ``value`` is delay-seconds (``"120"``) or an HTTP date (``"Fri, 31 Dec 1999
    23:59:59 GMT"``), RFC 9110 §10.2.3. A date in the past means 0. ``now`` is
    the current time as a Unix timestamp (``time.time()`` when None).
    """
    if value is None:
        return None
    value = value.strip()
    if not value:
        return None
    if value.isdigit():
        return float(int(value))
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=datetime.timezone.utc)
    now = time.time() if now is None else now
    return max(0.0, when.timestamp() - now)


class RetryPolicy:
    """When and how the transport retries a failed request.

    A policy holds no per-call state and can be shared by every thread and
    client; :meth:`start` makes the :class:`RetryState` of one call.

    :param total: how many times a request may be re-sent (not counting the
        first attempt). ``0`` disables retries.
    :param connect: at most this many of them after connection failures
        (None: limited by ``total`` only).
    :param read: at most this many after a connection broken off after sending
        (idempotent requests only; None: limited by ``total`` only).
    :param status: at most this many after a status of ``status_forcelist``
        (None: limited by ``total`` only).
    :param backoff_factor: the backoff before retry *n* (1, 2, ...) is
        ``backoff_factor * 2 ** (n - 1)`` seconds, at most ``backoff_max``.
    :param backoff_max: the longest backoff, in seconds.
    :param jitter: the fraction of the backoff drawn at random, 0 to 1: a
        backoff *b* becomes a uniform draw in ``[b * (1 - jitter), b]``, so
        that clients failing together do not retry together.
    :param status_forcelist: the statuses retried for idempotent requests.
    :param max_total_time: the longest a call may spend retrying, in seconds,
        sleeps included: no retry starts after it, and the timeouts of a retry
        are cut to the time left. A caller's ``_request_timeout`` replaces it
        for that call. None: no bound but ``total``.
    :param respect_retry_after: honour the ``Retry-After`` header of a
        retried status (a 429 or 503 usually carries one).
    :param retry_after_max: the longest ``Retry-After`` honoured, in seconds;
        a longer one ends the call at once with the server's answer.
    """

    #: Methods whose effect is the same whether they are sent once or several times.
    IDEMPOTENT_METHODS: FrozenSet[str] = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})

    #: Statuses that mean "try again later": throttled, or a gateway that could not reach the server.
    DEFAULT_STATUS_FORCELIST: FrozenSet[int] = frozenset({429, 502, 503, 504})

    DEFAULT_TOTAL = 3
    DEFAULT_BACKOFF_FACTOR = 0.5
    DEFAULT_BACKOFF_MAX = 30.0
    DEFAULT_JITTER = 0.5
    DEFAULT_MAX_TOTAL_TIME = 60.0
    DEFAULT_RETRY_AFTER_MAX = 60.0

    def __init__(
        self,
        total: int = DEFAULT_TOTAL,
        *,
        connect: Optional[int] = None,
        read: Optional[int] = None,
        status: Optional[int] = None,
        backoff_factor: float = DEFAULT_BACKOFF_FACTOR,
        backoff_max: float = DEFAULT_BACKOFF_MAX,
        jitter: float = DEFAULT_JITTER,
        status_forcelist: Optional[Collection[int]] = None,
        max_total_time: Optional[float] = DEFAULT_MAX_TOTAL_TIME,
        respect_retry_after: bool = True,
        retry_after_max: float = DEFAULT_RETRY_AFTER_MAX,
    ) -> None:
        for name, value in (("total", total), ("connect", connect), ("read", read), ("status", status)):
            if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 0):
                raise ValueError("RetryPolicy %s must be a non-negative int, got %r" % (name, value))
        if not 0 <= jitter <= 1:
            raise ValueError("RetryPolicy jitter must be between 0 and 1, got %r" % (jitter,))
        if backoff_factor < 0 or backoff_max < 0 or retry_after_max < 0:
            raise ValueError("RetryPolicy backoff_factor, backoff_max and retry_after_max must be >= 0")
        if max_total_time is not None and max_total_time <= 0:
            raise ValueError("RetryPolicy max_total_time must be positive or None, got %r" % (max_total_time,))
        self.total = total
        self.connect = connect
        self.read = read
        self.status = status
        self.backoff_factor = float(backoff_factor)
        self.backoff_max = float(backoff_max)
        self.jitter = float(jitter)
        self.status_forcelist: FrozenSet[int] = frozenset(
            self.DEFAULT_STATUS_FORCELIST if status_forcelist is None else status_forcelist
        )
        self.max_total_time = max_total_time
        self.respect_retry_after = respect_retry_after
        self.retry_after_max = float(retry_after_max)

    def __repr__(self) -> str:
        return (
            "RetryPolicy(total={0.total}, connect={0.connect}, read={0.read}, status={0.status}, "
            "backoff_factor={0.backoff_factor}, backoff_max={0.backoff_max}, jitter={0.jitter}, "
            "status_forcelist={1}, max_total_time={0.max_total_time}, "
            "respect_retry_after={0.respect_retry_after}, retry_after_max={0.retry_after_max})"
        ).format(self, sorted(self.status_forcelist))

    def __eq__(self, other: Any) -> bool:
        return type(other) is type(self) and vars(other) == vars(self)

    def __hash__(self) -> int:
        return hash(repr(self))

    def new(self, **kw: Any) -> "RetryPolicy":
        """A copy of this policy with some parameters changed."""
        params = dict(vars(self))
        params.update(kw)
        total = params.pop("total")
        return type(self)(total, **params)

    # -- 1.0.0's Configuration.retries ---------------------------------------------------

    @classmethod
    def from_config(cls, value: Any) -> "RetryPolicy":
        """The policy for a ``Configuration.retries`` value.

        * None or True: the default policy;
        * a :class:`RetryPolicy`: itself;
        * False or 0: no retries; an int *n*: the default policy with ``total=n``
          (1.0.0 passed it to urllib3, where it meant *n* retries too);
        * a urllib3 ``Retry``: its ``total``, ``connect``, ``read``, ``status``,
          ``backoff_factor``, ``backoff_max``, ``status_forcelist`` and
          ``respect_retry_after_header`` are honoured. Its ``allowed_methods``
          is not: whether a request may be re-sent is decided by the rules
          above, so that a create or a bulk is never sent twice.
        """
        if value is None or value is True:
            return cls()
        if isinstance(value, RetryPolicy):
            return value
        if value is False:
            return cls(0)
        if isinstance(value, int):
            if value < 0:
                raise ValueError("Configuration.retries must be >= 0, got %r" % (value,))
            return cls(value)
        try:
            from urllib3.util.retry import Retry
        except ImportError:  # pragma: no cover
            Retry = None  # type: ignore[assignment,misc]
        if Retry is not None and isinstance(value, Retry):
            return cls._from_urllib3(value)
        raise TypeError(
            "Configuration.retries must be None, a bool, an int, a urllib3 Retry or a "
            "pyscim.retry.RetryPolicy, got %r" % (value,)
        )

    @classmethod
    def _from_urllib3(cls, retry: Any) -> "RetryPolicy":
        def count(v: Any) -> Optional[int]:
            if v is None:
                return None
            if v is False:
                return 0
            return max(0, int(v))

        connect, read, status = count(retry.connect), count(retry.read), count(retry.status)
        total = count(retry.total)
        if total is None:
            # urllib3 without a total: each kind is bounded by its own count.
            given = [c for c in (connect, read, status) if c is not None]
            total = max(given) if given else cls.DEFAULT_TOTAL
        backoff_max: Any = getattr(retry, "backoff_max", None)
        if backoff_max is None:  # urllib3 1.26 keeps it on the class
            backoff_max = getattr(retry, "DEFAULT_BACKOFF_MAX", cls.DEFAULT_BACKOFF_MAX)
        return cls(
            total,
            connect=connect,
            read=read,
            status=status,
            backoff_factor=retry.backoff_factor or 0.0,
            backoff_max=float(backoff_max),
            status_forcelist=retry.status_forcelist or None,
            respect_retry_after=bool(retry.respect_retry_after_header),
        )

    # -- pure decisions ------------------------------------------------------------------

    def is_idempotent(self, method: str, url: str) -> bool:
        """Whether sending ``method`` to ``url`` (a URL or a path) twice has the effect of once.

        GET, HEAD, OPTIONS, PUT and DELETE are; so is a POST to a ``.search``
        endpoint (RFC 7644 §3.4.3). Creates, bulks and PATCH are not.
        """
        method = method.upper()
        if method in self.IDEMPOTENT_METHODS:
            return True
        if method == "POST":
            path = urlsplit(url).path if "://" in url else url.split("?", 1)[0]
            return path.rstrip("/").rsplit("/", 1)[-1] == ".search"
        return False

    def is_retryable(self, method: str, url: str, kind: str, status: Optional[int] = None) -> bool:
        """Whether a failure of ``kind`` may be retried at all (ignoring counts and time).

        ``kind`` is one of :data:`CONNECT`, :data:`DROPPED`, :data:`READ_TIMEOUT`,
        :data:`STATUS` (with ``status``) and :data:`FATAL`.
        """
        if kind == CONNECT:
            return True
        if kind == DROPPED:
            return self.is_idempotent(method, url)
        if kind == STATUS:
            return status in self.status_forcelist and self.is_idempotent(method, url)
        if kind in (READ_TIMEOUT, FATAL):
            return False
        raise ValueError("Unknown failure kind %r" % (kind,))

    def backoff(self, retry_number: int, rand: Optional[float] = None) -> float:
        """The sleep before retry number ``retry_number`` (1 for the first retry), jitter applied.

        ``rand`` is the random draw in [0, 1) (``random.random()`` when None).
        """
        if retry_number < 1 or self.backoff_factor <= 0:
            return 0.0
        base = min(self.backoff_max, self.backoff_factor * (2 ** min(retry_number - 1, 62)))
        if self.jitter:
            r = random.random() if rand is None else rand
            base *= 1.0 - self.jitter * r
        return float(base)

    def sleep_for(
        self, retry_number: int, retry_after: Optional[float] = None, rand: Optional[float] = None
    ) -> Optional[float]:
        """The sleep before retry ``retry_number``, or None when the server asks for too long.

        ``retry_after`` is the delay a ``Retry-After`` header asked for (see
        :func:`parse_retry_after`); when it is honoured, the client waits at
        least that long.
        """
        delay = self.backoff(retry_number, rand)
        if retry_after is not None and self.respect_retry_after:
            if retry_after > self.retry_after_max:
                return None
            delay = max(delay, retry_after)
        return delay

    def start(self, deadline: Optional[float] = None, now: Optional[float] = None) -> "RetryState":
        """The state of one call starting ``now`` (``time.monotonic()``).

        ``deadline`` (a ``time.monotonic()`` value) is the caller's bound; when
        None, it is ``now + max_total_time``.
        """
        now = time.monotonic() if now is None else now
        if deadline is None and self.max_total_time is not None:
            deadline = now + self.max_total_time
        return RetryState(self, now, deadline)


class RetryState:
    """The retries of one call: what was retried so far, and the call's deadline."""

    __slots__ = ("policy", "started", "deadline", "retries", "counts", "history")

    def __init__(self, policy: RetryPolicy, started: float, deadline: Optional[float]) -> None:
        self.policy = policy
        self.started = started
        self.deadline = deadline
        self.retries = 0
        self.counts = dict.fromkeys(_KINDS, 0)
        #: (kind, status, delay) of each retry made, in order.
        self.history: List[Tuple[str, Optional[int], float]] = []

    @property
    def attempts(self) -> int:
        """How many times the request was sent (or tried to be) so far."""
        return self.retries + 1

    def remaining(self, now: Optional[float] = None) -> Optional[float]:
        """Seconds left before the deadline (None: no deadline)."""
        if self.deadline is None:
            return None
        now = time.monotonic() if now is None else now
        return self.deadline - now

    def next_delay(
        self,
        method: str,
        url: str,
        kind: str,
        status: Optional[int] = None,
        retry_after: Optional[float] = None,
        now: Optional[float] = None,
        rand: Optional[float] = None,
    ) -> Optional[float]:
        """The sleep before retrying this failure, or None to give up; a retry is recorded.

        Gives up when the failure is not retryable (:meth:`RetryPolicy.is_retryable`),
        when the counts are spent, when the server's ``Retry-After`` is too long,
        or when the retry could not start before the deadline.
        """
        p = self.policy
        if not p.is_retryable(method, url, kind, status):
            return None
        if self.retries >= p.total:
            return None
        limit = {CONNECT: p.connect, DROPPED: p.read, STATUS: p.status}.get(kind)
        if limit is not None and self.counts[kind] >= limit:
            return None
        delay = p.sleep_for(self.retries + 1, retry_after, rand)
        if delay is None:
            return None
        left = self.remaining(now)
        if left is not None and delay >= left:
            return None
        self.retries += 1
        self.counts[kind] += 1
        self.history.append((kind, status, delay))
        return delay
