"""What the routes share: ``Service`` holds the settings, the analysis workers, the store's
target with its readers and answer cache, and the options the service was started with."""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from whosaid.config import Settings
from whosaid.errors import StoreError, WhosaidError
from whosaid.model import Analysis, Article
from whosaid.pipeline import Pipeline
from whosaid.service.cache import PageCache
from whosaid.service.errors import ServiceError
from whosaid.service.guards import refuse_private_url
from whosaid.service.readers import Readers
from whosaid.service.schemas import ArticleIn
from whosaid.store import open_reader

WORKERS_ENV = "WHOSAID_ANALYSIS_WORKERS"
# Two analyses at a time: one slow article leaves a slot for the next small one, and each
# worker holds a model of its own (about 100 MB for the default one).
DEFAULT_WORKERS = 2
# A request waits this long for a free worker before it is answered 503 with Retry-After, and
# at most this many wait at once (the rest are answered 503 at once): a waiting request holds a
# thread of the server's pool, which /health and the searches need too.
WORKER_WAIT_S = 10.0
MAX_WAITING = 8


class Service:
    """What the routes share: the settings, the pipelines, the store's target, the options."""

    def __init__(
        self,
        target: str | None,
        settings: Settings,
        token: str | None,
        allow_fetch: bool,
        cache_size: int,
        workers: int = DEFAULT_WORKERS,
        worker_wait_s: float = WORKER_WAIT_S,
    ) -> None:
        self.target = target  # a file path or a postgresql:// address; None: no store
        self.readers = Readers(target)
        self.cache = PageCache(self.readers, cache_size)
        self.settings = settings
        self.token = token
        self.allow_fetch = allow_fetch
        self.pipeline = Pipeline(settings)
        # FastAPI runs sync routes in a thread pool, so an analysis never blocks /health or the
        # searches; spaCy pipelines are not documented as thread-safe, so each worker has its
        # own, and at most ``workers`` analyses run at once. The time budget in the settings
        # ends a slow one with "too_slow", which frees its worker.
        self.workers = max(1, workers)
        self.worker_wait_s = worker_wait_s
        self._admitted = threading.BoundedSemaphore(self.workers + MAX_WAITING)
        self._free: queue.Queue[Pipeline] = queue.Queue()
        self._free.put(self.pipeline)
        for _ in range(self.workers - 1):
            self._free.put(Pipeline(settings, own_model=True))
        self._damage: str | None = None

    @property
    def analyses_running(self) -> int:
        return self.workers - self._free.qsize()

    @contextmanager
    def analysis(self) -> Iterator[Pipeline]:
        """A free pipeline for one analysis, or a 503 (with Retry-After) when all are busy."""
        if not self._admitted.acquire(blocking=False):
            raise Busy(self.workers, self.settings.time_budget_s)
        try:
            try:
                pipeline = self._free.get(timeout=self.worker_wait_s)
            except queue.Empty:
                raise Busy(self.workers, self.settings.time_budget_s) from None
            try:
                yield pipeline
            finally:
                self._free.put(pipeline)
        finally:
            self._admitted.release()

    def analyze(self, article: Article) -> Analysis:
        with self.analysis() as pipeline:
            return pipeline.analyze(article)

    def note_damage(self, exc: StoreError) -> str:
        """Remember what a request found wrong with the store, for /health; the message."""
        self._damage = str(exc)
        return self._damage

    def store_state(self) -> str | None:
        """ "ok", or why the store cannot be read (None: the service has no store). A cheap
        probe (the schema, the newest article) plus the last damage a request met."""
        if self.target is None:
            return None
        try:
            with open_reader(self.target) as reader:
                reader.probe()
        except StoreError as exc:
            return f"unreadable: {self.note_damage(exc)}"
        except WhosaidError as exc:
            return f"unreadable: {exc}"
        return f"unreadable: {self._damage}" if self._damage is not None else "ok"

    def article_of(self, body: ArticleIn) -> Article:
        """The request's article; a URL is fetched only when allowed, and only if public."""
        if body.url is not None:
            return self.fetch(body)
        return Article(
            text=body.text,
            html=body.html,
            source=body.source,
            outlet=body.outlet,
            title=body.title,
            published=body.published,
        )

    def fetch(self, body: ArticleIn) -> Article:
        assert body.url is not None
        if not self.allow_fetch:
            raise ServiceError(
                403,
                "fetch_disabled",
                "this service does not fetch URLs. Send the page's HTML as 'html' instead, or "
                "start the service with 'whosaid serve --allow-fetch'.",
            )
        refuse_private_url(body.url)
        from whosaid.read import url as url_reader

        # allow_private=False: the fetcher re-checks every address, redirects included.
        return url_reader.fetch_article(
            body.url, self.settings, published=body.published, allow_private=False
        )


class Busy(ServiceError):
    """Every analysis worker is taken: come back later (the Retry-After header says when)."""

    def __init__(self, workers: int, budget: float) -> None:
        super().__init__(
            503,
            "busy",
            f"all {workers} analysis workers of this service are busy; retry in a few seconds, "
            f"or start the service with more workers ({WORKERS_ENV}).",
        )
        # the longest a worker can stay taken is about one budget
        self.headers = {"Retry-After": str(max(1, min(int(budget) or 5, 30)))}
