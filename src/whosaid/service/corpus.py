"""Corpus routes: search, speakers, one speaker's timeline, one article, a quote's journey
across outlets, and ingest. Each is a thin adapter over ``whosaid.store``'s library calls;
the SQL lives there, never here.

Reads use read-only connections (one per worker thread, so SQLite can answer several readers
at once); the one write route needs the token and goes through a single writer.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import os
import sqlite3
import threading
from collections import Counter, OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal
from urllib.parse import parse_qsl

from fastapi import Depends, FastAPI, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from whosaid import store
from whosaid.errors import NotFound, WhosaidError
from whosaid.model import Article, Outcome
from whosaid.service.errors import ServiceError
from whosaid.service.guards import require_token
from whosaid.service.schemas import ArticleIn, IngestItem, IngestRequest, IngestResult

if TYPE_CHECKING:
    from whosaid.service.app import Service

API = "/api/v1"

MAX_PAGE = 200
MAX_OFFSET = 1_000_000  # bounds OFFSET scans, and keeps values inside SQLite's 64-bit ints
MAX_ID = 2**63 - 1
TIMELINE_CAP = 10_000  # quotes counted into one timeline chart
FILL_GAPS_UNDER = 400  # periods; longer day-by-day ranges are drawn without empty bars
CACHE_SIZE = int(os.environ.get("WHOSAID_CACHE_SIZE", "1024"))  # answers; 0 turns it off

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


def _links(description: str, **links: tuple[str, str, str]) -> dict[int | str, dict[str, Any]]:
    """OpenAPI links of a 200 answer (name -> (route, parameter, where in the body)): they tell
    a client, and schemathesis' stateful run, which ids of one answer the next routes take."""
    return {
        200: {
            "description": description,
            "links": {
                name: {"operationRef": _op(route), "parameters": {param: f"$response.body#{at}"}}
                for name, (route, param, at) in links.items()
            },
        }
    }


HIT_LINKS = _links(
    "One page of quotations.",
    QuoteOccurrences=("/quotes/{quote_id}/occurrences", "quote_id", "/results/0/quote_id"),
    Article=("/articles/{ref}", "ref", "/results/0/article_id"),
    SpeakerTimeline=("/speakers/{name}/timeline", "name", "/results/0/speaker"),
)


class Readers:
    """Read-only connections to the store, one per thread, opened on first use."""

    def __init__(self, db_path: Path | None) -> None:
        self.db_path = db_path
        self._local = threading.local()

    def conn(self) -> sqlite3.Connection:
        existing = getattr(self._local, "conn", None)
        if existing is not None:
            return existing
        if self.db_path is None:
            raise ServiceError(
                503,
                "store_unavailable",
                "this service was started without a database; start it with "
                "`whosaid serve --db whosaid.db` to search a corpus.",
            )
        try:
            conn = store.connect(self.db_path, readonly=True)
        except NotFound as exc:
            raise ServiceError(503, "store_unavailable", str(exc)) from exc
        self._local.conn = conn
        return conn


