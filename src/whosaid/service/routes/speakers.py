"""``GET /api/v1/speakers`` and ``/speakers/{name}/timeline``: who is quoted, and what one
person said over time."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import FastAPI, Request
from fastapi import Path as PathParam
from fastapi.responses import Response

from whosaid.service.params import API, HIT_LINKS, Act, Day, Limit, Offset, Text, links
from whosaid.service.state import Service
from whosaid.service.views import page, timeline_body


def add_routes(app: FastAPI, service: Service) -> None:
    readers, cache = service.readers, service.cache

    @app.get(
        f"{API}/speakers",
        tags=["corpus"],
        responses=links(
            "One page of speakers.",
            SpeakerTimeline=("/speakers/{name}/timeline", "name", "/results/0/name"),
        ),
    )
    async def list_speakers(
        request: Request,
        name: Text = None,
        outlet: Text = None,
        since: Day = None,
        until: Day = None,
        act: Act = "speech",
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> Response:
        """The most quoted speakers with their quote and article counts, first and last date,
        aliases, roles and outlets. ``name`` keeps those whose name or an alias contains it."""
        return cache.answer(
            request,
            lambda: page(
                readers.reader().speakers(
                    name=name,
                    outlet=outlet,
                    since=since,
                    until=until,
                    limit=limit,
                    offset=offset,
                    act=act,
                ),
                limit,
                offset,
            ),
        )

    @app.get(f"{API}/speakers/{{name}}/timeline", tags=["corpus"], responses=HIT_LINKS)
    async def speaker_timeline(
        request: Request,
        name: Annotated[str, PathParam(min_length=1, max_length=500)],
        since: Day = None,
        until: Day = None,
        period: Literal["day", "week", "month", "year"] = "month",
        act: Act = "speech",
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> Response:
        """What one person said over time: counts per period for a chart (``points``, gaps
        filled with zeros), and their statements oldest first, one page at a time."""
        reader = readers.reader()
        return cache.answer(
            request, lambda: timeline_body(reader, name, since, until, period, limit, offset, act)
        )
