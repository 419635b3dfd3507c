"""How statements travel between speakers and outlets: ``GET /api/v1/conflicts`` (one
statement credited to several speakers) and ``/relays`` (the relay graph)."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import FastAPI, Request
from fastapi.responses import Response

from whosaid.service.params import API, Limit, Offset, Text
from whosaid.service.state import Service


def add_routes(app: FastAPI, service: Service) -> None:
    readers, cache = service.readers, service.cache

    @app.get(f"{API}/conflicts", tags=["corpus"])
    async def list_conflicts(request: Request, limit: Limit = 20, offset: Offset = 0) -> Response:
        """Statements (exact or variant wordings) credited to two or more different speakers,
        the most widely carried first, each version with its articles (``whosaid
        conflicts``). The names of one person count as one speaker."""

        def compute() -> dict[str, Any]:
            found = readers.reader().conflicts(limit=limit, offset=offset)
            return {
                "conflicts": [c.to_dict() for c in found],
                "limit": limit,
                "offset": offset,
                "next_offset": offset + limit if len(found) == limit else None,
            }

        return cache.answer(request, compute)

    @app.get(f"{API}/relays", tags=["corpus"])
    async def relay_graph(
        request: Request,
        speaker: Text = None,
        outlet: Text = None,
        format: Literal["json", "graphml", "gexf"] = "json",
    ) -> Response:
        """The relay graph speaker -> relaying outlets -> publishing outlet, with quote and
        article counts on every edge (``whosaid relays``): node-link JSON as networkx writes
        it, or GraphML or GEXF for Gephi."""
        if format == "json":
            return cache.answer(
                request,
                lambda: readers.reader().relays(speaker=speaker, outlet=outlet).to_dict(),
            )
        graph = readers.reader().relays(speaker=speaker, outlet=outlet)
        text = graph.graphml() if format == "graphml" else graph.gexf()
        return Response(text.encode(), media_type="application/xml")
