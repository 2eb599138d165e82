"""Request building and (de)serialization: from an operation call to bytes, and back to models.

Data flows one way: an API method (an :class:`Operation` declared in :mod:`pyscim.api`)
checks its arguments and hands path, query, headers and body to
:meth:`ApiClient.call_api`, which adds authentication, encodes the body, sends it
through :mod:`pyscim.rest` and wraps the JSON reply in the declared model.
"""

from __future__ import annotations

import atexit
import inspect
import json
import os
import re
import threading
from multiprocessing.pool import ThreadPool
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple, Type
from urllib.parse import quote

from pyscim import rest
from pyscim.configuration import Configuration
from pyscim.exceptions import (  # noqa: F401 - ApiException: 1.0.0's api_client exported it
    ApiException,
    ApiResponseError,
    ApiTypeError,
    ApiValueError,
    UnauthorizedException,
)
from pyscim.model_utils import (
    Model,
    dumps,
    first_unserializable,
    render_path,
    to_json,
)
from pyscim.rest import check_header

__all__ = ["ApiClient", "Api", "Endpoint", "Operation", "Param", "SCIM_JSON", "JSON_TYPES"]

SCIM_JSON = "application/scim+json"
JSON_TYPES = (SCIM_JSON, "application/json")

#: The keyword arguments every API method accepts besides its parameters (1.0.0's).
CALL_OPTIONS: Dict[str, Any] = {
    "async_req": False,
    "_return_http_data_only": True,
    "_preload_content": True,
    "_request_timeout": None,
    "_check_input_type": True,
    "_check_return_type": True,
    "_host_index": None,
}


_OPTION_NAMES = frozenset(CALL_OPTIONS)


