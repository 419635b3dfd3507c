"""Many articles on every core of a machine, or on a Dask cluster, in input order.

``run_parallel(items, settings, workers=N)`` or ``run_parallel(items, settings, client=client)``
yields one ``Outcome`` per input, in input order, exactly what ``Pipeline.analyze_many`` yields
in one process. Input is read lazily: at most ``in_flight`` chunks of ``chunk`` articles are out
at a time (backpressure), so memory does not grow with the corpus.

Why Dask for local cores as well as for clusters, rather than a stdlib process pool: one engine
means one code path and one fault model. When a ``ProcessPoolExecutor`` worker dies the whole
pool breaks and every in-flight chunk must be redone on a fresh pool (every worker reloading the
model); when a Dask worker dies its nanny restarts it and the scheduler reruns only the tasks that
worker held, which is exactly "its in-flight articles cost a retry, nothing more". Dask also sets
one BLAS thread per worker process, so N workers use N cores without oversubscription. The cost
is a few seconds to start a ``LocalCluster``; a run that fits in one chunk never pays it (it runs
in this process).

Each worker loads the spaCy model once: ``analyse_chunk`` uses ``default_pipeline``, which is
cached per process, and ``warm_up`` loads it on every worker before the first task.
"""

from __future__ import annotations

import logging
import os
import time
from collections import Counter, deque
from collections.abc import Generator, Iterable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from itertools import chain, islice
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from whosaid.config import DEFAULT_SETTINGS, Settings
from whosaid.errors import WhosaidError
from whosaid.model import Article, Outcome
from whosaid.pipeline import default_pipeline

if TYPE_CHECKING:
    from distributed import Client

    from whosaid.output import OutFormat, WriteReport
    from whosaid.store.ingest import IngestReport
    from whosaid.store.sqlite import Store

Item = Article | Outcome  # an Outcome in the input (a file that could not be read) passes through


class ClusterError(WhosaidError):
    """The Dask cluster cannot be reached, or has no workers."""

    reason = "cluster"


def default_workers() -> int:
    """The number of cores this process may use (the default for ``--workers``)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS and Windows have no affinity mask
        return os.cpu_count() or 1


# --- what runs on a worker ------------------------------------------------------------------


def analyse_chunk(settings: Settings, articles: list[Article]) -> list[Outcome]:
    """Analyse a chunk of articles on a worker, with that worker's cached pipeline."""
    return list(default_pipeline(settings).analyze_many(articles, chunk=max(len(articles), 1)))


def warm_up(settings: Settings) -> int:
    """Load the model on a worker before its first task; returns the worker's process id."""
    _ = default_pipeline(settings).nlp
    return os.getpid()


# --- ordering, chunking, backpressure -------------------------------------------------------


def chunked(items: Iterable[Item], chunk: int) -> Iterator[list[Item]]:
    """Consecutive runs of the input holding ``chunk`` articles each (pass-through Outcomes ride
    along in place), read lazily."""
    batch: list[Item] = []
    articles = 0
    for item in items:
        batch.append(item)
        if isinstance(item, Article):
            articles += 1
            if articles == chunk:
                yield batch
                batch, articles = [], 0
    if batch:
        yield batch


def merge_in_order(batch: list[Item], analysed: list[Outcome]) -> list[Outcome]:
    """The batch's Outcomes in input order: pass-through ones as they are, one per article."""
    results = iter(analysed)
    merged = [next(results) if isinstance(x, Article) else x for x in batch]
    if next(results, None) is not None:
        raise RuntimeError("a worker returned more outcomes than it was given articles")
    return merged


def articles_of(batch: list[Item]) -> list[Article]:
    return [x for x in batch if isinstance(x, Article)]


def run_in_process(items: Iterable[Item], settings: Settings, chunk: int = 32) -> Iterator[Outcome]:
    """The one-worker run: the same chunks, analysed here."""
    pipeline = default_pipeline(settings)
    for batch in chunked(items, chunk):
        analysed = list(pipeline.analyze_many(articles_of(batch), chunk=chunk))
        yield from merge_in_order(batch, analysed)


