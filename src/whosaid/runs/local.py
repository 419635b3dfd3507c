"""What runs on a worker, and the one-process run: chunks of articles in input order.

Each worker loads the spaCy model once: ``analyse_chunk`` uses ``default_pipeline``, which is
cached per process, and ``warm_up`` loads it on every worker before the first task. The input
may mix Articles and Outcomes (inputs that could not be read); Outcomes ride along in place.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator

from whosaid.config import Settings
from whosaid.model import Article, Outcome
from whosaid.pipeline import default_pipeline

Item = Article | Outcome  # an Outcome in the input (a file that could not be read) passes through


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
