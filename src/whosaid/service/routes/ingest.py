"""``POST /api/v1/articles``: analyse and store articles (needs the token). The one write
route; it writes through the store seam's writer (``whosaid.store.open_writer``), one
request at a time."""

from __future__ import annotations

import threading
from collections.abc import Callable

from fastapi import Depends, FastAPI

from whosaid.errors import WhosaidError
from whosaid.model import Article, Outcome
from whosaid.service.errors import ServiceError
from whosaid.service.guards import require_token
from whosaid.service.params import API, links
from whosaid.service.schemas import ArticleIn, IngestItem, IngestRequest, IngestResult
from whosaid.service.state import Service
from whosaid.store import article_key, open_writer


def add_routes(app: FastAPI, service: Service) -> None:
    writer = threading.Lock()  # one writer per process; a SQLite store allows one at a time
    check_token: Callable[..., None] = require_token(service.token)

    @app.post(
        f"{API}/articles",
        tags=["corpus"],
        response_model=IngestResult,
        responses=links(
            "What became of each article.",
            Article=("/articles/{ref}", "ref", "/articles/0/key"),
        ),
        dependencies=[Depends(check_token)],
        status_code=200,
    )
    def ingest_articles(body: IngestRequest) -> IngestResult:
        """Analyse and store articles (needs ``Authorization: Bearer <token>``). An article
        already stored (same content) is not stored twice."""
        result = ingest(service, writer, [_article_or_failure(service, a) for a in body.articles])
        service.cache.clear()  # the version check would catch it too; this makes it immediate
        return result


def _article_or_failure(service: Service, body: ArticleIn) -> Article | Outcome:
    """One article of an ingest request; one whose URL cannot be fetched (or may not be) is a
    failure of its own, and the rest of the request goes on."""
    try:
        return service.article_of(body)
    except WhosaidError as exc:
        return Outcome(body.url or body.source, reason=exc.reason, message=str(exc))


def ingest(
    service: Service, writer: threading.Lock, articles: list[Article | Outcome]
) -> IngestResult:
    """Analyse the articles the store lacks and write them in one transaction, through the
    store's writer; say what became of each (failures are recorded in the store too)."""
    if service.target is None:
        raise ServiceError(
            503,
            "store_unavailable",
            "this service was started without a database, so there is nowhere to ingest to; "
            "start it with `whosaid serve --db whosaid.db`.",
        )
    keys = [article_key(a) if isinstance(a, Article) else None for a in articles]
    unread = [(None, a) for a in articles if isinstance(a, Outcome)]
    with writer, service.analysis() as pipeline, open_writer(service.target) as db:
        todo: dict[str, Article] = {}
        for key, article in zip(keys, articles, strict=True):
            if key is not None and isinstance(article, Article) and not db.has(key):
                todo.setdefault(key, article)  # the same content twice is stored once
        analysed = pipeline.analyze_many(todo.values(), chunk=len(todo) or 1)
        outcomes: dict[str, Outcome] = dict(zip(todo, analysed, strict=True))
        written = db.write_batch([*outcomes.items(), *unread])
    items = [_item(article, key, outcomes) for article, key in zip(articles, keys, strict=True)]
    return IngestResult(
        added=written.added,
        existing=sum(1 for i in items if i.status == "existing") + written.existing,
        failed=written.failed,
        quotes=written.quotes,
        articles=items,
    )


def _item(article: Article | Outcome, key: str | None, outcomes: dict[str, Outcome]) -> IngestItem:
    """What became of one article of the request (``outcomes`` loses the ones it reports, so
    the same content sent twice is "added" once and "existing" after)."""
    outcome = article if isinstance(article, Outcome) else outcomes.pop(key or "", None)
    if outcome is None:
        return IngestItem(source=article.source, key=key, status="existing")
    if outcome.ok:
        return IngestItem(source=article.source, key=key, status="added")
    return IngestItem(
        source=article.source,
        key=None,
        status="failed",
        reason=outcome.reason,
        message=outcome.message,
    )
