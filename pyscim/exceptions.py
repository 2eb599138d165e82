"""Exceptions raised by pyscim: the names and bases of pyscim 1.0.0, with SCIM errors parsed.

Every failure the SDK reports is an :class:`OpenApiException`. HTTP failures are
:class:`ApiException` (or the subclass for the status); when the body is a SCIM
error (RFC 7644 §3.12) it is parsed into ``exc.error``, an ``ErrorResponse``.
"""

from __future__ import annotations

import json
from typing import Any, Iterable, Mapping, Optional, Sequence

__all__ = [
    "OpenApiException",
    "ApiTypeError",
    "ApiValueError",
    "ApiAttributeError",
    "ApiKeyError",
    "ApiException",
    "NotFoundException",
    "UnauthorizedException",
    "ForbiddenException",
    "ServiceException",
    "ConflictException",
    "BadRequestException",
    "TooManyRequestsException",
    "ApiConnectionError",
    "ApiTimeoutError",
    "ApiResponseError",
    "BulkOutcomeUnknownError",
    "OutcomeUnknownTimeoutError",
    "OutcomeUnknownResponseError",
    "render_path",
]

#: How much of a response body an exception message shows.
BODY_EXCERPT = 500


def render_path(path_to_item: Iterable[Any]) -> str:
    """1.0.0's rendering of a path: ``['operations'][3]['bulk_id']``."""
    result = ""
    for pth in path_to_item:
        if isinstance(pth, int):
            result += "[{0}]".format(pth)
        else:
            result += "['{0}']".format(pth)
    return result


class OpenApiException(Exception):
    """The base exception class for all pyscim errors."""


class ApiTypeError(OpenApiException, TypeError):
    """A value of the wrong type: the message names the path and the expected type."""

    def __init__(
        self,
        msg: str,
        path_to_item: Optional[Sequence[Any]] = None,
        valid_classes: Optional[Sequence[Any]] = None,
        key_type: Optional[bool] = None,
    ) -> None:
        self.path_to_item = path_to_item
        self.valid_classes = valid_classes
        self.key_type = key_type
        super().__init__(msg)


class ApiValueError(OpenApiException, ValueError):
    """A value of the right type that is not acceptable (e.g. an empty id, CR/LF in a header)."""

    def __init__(self, msg: str, path_to_item: Optional[Sequence[Any]] = None) -> None:
        self.path_to_item = path_to_item
        super().__init__(msg)


class ApiAttributeError(OpenApiException, AttributeError):
    """An attribute that is not set: an AttributeError, so ``getattr(m, "x", None)`` works."""

    def __init__(self, msg: str, path_to_item: Optional[Sequence[Any]] = None) -> None:
        self.path_to_item = path_to_item
        super().__init__(msg)


class ApiKeyError(OpenApiException, KeyError):
    """A key that is not there."""

    def __init__(self, msg: str, path_to_item: Optional[Sequence[Any]] = None) -> None:
        self.path_to_item = path_to_item
        super().__init__(msg)


