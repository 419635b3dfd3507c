"""The HTTP API and the web page, in one FastAPI app: ``create_app(db_path, settings)``.

Routes are versioned under ``/api/v1``; the page is ``/`` with its files under ``/static``;
the OpenAPI document is ``/openapi.json`` and its reader ``/docs``. Every route is a thin
adapter: the analysis is ``Pipeline.analyze`` (one model per process), the corpus is the
store's library calls (``whosaid.store``); nothing here writes SQL.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles

from whosaid.config import DEFAULT_SETTINGS, Settings
from whosaid.model import SCHEMA, Analysis, Article
from whosaid.pipeline import Pipeline
from whosaid.service.corpus import API, CACHE_SIZE
from whosaid.service.errors import ERROR_RESPONSES, ServiceError, install_error_handlers
from whosaid.service.guards import (
    DEFAULT_MAX_BODY,
    MAX_BODY_ENV,
    TOKEN_ENV,
    BodyLimit,
    refuse_private_url,
)
from whosaid.service.schemas import ArticleIn, Health

STATIC = Path(__file__).resolve().parent / "static"


class Service:
    """What the routes share: the settings, one pipeline, the database path, the options."""

    def __init__(
        self,
        db_path: Path | None,
        settings: Settings,
        token: str | None,
        allow_fetch: bool,
        cache_size: int,
    ) -> None:
        self.db_path = db_path
        self.cache_size = cache_size
        self.settings = settings
        self.token = token
        self.allow_fetch = allow_fetch
        self.pipeline = Pipeline(settings)
        # spaCy pipelines are not documented as thread-safe; FastAPI runs sync routes in a
        # thread pool, so one analysis at a time per process (the GIL allows no more anyway).
        self.analysis_lock = threading.Lock()

    def analyze(self, article: Article) -> Analysis:
        with self.analysis_lock:
            return self.pipeline.analyze(article)

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


def create_app(
    db_path: str | Path | None = None,
    settings: Settings = DEFAULT_SETTINGS,
    *,
    token: str | None = None,
    max_body_bytes: int | None = None,
    allow_fetch: bool = False,
    cache_size: int | None = None,
) -> FastAPI:
    """The whosaid service over the database at ``db_path`` (``None``: extract only).

    ``token`` (default: $WHOSAID_API_TOKEN) is needed for writes; without one, writes are off.
    ``max_body_bytes`` (default: $WHOSAID_MAX_BODY_BYTES, else 5 MB) caps request bodies.
    ``allow_fetch`` lets ``/api/v1/extract`` fetch public URLs. ``cache_size`` (default:
    $WHOSAID_CACHE_SIZE, else 1024; 0 for none) is how many read answers are kept until the
    store changes.
    """
    from importlib.metadata import version

    service = Service(
        Path(db_path) if db_path is not None else None,
        settings,
        token if token is not None else os.environ.get(TOKEN_ENV) or None,
        allow_fetch,
        CACHE_SIZE if cache_size is None else cache_size,
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
    app.add_middleware(BodyLimit, limit=limit)

    @app.get(f"{API}/health", response_model=Health, tags=["service"])
    def health() -> dict[str, Any]:
        """Is the service up, and what is it serving."""
        return {
            "status": "ok",
            "schema": SCHEMA,
            "version": app.version,
            "model": settings.model,
            "model_loaded": service.pipeline._nlp is not None,
            "database": str(service.db_path) if service.db_path else None,
            "writes": bool(service.token),
            "fetch": service.allow_fetch,
            "cache": {"hits": app.state.cache.hits, "misses": app.state.cache.misses},
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
