"""Benchmark scenarios S1-S3 for the raw (urllib3 + json) and sdk (pyscim) implementations.

Run one measurement per process (cwd = benchmarks/, so ``import pyscim`` resolves to
whatever PYTHONPATH / the interpreter's site-packages provide):

    python -m scenarios --impl sdk --scenario S2 --url http://127.0.0.1:PORT/jans-scim/restv1/v2

It prints one JSON line: cpu_s, wall_s, maxrss_kb, checksum, fields, versions, or error.
"""

from __future__ import annotations

import argparse
import gc
import json
import platform
import resource
import sys
import time
import traceback
from collections.abc import Callable
from typing import Any

import fixtures

S2_PAGES = 50
S3_CALLS = 2000
FILTER = 'userName sw "a"'
Work = Callable[[], int]


def bulk_users() -> list[dict[str, Any]]:
    """Return the S1 input: the JSON dicts of the users to create (built untimed)."""
    return [fixtures.new_user(i) for i in range(fixtures.BULK_OPS)]


def user_ids() -> list[str]:
    """Return the S3 input: the ids the canned server knows, cycled through."""
    return [fixtures.user_id(i) for i in range(fixtures.LIST_SIZE)]


# --------------------------------------------------------------------------- raw


class RawClient:
    """Plain urllib3 + json client: one PoolManager, SCIM headers, JSON bodies."""

    def __init__(self, base_url: str) -> None:
        """Create the pool and the fixed request headers."""
        import urllib3

        self.base_url = base_url
        self.http = urllib3.PoolManager()
        self.get_headers = {
            "Authorization": f"Bearer {fixtures.TOKEN}",
            "Accept": "application/scim+json",
        }
        self.post_headers = {**self.get_headers, "Content-Type": "application/scim+json"}

    def get(self, path: str, fields: dict[str, Any] | None = None) -> Any:
        """GET ``path`` (query built from ``fields``) and return the decoded JSON."""
        resp = self.http.request("GET", self.base_url + path, fields=fields, headers=self.get_headers)
        return self._decode(resp)

    def post(self, path: str, doc: Any) -> Any:
        """POST ``doc`` as JSON to ``path`` and return the decoded JSON."""
        body = json.dumps(doc, separators=(",", ":")).encode()
        resp = self.http.request("POST", self.base_url + path, body=body, headers=self.post_headers)
        return self._decode(resp)

    @staticmethod
    def _decode(resp: Any) -> Any:
        """Raise on an HTTP error status, else decode the JSON body."""
        if not 200 <= resp.status < 300:
            raise RuntimeError(f"HTTP {resp.status}: {resp.data[:200]!r}")
        return json.loads(resp.data)


def raw_s1(client: RawClient, users: list[dict[str, Any]]) -> int:
    """POST a BulkRequest of len(users) user creations and count the 201 statuses."""
    doc = {
        "schemas": [fixtures.BULK_REQUEST],
        "Operations": [
            {"method": "POST", "path": "/Users", "bulkId": fixtures.bulk_id(i), "data": user}
            for i, user in enumerate(users)
        ],
    }
    reply = client.post("/Bulk", doc)
    return sum(op["status"] == "201" for op in reply["Operations"])


def raw_s2(client: RawClient, pages: int, fields: str) -> int:
    """Fetch ``pages`` ListResponses of users and read the chosen fields of each user."""
    total = 0
    for page in range(pages):
        query = {"filter": FILTER, "startIndex": 1 + page * fixtures.LIST_SIZE,
                 "count": fixtures.LIST_SIZE}
        for u in client.get("/Users", query)["Resources"]:
            total += len(u["userName"]) + len(u["emails"][0]["value"])
            if fields == "full":
                total += len(u["name"]["givenName"]) + (u["meta"]["lastModified"] is not None)
    return total


def raw_s3(client: RawClient, ids: list[str], calls: int) -> int:
    """GET ``calls`` users by id on one keep-alive connection, reading userName."""
    total = 0
    for k in range(calls):
        total += len(client.get(f"/Users/{ids[k % len(ids)]}")["userName"])
    return total


def raw_workload(scenario: str, url: str, fields: str) -> tuple[Work, Work]:
    """Return (prime, work) callables for the raw implementation."""
    client = RawClient(url)
    if scenario == "S1":
        users = bulk_users()
        return lambda: raw_s1(client, [fixtures.new_user(0)]), lambda: raw_s1(client, users)
    if scenario == "S2":
        return lambda: raw_s2(client, 1, fields), lambda: raw_s2(client, S2_PAGES, fields)
    ids = user_ids()
    return lambda: raw_s3(client, ids, 1), lambda: raw_s3(client, ids, S3_CALLS)


# --------------------------------------------------------------------------- sdk