class ApiException(OpenApiException):
    """An HTTP exchange that failed: status, reason, body (str) and headers of the reply.

    ``error`` is the reply's SCIM error (an ``ErrorResponse``) when it carries one,
    with ``scim_type`` and ``detail`` as shortcuts.
    """

    def __init__(
        self,
        status: Optional[int] = None,
        reason: Optional[str] = None,
        http_resp: Any = None,
        *,
        body: Optional[str] = None,
        headers: Optional[Mapping[str, str]] = None,
    ) -> None:
        if http_resp is not None:
            self.status = http_resp.status
            self.reason = http_resp.reason
            data = http_resp.data
            self.body = data.decode("utf-8", "replace") if isinstance(data, bytes) else data
            self.headers = http_resp.getheaders()
        else:
            self.status = status
            self.reason = reason
            self.body = body
            self.headers = headers
        self.error = _scim_error(self.body)
        super().__init__(self.status, self.reason)

    @property
    def scim_type(self) -> Optional[str]:
        """The SCIM error keyword (RFC 7644 table 9), e.g. ``uniqueness``, if the server sent one."""
        return _get(self.error, "scim_type")

    @property
    def detail(self) -> Optional[str]:
        """The server's human-readable error message, if it sent one."""
        return _get(self.error, "detail")

    def __str__(self) -> str:
        msg = "({0})\nReason: {1}\n".format(self.status, self.reason)
        if self.error is not None:
            msg += "SCIM error: status={0} scimType={1} detail={2}\n".format(
                _get(self.error, "status"), self.scim_type, self.detail
            )
        if self.headers:
            msg += "HTTP response headers: {0}\n".format(dict(self.headers))
        if self.body:
            body = self.body
            if len(body) > BODY_EXCERPT:
                body = body[:BODY_EXCERPT] + "... (%d characters in all)" % len(self.body)
            msg += "HTTP response body: {0}\n".format(body)
        return msg


class BadRequestException(ApiException):
    """400: the request was refused as invalid (bad filter, bad value...)."""


class UnauthorizedException(ApiException):
    """401: no valid bearer token."""


class ForbiddenException(ApiException):
    """403: the token lacks the scope the operation needs."""


class NotFoundException(ApiException):
    """404: no resource with that id."""


class ConflictException(ApiException):
    """409: a uniqueness conflict, or a version (ETag) mismatch."""


class TooManyRequestsException(ApiException):
    """429: the server throttles this client."""


class ServiceException(ApiException):
    """5xx: the server failed."""


class ApiResponseError(ApiException):
    """A reply that cannot be used: not JSON, truncated, of the wrong type, or too large."""


class ApiConnectionError(ApiException):
    """The exchange failed below HTTP: no connection, or the connection dropped."""


class ApiTimeoutError(ApiConnectionError):
    """The server did not answer within the configured timeout."""


class BulkOutcomeUnknownError(ApiConnectionError):
    """A request that may have been applied failed in transit and was not re-sent.

    Raised for a create or bulk POST whose connection failed after the request was
    sent: the server may or may not have carried it out, so check before retrying.
    """


class OutcomeUnknownTimeoutError(BulkOutcomeUnknownError, ApiTimeoutError):
    """A request that may have been applied timed out waiting for its reply; it was not re-sent."""


class OutcomeUnknownResponseError(BulkOutcomeUnknownError, ApiResponseError):
    """A request that may have been applied got a reply cut short; it was not re-sent.

    ``status`` is the status the server had answered.
    """


_BY_STATUS = {
    400: BadRequestException,
    401: UnauthorizedException,
    403: ForbiddenException,
    404: NotFoundException,
    409: ConflictException,
    429: TooManyRequestsException,
}


def exception_for(http_resp: Any) -> ApiException:
    """The ApiException subclass matching a failed reply's status."""
    status = http_resp.status
    cls = _BY_STATUS.get(status)
    if cls is None:
        cls = ServiceException if 500 <= status <= 599 else ApiException
    return cls(http_resp=http_resp)


def _get(model: Any, name: str) -> Any:
    return None if model is None else model.get(name)


def _scim_error(body: Any) -> Any:
    """The ErrorResponse a body carries, or None when it is not a SCIM error."""
    if not body or not isinstance(body, str) or not body.lstrip().startswith("{"):
        return None
    try:
        data = json.loads(body)
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    keys = {k.lower() for k in data if isinstance(k, str)}
    schemas = data.get("schemas") or []
    is_error = "urn:ietf:params:scim:api:messages:2.0:error" in {
        s.lower() for s in schemas if isinstance(s, str)
    } or ("status" in keys and ("detail" in keys or "scimtype" in keys))
    if not is_error:
        return None
    from pyscim.model.error_response import ErrorResponse

    return ErrorResponse._wrap(data, check=False)
