"""One ApiClient shared by many threads, and by forked children."""

from __future__ import annotations

import json
import multiprocessing
import os
import threading
import time
from typing import Any, Dict, Iterator, List, Tuple

import fault_server as fs
import pytest

import pyscim
from pyscim.api.user_api import UserApi
from pyscim.filter import attr
from pyscim.model.search_request import SearchRequest
from pyscim.testing import LocalScimServer

THREADS = 16
RUN_SECONDS = 3.0
MAX_ROUNDS = 300


@pytest.fixture(scope="module")
def scim() -> Iterator[Tuple[pyscim.ApiClient, Dict[str, str]]]:
    server = LocalScimServer(token="secret").start()
    try:
        config = pyscim.Configuration(host=server.url, access_token="secret")
        client = pyscim.ApiClient(config)
        api = UserApi(client)
        ids = {}
        for i in range(THREADS):
            name = "worker-%02d" % i
            ids[name] = api.create_user({"userName": name, "displayName": "start"}).id
        yield client, ids
        client.close()
    finally:
        server.stop()


@pytest.mark.timeout(90)
def test_sixteen_threads_share_one_client(scim: Tuple[pyscim.ApiClient, Dict[str, str]]) -> None:
    client, ids = scim
    api = UserApi(client)
    deadline = time.monotonic() + RUN_SECONDS
    hard_stop = deadline + 30
    start = threading.Barrier(THREADS, timeout=10)
    problems: List[str] = []
    done: Dict[int, int] = {}

    def check(ok: bool, what: str) -> None:
        if not ok:
            problems.append(what)

    def work(i: int) -> None:
        name = "worker-%02d" % i
        uid = ids[name]
        n = 0
        try:
            start.wait()
            # At least one round of each kind of call, then until the time is up.
            while n < MAX_ROUNDS and (n < 5 or time.monotonic() < deadline) and time.monotonic() < hard_stop:
                kind = n % 5
                if kind == 0:
                    u = api.get_user_by_id(uid)
                    check(u.id == uid and u.user_name == name, "%s got %s" % (name, u.user_name))
                elif kind == 1:
                    r = api.get_users(filter=attr("userName").eq(name))
                    check(r.total_results == 1 and r.resources[0].id == uid, "%s list" % name)
                elif kind == 2:
                    tag = "t%d-%d" % (i, n)
                    u = api.update_user_by_id(uid, {"userName": name, "displayName": tag})
                    check(u.id == uid and u.display_name == tag, "%s put %s got %s" % (name, tag, u.display_name))
                elif kind == 3:
                    r = api.search_user(SearchRequest(filter=attr("userName").eq(name)))
                    check([x.id for x in r.resources] == [uid], "%s search" % name)
                else:
                    tmp = "tmp-%d-%d" % (i, n)
                    created = api.create_user({"userName": tmp})
                    check(created.user_name == tmp, "%s created %s" % (tmp, created.user_name))
                    got = api.get_user_by_id(created.id)
                    check(got.user_name == tmp, "%s read back %s" % (tmp, got.user_name))
                    api.delete_user_by_id(created.id)
                n += 1
        except Exception as exc:  # reported below, with the thread's name
            problems.append("%s: %s: %s" % (name, type(exc).__name__, exc))
        done[i] = n

    threads = [threading.Thread(target=work, args=(i,), daemon=True) for i in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=RUN_SECONDS + 40)
    assert not any(t.is_alive() for t in threads)
    assert problems == []
    assert len(done) == THREADS and all(n >= 5 for n in done.values()), done
    # Every worker's last write is the one the server kept.
    for name, uid in ids.items():
        assert UserApi(client).get_user_by_id(uid).user_name == name


@pytest.mark.timeout(30)
def test_threads_get_their_own_answers_from_a_keep_alive_server() -> None:
    # Many requests in flight over pooled keep-alive connections: each thread
    # must read the reply to its own request.
    with fs.FaultServer(lifetime=30) as srv:
        srv.on("echo", fs.echo())
        client = pyscim.ApiClient(pyscim.Configuration(host=srv.url("echo"), access_token="t"))
        errors: List[str] = []

        def work(i: int) -> None:
            for n in range(40):
                path = "/echo/Users/%d-%d" % (i, n)
                r = client.request("GET", srv.base + path, headers={"X-Worker": str(i)})
                got = json.loads(r.data)
                if got["target"] != path or got["headers"]["x-worker"] != str(i):
                    errors.append("%d/%d got %s" % (i, n, got["target"]))

        threads = [threading.Thread(target=work, args=(i,), daemon=True) for i in range(THREADS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=25)
        assert errors == []
        assert srv.count("echo") == THREADS * 40
        assert srv.connections <= THREADS * 2  # connections were reused


def _wait_child(pid: int, seconds: float) -> int:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status)
        time.sleep(0.02)
    os.kill(pid, 9)
    os.waitpid(pid, 0)
    raise AssertionError("the child did not finish in %s s" % seconds)


@pytest.mark.timeout(30)
@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_forked_child_gets_fresh_connections() -> None:
    with fs.FaultServer(lifetime=30) as srv:
        client = pyscim.ApiClient(pyscim.Configuration(host=srv.url("f"), access_token="t"))
        api = UserApi(client)
        api.get_users()
        assert [r.conn_id for r in srv.received("f")] == [0]
        parent_manager = client.rest_client.pool_manager
        pid = os.fork()
        if pid == 0:  # the child: report through the exit code, never return into pytest
            code = 1
            try:
                fresh = client.rest_client.pool_manager is not parent_manager
                empty = len(client.rest_client.pool_manager.pools) == 0
                api.get_users()
                code = 0 if fresh and empty else 2
            except BaseException:
                code = 3
            finally:
                os._exit(code)
        assert _wait_child(pid, 15) == 0
        # The child used a connection of its own...
        assert [r.conn_id for r in srv.received("f")] == [0, 1]
        # ...and left the parent's alone: the parent still reuses connection 0.
        api.get_users()
        assert [r.conn_id for r in srv.received("f")] == [0, 1, 0]


def _worker_get(uid: str) -> Any:
    return _SHARED["api"].get_user_by_id(uid).user_name


_SHARED: Dict[str, Any] = {}


@pytest.mark.timeout(60)
@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="needs fork")
def test_worker_pool_after_use(scim: Tuple[pyscim.ApiClient, Dict[str, str]]) -> None:
    client, ids = scim
    api = UserApi(client)
    assert api.get_user_by_id(ids["worker-00"]).user_name == "worker-00"  # used before forking
    _SHARED["api"] = api
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(4) as pool:
        names = pool.map_async(_worker_get, list(ids.values())).get(timeout=30)
    assert names == list(ids)
    assert api.get_user_by_id(ids["worker-01"]).user_name == "worker-01"  # the parent still works


@pytest.mark.timeout(30)
@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_async_requests_work_in_a_forked_child() -> None:
    with fs.FaultServer(lifetime=30) as srv:
        api = UserApi(pyscim.ApiClient(pyscim.Configuration(host=srv.url("a"), access_token="t")))
        assert api.get_users(async_req=True).get(timeout=10).total_results == 1
        pid = os.fork()
        if pid == 0:
            code = 1
            try:
                code = 0 if api.get_users(async_req=True).get(timeout=5).total_results == 1 else 2
            except BaseException:
                code = 3
            finally:
                os._exit(code)
        assert _wait_child(pid, 15) == 0
        api.api_client.close()
