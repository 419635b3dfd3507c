"""The HTTP API and the web page, in one FastAPI app: ``create_app(db_path, settings)``.

Routes are versioned under ``/api/v1``; the page is ``/`` with its files under ``/static``;
the OpenAPI document is ``/openapi.json`` and its reader ``/docs``. Every route is a thin
adapter: the analysis is ``Pipeline.analyze`` (one model per process), the corpus is the
store's library calls (``whosaid.store``); nothing here writes SQL.
"""

from __future__ import annotations

import os
import queue
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles

from whosaid.config import DEFAULT_SETTINGS, SERVICE_TIME_BUDGET, Settings
from whosaid.errors import WhosaidError
from whosaid.model import SCHEMA, Analysis, Article
from whosaid.pipeline import Pipeline
from whosaid.service.corpus import API, CACHE_SIZE
from whosaid.service.errors import (
    ERROR_RESPONSES,
    ServiceError,
    error_response,
    install_error_handlers,
)
from whosaid.service.guards import (
    DEFAULT_MAX_BODY,
    MAX_BODY_ENV,
    TOKEN_ENV,
    BodyLimit,
    refuse_private_url,
)
from whosaid.service.schemas import ArticleIn, Health

STATIC = Path(__file__).resolve().parent / "static"
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
    """What the routes share: the settings, one pipeline, the database path, the options."""

    def __init__(
        self,
        db_path: Path | None,
        settings: Settings,
        token: str | None,
        allow_fetch: bool,
        cache_size: int,
        workers: int = DEFAULT_WORKERS,
    ) -> None:
        self.db_path = db_path
        self.cache_size = cache_size
        self.settings = settings
        self.token = token
        self.allow_fetch = allow_fetch
        self.pipeline = Pipeline(settings)
        # FastAPI runs sync routes in a thread pool, so an analysis never blocks /health or the
        # searches; spaCy pipelines are not documented as thread-safe, so each worker has its
        # own, and at most ``workers`` analyses run at once. The time budget in the settings
        # ends a slow one with "too_slow", which frees its worker.
        self.workers = max(1, workers)
        self._admitted = threading.BoundedSemaphore(self.workers + MAX_WAITING)
        self._free: queue.Queue[Pipeline] = queue.Queue()
        self._free.put(self.pipeline)
        for _ in range(self.workers - 1):
            self._free.put(Pipeline(settings, own_model=True))
        self._damage: tuple[tuple[str, int, int], str] | None = None

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
                pipeline = self._free.get(timeout=WORKER_WAIT_S)
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

    def store_damage(self, exc: sqlite3.DatabaseError) -> str:
        """What is wrong with the store, said once per failure and state of the file: the
        integrity check reads the whole file, so it is not run again for every request."""
        from whosaid.store.sqlite import damaged

        assert self.db_path is not None
        st = self.db_path.stat() if self.db_path.exists() else None
        key = (str(exc), st.st_size if st else -1, st.st_mtime_ns if st else -1)
        if self._damage is None or self._damage[0] != key:
            self._damage = (key, str(damaged(self.db_path, exc)))
        return self._damage[1]

    def store_state(self) -> str | None:
        """ "ok", or why the store cannot be read (None: the service has no store). A cheap
        probe (the schema, the newest article) plus the last damage a request met."""
        from whosaid.store.sqlite import connect

        if self.db_path is None:
            return None
        try:
            conn = connect(self.db_path, readonly=True)
            try:
                conn.execute("SELECT max(id) FROM articles").fetchone()
            finally:
                conn.close()
        except WhosaidError as exc:
            return f"unreadable: {exc}"
        except sqlite3.DatabaseError as exc:
            return f"unreadable: {self.store_damage(exc)}"
        return f"unreadable: {self._damage[1]}" if self._damage is not None else "ok"

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