class PageCache:
    """Recent read answers, dropped as soon as the store changes.

    Readers of a corpus ask the same questions again (a dashboard's queries, a page's next and
    previous buttons), and a search costs a few milliseconds of SQLite per call; answering a
    repeat from memory keeps latency flat under concurrent load. The store's version is the
    size and modification time of its file and its write-ahead log, which every commit
    changes, so an answer is never served after the data it came from has changed.
    """

    def __init__(self, db_path: Path | None, size: int = CACHE_SIZE) -> None:
        self.db_path = db_path
        self.size = size
        self._answers: OrderedDict[str, tuple[tuple[int, ...], bytes]] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def version(self) -> tuple[int, ...]:
        out: list[int] = []
        if self.db_path is not None:
            for suffix in ("", "-wal"):
                try:
                    st = os.stat(f"{self.db_path}{suffix}")
                    out += [st.st_mtime_ns, st.st_size]
                except OSError:
                    out += [0, 0]
        return tuple(out)

    def lookup(self, key: str, version: tuple[int, ...]) -> bytes | None:
        """The answer kept for ``key`` if the store is still at ``version``, else None."""
        with self._lock:
            found = self._answers.get(key)
            if found is None or found[0] != version:
                return None
            self._answers.move_to_end(key)
            self.hits += 1
            return found[1]

    def answer(self, request: Request, compute: Callable[[], dict[str, Any]]) -> Response:
        """The JSON answer to this request, computed and kept. A kept answer is served by
        ``CachedAnswers`` before the request gets here, so this only runs on a miss; it keeps
        the answer under the key and store version the middleware saw before computing."""
        if self.size <= 0:
            return _json(compute())
        key, version = request.scope[_SEEN]  # left there by CachedAnswers
        self.misses += 1
        body = json.dumps(compute(), ensure_ascii=False).encode()
        with self._lock:
            self._answers[key] = (version, body)
            self._answers.move_to_end(key)
            while len(self._answers) > self.size:
                self._answers.popitem(last=False)
        return Response(body, media_type="application/json")

    def clear(self) -> None:
        with self._lock:
            self._answers.clear()


_SEEN = "whosaid.cache"  # the scope entry where CachedAnswers leaves the key and version


def cache_key(path: str, query_string: bytes) -> str:
    """One key for every spelling of the same question (parameters in any order), computed
    the same way in the route that stores an answer and in the middleware that serves it."""
    pairs = parse_qsl(query_string.decode("latin-1"), keep_blank_values=True)
    return path + "?" + str(sorted(pairs))


class CachedAnswers:
    """ASGI middleware: a GET the answer cache holds is answered before routing.

    A kept answer still went through FastAPI's routing, parameter validation and response
    machinery on every repeat, which is most of a cache hit's cost; under 16 concurrent clients
    on two cores that CPU set the tail latency. Only answers a route stored (so valid requests
    with a 200 answer) are served here, and only while the store is unchanged.
    """

    def __init__(self, app: ASGIApp, cache: PageCache) -> None:
        self.app = app
        self.cache = cache

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        cache = self.cache
        if (
            cache.size > 0
            and scope["type"] == "http"
            and scope["method"] == "GET"
            and scope["path"].startswith(API)
        ):
            key = cache_key(scope["path"], scope.get("query_string", b""))
            version = cache.version()
            body = cache.lookup(key, version)
            scope[_SEEN] = (key, version)  # a miss: the route keeps its answer under these
            if body is not None:
                headers = [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                ]
                await send({"type": "http.response.start", "status": 200, "headers": headers})
                await send({"type": "http.response.body", "body": body})
                return
        await self.app(scope, receive, send)


def _json(body: dict[str, Any]) -> Response:
    return Response(json.dumps(body, ensure_ascii=False).encode(), media_type="application/json")


def page(results: list[Any], limit: int, offset: int, **extra: Any) -> dict[str, Any]:
    """One page of results with what a client needs to ask for the next."""
    return {
        **extra,
        "limit": limit,
        "offset": offset,
        "next_offset": offset + limit if len(results) == limit else None,
        "results": [r.to_dict() for r in results],
    }


def word_changes(first: str, later: str) -> list[tuple[str, str]]:
    """How ``later`` rewords ``first``, word by word: ``(op, words)`` with op ``equal``,
    ``insert`` or ``delete``, in reading order (a replacement is a delete then an insert)."""
    a, b = first.split(), later.split()
    ops: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            ops.append(("equal", " ".join(a[i1:i2])))
            continue
        if i2 > i1:
            ops.append(("delete", " ".join(a[i1:i2])))
        if j2 > j1:
            ops.append(("insert", " ".join(b[j1:j2])))
    return ops


