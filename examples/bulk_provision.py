#!/usr/bin/env python3
"""Provision users and a group into a SCIM server through /Bulk, and print each operation's outcome.

    python3 examples/bulk_provision.py                      # against a local server it starts
    python3 examples/bulk_provision.py --users 50
    python3 examples/bulk_provision.py --host https://idp.example.com/jans-scim/restv1/v2 \\
        --token "$TOKEN"

With no --host it starts a throwaway in-memory SCIM server (scim2-server, configured
like Janssen) on 127.0.0.1 and stops it at the end. On a machine with only python3,
it first makes a virtualenv in .venv with what it needs, and runs itself there.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"


def ensure_dependencies() -> None:
    """Re-run this script inside .venv (made on first use) when pyscim's dependencies are missing."""
    try:
        import certifi  # noqa: F401
        import dateutil  # noqa: F401
        import scim2_server  # noqa: F401
        import urllib3  # noqa: F401
    except ImportError:
        python = VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
        if Path(sys.prefix).resolve() == VENV.resolve():
            raise  # already in the venv: installing did not help
        if not python.exists():
            print("Creating %s with pyscim's dependencies (first run only)..." % VENV, flush=True)
            venv.create(VENV, with_pip=True)
        subprocess.run(
            [str(python), "-m", "pip", "install", "--quiet", "-r", str(ROOT / "requirements.txt"),
             "scim2-server>=0.8.3,<0.9"],
            check=True,
        )
        os.execv(str(python), [str(python), *sys.argv])
    sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--host", help="SCIM base URL; default: start a local server")
    parser.add_argument("--token", help="OAuth bearer token (default: the local server's)")
    parser.add_argument("--users", type=int, default=5, help="how many users to create (default 5)")
    parser.add_argument("--prefix", default="demo", help="userName prefix (default 'demo')")
    args = parser.parse_args()
    ensure_dependencies()

    import pyscim
    from pyscim.api.group_api import GroupApi
    from pyscim.bulk import send_bulk
    from pyscim.model.bulk_operation import BulkOperation
    from pyscim.testing import LocalScimServer

    server = None
    host, token = args.host, args.token
    if host is None:
        server = LocalScimServer(token="demo-token").start()
        host, token = server.url, server.token
        print("Started a local SCIM server at %s" % host)
    try:
        configuration = pyscim.Configuration(host=host)
        configuration.access_token = token

        user_ops = [
            BulkOperation(
                method="POST",
                path="/Users",
                bulk_id="user%d" % i,
                data={
                    "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
                    "userName": "%s.user%d" % (args.prefix, i),
                    "name": {"givenName": "User%d" % i, "familyName": args.prefix.title()},
                    "emails": [{"value": "%s.user%d@example.com" % (args.prefix, i), "primary": True}],
                    "active": True,
                },
            )
            for i in range(1, args.users + 1)
        ]
        group_op = BulkOperation(
            method="POST",
            path="/Groups",
            bulk_id="group",
            data={
                "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
                "displayName": "%s team" % args.prefix,
                "members": [{"value": "bulkId:%s" % op.bulk_id} for op in user_ops],
            },
        )
        operations = user_ops + [group_op]

        with pyscim.ApiClient(configuration) as api_client:
            # One /Bulk request when the server's limits allow, several when they do not;
            # either way one outcome per operation, in order.
            result = send_bulk(api_client, operations)
            for outcome in result:
                op = outcome.operation
                if outcome.ok:
                    detail = outcome.location
                elif outcome.status is not None:
                    detail = (outcome.response or {}).get("detail", "")
                else:
                    detail = "not carried out: %s" % (outcome.error or "the server stopped before it")
                print("%-6s %-8s bulkId=%-8s -> %s %s" % (
                    op.method, op.path, op.bulk_id, outcome.status or "---", detail))
            print("%d of %d operations succeeded in %d bulk request(s)" % (
                len(result.succeeded), len(result), result.requests))

            group = result[-1]
            if group.ok:
                members = GroupApi(api_client).get_group_by_id(group.id).members
                print("Group %r has %d members" % (group_op.data["displayName"], len(members)))
        return 0 if result.ok else 1
    except pyscim.ApiException as exc:
        print("The bulk request failed: %s" % exc, file=sys.stderr)
        return 2
    finally:
        if server is not None:
            server.stop()


if __name__ == "__main__":
    sys.exit(main())