class ApiClient:
    """Sends operations to the SCIM server of a :class:`Configuration`.

    Use it as a context manager: leaving the block waits for pending ``async_req``
    calls and closes the connections.

    :param configuration: the settings; a copy of the default Configuration when None.
    :param header_name, header_value: a header to send with every request.
    :param cookie: a Cookie header to send with every request.
    :param pool_threads: threads that run ``async_req=True`` calls.
    """

    _pool: Optional[ThreadPool] = None
    _pool_pid: int = 0

    def __init__(
        self,
        configuration: Optional[Configuration] = None,
        header_name: Optional[str] = None,
        header_value: Optional[str] = None,
        cookie: Optional[str] = None,
        pool_threads: int = 1,
    ) -> None:
        if configuration is None:
            configuration = Configuration.get_default_copy()
        self.configuration = configuration
        self.pool_threads = pool_threads
        self.rest_client = rest.RESTClientObject(configuration)
        self.default_headers: Dict[str, str] = {}
        if header_name is not None:
            self.set_default_header(header_name, header_value)
        self.cookie = cookie
        self.user_agent = "pyscim/2.0.0/python"
        self.last_response: Any = None
        self._pool_lock = threading.Lock()

    def __repr__(self) -> str:
        return "ApiClient(host=%r)" % (rest.redact_url(str(self.configuration.host)),)

    def __enter__(self) -> "ApiClient":
        return self

    def __exit__(self, exc_type: Any, exc_value: Any, traceback: Any) -> None:
        self.close()

    def close(self) -> None:
        """Wait for pending async calls, stop their threads and close the connections."""
        with self._pool_lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.close()
            pool.join()
            atexit.unregister(self.close)
        self.rest_client.close()

    @property
    def pool(self) -> ThreadPool:
        """The thread pool of ``async_req`` calls, created on first use."""
        with self._pool_lock:
            if self._pool is not None and self._pool_pid != os.getpid():
                self._pool = None  # forked: the parent's threads do not exist here
            if self._pool is None:
                self._pool_pid = os.getpid()
                atexit.register(self.close)
                self._pool = ThreadPool(self.pool_threads)
            return self._pool

    @property
    def user_agent(self) -> str:
        """The User-Agent header sent with every request."""
        return self.default_headers["User-Agent"]

    @user_agent.setter
    def user_agent(self, value: str) -> None:
        self.set_default_header("User-Agent", value)

    def set_default_header(self, header_name: str, header_value: Any) -> None:
        """Send this header with every request (CR/LF refused)."""
        self.default_headers[header_name] = check_header(header_name, header_value)

    # -- the request path -------------------------------------------------------------

    def call_api(
        self,
        resource_path: str,
        method: str,
        path_params: Optional[Dict[str, Any]] = None,
        query_params: Optional[List[Tuple[str, Any]]] = None,
        header_params: Optional[Dict[str, Any]] = None,
        body: Any = None,
        post_params: Any = None,
        files: Any = None,
        response_type: Any = None,
        auth_settings: Optional[Sequence[str]] = None,
        async_req: Optional[bool] = None,
        _return_http_data_only: Optional[bool] = None,
        collection_formats: Optional[Dict[str, str]] = None,
        _preload_content: bool = True,
        _request_timeout: Any = None,
        _host: Optional[str] = None,
        _check_type: Optional[bool] = None,
        _scopes: Sequence[str] = (),
    ) -> Any:
        """Send one request and return the deserialized reply (1.0.0's signature).

        With ``async_req=True`` it returns at once an object whose ``.get()`` gives
        the result. ``response_type`` is a model class (or 1.0.0's ``(Model,)``).
        """
        args = (
            resource_path, method, path_params, query_params, header_params, body,
            response_type, auth_settings, _return_http_data_only, _preload_content,
            _request_timeout, _host, _check_type, _scopes,
        )
        if async_req:
            return self.pool.apply_async(self._call_api, args)
        return self._call_api(*args)

    def _call_api(
        self,
        resource_path: str,
        method: str,
        path_params: Optional[Dict[str, Any]],
        query_params: Optional[List[Tuple[str, Any]]],
        header_params: Optional[Dict[str, Any]],
        body: Any,
        response_type: Any,
        auth_settings: Optional[Sequence[str]],
        _return_http_data_only: Optional[bool],
        _preload_content: bool,
        _request_timeout: Any,
        _host: Optional[str],
        _check_type: Optional[bool],
        _scopes: Sequence[str],
    ) -> Any:
        config = self.configuration
        headers = dict(self.default_headers)
        if header_params:
            for k, v in header_params.items():
                headers[k] = check_header(k, v)
        if self.cookie:
            headers["Cookie"] = check_header("Cookie", self.cookie)
        if path_params:
            resource_path = self.fill_path(resource_path, path_params)
        query = [(k, _query_value(v)) for k, v in (query_params or []) if v is not None]
        data = None if body is None else dumps(body)
        url = (config.host if _host is None else _host) + resource_path

        for attempt in (1, 2):
            token = self.update_params_for_auth(
                headers, query, auth_settings, resource_path, method, body, _scopes
            )
            try:
                response = self.request(
                    method, url, query_params=query, headers=headers, body=data,
                    _preload_content=_preload_content, _request_timeout=_request_timeout,
                )
                break
            except UnauthorizedException:
                # A token the server no longer accepts is forgotten; a fresh one is tried once.
                if token is None:
                    raise
                config.token_provider.invalidate(token)
                if attempt == 2:
                    raise

        self.last_response = response
        if not _preload_content:
            return response
        return_data = None
        if response_type and response.status != 204 and response.data:
            return_data = self.deserialize(response, response_type, _check_type)
        if _return_http_data_only:
            return return_data
        return return_data, response.status, response.getheaders()

    @staticmethod
    def fill_path(resource_path: str, path_params: Mapping[str, Any], safe: str = "") -> str:
        """Put each path parameter into its ``{name}``, percent-encoded as one segment."""
        for name, value in path_params.items():
            value = str(value)
            if value in ("", ".", ".."):
                raise ApiValueError(
                    "Path parameter `%s` may not be %r: it would not name a resource" % (name, value)
                )
            if safe or not _UNRESERVED.match(value):
                value = quote(value, safe=safe)
            resource_path = resource_path.replace("{%s}" % name, value)
        return resource_path

    def request(
        self,
        method: str,
        url: str,
        query_params: Optional[List[Tuple[str, Any]]] = None,
        headers: Optional[Dict[str, str]] = None,
        post_params: Any = None,
        body: Any = None,
        _preload_content: bool = True,
        _request_timeout: Any = None,
    ) -> Any:
        """Send a request through the REST client (1.0.0's signature)."""
        return self.rest_client.request(
            method, url, query_params=query_params, headers=headers, body=body,
            _preload_content=_preload_content, _request_timeout=_request_timeout,
        )

    def update_params_for_auth(
        self,
        headers: Dict[str, str],
        queries: List[Tuple[str, Any]],
        auth_settings: Optional[Sequence[str]],
        resource_path: Optional[str] = None,
        method: Optional[str] = None,
        body: Any = None,
        scopes: Sequence[str] = (),
    ) -> Optional[str]:
        """Add the credentials of the operation's security schemes; return a provider's token."""
        if not auth_settings:
            return None
        provider = self.configuration.token_provider
        if provider is not None and "scim_oauth" in auth_settings:
            token = provider.token(tuple(scopes))
            headers["Authorization"] = check_header("Authorization", "Bearer " + token)
            return token
        settings = self.configuration.auth_settings()
        for name in auth_settings:
            auth = settings.get(name)
            if not auth:
                continue
            if auth["in"] == "header":
                headers[auth["key"]] = check_header(auth["key"], auth["value"])
            elif auth["in"] == "query":
                queries.append((auth["key"], auth["value"]))
            else:
                raise ApiValueError("Authentication token must be in `query` or `header`")
        return None

    # -- (de)serialization ------------------------------------------------------------

    @classmethod
    def sanitize_for_serialization(cls, obj: Any) -> Any:
        """``obj`` as plain JSON data: models to dicts of JSON names, dates to ISO strings.

        A value JSON cannot carry (a set, an object) raises ApiValueError, as in 1.0.0.
        """
        data = to_json(obj)
        bad = first_unserializable(data)
        if bad is not None:
            where, value = bad
            raise ApiValueError(
                "Unable to prepare type %s for serialization (at `%s`)"
                % (type(value).__name__, render_path(where) or "the value"),
                path_to_item=list(where),
            )
        return data

    def deserialize(self, response: Any, response_type: Any, _check_type: Optional[bool]) -> Any:
        """The reply's JSON body as ``response_type`` (a model class, or 1.0.0's ``(Model,)``)."""
        klass = response_type[0] if isinstance(response_type, (tuple, list)) else response_type
        raw = response.data
        ctype = (response.getheader("Content-Type") or "").lower()
        if ctype and "json" not in ctype:
            raise ApiResponseError(
                status=response.status,
                reason="Expected a JSON reply, got Content-Type %r" % ctype,
                body=_text(raw),
                headers=response.getheaders(),
            )
        try:
            data = json.loads(raw)
        except ValueError as exc:
            raise ApiResponseError(
                status=response.status,
                reason="Reply is not valid JSON (%s)" % exc,
                body=_text(raw),
                headers=response.getheaders(),
            ) from None
        if isinstance(klass, type) and issubclass(klass, Model):
            if not isinstance(data, dict):
                raise ApiResponseError(
                    status=response.status,
                    reason="Expected a JSON object for %s, got %s" % (klass.__name__, type(data).__name__),
                    body=_text(raw),
                    headers=response.getheaders(),
                )
            return klass._wrap(data, _check_type is not False)
        return data

    # 1.0.0 helpers kept for code that calls them.
    def select_header_accept(self, accepts: Sequence[str]) -> Optional[str]:
        """The Accept header for a list of media types, SCIM's first."""
        return ", ".join(accepts) if accepts else None

    def select_header_content_type(self, content_types: Sequence[str]) -> str:
        """The Content-Type to send: application/scim+json when the operation takes it."""
        if not content_types:
            return SCIM_JSON
        return SCIM_JSON if SCIM_JSON in content_types else content_types[0]

    def parameters_to_tuples(self, params: Any, collection_formats: Any) -> List[Tuple[str, Any]]:
        """Parameters as (name, value) pairs (lists comma-joined)."""
        items = params.items() if isinstance(params, dict) else params
        return [(k, ",".join(map(str, v)) if isinstance(v, (list, tuple)) else v) for k, v in items]

    # 1.0.0's form/file helpers: no SCIM operation sends files, kept for callers of 1.0.0's API.
    def parameters_to_multipart(self, params: Any, collection_types: Any) -> List[Any]:
        """Form parameters, values of ``collection_types`` (dict by default) as JSON parts."""
        from urllib3.fields import RequestField

        kinds = dict if collection_types is None else collection_types
        out: List[Any] = []
        for k, v in params.items() if isinstance(params, dict) else params:
            if isinstance(v, kinds):
                part = RequestField(k, json.dumps(v, ensure_ascii=False).encode("utf-8"))
                part.make_multipart(content_type="application/json; charset=utf-8")
                v = part
            out.append(v if isinstance(v, RequestField) else (k, v))
        return out

    @staticmethod
    def get_file_data_and_close_file(file_instance: Any) -> bytes:
        """Read an open file to the end and close it."""
        with file_instance:
            return file_instance.read()  # type: ignore[no-any-return]

    def files_parameters(self, files: Optional[Mapping[str, Any]] = None) -> List[Any]:
        """``(name, (filename, data, mime type))`` for each open file of ``files``."""
        import mimetypes
        import os

        out: List[Any] = []
        for name, instances in (files or {}).items():
            for f in instances or ():
                if f is None:
                    continue
                if f.closed:
                    raise ApiValueError("Cannot read a closed file (parameter %s)" % name)
                filename = os.path.basename(f.name)
                mime = mimetypes.guess_type(filename)[0] or "application/octet-stream"
                out.append((name, (filename, self.get_file_data_and_close_file(f), mime)))
        return out