def journey(group: store.QuoteGroup) -> dict[str, Any]:
    """A quote group as a journey: first seen, then each pickup with its wording changes."""
    body = group.to_dict()
    first = group.occurrences[0].content if group.occurrences else group.content
    for n, (hit, out) in enumerate(zip(group.occurrences, body["occurrences"], strict=True)):
        out["role"] = "first" if n == 0 else "pickup"
        out["same_wording"] = hit.content == first
        out["changes"] = [] if out["same_wording"] else word_changes(first, hit.content)
    return body


def period_of(day: str, period: str) -> str:
    if period == "week":  # ISO weeks (Monday first), "2023-W37"; they sort as they follow
        year, week, _ = dt.date.fromisoformat(day[:10]).isocalendar()
        return f"{year:04d}-W{week:02d}"
    return {"year": day[:4], "month": day[:7], "day": day[:10]}[period]


def periods_between(first: str, last: str, period: str) -> list[str]:
    """Every period from ``first`` to ``last`` inclusive, so a chart shows quiet stretches."""
    out: list[str] = []
    if period == "year":
        return [str(y) for y in range(int(first), int(last) + 1)]
    if period == "month":
        y, m = int(first[:4]), int(first[5:7])
        while f"{y:04d}-{m:02d}" <= last:
            out.append(f"{y:04d}-{m:02d}")
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        return out
    if period == "week":
        d = dt.date.fromisocalendar(int(first[:4]), int(first[6:]), 1)
        while (key := period_of(d.isoformat(), "week")) <= last:
            out.append(key)
            d += dt.timedelta(days=7)
        return out
    d, end = dt.date.fromisoformat(first), dt.date.fromisoformat(last)
    while d <= end:
        out.append(d.isoformat())
        d += dt.timedelta(days=1)
    return out


def timeline_points(days: list[str], period: str) -> list[dict[str, Any]]:
    counts = Counter(period_of(d, period) for d in days)
    if not counts:
        return []
    keys = sorted(counts)
    span = periods_between(keys[0], keys[-1], period)
    if len(span) <= FILL_GAPS_UNDER:
        keys = span
    return [{"period": k, "count": counts.get(k, 0)} for k in keys]


def timeline_body(
    conn: sqlite3.Connection,
    name: str,
    since: str | None,
    until: str | None,
    period: str,
    limit: int,
    offset: int,
    act: str = "speech",
) -> dict[str, Any]:
    """A speaker's timeline: counts per period over (up to TIMELINE_CAP of) their quotes, and
    one page of the quotes, oldest first."""
    counted: list[str] = []
    seen = 0
    while seen < TIMELINE_CAP:
        chunk = store.timeline(
            conn, name, since=since, until=until, limit=1000, offset=seen, act=act
        )
        seen += len(chunk)
        counted += [h.published for h in chunk if h.published]
        if len(chunk) < 1000:
            break
    undated = seen - len(counted)
    hits = store.timeline(conn, name, since=since, until=until, limit=limit, offset=offset, act=act)
    body = page(hits, limit, offset)
    body.update(
        speaker=name,
        period=period,
        total=seen,
        undated=undated,
        complete=seen < TIMELINE_CAP,
        points=timeline_points(counted, period),
    )
    return body


