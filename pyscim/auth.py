"""OAuth 2.0 bearer tokens for the Janssen SCIM API.

Every Janssen SCIM operation needs a bearer token carrying the operation's
scopes (e.g. ``https://jans.io/scim/users.read``), obtained with the client
credentials grant (RFC 6749 section 4.4). :class:`ClientCredentials` fetches,
caches and renews such tokens; the :class:`~pyscim.ApiClient` asks its
``Configuration.token_provider`` for one before each request and calls
:meth:`TokenProvider.invalidate` when the server answers 401.

Example::

    configuration = pyscim.Configuration(host="https://idp.example.org/jans-scim/restv1/v2")
    configuration.token_provider = ClientCredentials(
        "https://idp.example.org/jans-auth/restv1/token", "my-client-id", "my-secret"
    )
"""

from __future__ import annotations

import base64
import json
import logging
import threading
import time
from collections.abc import Callable, Sequence
from typing import Any, Literal, Protocol, runtime_checkable
from urllib.parse import quote, urlencode

import certifi
import urllib3

from pyscim.exceptions import OpenApiException

__all__ = ["ClientCredentials", "TokenError", "TokenProvider"]

logger = logging.getLogger(__name__)

AuthMethod = Literal["client_secret_basic", "client_secret_post"]

_Key = tuple[str, ...]


@runtime_checkable
class TokenProvider(Protocol):
    """Source of bearer tokens, consulted by the API client before each request."""

    def token(self, scopes: Sequence[str]) -> str:
        """Return a currently valid access token covering ``scopes``."""
        ...

    def invalidate(self, token: str) -> None:
        """Forget ``token`` (the server refused it) so the next call fetches a new one."""
        ...


class TokenError(OpenApiException):
    """The token endpoint did not issue a token.

    ``status`` is the HTTP status (``None`` when no usable response arrived);
    ``error`` and ``error_description`` come from an RFC 6749 section 5.2 error
    body when the server sent one. Never carries credentials or tokens.
    """

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        reason: str | None = None,
        error: str | None = None,
        error_description: str | None = None,
        body: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.reason = reason
        self.error = error
        self.error_description = error_description
        self.body = body
        self.headers = headers

    def __str__(self) -> str:
        return self.message