def run_parallel(
    items: Iterable[Item],
    settings: Settings = DEFAULT_SETTINGS,
    *,
    workers: int | None = None,
    client: Client | None = None,
    chunk: int = 32,
    in_flight: int | None = None,
) -> Generator[Outcome, None, None]:
    """Analyse a stream of articles on ``workers`` local processes (default: every core) or on
    the Dask cluster behind ``client``; yields one Outcome per input item, in input order.

    ``items`` may mix Articles and Outcomes (inputs that could not be read); Outcomes are passed
    through in place. At most ``in_flight`` chunks (default: twice the worker threads) are
    submitted and not yet yielded, so the input is never held in memory as a whole.
    """
    n = default_workers() if workers is None else workers
    if client is None and n <= 1:
        yield from run_in_process(items, settings, chunk)
        return
    chunks = chunked(items, chunk)
    head = list(islice(chunks, 2))
    if len(head) < 2 and client is None:  # one chunk: starting workers costs more than it saves
        yield from run_in_process(chain.from_iterable(head), settings, chunk)
        return
    with local_client(n) if client is None else _borrowed(client) as c:
        yield from run_on_client(c, chain(head, chunks), settings, in_flight)


@contextmanager
def _borrowed(client: Client) -> Iterator[Client]:
    yield client  # a client the caller passed: the caller closes it


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


def _worker_threads(client: Client, timeout: float = 60.0) -> int:
    try:
        client.wait_for_workers(1, timeout=timeout)
    except TimeoutError as exc:
        raise ClusterError(
            f"the Dask cluster has no workers after {timeout:.0f} s. Start some with "
            "`dask worker SCHEDULER_ADDRESS` on machines where whosaid is installed."
        ) from exc
    return max(sum(client.nthreads().values()), 1)


@dataclass(slots=True)
class _Pending:
    """One submitted chunk: the input items and the future of its articles' Outcomes."""

    batch: list[Item]
    future: Any | None  # a distributed.Future, None when the chunk holds no article


def run_on_client(
    client: Client,
    chunks: Iterable[list[Item]],
    settings: Settings,
    in_flight: int | None = None,
) -> Iterator[Outcome]:
    """Submit chunks to the cluster, at most ``in_flight`` at a time; yield in input order."""
    threads = _worker_threads(client)
    client.run(warm_up, settings)  # load the model on every worker now, not in its first task
    limit = in_flight or 2 * threads
    pending: deque[_Pending] = deque()
    try:
        for batch in chunks:
            articles = articles_of(batch)
            future = (
                client.submit(analyse_chunk, settings, articles, pure=False) if articles else None
            )
            pending.append(_Pending(batch, future))
            while len(pending) >= limit:
                yield from _collect(client, settings, pending.popleft())
        while pending:
            yield from _collect(client, settings, pending.popleft())
    finally:
        for p in pending:  # stopped early (an error, or the consumer closed us)
            if p.future is not None:
                p.future.cancel()


def _collect(client: Client, settings: Settings, p: _Pending) -> list[Outcome]:
    """Wait for a chunk's Outcomes. Worker deaths are retried by Dask itself; a chunk whose task
    keeps killing workers (or fails outside the per-article guard) is rerun article by article so
    only the article at fault is reported."""
    if p.future is None:
        return merge_in_order(p.batch, [])
    try:
        return merge_in_order(p.batch, p.future.result())
    except WhosaidError:
        raise  # the model cannot load on the workers: no article can succeed
    except Exception as exc:
        if client.status != "running":
            raise ClusterError(
                f"the connection to the Dask cluster was lost ({type(exc).__name__}: {exc}). "
                "Run the same command again: work already written is kept."
            ) from exc
        articles = articles_of(p.batch)
        if len(articles) == 1:
            return merge_in_order(p.batch, [_crashed(articles[0], exc)])
        singles = [client.submit(analyse_chunk, settings, [a], pure=False) for a in articles]
        analysed = []
        for article, future in zip(articles, singles, strict=True):
            try:
                analysed.extend(future.result())
            except WhosaidError:
                raise
            except Exception as single_exc:
                analysed.append(_crashed(article, single_exc))
        return merge_in_order(p.batch, analysed)


