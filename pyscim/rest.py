"""Transport: one urllib3 PoolManager per client, TLS verified, every failure a pyscim exception.

This is the only module that talks to the network. It sends bytes it is given and
returns a :class:`RESTResponse`; it knows nothing of models.
"""

from __future__ import annotations

import io
import ipaddress
import logging
import ssl
from typing import Any, Dict, List, Mapping, Optional, Tuple, Union
from urllib.parse import urlencode, urlsplit

import certifi
import urllib3

from pyscim.exceptions import (
    ApiConnectionError,
    ApiException,
    ApiResponseError,
    ApiTimeoutError,
    ApiValueError,
    exception_for,
)

__all__ = ["RESTResponse", "RESTClientObject", "redact_headers"]

logger = logging.getLogger("pyscim")

Timeout = Union[None, float, int, Tuple[Optional[float], Optional[float]], urllib3.Timeout]

_SECRET_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie", "set-cookie"})


def redact_headers(headers: Mapping[str, Any]) -> Dict[str, Any]:
    """A copy of ``headers`` safe to log: credentials replaced by ``***``."""
    return {k: ("***" if k.lower() in _SECRET_HEADERS else v) for k, v in headers.items()}


class RESTResponse(io.IOBase):
    """A reply read in full: ``status``, ``reason``, ``data`` (bytes) and its headers."""

    def __init__(self, resp: Any, data: bytes) -> None:
        self.urllib3_response = resp
        self.status: int = resp.status
        self.reason: str = resp.reason
        self.data: Any = data

    def getheaders(self) -> Any:
        """The reply's headers (a case-insensitive mapping)."""
        return self.urllib3_response.headers

    def getheader(self, name: str, default: Optional[str] = None) -> Optional[str]:
        """One header of the reply."""
        return self.urllib3_response.headers.get(name, default)


class RESTClientObject:
    """Sends requests through one PoolManager (or ProxyManager), reused across calls."""

    def __init__(self, configuration: Any, pools_size: int = 4, maxsize: Optional[int] = None) -> None:
        self.configuration = configuration
        self.pools_size = pools_size
        self.maxsize = maxsize if maxsize is not None else configuration.connection_pool_maxsize
        self.pool_manager = self._make_pool_manager()

    def _make_pool_manager(self) -> urllib3.PoolManager:
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
        if c.proxy:
            return urllib3.ProxyManager(proxy_url=c.proxy, proxy_headers=c.proxy_headers, **kwargs)
        return urllib3.PoolManager(**kwargs)

    def _manager_for(self, url: str) -> urllib3.PoolManager:
        c = self.configuration
        if c.proxy and should_bypass_proxies(url, no_proxy=c.no_proxy):
            direct = getattr(self, "_direct_manager", None)
            if direct is None:
                proxy, c.proxy = c.proxy, None
                try:
                    direct = self._direct_manager = self._make_pool_manager()
                finally:
                    c.proxy = proxy
            return direct
        return self.pool_manager

    def timeout(self, request_timeout: Timeout) -> urllib3.Timeout:
        """The urllib3 Timeout for a call: the caller's, else the configuration's defaults."""
        if isinstance(request_timeout, urllib3.Timeout):
            return request_timeout
        if isinstance(request_timeout, (int, float)) and not isinstance(request_timeout, bool):
            return urllib3.Timeout(total=request_timeout)
        if isinstance(request_timeout, (tuple, list)) and len(request_timeout) == 2:
            return urllib3.Timeout(connect=request_timeout[0], read=request_timeout[1])
        if request_timeout is not None:
            raise ApiValueError(
                "_request_timeout must be a number of seconds or a (connect, read) pair, got %r"
                % (request_timeout,)
            )
        c = self.configuration
        return urllib3.Timeout(connect=c.connect_timeout, read=c.read_timeout)

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
        """Send one request; return its reply, or raise the ApiException for a failed one.

        ``body`` is sent as is when it is bytes or str. With ``_preload_content=False``
        the urllib3 response is returned unread (the caller must release it).
        """
        method = method.upper()
        headers = dict(headers or {})
        if query_params:
            url += "?" + urlencode(query_params)
        if body is not None and not isinstance(body, (bytes, str)):
            from pyscim.model_utils import dumps

            body = dumps(body)
        timeout = self.timeout(_request_timeout)
        if logger.isEnabledFor(logging.DEBUG):
            logger.debug("%s %s headers=%s", method, url, redact_headers(headers))
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
            )
        except urllib3.exceptions.HTTPError as exc:
            raise _transport_error(exc, method, url) from exc
        if not _preload_content:
            if not 200 <= resp.status <= 299:
                data = self._read(resp, method, url)
                raise exception_for(RESTResponse(resp, data))
            return resp
        data = self._read(resp, method, url)
        r = RESTResponse(resp, data)
        if logger.isEnabledFor(logging.DEBUG):
            logger.debug("%s %s -> %s (%d bytes)", method, url, r.status, len(data))
        if not 200 <= r.status <= 299:
            raise exception_for(r)
        return r

    def _read(self, resp: Any, method: str, url: str) -> bytes:
        """Read a body up to the configured cap; past it, stop and drop the connection."""
        limit = self.configuration.max_response_size
        length = resp.headers.get("Content-Length")
        try:
            if length is not None and length.isdigit() and limit is not None and int(length) > limit:
                raise self._too_large(resp, int(length), limit)
            chunks = []
            size = 0
            while True:
                chunk = resp.read(65536)
                if not chunk:
                    break
                size += len(chunk)
                if limit is not None and size > limit:
                    raise self._too_large(resp, size, limit)
                chunks.append(chunk)
            return b"".join(chunks)
        except ApiException:
            resp.close()
            raise
        except urllib3.exceptions.HTTPError as exc:
            resp.close()
            raise _transport_error(exc, method, url, resp) from exc
        finally:
            resp.release_conn()

    @staticmethod
    def _too_large(resp: Any, size: int, limit: int) -> ApiResponseError:
        return ApiResponseError(
            status=resp.status,
            reason="Response body larger than max_response_size (%d > %d bytes)" % (size, limit),
            headers=resp.headers,
        )

    # 1.0.0's per-method shortcuts.
    def GET(self, url: str, **kw: Any) -> Any:
        return self.request("GET", url, **kw)

    def HEAD(self, url: str, **kw: Any) -> Any:
        return self.request("HEAD", url, **kw)

    def OPTIONS(self, url: str, **kw: Any) -> Any:
        return self.request("OPTIONS", url, **kw)

    def DELETE(self, url: str, **kw: Any) -> Any:
        return self.request("DELETE", url, **kw)

    def POST(self, url: str, **kw: Any) -> Any:
        return self.request("POST", url, **kw)

    def PUT(self, url: str, **kw: Any) -> Any:
        return self.request("PUT", url, **kw)

    def PATCH(self, url: str, **kw: Any) -> Any:
        return self.request("PATCH", url, **kw)


def _transport_error(exc: Exception, method: str, url: str, resp: Any = None) -> ApiException:
    """The pyscim exception for a urllib3 failure (never a raw urllib3 or socket error)."""
    where = "%s %s" % (method, url.split("?", 1)[0])
    status = getattr(resp, "status", None)
    if isinstance(exc, (urllib3.exceptions.TimeoutError,)):
        return ApiTimeoutError(status=status, reason="Timed out: %s (%s)" % (where, exc))
    if resp is not None:
        return ApiResponseError(status=status, reason="Reply broken off: %s (%s)" % (where, exc))
    return ApiConnectionError(reason="Connection failed: %s (%s)" % (where, exc))


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
