"""Ingest into the store with the analysis on the workers (``whosaid ingest --workers N`` /
``--cluster ADDRESS``): this process is the single store writer, the workers only analyse."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import closing
from pathlib import Path
from typing import TYPE_CHECKING

from whosaid.config import DEFAULT_SETTINGS, Settings
from whosaid.model import Article, Outcome
from whosaid.runs.cluster import client_or_none
from whosaid.runs.ingest import IngestReport, KnownKeys, write_and_count
from whosaid.runs.local import Item
from whosaid.runs.parallel import run_parallel
from whosaid.runs.progress import ProgressState, live_progress
from whosaid.store.base import Writer, open_writer
from whosaid.store.keys import article_key

if TYPE_CHECKING:
    from distributed import Client


def ingest_parallel(
    store: Writer,
    items: Iterable[Item],
    settings: Settings = DEFAULT_SETTINGS,
    *,
    workers: int | None = None,
    client: Client | None = None,
    batch_size: int = 64,
    retry_failed: bool = False,
    progress: ProgressState | None = None,
    chunk: int = 32,
) -> IngestReport:
    """``runs.ingest.ingest_items`` with the analysis spread over workers: keys already stored
    are skipped before analysis, the rest stream through ``run_parallel`` (bounded in flight),
    and this process, the single store writer, writes the Outcomes in input order, ``batch_size``
    per transaction. The store's content is the one-worker ingest's, row for row.

    Why not reuse ``ingest_items``: it analyses one batch at a time, so workers would wait for
    every write; here reading, analysis and writing overlap.
    """
    report = IngestReport()
    started = time.perf_counter()
    known = KnownKeys.of(store, retry_failed)
    keys: deque[str | None] = deque()  # the key of each item handed to the workers, in order

    def unstored() -> Iterator[Item]:
        for item in items:
            report.seen += 1
            key = article_key(item) if isinstance(item, Article) else None
            if key is not None and known.skip(key, report):
                if progress is not None:
                    progress.done += 1
                    progress.already += 1
                continue
            keys.append(key)
            yield item

    writes: list[tuple[str | None, Outcome]] = []
    outcomes = run_parallel(unstored(), settings, workers=workers, client=client, chunk=chunk)
    # Closed here, on error too: a write error (a full disk) left the run to the garbage
    # collector, which cancelled its futures after the cluster had closed, and the main thread
    # waited forever in Future.cancel. Closing it now cancels them and stops the workers.
    with closing(outcomes):
        for outcome in outcomes:
            writes.append((keys.popleft(), outcome))
            if progress is not None:
                progress.add(outcome)
            if len(writes) >= batch_size:
                write_and_count(store, writes, report)
                writes = []
                report.seconds = time.perf_counter() - started
    if writes:
        write_and_count(store, writes, report)
    report.seconds = time.perf_counter() - started
    return report


def ingest_paths(
    inputs: Iterable[str | Path],
    db: str | Path,
    settings: Settings = DEFAULT_SETTINGS,
    *,
    workers: int | None = None,
    cluster: str | None = None,
    batch_size: int = 64,
    retry_failed: bool = False,
    progress: bool = False,
) -> IngestReport:
    """``whosaid ingest --workers N`` / ``--cluster ADDRESS``: files and folders (text, HTML,
    .jsonl, Reuters .sgm) into the store at ``db``, analysed on local cores or the cluster, with
    one progress line (done, rate, ETA, failures by reason) when standard error is a terminal.
    ``db`` is a store file or a ``postgresql://`` address."""
    from whosaid.read.formats import count_inputs, iter_inputs

    inputs = list(inputs)
    store = open_writer(db, check=True)
    try:
        with client_or_none(cluster) as client:
            items = iter_inputs(inputs, settings.max_bytes)
            if not progress:
                return ingest_parallel(
                    store, items, settings, workers=workers, client=client,
                    batch_size=batch_size, retry_failed=retry_failed,
                )  # fmt: skip
            state = ProgressState(total=count_inputs(inputs))
            with live_progress(state):
                return ingest_parallel(
                    store, items, settings, workers=workers, client=client,
                    batch_size=batch_size, retry_failed=retry_failed, progress=state,
                )  # fmt: skip
    finally:
        store.close()
