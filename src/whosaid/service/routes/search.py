"""``GET /api/v1/quotes``: quotations matching the filters of ``whosaid search``."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import FastAPI, Request
from fastapi.responses import Response

from whosaid import store
from whosaid.service.params import (
    API,
    HIT_LINKS,
    Act,
    Day,
    Limit,
    MinConfidence,
    Offset,
    Text,
)
from whosaid.service.state import Service
from whosaid.service.views import page


def add_routes(app: FastAPI, service: Service) -> None:
    readers, cache = service.readers, service.cache

    # The read routes are coroutines: each answer is a few milliseconds of the database (or a
    # cached page), and serving them on the event loop avoids handing every request to a
    # thread and back, which under many clients made the GIL, not the store, set the tail
    # latency.
    @app.get(f"{API}/quotes", tags=["corpus"], responses=HIT_LINKS)
    async def search_quotes(
        request: Request,
        speaker: Text = None,
        words: Text = None,
        mentions: Text = None,
        since: Day = None,
        until: Day = None,
        outlet: Text = None,
        via: Text = None,
        kind: Literal["direct", "indirect", "mixed"] | None = None,
        act: Act = "speech",
        min_confidence: MinConfidence = None,
        order: Literal["newest", "date"] = "newest",
        limit: Limit = 20,
        offset: Offset = 0,
    ) -> Response:
        """Quotations matching every filter given (the filters of ``whosaid search``), newest
        first, one page at a time. ``words`` are words of the quote; a "quoted phrase" must
        appear as written. A query with no words to search for is a 400."""
        query = store.SearchQuery.from_mapping(
            {
                "speaker": speaker,
                "words": words,
                "mentions": mentions,
                "since": since,
                "until": until,
                "outlet": outlet,
                "via": via,
                "kind": kind,
                "act": act,
                "min_confidence": min_confidence,
                "order": order,
                "limit": limit,
                "offset": offset,
            }
        )

        def compute() -> dict[str, Any]:
            reader = readers.reader()
            hits = reader.search(query)
            # A short page is the last one, so its length gives the total without a COUNT.
            full = len(hits) == limit
            last = not full and not (offset and not hits)
            total = offset + len(hits) if last else reader.count(query)
            return page(hits, limit, offset, total=total)

        return cache.answer(request, compute)