class ClientCredentials:
    """Client credentials grant (RFC 6749 section 4.4) with a thread-safe token cache.

    :param token_url: the authorization server's token endpoint.
    :param client_id: the OAuth client id.
    :param client_secret: the OAuth client secret; never shown by ``repr``,
        exceptions or logs.
    :param auth_method: ``"client_secret_basic"`` (HTTP Basic, the default) or
        ``"client_secret_post"`` (credentials in the form body), as registered
        for the client.
    :param scopes: ``None`` to request exactly the scopes each operation needs
        (one cached token per scope set), or a fixed list requested for every
        operation (for servers whose scope names differ from Janssen's).
    :param leeway: seconds before ``expires_in`` runs out at which a cached
        token is considered expired (at most half its lifetime), so that a
        token does not expire in flight. Tokens without ``expires_in`` are
        kept until :meth:`invalidate`.
    :param timeout: timeout of token requests.
    :param pool_manager: the pool to send token requests with; by default a
        private one that verifies TLS against certifi's CA bundle. Pass your
        own for a private CA, a proxy or client certificates.
    """

    DEFAULT_LEEWAY = 30.0
    DEFAULT_TIMEOUT = urllib3.Timeout(connect=10.0, read=30.0)

    #: Monotonic clock used for expiry; tests may replace it.
    _clock: Callable[[], float] = staticmethod(time.monotonic)

    def __init__(
        self,
        token_url: str,
        client_id: str,
        client_secret: str,
        *,
        auth_method: AuthMethod = "client_secret_basic",
        scopes: Sequence[str] | None = None,
        leeway: float = DEFAULT_LEEWAY,
        timeout: float | urllib3.Timeout | None = DEFAULT_TIMEOUT,
        pool_manager: urllib3.PoolManager | None = None,
    ) -> None:
        for name, value in (("token_url", token_url), ("client_id", client_id)):
            if not value or "\r" in value or "\n" in value:
                raise ValueError(f"{name} must be non-empty and free of CR/LF")
        if "\r" in client_secret or "\n" in client_secret:
            raise ValueError("client_secret must not contain CR/LF")
        if auth_method not in ("client_secret_basic", "client_secret_post"):
            raise ValueError(
                "auth_method must be 'client_secret_basic' or 'client_secret_post', "
                f"not {auth_method!r}"
            )
        if leeway < 0:
            raise ValueError("leeway must be >= 0")
        self.token_url = token_url
        self.client_id = client_id
        self._client_secret = client_secret
        self.auth_method = auth_method
        self.scopes: _Key | None = None if scopes is None else _normalize(scopes, sort=False)
        self.leeway = float(leeway)
        self.timeout = timeout
        self._pool = pool_manager or urllib3.PoolManager(
            maxsize=4, cert_reqs="CERT_REQUIRED", ca_certs=certifi.where()
        )
        self._lock = threading.Lock()  # guards the two dicts below
        self._cache: dict[_Key, tuple[str, float | None]] = {}  # key -> (token, expires at)
        self._fetch_locks: dict[_Key, threading.Lock] = {}  # one fetch per key at a time

    def __repr__(self) -> str:
        return f"{type(self).__name__}(token_url={self.token_url!r}, client_id={self.client_id!r})"

    # A Configuration may be deep-copied; the provider (and its cache) is shared, not cloned.
    def __copy__(self) -> ClientCredentials:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> ClientCredentials:
        return self

    def token(self, scopes: Sequence[str]) -> str:
        """Return a cached, unexpired token for ``scopes``, fetching one if needed.

        Concurrent callers needing the same scope set wait for a single fetch.
        Raises :class:`TokenError` when the token endpoint refuses.
        """
        key = self.scopes if self.scopes is not None else _normalize(scopes, sort=True)
        with self._lock:
            cached = self._valid(key)
            if cached is not None:
                return cached
            fetch_lock = self._fetch_locks.setdefault(key, threading.Lock())
        with fetch_lock:
            with self._lock:
                cached = self._valid(key)  # another thread may have fetched meanwhile
            if cached is not None:
                return cached
            access_token, expires_at = self._fetch(key)
            with self._lock:
                self._cache[key] = (access_token, expires_at)
            return access_token

    def invalidate(self, token: str) -> None:
        """Drop ``token`` from the cache; a no-op if it was already replaced."""
        with self._lock:
            stale = [key for key, (cached, _) in self._cache.items() if cached == token]
            for key in stale:
                del self._cache[key]
        if stale:
            logger.debug("Dropped a refused token of client %s", self.client_id)

    def _valid(self, key: _Key) -> str | None:
        """Return the cached token for ``key`` unless missing or expired (lock held)."""
        entry = self._cache.get(key)
        if entry is None:
            return None
        access_token, expires_at = entry
        if expires_at is not None and self._clock() >= expires_at:
            del self._cache[key]
            return None
        return access_token

    def _fetch(self, scopes: _Key) -> tuple[str, float | None]:
        """Request a token for ``scopes`` and return it with its expiry instant."""
        fields = {"grant_type": "client_credentials"}
        if scopes:
            fields["scope"] = " ".join(scopes)
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": "application/json",
        }
        if self.auth_method == "client_secret_basic":
            # RFC 6749 section 2.3.1: form-encode both parts before Base64.
            pair = f"{quote(self.client_id, safe='')}:{quote(self._client_secret, safe='')}"
            headers["Authorization"] = "Basic " + base64.b64encode(pair.encode()).decode("ascii")
        else:
            fields["client_id"] = self.client_id
            fields["client_secret"] = self._client_secret
        logger.debug(
            "Requesting a token from %s for client %s, scopes %r",
            self.token_url,
            self.client_id,
            " ".join(scopes),
        )
        started = self._clock()
        try:
            response = self._pool.request(
                "POST",
                self.token_url,
                body=urlencode(fields),
                headers=headers,
                timeout=self.timeout,
                redirect=False,  # never replay credentials to another location
            )
        except urllib3.exceptions.HTTPError as exc:
            raise TokenError(
                f"Token request to {self.token_url} failed: {type(exc).__name__}: {exc}",
                reason=type(exc).__name__,
            ) from exc
        access_token, expires_in = self._parse(response)
        expires_at = None
        if expires_in is not None:
            expires_at = started + expires_in - min(self.leeway, expires_in / 2)
        logger.debug("Got a token for client %s, expires_in=%s", self.client_id, expires_in)
        return access_token, expires_at

    def _parse(self, response: urllib3.BaseHTTPResponse) -> tuple[str, float | None]:
        """Extract ``(access_token, expires_in)`` from a token response or raise TokenError."""
        status, text = response.status, response.data.decode("utf-8", errors="replace")
        try:
            payload: Any = json.loads(text)
        except ValueError:
            payload = None
        details: dict[str, Any] = {
            "status": status,
            "reason": response.reason,
            "headers": dict(response.headers),
            # A 200 body may hold a token: keep the bodies of refusals only.
            "body": None if status == 200 else self._redact(text),
        }
        failed = f"Token request to {self.token_url} failed: HTTP {status}"
        if isinstance(payload, dict) and "error" in payload:  # RFC 6749 section 5.2
            error = self._redact(str(payload["error"]))
            description = payload.get("error_description")
            description = None if description is None else self._redact(str(description))
            message = f"{failed} {error}" + (f": {description}" if description else "")
            raise TokenError(message, error=error, error_description=description, **details)
        if status != 200:
            raise TokenError(f"{failed} {response.reason or ''}".rstrip(), **details)
        if not isinstance(payload, dict):
            raise TokenError(f"{failed}: the body is not a JSON object", **details)
        access_token = payload.get("access_token")
        if not isinstance(access_token, str) or not access_token:
            raise TokenError(f"{failed}: the reply has no access_token", **details)
        token_type = payload.get("token_type")
        if token_type is not None and str(token_type).lower() != "bearer":
            raise TokenError(f"{failed}: token_type {token_type!r} is not Bearer", **details)
        return access_token, _seconds(payload.get("expires_in"))

    def _redact(self, text: str) -> str:
        """Mask the client secret should a server echo it back."""
        return text.replace(self._client_secret, "***") if self._client_secret else text


def _normalize(scopes: Sequence[str], *, sort: bool) -> _Key:
    """Return scopes deduplicated (and sorted if ``sort``), rejecting malformed ones."""
    items = scopes.split() if isinstance(scopes, str) else list(scopes)
    for scope in items:
        if not isinstance(scope, str) or not scope or any(c.isspace() or c in '"\\' for c in scope):
            raise ValueError(f"invalid OAuth scope: {scope!r}")
    unique = dict.fromkeys(items)
    return tuple(sorted(unique)) if sort else tuple(unique)


def _seconds(value: Any) -> float | None:
    """Parse an ``expires_in`` value; ``None`` if absent or not a positive number."""
    if value is None or isinstance(value, bool):
        return None
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        return None
    return seconds if seconds > 0 else None
