"""The HTTP API and the web page, in one FastAPI app: ``create_app(db_path, settings)``.

Routes are versioned under ``/api/v1``; the page is ``/`` with its files under ``/static``;
the OpenAPI document is ``/openapi.json`` and its reader ``/docs``. Every route is a thin
adapter, in a module of its own under ``whosaid.service.routes``: the analysis is
``Pipeline.analyze`` (one model per process), the corpus is the store seam's ``Reader`` and
``Writer`` (``whosaid.store``); nothing here writes SQL or knows which database it reads.
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

from fastapi import FastAPI

from whosaid.config import DEFAULT_SETTINGS, SERVICE_TIME_BUDGET, Settings
from whosaid.service.cache import CACHE_SIZE, CachedAnswers
from whosaid.service.errors import ERROR_RESPONSES, install_error_handlers
from whosaid.service.guards import DEFAULT_MAX_BODY, MAX_BODY_ENV, TOKEN_ENV, BodyLimit
from whosaid.service.routes import (
    articles,
    extract,
    health,
    ingest,
    pages,
    search,
    speakers,
    travel,
)
from whosaid.service.state import (
    DEFAULT_WORKERS,
    MAX_WAITING,
    WORKER_WAIT_S,
    WORKERS_ENV,
    Busy,
    Service,
)
from whosaid.store import backend_of

# The route modules, in the order of the OpenAPI document's paths.
ROUTES = (health, extract, search, speakers, articles, travel, ingest, pages)


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
    """The whosaid service over the store at ``db_path`` (a file, or a ``postgresql://``
    address; ``None``: extract only).

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
        store_target(db_path),
        settings,
        token if token is not None else os.environ.get(TOKEN_ENV) or None,
        allow_fetch,
        CACHE_SIZE if cache_size is None else cache_size,
        workers,
        worker_wait_s=WORKER_WAIT_S,
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
        docs_url=None,  # served by routes.pages from installed files: FastAPI's load a CDN
        redoc_url=None,
    )
    app.state.service = service
    app.state.max_body_bytes = limit
    app.state.readers = service.readers
    app.state.cache = service.cache
    install_error_handlers(app)
    app.add_middleware(BodyLimit, limit=limit)
    app.add_middleware(CachedAnswers, cache=service.cache)  # outermost: a kept answer is quick
    for routes in ROUTES:
        routes.add_routes(app, service)
    return app


def store_target(db_path: str | Path | None) -> str | None:
    """The store as the seam takes it: a server address as given, a file path as ``Path``
    spells it (``./c.db`` is ``c.db``); never looked at on disk here."""
    if db_path is None:
        return None
    return str(db_path) if backend_of(db_path) == "postgresql" else str(Path(db_path))


__all__ = [
    "DEFAULT_WORKERS",
    "MAX_WAITING",
    "WORKERS_ENV",
    "WORKER_WAIT_S",
    "Busy",
    "Service",
    "create_app",
]
