"""whosaid on a real Dask LocalCluster: two single-threaded worker processes give exactly the
single-process run's records, in order, and still do after one worker is killed with SIGKILL
part-way (its in-flight chunks are retried; nothing is lost, nothing comes back twice)."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator

import pytest

from tests.test_parallel import dicts, make_corpus
from whosaid.config import DEFAULT_SETTINGS
from whosaid.pipeline import Pipeline
from whosaid.runs import ingest_items, ingest_parallel, local_client, run_in_process, run_parallel
from whosaid.store import Store

distributed = pytest.importorskip("distributed")

pytestmark = [pytest.mark.slow, pytest.mark.timeout(300)]


@pytest.fixture(scope="module")
def client() -> Iterator[distributed.Client]:
    with local_client(2) as c:  # the cluster `--workers 2` starts
        yield c


def worker_settings() -> tuple[str | None, bool]:
    import dask

    return os.environ.get("MALLOC_TRIM_THRESHOLD_"), dask.config.get(
        "distributed.worker.profile.enabled"
    )


def test_local_workers_keep_glibc_malloc_tuning_and_run_no_profiler(client) -> None:
    # Dask's defaults cost 14-20% CPU per article (see LOCAL_WORKER_CONFIG); the environment of
    # this test run must not set the variable itself for the check to mean anything.
    if "MALLOC_TRIM_THRESHOLD_" in os.environ:
        pytest.skip("MALLOC_TRIM_THRESHOLD_ is set in the environment of the test run")
    assert set(client.run(worker_settings).values()) == {(None, False)}


@pytest.fixture(scope="module")
def corpus():
    return make_corpus(72)


@pytest.fixture(scope="module")
def single(corpus) -> list[dict]:
    return dicts(run_in_process(corpus, DEFAULT_SETTINGS, chunk=4))


def test_two_workers_give_the_single_process_records_in_order(client, corpus, single) -> None:
    got = dicts(run_parallel(corpus, client=client, chunk=4))
    assert got == single
    assert len(got) == len(corpus)
    assert sum(len(d.get("quotes", [])) for d in got) >= len(corpus)  # real records, not stubs
    used = client.run(os.getpid)
    assert len(set(used.values())) == 2 and os.getpid() not in used.values()


def test_a_killed_worker_costs_a_retry_and_nothing_else(client, corpus, single) -> None:
    before = set(client.run(os.getpid).values())
    got: list[dict] = []
    killed = None
    for outcome in run_parallel(corpus, client=client, chunk=4, in_flight=6):
        got.append(outcome.to_dict())
        if killed is None and len(got) >= 4:
            killed = _kill_a_busy_worker(client)
    assert killed is not None
    assert got == single  # same records, same order: nothing lost, nothing twice
    after = _wait_for_workers(client, 2)
    assert killed not in after and len(before & after) == 1  # the nanny started a new process


# Columns that record when a row was written, not what it holds.
_CLOCK_COLUMNS = {"ingested_at", "at", "first_seen_at", "stored_at"}


def stored(db) -> dict[str, list[tuple]]:
    """Every row of every table of a store, in id order, without the write-time columns."""
    store = Store.open(db)
    try:
        conn = store.conn
        tables = [
            r[0]
            for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")
            if not r[0].startswith(("sqlite_", "fts", "quotes_fts"))
        ]
        dump = {}
        for t in tables:
            cols = [r[1] for r in conn.execute(f"PRAGMA table_info({t})")]
            keep = ", ".join(f'"{c}"' for c in cols if c not in _CLOCK_COLUMNS)
            dump[t] = conn.execute(f'SELECT {keep} FROM "{t}" ORDER BY 1, 2').fetchall()
        return dump
    finally:
        store.close()


@pytest.fixture(scope="module")
def single_store(tmp_path_factory, corpus) -> dict[str, list[tuple]]:
    db = tmp_path_factory.mktemp("single") / "one.db"
    store = Store.open(db)
    ingest_items(store, corpus, Pipeline(DEFAULT_SETTINGS), batch_size=16)
    store.close()
    return stored(db)


def test_ingest_on_two_workers_stores_what_one_process_stores(
    client, corpus, single_store, tmp_path
) -> None:
    db = tmp_path / "two.db"
    store = Store.open(db)
    report = ingest_parallel(store, corpus, client=client, batch_size=16, chunk=4)
    store.close()
    assert stored(db) == single_store
    assert single_store["articles"] and single_store["quotes"] and single_store["failures"]
    assert report.added == len(single_store["articles"])


def test_ingest_with_a_killed_worker_stores_the_same_set_once(
    client, corpus, single_store, tmp_path
) -> None:
    db = tmp_path / "killed.db"
    store = Store.open(db)
    killed = None

    def feed():
        """The corpus; from its 30th item on (chunks are in flight by then), the first worker
        seen holding a task is killed. While this waits nothing new is fed, so on a fast
        machine the chunks in flight may all finish first: then it tries again at the next
        item rather than waiting for work that cannot come."""
        nonlocal killed
        for n, item in enumerate(corpus):
            if n >= 30 and killed is None:
                killed = _kill_a_busy_worker(client)
            yield item

    ingest_parallel(store, feed(), client=client, batch_size=16, chunk=4)
    store.close()
    assert killed is not None, "no worker held a task to kill"
    assert stored(db) == single_store
    _wait_for_workers(client, 2)
    # Run again, as after an interruption: everything is stored already, nothing is added.
    store = Store.open(db)
    again = ingest_parallel(store, corpus, client=client, batch_size=16)
    store.close()
    assert again.added == 0 and again.existing >= len(single_store["articles"])
    assert stored(db) == single_store


def _kill_a_busy_worker(client) -> int | None:
    """SIGKILL the process of a worker that holds tasks right now; returns its pid, or None
    when none held one within a second."""
    pids = client.run(os.getpid)
    for _ in range(20):
        busy = [addr for addr, keys in client.processing().items() if keys]
        if busy:
            pid = pids[busy[0]]
            os.kill(pid, signal.SIGKILL)
            return pid
        time.sleep(0.05)
    return None


def _wait_for_workers(client, n: int, timeout: float = 60.0) -> set[int]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        pids = set(client.run(os.getpid).values())
        if len(pids) == n:
            return pids
        time.sleep(0.5)
    raise AssertionError(f"fewer than {n} workers after {timeout} s")


def test_a_local_cluster_never_warns_that_the_dashboard_port_is_taken() -> None:
    # Dask's scheduler serves HTTP on 8787 by default and warns when another program holds it;
    # whosaid's LocalCluster serves no dashboard, so holding 8787 here must not cause a warning.
    import socket
    import warnings

    holder = socket.socket()
    try:
        holder.bind(("", 8787))
        holder.listen()
    except OSError:
        pass  # something else holds 8787 already: the case under test all the same
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            with local_client(1) as c:
                assert c.scheduler_info()["workers"]
    finally:
        holder.close()
    assert not [w for w in caught if "already in use" in str(w.message)], caught