#: A path segment of unreserved characters only (RFC 3986 §2.3): nothing to encode.
_UNRESERVED = re.compile(r"[A-Za-z0-9._~-]+\Z")


def _query_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return ",".join(map(str, value))
    return str(value)


def _text(raw: Any) -> str:
    return raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)


# --------------------------------------------------------------------------- operations


class Param:
    """A parameter of an operation: Python name, wire name, type, location and one-line doc."""

    __slots__ = ("name", "wire", "type", "location", "doc", "required", "enum")

    def __init__(
        self,
        name: str,
        type_: Any,
        location: str,
        doc: str = "",
        *,
        wire: Optional[str] = None,
        required: bool = False,
        enum: Optional[Sequence[str]] = None,
    ) -> None:
        self.name = name
        self.wire = wire or name
        self.type = type_
        self.location = location
        self.doc = doc
        self.required = required or location in ("path", "body")
        self.enum = tuple(enum) if enum else None

    def check(self, value: Any, operation_id: str) -> Any:
        """``value`` if it has this parameter's type (a dict body becomes its model)."""
        t = self.type
        if isinstance(t, type) and issubclass(t, Model):
            if isinstance(value, t):
                return value
            if isinstance(value, dict):
                return t(_path_to_item=(self.name,), **value)
        elif isinstance(value, t) and not (t is int and isinstance(value, bool)):
            if self.enum is not None and value not in self.enum:
                raise ApiValueError(
                    "Invalid value for `%s` of `%s`: %r, must be one of %s"
                    % (self.name, operation_id, value, list(self.enum)),
                    path_to_item=[self.name],
                )
            return value
        raise ApiTypeError(
            "Invalid type for `%s` of `%s`: expected %s, got %s"
            % (self.name, operation_id, getattr(t, "__name__", t), type(value).__name__),
            path_to_item=[self.name],
            valid_classes=(t,),
        )


