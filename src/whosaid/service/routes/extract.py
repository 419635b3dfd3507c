"""``POST /api/v1/extract``: who said what in one article, without storing it."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.responses import JSONResponse

from whosaid.service.params import API
from whosaid.service.schemas import ArticleIn
from whosaid.service.state import Service


def add_routes(app: FastAPI, service: Service) -> None:
    @app.post(f"{API}/extract", tags=["analysis"], response_class=JSONResponse)
    def extract(body: ArticleIn) -> JSONResponse:
        """Who said what in one article, as the whosaid/1 JSON of ``whosaid extract``."""
        analysis = service.analyze(service.article_of(body))
        return JSONResponse(analysis.to_dict())
