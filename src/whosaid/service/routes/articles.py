"""Quotes across articles: ``GET /api/v1/shared`` (quotes several articles carry),
``/articles/{ref}`` (one stored article) and ``/quotes/{quote_id}/occurrences`` (a quote's
journey across outlets)."""

from __future__ import annotations

from typing import Annotated

from fastapi import FastAPI, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import Response

from whosaid.service.params import API, MAX_ID, MAX_OFFSET, Act, Limit, Offset
from whosaid.service.state import Service
from whosaid.service.views import journey, json_response, page


def add_routes(app: FastAPI, service: Service) -> None:
    readers, cache = service.readers, service.cache

    @app.get(f"{API}/shared", tags=["corpus"])
    async def list_shared(
        request: Request,
        min: Annotated[int, Query(ge=1, le=MAX_OFFSET)] = 2,
        act: Act = "speech",
        all: bool = False,
        limit: Limit = 20,
        offset: Offset = 0,
    ) -> Response:
        """Quotes carried by several articles (wire copy, pickups), most carried first, each
        with its first-seen date, outlets and occurrences (the list of ``whosaid shared``);
        fragments that cannot be statements are left out unless ``all``."""
        return cache.answer(
            request,
            lambda: page(
                readers.reader().shared_quotes(
                    min,
                    limit=limit,
                    offset=offset,
                    statements_only=not all,
                    act=act,
                ),
                limit,
                offset,
            ),
        )

    @app.get(f"{API}/articles/{{ref}}", tags=["corpus"])
    async def get_article(
        ref: Annotated[str, PathParam(min_length=1, max_length=500)],
    ) -> Response:
        """One stored article (by id, key or a key prefix of 8+ characters, or source) with its
        whole analysis (the whosaid/1 JSON) and its quotes as search hits."""
        return json_response(readers.reader().article(ref).to_dict())

    @app.get(f"{API}/quotes/{{quote_id}}/occurrences", tags=["corpus"])
    async def quote_journey(
        request: Request,
        quote_id: Annotated[int, PathParam(ge=1, le=MAX_ID)],
    ) -> Response:
        """A quote's journey across outlets: first seen, then every article that carried it,
        oldest first, each with its wording changes against the first."""
        return cache.answer(request, lambda: journey(readers.reader().quote_occurrences(quote_id)))
