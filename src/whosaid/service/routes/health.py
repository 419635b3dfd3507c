"""``GET /api/v1/health``: is the service up, and what is it serving."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from fastapi import FastAPI

from whosaid.model import SCHEMA
from whosaid.service.params import API
from whosaid.service.schemas import Health
from whosaid.service.state import Service
from whosaid.store import backend_of


def add_routes(app: FastAPI, service: Service) -> None:
    @app.get(f"{API}/health", response_model=Health, tags=["service"])
    def health() -> dict[str, Any]:
        """Is the service up, and what is it serving; "degraded" when its store cannot be read."""
        store_state = service.store_state()
        return {
            "status": "ok" if store_state in (None, "ok") else "degraded",
            "store": store_state,
            "schema": SCHEMA,
            "version": app.version,
            "model": service.settings.model,
            "model_loaded": service.pipeline._nlp is not None,
            "database": shown_target(service.target),
            "writes": bool(service.token),
            "fetch": service.allow_fetch,
            "cache": {"hits": service.cache.hits, "misses": service.cache.misses},
            "analyses": {"running": service.analyses_running, "workers": service.workers},
        }


def shown_target(target: str | None) -> str | None:
    """The store as /health shows it: a server address without its password."""
    if target is None or backend_of(target) != "postgresql":
        return target
    parts = urlsplit(target)
    if parts.password is None:
        return target
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return parts._replace(netloc=netloc).geturl()