def _crashed(article: Article, exc: BaseException) -> Outcome:
    from distributed import KilledWorker

    if isinstance(exc, KilledWorker):
        return Outcome(
            article.source,
            reason="worker_crashed",
            message=f"{article.source}: the worker analysing this article died every time it "
            "tried (out of memory, or a crash in a native library); the other articles went on. "
            "Please report it with the file attached.",
        )
    from whosaid.pipeline import internal_failure

    return internal_failure(article.source, exc)


# --- progress across all workers ------------------------------------------------------------


@dataclass(slots=True)
class ProgressState:
    """What the progress display shows: articles done, rate, ETA, failures by reason."""

    total: int | None = None
    started: float = field(default_factory=time.monotonic)
    done: int = 0
    already: int = 0  # counted in ``done`` but not analysed (stored before): not in the rate
    failures: Counter[str] = field(default_factory=Counter)

    def add(self, outcome: Outcome) -> None:
        self.done += 1
        if not outcome.ok:
            self.failures[outcome.reason or "error"] += 1

    def rate(self, now: float | None = None) -> float:
        """Articles analysed per second since the start."""
        elapsed = (time.monotonic() if now is None else now) - self.started
        return (self.done - self.already) / elapsed if elapsed > 0 else 0.0

    def eta(self, now: float | None = None) -> float | None:
        """Seconds left at the rate so far; None when the total or the rate is unknown."""
        rate = self.rate(now)
        if self.total is None or rate <= 0:
            return None
        return max(self.total - self.done, 0) / rate

    def line(self, now: float | None = None) -> str:
        """One line: ``120/1,000 articles · 24.1/s · ETA 0:00:36 · failed: empty 2``."""
        count = f"{self.done:,}" + (f"/{self.total:,}" if self.total is not None else "")
        parts = [f"{count} articles", f"{self.rate(now):.1f}/s"]
        eta = self.eta(now)
        if eta is not None:
            parts.append("ETA " + time.strftime("%H:%M:%S", time.gmtime(eta)))
        if self.failures:
            parts.append(
                "failed: " + ", ".join(f"{r} {n}" for r, n in sorted(self.failures.items()))
            )
        return " · ".join(parts)


def with_progress(
    outcomes: Iterable[Outcome], total: int | None = None, *, force: bool = False
) -> Iterator[Outcome]:
    """Pass Outcomes through while showing one live line on standard error (rich), when standard
    error is a terminal or ``force`` is set; otherwise pass them through silently."""
    from rich.console import Console
    from rich.live import Live
    from rich.text import Text

    console = Console(stderr=True)
    if not (console.is_terminal or force):
        yield from outcomes
        return
    state = ProgressState(total=total)
    with Live(Text(state.line()), console=console, refresh_per_second=4, transient=False) as live:
        for outcome in outcomes:
            state.add(outcome)
            live.update(Text(state.line()))
            yield outcome


# --- what the command line calls -----------------------------------------------------------


@contextmanager
def _client_or_none(cluster: str | None) -> Iterator[Client | None]:
    if cluster is None:
        yield None
        return
    with cluster_client(cluster) as client:
        yield client


