"""The runs: the pipeline applied to many articles, in this process or on Dask workers, and what
becomes of the outcomes (the store, or partitioned files). The command line calls these.

    from whosaid.runs import ingest, run_parallel
    report = ingest(["corpus/", "more.jsonl"], "whosaid.db", settings)   # -> IngestReport
    for outcome in run_parallel(articles, settings, workers=4): ...      # input order

One module per part: ``cluster`` (where the workers come from), ``local`` (what a worker runs,
chunking, the one-process run), ``parallel`` (``run_parallel``: backpressure, ordering, retries),
``progress`` (the live line), ``ingest`` (into the store, one process), ``parallel_ingest``
(into the store, analysis on the workers) and ``partitioned`` (``extract --out DIR``). The runs
reach the store only through its seam, ``whosaid.store.base.open_writer``.
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

# Imported now, not on first use: importing the submodule ``whosaid.runs.ingest`` would bind the
# name ``ingest`` here to the module, shadowing the function. It does not import spaCy.
from whosaid.runs.ingest import IngestReport, KnownKeys, ingest, ingest_items

# Most runs import the pipeline, hence spaCy (about 1.5 s), which the commands that do not
# analyse never need: a name's module is imported on its first use (PEP 562).
_HOMES = {
    "ClusterError": "cluster",
    "LOCAL_WORKER_CONFIG": "cluster",
    "cluster_client": "cluster",
    "default_workers": "cluster",
    "local_client": "cluster",
    "Item": "local",
    "analyse_chunk": "local",
    "chunked": "local",
    "merge_in_order": "local",
    "run_in_process": "local",
    "warm_up": "local",
    "analyse_stream": "parallel",
    "run_on_client": "parallel",
    "run_parallel": "parallel",
    "ProgressState": "progress",
    "with_progress": "progress",
    "ingest_parallel": "parallel_ingest",
    "ingest_paths": "parallel_ingest",
    "extract_to_dir": "partitioned",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'whosaid.runs' has no attribute {name!r}")
    value = getattr(import_module(f"whosaid.runs.{home}"), name)
    globals()[name] = value
    return value


if TYPE_CHECKING:
    from whosaid.runs.cluster import (
        LOCAL_WORKER_CONFIG,
        ClusterError,
        cluster_client,
        default_workers,
        local_client,
    )
    from whosaid.runs.local import (
        Item,
        analyse_chunk,
        chunked,
        merge_in_order,
        run_in_process,
        warm_up,
    )
    from whosaid.runs.parallel import analyse_stream, run_on_client, run_parallel
    from whosaid.runs.parallel_ingest import ingest_parallel, ingest_paths
    from whosaid.runs.partitioned import extract_to_dir
    from whosaid.runs.progress import ProgressState, with_progress

__all__ = [
    "LOCAL_WORKER_CONFIG",
    "ClusterError",
    "IngestReport",
    "Item",
    "KnownKeys",
    "ProgressState",
    "analyse_chunk",
    "analyse_stream",
    "chunked",
    "cluster_client",
    "default_workers",
    "extract_to_dir",
    "ingest",
    "ingest_items",
    "ingest_parallel",
    "ingest_paths",
    "local_client",
    "merge_in_order",
    "run_in_process",
    "run_on_client",
    "run_parallel",
    "warm_up",
    "with_progress",
]
