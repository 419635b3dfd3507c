"""The pages: the web page at ``/`` with its files under ``/static``, and the API's readers,
Swagger UI at ``/docs`` and ReDoc at ``/redoc``, all served from installed files."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse, HTMLResponse
from fastapi.staticfiles import StaticFiles

from whosaid.service.state import Service

STATIC = Path(__file__).resolve().parent.parent / "static"
DOCS_ASSETS = "/docs-assets"  # Swagger UI's and ReDoc's files, from fastapi-offline

# The docs pages may load nothing from another host. ReDoc's bundle still shows its maker's logo
# from their CDN (unconditionally); this policy stops the browser asking for it, and anything
# else, at another host. Inline scripts and styles are the pages' own (FastAPI's templates).
DOCS_POLICY = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; worker-src 'self' blob:; connect-src 'self'"
)


def add_routes(app: FastAPI, service: Service) -> None:
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    add_docs(app)

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC / "index.html")


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


def own_host_only(page: HTMLResponse) -> HTMLResponse:
    page.headers["Content-Security-Policy"] = DOCS_POLICY
    return page