def analyse_stream(
    items: Iterable[Item],
    settings: Settings = DEFAULT_SETTINGS,
    *,
    workers: int | None = None,
    cluster: str | None = None,
    total: int | None = None,
    progress: bool = False,
) -> Iterator[Outcome]:
    """``run_parallel`` on local cores or on the Dask scheduler at ``cluster``, with the progress
    line on standard error when ``progress`` is set and standard error is a terminal."""
    with _client_or_none(cluster) as client:
        outcomes = run_parallel(items, settings, workers=workers, client=client)
        yield from with_progress(outcomes, total) if progress else outcomes


def extract_to_dir(
    items: Iterable[Item],
    out_dir: str | Path,
    fmt: str = "jsonl",
    settings: Settings = DEFAULT_SETTINGS,
    *,
    workers: int | None = None,
    cluster: str | None = None,
    total: int | None = None,
    part_size: int = 1000,
    progress: bool = True,
) -> WriteReport:
    """Analyse ``items`` into part files under ``out_dir`` (see ``whosaid.output``), resuming a
    run that stopped part-way; the progress line shows when standard error is a terminal."""
    from whosaid.output import OUT_FORMATS, write_partitioned

    if fmt not in OUT_FORMATS:
        raise WhosaidError(
            f"--out writes {' or '.join(OUT_FORMATS)} parts, not {fmt!r}; "
            "add --format jsonl or --format parquet."
        )
    runs: list[Generator[Outcome, None, None]] = []
    with _client_or_none(cluster) as client:

        def analyse(stream: Iterable[Item]) -> Iterator[Outcome]:
            outcomes = run_parallel(stream, settings, workers=workers, client=client)
            runs.append(outcomes)
            return with_progress(outcomes, total) if progress else iter(outcomes)

        out_fmt = cast("OutFormat", fmt)  # checked against OUT_FORMATS above
        try:
            return write_partitioned(items, out_dir, analyse, fmt=out_fmt, part_size=part_size)
        finally:
            for run in runs:  # see ingest_parallel: stop the workers while the cluster is up
                run.close()


# --- ingest into the store, analysis on the workers -----------------------------------------


def ingest_parallel(
    store: Store,
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
    """``store.ingest.ingest_items`` with the analysis spread over workers: keys already stored
    are skipped before analysis, the rest stream through ``run_parallel`` (bounded in flight),
    and this process, the single store writer, writes the Outcomes in input order, ``batch_size``
    per transaction. The store's content is the one-worker ingest's, row for row.

    Why not reuse ``ingest_items``: it analyses one batch at a time, so workers would wait for
    every write; here reading, analysis and writing overlap.
    """
    from whosaid.store.ingest import IngestReport, KnownKeys, write_and_count
    from whosaid.store.keys import article_key

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
    one progress line (done, rate, ETA, failures by reason) when standard error is a terminal."""
    from whosaid.read.formats import count_inputs, iter_inputs
    from whosaid.store.base import open_writer

    inputs = list(inputs)
    # Any backend's writer (a path or a postgresql:// address); it has Store's methods.
    store = cast("Store", open_writer(db, check=True))
    try:
        with _client_or_none(cluster) as client:
            items = iter_inputs(inputs, settings.max_bytes)
            if not progress:
                return ingest_parallel(
                    store, items, settings, workers=workers, client=client,
                    batch_size=batch_size, retry_failed=retry_failed,
                )  # fmt: skip
            state = ProgressState(total=count_inputs(inputs))
            with _live(state):
                return ingest_parallel(
                    store, items, settings, workers=workers, client=client,
                    batch_size=batch_size, retry_failed=retry_failed, progress=state,
                )  # fmt: skip
    finally:
        store.close()


@contextmanager
def _live(state: ProgressState) -> Iterator[None]:
    """Redraw ``state`` on standard error four times a second while the body runs (when
    standard error is a terminal)."""
    from rich.console import Console
    from rich.live import Live
    from rich.text import Text

    class _Line:
        def __rich__(self) -> Text:
            return Text(state.line())

    console = Console(stderr=True)
    if not console.is_terminal:
        yield
        return
    with Live(_Line(), console=console, refresh_per_second=4):
        yield
