"""Many articles on every core of a machine, or on a Dask cluster, in input order.

``run_parallel(items, settings, workers=N)`` or ``run_parallel(items, settings, client=client)``
yields one ``Outcome`` per input, in input order, exactly what ``Pipeline.analyze_many`` yields
in one process. Input is read lazily: at most ``in_flight`` chunks of ``chunk`` articles are out
at a time (backpressure), so memory does not grow with the corpus. Where the workers come from
is ``whosaid.runs.cluster``; what they run is ``whosaid.runs.local``.
"""

from __future__ import annotations

import sys
from collections import deque
from collections.abc import Generator, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import chain, islice
from typing import TYPE_CHECKING, Any

from whosaid.config import DEFAULT_SETTINGS, Settings
from whosaid.errors import WhosaidError
from whosaid.model import Article, Outcome
from whosaid.runs.cluster import (
    ClusterError,
    client_or_none,
    default_workers,
    local_client,
    worker_threads,
)
from whosaid.runs.local import (
    Item,
    analyse_chunk,
    articles_of,
    chunked,
    merge_in_order,
    run_in_process,
    warm_up,
)
from whosaid.runs.progress import with_progress

if TYPE_CHECKING:
    from distributed import Client


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
    threads = worker_threads(client)
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
        _cancel_pending(client, pending)


def _cancel_pending(client: Client, pending: Iterable[_Pending]) -> None:
    """Cancel the chunks still out when a run stops early (an error, or the consumer closed
    it). Not when the interpreter is shutting down or the client is no longer connected: a run
    left to the garbage collector (a write error in a loop over its outcomes, ended by a
    traceback) is closed only after Dask's event loop has stopped, and ``Future.cancel`` waits
    for that loop forever. The futures need no cancelling then: they die with the client."""
    futures = [p.future for p in pending if p.future is not None]
    if futures and client.status == "running" and not sys.is_finalizing():
        client.cancel(futures)


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
    with client_or_none(cluster) as client:
        outcomes = run_parallel(items, settings, workers=workers, client=client)
        yield from with_progress(outcomes, total) if progress else outcomes
