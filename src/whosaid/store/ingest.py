"""Ingest: read inputs, skip what is stored, analyse the rest, write them batch by batch.

Resumable by construction: every article is keyed by its content before it is analysed, keys
already in the store are skipped without analysis, and each batch is one transaction. A run
killed at any point (``kill -9``) loses only the batch in flight, and the next run picks up there.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, cast

from whosaid.config import DEFAULT_SETTINGS, Settings
from whosaid.model import Article, Outcome
from whosaid.read.formats import iter_inputs
from whosaid.store.base import open_writer
from whosaid.store.keys import article_key
from whosaid.store.sqlite import Store

if TYPE_CHECKING:  # the pipeline imports spaCy, which the store's queries never need
    from whosaid.pipeline import Pipeline


@dataclass(slots=True)
class IngestReport:
    """Running totals of an ingest; ``progress`` callbacks receive it after every batch."""

    seen: int = 0  # inputs read (articles and unreadable inputs)
    added: int = 0  # articles analysed and stored by this run
    existing: int = 0  # articles skipped because the store had them before this run
    duplicates: int = 0  # articles skipped because the input had them earlier in this run
    failed_before: int = 0  # inputs skipped because an earlier run recorded their failure
    quotes: int = 0  # quotes stored by this run
    failed: dict[str, int] = field(default_factory=dict)  # reason -> count, this run
    seconds: float = 0.0

    @property
    def failures(self) -> int:
        return sum(self.failed.values())

    @property
    def rate(self) -> float:
        """Articles analysed per second (skipped ones excluded)."""
        done = self.added + self.failures
        return done / self.seconds if self.seconds > 0 else 0.0

    def line(self) -> str:
        """A one-line summary for logs and non-terminal output."""
        failed = ", ".join(f"{k} {v}" for k, v in sorted(self.failed.items()))
        return (
            f"{self.seen} inputs: {self.added} articles added ({self.quotes} quotes), "
            f"{self.existing} already stored, "
            + (f"{self.duplicates} duplicates in the input, " if self.duplicates else "")
            + f"{self.failures} failed"
            + (f" ({failed})" if failed else "")
            + (
                f", {self.failed_before} skipped as failed before (--retry-failed tries again)"
                if self.failed_before
                else ""
            )
            + f"; {self.seconds:.1f} s, {self.rate:.1f} articles/s"
        )


@dataclass(slots=True)
class KnownKeys:
    """What a (resumed) ingest skips before analysing anything: the keys of stored articles and,
    unless failures are retried, of the inputs whose failure is on record. Kept apart so the
    report can say which is which: "already stored" must not count a failure, nor an article
    the input holds twice (a first ingest into a new store has nothing "already stored")."""

    stored: set[str]
    failed: set[str]
    this_run: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, store: Store, retry_failed: bool) -> KnownKeys:
        return cls(store.stored_keys(), set() if retry_failed else store.failed_keys())

    def skip(self, key: str, report: IngestReport) -> bool:
        """True (and counted in ``report``) if ``key`` needs no analysis; otherwise the key is
        remembered, so a duplicate later in the same run is skipped as a duplicate."""
        if key in self.stored:
            report.existing += 1
            return True
        if key in self.failed:
            report.failed_before += 1
            return True
        if key in self.this_run:
            report.duplicates += 1
            return True
        self.this_run.add(key)
        return False


def ingest_items(
    store: Store,
    items: Iterable[Article | Outcome],
    pipeline: Pipeline,
    *,
    batch_size: int = 64,
    retry_failed: bool = False,
    progress: Callable[[IngestReport], None] | None = None,
) -> IngestReport:
    """Store articles (and inputs already turned into failure Outcomes) in ``store``."""
    report = IngestReport()
    started = time.perf_counter()
    known = KnownKeys.of(store, retry_failed)
    it = iter(items)
    while batch := list(islice(it, batch_size)):
        report.seen += len(batch)
        todo: list[tuple[str, Article]] = []
        writes: list[tuple[str | None, Outcome]] = []
        for item in batch:
            if isinstance(item, Outcome):
                writes.append((None, item))
                continue
            key = article_key(item)
            if known.skip(key, report):
                continue
            todo.append((key, item))
        outcomes = pipeline.analyze_many((a for _, a in todo), chunk=batch_size)
        writes += [(key, o) for (key, _), o in zip(todo, outcomes, strict=True)]
        write_and_count(store, writes, report)
        report.seconds = time.perf_counter() - started
        if progress:
            progress(report)
    report.seconds = time.perf_counter() - started
    return report


def write_and_count(
    store: Store, writes: list[tuple[str | None, Outcome]], report: IngestReport
) -> None:
    """Store one batch (one transaction) and add what happened to ``report``; the one place
    both the in-process and the parallel ingest count their results."""
    result = store.write_batch(writes)
    report.added += result.added
    report.existing += result.existing
    report.quotes += result.quotes
    for _, o in writes:
        if not o.ok:
            reason = o.reason or "error"
            report.failed[reason] = report.failed.get(reason, 0) + 1


def ingest(
    inputs: Iterable[str | Path],
    db: str | Path | Store,
    settings: Settings = DEFAULT_SETTINGS,
    *,
    batch_size: int = 64,
    retry_failed: bool = False,
    progress: Callable[[IngestReport], None] | None = None,
    pipeline: Pipeline | None = None,
) -> IngestReport:
    """Ingest files and folders (text, HTML, ``.jsonl``, Reuters ``.sgm``) into the store at
    ``db`` (a path, created or migrated as needed, or an open ``Store``)."""
    from whosaid.pipeline import Pipeline

    # Any backend's writer (a path or a postgresql:// address); it has Store's methods.
    store = db if isinstance(db, Store) else cast(Store, open_writer(db, check=True))
    try:
        return ingest_items(
            store,
            _articles(inputs, settings),
            pipeline or Pipeline(settings),
            batch_size=batch_size,
            retry_failed=retry_failed,
            progress=progress,
        )
    finally:
        if not isinstance(db, Store):
            store.close()


def _articles(inputs: Iterable[str | Path], settings: Settings) -> Iterator[Article | Outcome]:
    return iter_inputs(inputs, settings.max_bytes)