def add_routes(app: FastAPI, service: Service) -> None:
    """Register the corpus routes under /api/v1."""
    readers = Readers(service.db_path)
    app.state.readers = readers
    cache = PageCache(service.db_path, service.cache_size)
    app.state.cache = cache
    app.add_middleware(CachedAnswers, cache=cache)
    writer = threading.Lock()  # one writer per process; SQLite allows one at a time anyway

    # The read routes are coroutines: each answer is a few milliseconds of SQLite (or a cached
    # page), and serving them on the event loop avoids handing every request to a thread and
    # back, which under many clients made the GIL, not the store, set the tail latency.
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
            conn = readers.conn()
            hits = store.search(conn, query)
            # A short page is the last one, so its length gives the total without a COUNT.
            full = len(hits) == limit
            last = not full and not (offset and not hits)
            total = offset + len(hits) if last else store.count(conn, query)
            return page(hits, limit, offset, total=total)

        return cache.answer(request, compute)

    @app.get(
        f"{API}/speakers",
        tags=["corpus"],
        responses=_links(
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
                store.speakers(
                    readers.conn(),
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
        conn = readers.conn()
        return cache.answer(
            request, lambda: timeline_body(conn, name, since, until, period, limit, offset, act)
        )

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
                store.shared_quotes(
                    readers.conn(),
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
        return _json(store.article(readers.conn(), ref).to_dict())

    @app.get(f"{API}/quotes/{{quote_id}}/occurrences", tags=["corpus"])
    async def quote_journey(
        request: Request,
        quote_id: Annotated[int, PathParam(ge=1, le=MAX_ID)],
    ) -> Response:
        """A quote's journey across outlets: first seen, then every article that carried it,
        oldest first, each with its wording changes against the first."""
        return cache.answer(
            request, lambda: journey(store.quote_occurrences(readers.conn(), quote_id))
        )

    @app.get(f"{API}/conflicts", tags=["corpus"])
    async def list_conflicts(request: Request, limit: Limit = 20, offset: Offset = 0) -> Response:
        """Statements (exact or variant wordings) credited to two or more different speakers,
        the most widely carried first, each version with its articles (``whosaid
        conflicts``). The names of one person count as one speaker."""

        def compute() -> dict[str, Any]:
            found = store.conflicts(readers.conn(), limit=limit, offset=offset)
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
                lambda: store.relays(readers.conn(), speaker=speaker, outlet=outlet).to_dict(),
            )
        graph = store.relays(readers.conn(), speaker=speaker, outlet=outlet)
        text = graph.graphml() if format == "graphml" else graph.gexf()
        return Response(text.encode(), media_type="application/xml")

    check_token: Callable[..., None] = require_token(service.token)

    @app.post(
        f"{API}/articles",
        tags=["corpus"],
        response_model=IngestResult,
        responses=_links(
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
        cache.clear()  # the version check would catch it too; this makes it immediate
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
    store's writer calls; say what became of each (failures are recorded in the store too)."""
    if service.db_path is None:
        raise ServiceError(
            503,
            "store_unavailable",
            "this service was started without a database, so there is nowhere to ingest to; "
            "start it with `whosaid serve --db whosaid.db`.",
        )
    keys = [store.article_key(a) if isinstance(a, Article) else None for a in articles]
    unread = [(None, a) for a in articles if isinstance(a, Outcome)]
    items: list[IngestItem] = []
    with writer, service.analysis() as pipeline, store.Store.open(service.db_path) as db:
        todo: dict[str, Article] = {}
        for key, article in zip(keys, articles, strict=True):
            if key is not None and isinstance(article, Article) and not db.has(key):
                todo.setdefault(key, article)  # the same content twice is stored once
        analysed = pipeline.analyze_many(todo.values(), chunk=len(todo) or 1)
        outcomes: dict[str, Outcome] = dict(zip(todo, analysed, strict=True))
        written = db.write_batch([*outcomes.items(), *unread])
    for article, key in zip(articles, keys, strict=True):
        outcome = article if isinstance(article, Outcome) else outcomes.pop(key or "", None)
        if outcome is None:
            items.append(IngestItem(source=article.source, key=key, status="existing"))
        elif outcome.ok:
            items.append(IngestItem(source=article.source, key=key, status="added"))
        else:
            items.append(
                IngestItem(
                    source=article.source,
                    key=None,
                    status="failed",
                    reason=outcome.reason,
                    message=outcome.message,
                )
            )
    return IngestResult(
        added=written.added,
        existing=sum(1 for i in items if i.status == "existing") + written.existing,
        failed=written.failed,
        quotes=written.quotes,
        articles=items,
    )


__all__ = ["add_routes", "ingest", "journey", "timeline_points", "word_changes"]
