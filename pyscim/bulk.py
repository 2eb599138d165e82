"""Bulk provisioning beyond one request: split by the server's limits, account for every operation.

:func:`send_bulk` takes any number of :class:`BulkOperation` and sends them as as
many ``/Bulk`` requests as the server's ``maxOperations`` and ``maxPayloadSize``
(RFC 7644 §3.7.4, read from ``/ServiceProviderConfig``) require. A ``bulkId:``
reference to an operation of an earlier request is replaced by the id that request
created. The :class:`BulkResult` has one :class:`Outcome` per operation, in the order
given: what the server answered, or why it was not carried out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, Iterator, List, Optional, Sequence

from pyscim.api.default_api import DefaultApi
from pyscim.api.discovery_api import DiscoveryApi
from pyscim.api_client import ApiClient
from pyscim.exceptions import ApiException, ApiValueError, OpenApiException
from pyscim.model.bulk_operation import BulkOperation
from pyscim.model.bulk_request import BulkRequest
from pyscim.model_utils import dumps, to_json

__all__ = ["send_bulk", "BulkResult", "Outcome", "BulkLimits"]

BULK_ID_PREFIX = "bulkId:"
_REF = BULK_ID_PREFIX.encode()
#: Bytes a BulkRequest adds around its operations (schemas, failOnErrors, brackets).
_ENVELOPE = 160


@dataclass(frozen=True)
class BulkLimits:
    """How many operations, and how many bytes, one /Bulk request may carry (None: no limit)."""

    max_operations: Optional[int] = None
    max_payload_size: Optional[int] = None

    @classmethod
    def discover(cls, api_client: ApiClient) -> "BulkLimits":
        """The limits the server announces in its ServiceProviderConfig."""
        bulk = DiscoveryApi(api_client).get_service_provider_config().get("bulk")
        if bulk is None:
            return cls()
        if bulk.get("supported") is False:
            raise ApiValueError("The server does not support bulk requests (bulk.supported is false)")
        return cls(bulk.get("max_operations") or None, bulk.get("max_payload_size") or None)


@dataclass
class Outcome:
    """What became of one operation: the server's reply, or why it was not carried out."""

    index: int
    operation: BulkOperation
    #: The HTTP status of the operation as the server reported it (e.g. "201"); None if no reply.
    status: Optional[str] = None
    location: Optional[str] = None
    #: The server's response for this operation (its SCIM error when it failed), if any.
    response: Optional[Dict[str, Any]] = None
    #: The reply's BulkOperation, as the server sent it.
    reply: Optional[BulkOperation] = None
    #: Why no reply exists: the request failed (exception), or the server stopped before it.
    error: Optional[OpenApiException] = None
    attempted: bool = False

    @property
    def ok(self) -> bool:
        """Whether the server carried out the operation (a 2xx status)."""
        return self.status is not None and self.status.startswith("2")

    @property
    def id(self) -> Optional[str]:
        """The id of the resource the operation created or changed, from its location."""
        return self.location.rstrip("/").rsplit("/", 1)[-1] if self.location else None


@dataclass
class BulkResult:
    """One Outcome per operation sent, in the order given."""

    outcomes: List[Outcome] = field(default_factory=list)
    #: How many /Bulk requests were sent.
    requests: int = 0

    def __iter__(self) -> Iterator[Outcome]:
        return iter(self.outcomes)

    def __len__(self) -> int:
        return len(self.outcomes)

    def __getitem__(self, index: int) -> Outcome:
        return self.outcomes[index]

    @property
    def succeeded(self) -> List[Outcome]:
        return [o for o in self.outcomes if o.ok]

    @property
    def failed(self) -> List[Outcome]:
        """Operations the server answered with an error status."""
        return [o for o in self.outcomes if o.status is not None and not o.ok]

    @property
    def not_done(self) -> List[Outcome]:
        """Operations with no reply: never sent, skipped by the server, or lost with their request."""
        return [o for o in self.outcomes if o.status is None]

    @property
    def ok(self) -> bool:
        return all(o.ok for o in self.outcomes)

    def raise_for_errors(self) -> None:
        """Raise ApiException describing the first operations that did not succeed, if any."""
        bad = [o for o in self.outcomes if not o.ok]
        if not bad:
            return
        lines = [
            "#%d %s %s: %s" % (
                o.index, o.operation.get("method"), o.operation.get("path"),
                o.status or (o.error and type(o.error).__name__) or "not carried out")
            for o in bad[:10]
        ]
        raise ApiException(
            reason="%d of %d bulk operations did not succeed:\n%s" % (len(bad), len(self), "\n".join(lines))
        )