def sdk_s1(api: Any, users: list[dict[str, Any]]) -> int:
    """Build a BulkRequest of len(users) POST /Users operations, send it, count 201s."""
    from pyscim.model.bulk_operation import BulkOperation
    from pyscim.model.bulk_request import BulkRequest

    ops = [
        BulkOperation(method="POST", path="/Users", bulk_id=fixtures.bulk_id(i), data=user)
        for i, user in enumerate(users)
    ]
    resp = api.bulk_post(BulkRequest(schemas=[fixtures.BULK_REQUEST], operations=ops))
    return sum(op.status == "201" for op in resp.operations)


def sdk_s2(api: Any, pages: int, fields: str) -> int:
    """Fetch ``pages`` ListResponses of users and read the chosen fields of each user."""
    total = 0
    for page in range(pages):
        resp = api.get_users(filter=FILTER, start_index=1 + page * fixtures.LIST_SIZE,
                             count=fixtures.LIST_SIZE)
        for u in resp.resources:
            total += len(u.user_name) + len(u.emails[0].value)
            if fields == "full":
                total += len(u.name.given_name) + (u.meta.last_modified is not None)
    return total


def sdk_s3(api: Any, ids: list[str], calls: int) -> int:
    """GET ``calls`` users by id on one keep-alive connection, reading user_name."""
    total = 0
    for k in range(calls):
        total += len(api.get_user_by_id(ids[k % len(ids)]).user_name)
    return total


def sdk_workload(scenario: str, url: str, fields: str) -> tuple[Work, Work]:
    """Return (prime, work) callables for the pyscim implementation."""
    from pyscim.api.default_api import DefaultApi
    from pyscim.api.user_api import UserApi
    from pyscim.api_client import ApiClient
    from pyscim.configuration import Configuration

    api_client = ApiClient(Configuration(host=url, access_token=fixtures.TOKEN))
    if scenario == "S1":
        bulk_api = DefaultApi(api_client)
        users = bulk_users()
        return (lambda: sdk_s1(bulk_api, [fixtures.new_user(0)]),
                lambda: sdk_s1(bulk_api, users))
    user_api = UserApi(api_client)
    if scenario == "S2":
        return lambda: sdk_s2(user_api, 1, fields), lambda: sdk_s2(user_api, S2_PAGES, fields)
    ids = user_ids()
    return lambda: sdk_s3(user_api, ids, 1), lambda: sdk_s3(user_api, ids, S3_CALLS)


# --------------------------------------------------------------------------- runner


def versions(impl: str) -> dict[str, str]:
    """Return the versions (and pyscim location) that this process actually uses."""
    import urllib3

    out = {"python": platform.python_version(), "urllib3": urllib3.__version__}
    if impl == "sdk":
        import pyscim

        out["pyscim"] = getattr(pyscim, "__version__", "?")
        out["pyscim_file"] = getattr(pyscim, "__file__", "?")
    return out


def peak_rss_kb() -> int:
    """Return this process's peak resident set size in KiB."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak // 1024 if sys.platform == "darwin" else peak  # macOS reports bytes


def measure(impl: str, scenario: str, url: str, fields: str, prime: bool = True) -> dict[str, Any]:
    """Set up, prime, then time one scenario run; return the measurements."""
    make = raw_workload if impl == "raw" else sdk_workload
    warm, work = make(scenario, url, fields)
    if prime:
        warm()
    gc.collect()
    cpu0, wall0 = time.process_time(), time.perf_counter()
    checksum = work()
    cpu1, wall1 = time.process_time(), time.perf_counter()
    return {
        "cpu_s": cpu1 - cpu0,
        "wall_s": wall1 - wall0,
        "maxrss_kb": peak_rss_kb(),
        "checksum": checksum,
    }


def main() -> int:
    """Parse arguments, run one measurement and print it as a JSON line."""
    parser = argparse.ArgumentParser(description="Run one benchmark scenario once.")
    parser.add_argument("--impl", choices=("raw", "sdk"), required=True)
    parser.add_argument("--scenario", choices=("S1", "S2", "S3"), required=True)
    parser.add_argument("--url", required=True, help="SCIM base URL of the canned server")
    parser.add_argument("--fields", choices=("full", "basic"), default="full",
                        help="S2: read all four fields, or only user_name and emails[0].value")
    parser.add_argument("--no-prime", action="store_true",
                        help="skip the untimed one-call priming before the timed work")
    args = parser.parse_args()
    result: dict[str, Any] = {"impl": args.impl, "scenario": args.scenario, "fields": args.fields}
    try:
        result["versions"] = versions(args.impl)
        result.update(measure(args.impl, args.scenario, args.url, args.fields, not args.no_prime))
    except Exception as exc:  # noqa: BLE001 - any failure (ImportError too) is an error row
        result["error"] = f"{type(exc).__name__}: {exc}"[:500]
        result["traceback"] = traceback.format_exc()[-2000:]
    print(json.dumps(result), flush=True)
    return 1 if "error" in result else 0


if __name__ == "__main__":
    sys.exit(main())
