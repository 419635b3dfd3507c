"""The request and response bodies of the API, as pydantic models (they make /docs)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field, model_validator

MAX_INGEST = 100  # articles per ingest request; bigger corpora go through `whosaid ingest`


class ArticleIn(BaseModel):
    """One article: exactly one of ``text``, ``html`` or ``url`` (when fetching is on)."""

    text: str | None = Field(None, description="The article as plain text.")
    html: str | None = Field(None, description="The article as an HTML page.")
    url: str | None = Field(
        None,
        description="A public http(s) URL to fetch (only when the service was started with "
        "fetching allowed; private, loopback and link-local addresses are refused).",
    )
    published: dt.date | None = Field(
        None, description="Publication date (YYYY-MM-DD), to resolve 'on Wednesday' against."
    )
    source: str | None = Field(None, max_length=2000, description="An id or name to keep.")
    outlet: str | None = Field(None, max_length=500, description="The publishing outlet.")
    title: str | None = Field(None, max_length=2000, description="The headline, if known.")

    @model_validator(mode="after")
    def exactly_one_input(self) -> ArticleIn:
        given = [k for k in ("text", "html", "url") if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError(
                "give exactly one of text, html or url "
                f"(got {', '.join(given) if given else 'none'})"
            )
        return self


class Health(BaseModel):
    status: str
    schema_: str = Field(alias="schema")
    version: str
    model: str
    model_loaded: bool
    database: str | None
    writes: bool
    fetch: bool
    cache: dict[str, int]
    analyses: dict[str, int] | None = None  # {"running": n, "workers": n}
    store: str | None = None  # "ok", or "unreadable: why"; None without a store


class IngestRequest(BaseModel):
    articles: list[ArticleIn] = Field(
        ...,
        min_length=1,
        max_length=MAX_INGEST,
        description=f"Up to {MAX_INGEST} articles, each as /api/v1/extract takes them.",
    )


class IngestItem(BaseModel):
    source: str | None
    key: str | None = Field(description="The article's key, for GET /api/v1/articles/{key}.")
    status: Literal["added", "existing", "failed"]
    reason: str | None = None
    message: str | None = None


class IngestResult(BaseModel):
    added: int
    existing: int
    failed: int
    quotes: int
    articles: list[IngestItem]