def send_bulk(
    api_client: ApiClient,
    operations: Sequence[Any],
    *,
    fail_on_errors: Optional[int] = None,
    limits: Optional[BulkLimits] = None,
    **kwargs: Any,
) -> BulkResult:
    """Send ``operations`` in as many /Bulk requests as the server's limits need.

    :param operations: BulkOperation models (or dicts describing them).
    :param fail_on_errors: stop after this many failed operations, across all requests.
    :param limits: the limits to respect; read from the server's ServiceProviderConfig when None.
    :param kwargs: passed to every ``bulk_post`` call (e.g. ``_request_timeout``).
    :raises ApiValueError: an operation alone exceeds ``max_payload_size``, or refers by
        bulkId to an operation that comes after it in another request.
    """
    ops = [op if isinstance(op, BulkOperation) else BulkOperation(_path_to_item=("operations", i), **op)
           for i, op in enumerate(operations)]
    if limits is None:
        limits = BulkLimits.discover(api_client)
    result = BulkResult([Outcome(i, op) for i, op in enumerate(ops)])
    encoded = [dumps(op) for op in ops]  # once: for the sizes, and to spot bulkId references
    position = {op.get("bulk_id"): i for i, op in enumerate(ops)}
    created: Dict[str, str] = {}  # bulkId -> id, from earlier requests
    errors_left = fail_on_errors
    api = DefaultApi(api_client)
    for chunk in _chunks(encoded, limits):
        if errors_left is not None and errors_left <= 0:
            break
        body_ops = [
            _resolve_refs(ops[i], created, position, chunk[-1], i) if _REF in encoded[i] else ops[i]
            for i in chunk
        ]
        request = BulkRequest(operations=body_ops)
        if errors_left is not None:
            request.fail_on_errors = errors_left
        for i in chunk:
            result.outcomes[i].attempted = True
        result.requests += 1
        try:
            reply = api.bulk_post(request, **kwargs)
        except OpenApiException as exc:
            for i in chunk:
                result.outcomes[i].error = exc
            break
        _match(result, chunk, reply.get("operations") or [], created)
        if errors_left is not None:
            errors_left -= sum(1 for i in chunk if result.outcomes[i].status and not result.outcomes[i].ok)
    return result


def _chunks(encoded: List[bytes], limits: BulkLimits) -> Iterator[List[int]]:
    """Indices of the operations of each request, in order, within the limits."""
    chunk: List[int] = []
    size = _ENVELOPE
    for i, body in enumerate(encoded):
        n = len(body) + 1  # and its comma
        if limits.max_payload_size and n + _ENVELOPE > limits.max_payload_size:
            raise ApiValueError(
                "Bulk operation #%d alone is %d bytes, over the server's maxPayloadSize of %d"
                % (i, n + _ENVELOPE, limits.max_payload_size),
                path_to_item=["operations", i],
            )
        full = limits.max_operations is not None and len(chunk) >= limits.max_operations
        too_big = limits.max_payload_size is not None and size + n > limits.max_payload_size
        if chunk and (full or too_big):
            yield chunk
            chunk, size = [], _ENVELOPE
        chunk.append(i)
        size += n
    if chunk:
        yield chunk


def _resolve_refs(
    op: BulkOperation, created: Dict[str, str], position: Dict[Any, int], last: int, index: int
) -> BulkOperation:
    """The operation with ``bulkId:`` references to earlier requests replaced by real ids.

    ``last`` is the index of the last operation of this request: a reference to an
    operation after it cannot be resolved by anyone.
    """

    def fix(value: Any) -> Any:
        if isinstance(value, str) and BULK_ID_PREFIX in value:
            for ref in _refs(value):
                if ref in created:
                    value = value.replace(BULK_ID_PREFIX + ref, created[ref])
                elif position.get(ref, -1) > last:
                    raise ApiValueError(
                        "Bulk operation #%d refers to bulkId %r of an operation that goes in a "
                        "later request; put referenced operations first" % (index, ref),
                        path_to_item=["operations", index],
                    )
            return value
        if isinstance(value, dict):
            return {k: fix(v) for k, v in value.items()}
        if isinstance(value, list):
            return [fix(v) for v in value]
        return value

    fixed = {k: (v if k in ("bulkId", "method") else fix(v)) for k, v in to_json(op).items()}
    return BulkOperation(_check_type=False, **fixed)


def _refs(value: str) -> List[str]:
    out = []
    start = value.find(BULK_ID_PREFIX)
    while start != -1:
        end = start + len(BULK_ID_PREFIX)
        stop = end
        while stop < len(value) and value[stop] not in '/"?&,; ':
            stop += 1
        out.append(value[end:stop])
        start = value.find(BULK_ID_PREFIX, stop)
    return out


def _match(result: BulkResult, chunk: List[int], replies: List[BulkOperation], created: Dict[str, str]) -> None:
    """Pair each reply with its operation: by bulkId when both have one, else in order."""
    by_bulk_id = {result.outcomes[i].operation.get("bulk_id"): i for i in chunk}
    pending = list(chunk)
    for reply in replies:
        bulk_id = reply.get("bulk_id")
        if bulk_id is not None and bulk_id in by_bulk_id and by_bulk_id[bulk_id] in pending:
            i = by_bulk_id[bulk_id]
        else:
            unnamed = next((j for j in pending if result.outcomes[j].operation.get("bulk_id") is None), None)
            if unnamed is None:
                continue
            i = unnamed
        pending.remove(i)
        outcome = result.outcomes[i]
        outcome.reply = reply
        outcome.status = reply.get("status")
        outcome.location = reply.get("location")
        outcome.response = reply.get("response")
        if bulk_id and outcome.ok and outcome.id:
            created[bulk_id] = outcome.id
    # Operations still pending got no reply: the server stopped before them (failOnErrors).