class Operation:
    """One operation of the spec, declared on an API class.

    Read from an API instance it is a bound :class:`Endpoint`, called like 1.0.0's
    method: required parameters positionally, the rest as keywords.
    """

    def __init__(
        self,
        method: str,
        path: str,
        operation_id: str,
        returns: Optional[Type[Model]],
        params: Sequence[Param] = (),
        *,
        scopes: Sequence[str] = (),
        doc: str = "",
        responses: Optional[Mapping[int, str]] = None,
        content_types: Sequence[str] = (),
        accept: Sequence[str] = JSON_TYPES,
    ) -> None:
        self.method = method
        self.path = path
        self.operation_id = operation_id
        self.returns = returns
        self.params = tuple(params)
        self.by_name = {p.name: p for p in self.params}
        self.required = tuple(p for p in self.params if p.required)
        self.scopes = tuple(scopes)
        self.doc = doc
        self.responses = dict(responses or {})
        self.content_types = tuple(content_types)
        self.accept = tuple(accept)
        self.accept_header = ", ".join(self.accept)
        self.name = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name
        setattr(owner, name + "_endpoint", _EndpointAlias(name))

    def __get__(self, api: Any, owner: Any = None) -> Any:
        if api is None:
            return self
        endpoint = Endpoint(self, api.api_client)
        api.__dict__[self.name] = endpoint  # later reads skip the descriptor
        return endpoint

    @property
    def signature(self) -> inspect.Signature:
        """The Python signature of the method, for help() and IDEs."""
        P = inspect.Parameter
        params = [P(p.name, P.POSITIONAL_OR_KEYWORD) for p in self.required]
        params += [P(p.name, P.KEYWORD_ONLY, default=None) for p in self.params if not p.required]
        params += [P(k, P.KEYWORD_ONLY, default=v) for k, v in CALL_OPTIONS.items()]
        return inspect.Signature(params)