def create_app(
    db_path: str | Path | None = None,
    settings: Settings = DEFAULT_SETTINGS,
    *,
    token: str | None = None,
    max_body_bytes: int | None = None,
    allow_fetch: bool = False,
    cache_size: int | None = None,
    workers: int | None = None,
) -> FastAPI:
    """The whosaid service over the database at ``db_path`` (``None``: extract only).

    ``token`` (default: $WHOSAID_API_TOKEN) is needed for writes; without one, writes are off.
    ``max_body_bytes`` (default: $WHOSAID_MAX_BODY_BYTES, else 2 MB) caps request bodies.
    ``allow_fetch`` lets ``/api/v1/extract`` fetch public URLs. ``cache_size`` (default:
    $WHOSAID_CACHE_SIZE, else 1024; 0 for none) is how many read answers are kept until the
    store changes. ``workers`` (default: $WHOSAID_ANALYSIS_WORKERS, else 2) is how many
    analyses run at once; a request finding none free within 10 seconds, or 8 requests waiting
    already, gets a 503 with Retry-After.
    Each analysis is stopped as ``too_slow`` after ``settings.time_budget_s`` seconds (when the
    settings give 0, the service's own budget of 60 seconds).
    """
    from importlib.metadata import version

    if settings.time_budget_s <= 0:
        settings = replace(settings, time_budget_s=SERVICE_TIME_BUDGET)
    if workers is None:
        env = os.environ.get(WORKERS_ENV, "")
        workers = int(env) if env.isdigit() else DEFAULT_WORKERS
    service = Service(
        Path(db_path) if db_path is not None else None,
        settings,
        token if token is not None else os.environ.get(TOKEN_ENV) or None,
        allow_fetch,
        CACHE_SIZE if cache_size is None else cache_size,
        workers,
    )
    limit = max_body_bytes or int(os.environ.get(MAX_BODY_ENV, "0") or 0) or DEFAULT_MAX_BODY
    app = FastAPI(
        title="whosaid",
        version=version("whosaid"),
        description="Who said what in news articles: quotations with their speakers, cues, "
        "relaying outlets and addressees, every field with character offsets. Errors have one "
        'shape: {"error": {"reason", "message", "status"}}. Writes need '
        "'Authorization: Bearer <token>'.",
        responses=ERROR_RESPONSES,
        docs_url=None,  # served below from installed files: FastAPI's own pages load a CDN
        redoc_url=None,
    )
    app.state.service = service
    app.state.max_body_bytes = limit
    install_error_handlers(app)

    async def store_unreadable(request: Request, exc: Exception) -> JSONResponse:
        """A store that fails to read (a garbled page, a truncated file) is the server's
        trouble, not the request's: 503, saying what SQLite's integrity check finds."""
        assert isinstance(exc, sqlite3.DatabaseError)
        message = service.store_damage(exc) if service.db_path else f"SQLite failed: {exc}"
        return error_response(503, "store_unavailable", message)

    app.add_exception_handler(sqlite3.DatabaseError, store_unreadable)
    app.add_middleware(BodyLimit, limit=limit)

    @app.get(f"{API}/health", response_model=Health, tags=["service"])
    def health() -> dict[str, Any]:
        """Is the service up, and what is it serving; "degraded" when its store cannot be read."""
        store_state = service.store_state()
        return {
            "status": "ok" if store_state in (None, "ok") else "degraded",
            "store": store_state,
            "schema": SCHEMA,
            "version": app.version,
            "model": settings.model,
            "model_loaded": service.pipeline._nlp is not None,
            "database": str(service.db_path) if service.db_path else None,
            "writes": bool(service.token),
            "fetch": service.allow_fetch,
            "cache": {"hits": app.state.cache.hits, "misses": app.state.cache.misses},
            "analyses": {"running": service.analyses_running, "workers": service.workers},
        }

    @app.post(f"{API}/extract", tags=["analysis"], response_class=JSONResponse)
    def extract(body: ArticleIn) -> JSONResponse:
        """Who said what in one article, as the whosaid/1 JSON of ``whosaid extract``."""
        analysis = service.analyze(service.article_of(body))
        return JSONResponse(analysis.to_dict())

    from whosaid.service import corpus

    corpus.add_routes(app, service)

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    add_docs(app)

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC / "index.html")

    return app


def add_docs(app: FastAPI) -> None:
    """The API's readers, Swagger UI at /docs and ReDoc at /redoc, from the files the
    fastapi-offline package installs (the same bundles FastAPI would load from a CDN), so the
    pages work offline and the browser asks no other host for anything."""
    import fastapi_offline
    from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html

    assets = Path(fastapi_offline.__file__).resolve().parent / "static"
    app.mount(DOCS_ASSETS, StaticFiles(directory=assets), name="docs-assets")
    openapi_url = app.openapi_url or "/openapi.json"

    @app.get("/docs", include_in_schema=False)
    def swagger_ui() -> HTMLResponse:
        return own_host_only(
            get_swagger_ui_html(
                openapi_url=openapi_url,
                title=f"{app.title} API",
                swagger_js_url=f"{DOCS_ASSETS}/swagger-ui-bundle.js",
                swagger_css_url=f"{DOCS_ASSETS}/swagger-ui.css",
                swagger_favicon_url=f"{DOCS_ASSETS}/favicon.png",
                # Swagger UI sends the schema to an online validator unless told not to.
                swagger_ui_parameters={"validatorUrl": None},
            )
        )

    @app.get("/redoc", include_in_schema=False)
    def redoc() -> HTMLResponse:
        return own_host_only(
            get_redoc_html(
                openapi_url=openapi_url,
                title=f"{app.title} API",
                redoc_js_url=f"{DOCS_ASSETS}/redoc.standalone.js",
                redoc_favicon_url=f"{DOCS_ASSETS}/favicon.png",
                with_google_fonts=False,
            )
        )


# The docs pages may load nothing from another host. ReDoc's bundle still shows its maker's logo
# from their CDN (unconditionally); this policy stops the browser asking for it, and anything
# else, at another host. Inline scripts and styles are the pages' own (FastAPI's templates).
DOCS_POLICY = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; worker-src 'self' blob:; connect-src 'self'"
)


def own_host_only(page: HTMLResponse) -> HTMLResponse:
    page.headers["Content-Security-Policy"] = DOCS_POLICY
    return page


DOCS_ASSETS = "/docs-assets"  # Swagger UI's and ReDoc's files, from fastapi-offline

__all__ = ["create_app"]
