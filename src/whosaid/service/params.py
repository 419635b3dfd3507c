"""What the routes of the API share in their signatures: the prefix, the bounds on pages and
ids, the query parameters' types, and the OpenAPI links between answers."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import Query

API = "/api/v1"

MAX_PAGE = 200
MAX_OFFSET = 1_000_000  # bounds OFFSET scans, and keeps values inside SQLite's 64-bit ints
MAX_ID = 2**63 - 1

Text = Annotated[str | None, Query(max_length=500)]
Day = Annotated[
    str | None, Query(max_length=10, description="YYYY, YYYY-MM or YYYY-MM-DD, inclusive.")
]
Limit = Annotated[int, Query(ge=1, le=MAX_PAGE)]
# What the cue reports; speech unless asked (the filters of ``whosaid search --act``).
Act = Annotated[
    Literal["all", "speech", "belief", "intent", "evidence"],
    Query(description="What the cue reports: speech (the default), belief, intent, evidence, all."),
]
MinConfidence = Annotated[
    float | None,
    Query(
        ge=0,
        le=1,
        description="A speaker name less certain than this is shown as unresolved (mention kept).",
    ),
]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET)]


def _op(path: str, method: str = "get") -> str:
    """An OpenAPI operationRef for a route of this API."""
    return "#/paths/" + (API + path).replace("~", "~0").replace("/", "~1") + "/" + method


def links(description: str, **named: tuple[str, str, str]) -> dict[int | str, dict[str, Any]]:
    """OpenAPI links of a 200 answer (name -> (route, parameter, where in the body)): they tell
    a client, and schemathesis' stateful run, which ids of one answer the next routes take."""
    return {
        200: {
            "description": description,
            "links": {
                name: {"operationRef": _op(route), "parameters": {param: f"$response.body#{at}"}}
                for name, (route, param, at) in named.items()
            },
        }
    }


HIT_LINKS = links(
    "One page of quotations.",
    QuoteOccurrences=("/quotes/{quote_id}/occurrences", "quote_id", "/results/0/quote_id"),
    Article=("/articles/{ref}", "ref", "/results/0/article_id"),
    SpeakerTimeline=("/speakers/{name}/timeline", "name", "/results/0/speaker"),
)