class _EndpointAlias:
    """1.0.0's ``<method>_endpoint`` attribute: the same bound Endpoint."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __get__(self, api: Any, owner: Any = None) -> Any:
        return getattr(owner if api is None else api, self.name)


class Endpoint:
    """An operation bound to an ApiClient; calling it sends the request."""

    def __init__(self, operation: Operation, api_client: ApiClient) -> None:
        self.operation = operation
        self.api_client = api_client
        self.__signature__ = operation.signature
        self.__doc__ = operation.doc
        self.__name__ = operation.name
        op = operation
        self.settings = {
            "response_type": (op.returns,) if op.returns else None,
            "auth": ["scim_oauth"],
            "endpoint_path": op.path,
            "operation_id": op.name,  # 1.0.0's operation ids were the method names
            "http_method": op.method,
            "servers": None,
        }

    def __repr__(self) -> str:
        op = self.operation
        return "<Endpoint %s: %s %s>" % (op.name, op.method, op.path)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        op = self.operation
        if len(args) > len(op.required):
            raise ApiTypeError(
                "%s() takes %d positional argument(s) (%s) but %d were given"
                % (op.name, len(op.required), ", ".join(p.name for p in op.required), len(args))
            )
        for p, value in zip(op.required, args):
            if p.name in kwargs:
                raise ApiTypeError("%s() got multiple values for argument '%s'" % (op.name, p.name))
            kwargs[p.name] = value
        return self.call_with_http_info(**kwargs)

    def call_with_http_info(self, **kwargs: Any) -> Any:
        """Check the arguments, build the request and send it (1.0.0's entry point)."""
        return self._invoke(kwargs)

    def _invoke(self, kwargs: Dict[str, Any]) -> Any:
        op = self.operation
        opts: Dict[str, Any] = dict(CALL_OPTIONS)
        for k in kwargs.keys() & _OPTION_NAMES:
            opts[k] = kwargs.pop(k)
        for key in kwargs:
            if key not in op.by_name:
                raise ApiTypeError(
                    "Got an unexpected parameter '%s' to method `%s`" % (key, op.name)
                )
        check = opts["_check_input_type"] is not False
        path_params: Dict[str, Any] = {}
        query: List[Tuple[str, Any]] = []
        body = None
        for p in op.params:
            value = kwargs.get(p.name)
            if value is None:
                if p.required:
                    raise ApiValueError(
                        "Missing the required parameter `%s` when calling `%s`" % (p.name, op.name)
                    )
                continue
            if check:
                value = p.check(value, op.name)
            if p.location == "path":
                path_params[p.wire] = value
            elif p.location == "query":
                query.append((p.wire, value))
            else:
                body = value
        headers = {"Accept": op.accept_header}
        if op.content_types and body is not None:
            headers["Content-Type"] = self.api_client.select_header_content_type(op.content_types)
        config = self.api_client.configuration
        index = opts["_host_index"]
        # Per-operation servers are keyed by 1.0.0's operation id (the method name,
        # e.g. "get_users") or by the spec's ("get-users").
        by_op, op_vars = config.server_operation_index, config.server_operation_variables
        if index is None:
            index = by_op.get(op.name, by_op.get(op.operation_id, config.server_index))
        host = config.get_host_from_settings(
            index,
            variables=op_vars.get(op.name, op_vars.get(op.operation_id, config.server_variables)),
        )
        return self.api_client.call_api(
            op.path,
            op.method,
            path_params,
            query,
            headers,
            body=body,
            response_type=op.returns,
            auth_settings=["scim_oauth"],
            async_req=opts["async_req"],
            _return_http_data_only=opts["_return_http_data_only"],
            _preload_content=opts["_preload_content"],
            _request_timeout=opts["_request_timeout"],
            _host=host,
            _check_type=opts["_check_return_type"],
            _scopes=op.scopes,
        )


class Api:
    """Base of the API classes: holds the ApiClient their operations are sent with."""

    def __init__(self, api_client: Optional[ApiClient] = None) -> None:
        self.api_client = api_client if api_client is not None else ApiClient()

    @classmethod
    def operations(cls) -> List[Operation]:
        """The operations this API declares, in declaration order."""
        return [v for v in vars(cls).values() if isinstance(v, Operation)]
