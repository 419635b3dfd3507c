"""Where the work runs: a Dask ``LocalCluster`` on this machine's cores, or the scheduler of a
Dask cluster, and the errors when neither can be had.

Why Dask for local cores as well as for clusters, rather than a stdlib process pool: one engine
means one code path and one fault model. When a ``ProcessPoolExecutor`` worker dies the whole
pool breaks and every in-flight chunk must be redone on a fresh pool (every worker reloading the
model); when a Dask worker dies its nanny restarts it and the scheduler reruns only the tasks that
worker held, which is exactly "its in-flight articles cost a retry, nothing more". Dask also sets
one BLAS thread per worker process, so N workers use N cores without oversubscription. The cost
is a few seconds to start a ``LocalCluster``; a run that fits in one chunk never pays it (it runs
in this process).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from whosaid.errors import WhosaidError

if TYPE_CHECKING:
    from distributed import Client


class ClusterError(WhosaidError):
    """The Dask cluster cannot be reached, or has no workers."""

    reason = "cluster"


def default_workers() -> int:
    """The number of cores this process may use (the default for ``--workers``)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS and Windows have no affinity mask
        return os.cpu_count() or 1


# Dask's defaults for worker processes, changed for ours; both measured with bench/scale.py on
# 1,000 Reuters stories and 2 workers (articles per CPU second; one process with no Dask: 31.8):
# - Dask's nanny starts workers with MALLOC_TRIM_THRESHOLD_=65536, so that freed memory goes back
#   to the system at once. Setting it at all turns off glibc's adaptive mmap threshold, and spaCy's
#   many large short-lived arrays are then mapped and unmapped every time: 14% more CPU per
#   article in one process (user and system time), 24.9 -> 29.6 with 2 workers. whosaid's workers
#   keep flat memory without it (the pipeline frees each chunk's strings in a memory zone).
# - The statistical profiler samples every worker's stack every 10 ms for the dashboard, which
#   a LocalCluster of ours does not serve.
LOCAL_WORKER_CONFIG: dict[str, object] = {
    "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,  # None unsets it
    "distributed.worker.profile.enabled": False,
}


@contextmanager
def local_client(workers: int) -> Iterator[Client]:
    """A Dask LocalCluster of ``workers`` single-threaded processes, closed on exit."""
    import dask
    from distributed import Client, LocalCluster

    with (
        dask.config.set(LOCAL_WORKER_CONFIG),
        LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            # Even without a dashboard the scheduler serves its health routes over HTTP, on
            # port 8787 unless told otherwise, and warns "Port 8787 is already in use" when
            # another cluster or program has it: a free port chosen by the system never clashes.
            scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
            silence_logs=logging.ERROR,
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client


@contextmanager
def cluster_client(address: str, timeout: float = 30.0) -> Iterator[Client]:
    """A client of the Dask scheduler at ``address`` (``tcp://host:8786``), closed on exit."""
    from distributed import Client

    try:
        client = Client(address, timeout=timeout)
    except (OSError, TimeoutError) as exc:
        raise ClusterError(
            f"cannot reach the Dask scheduler at {address} ({exc}). Check the address (it looks "
            "like tcp://host:8786), that `dask scheduler` runs there and that this machine can "
            "reach its port."
        ) from exc
    try:
        yield client
    finally:
        client.close()


def worker_threads(client: Client, timeout: float = 60.0) -> int:
    try:
        client.wait_for_workers(1, timeout=timeout)
    except TimeoutError as exc:
        raise ClusterError(
            f"the Dask cluster has no workers after {timeout:.0f} s. Start some with "
            "`dask worker SCHEDULER_ADDRESS` on machines where whosaid is installed."
        ) from exc
    return max(sum(client.nthreads().values()), 1)


@contextmanager
def client_or_none(cluster: str | None) -> Iterator[Client | None]:
    """A client of the scheduler at ``cluster``, or None (local cores) when none is given."""
    if cluster is None:
        yield None
        return
    with cluster_client(cluster) as client:
        yield client
