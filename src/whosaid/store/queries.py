"""Questions to a store: search, speakers, one person's timeline, one article, one quote's
occurrences across articles. Each is a function of a connection (``Store.conn`` or
``connect(path)``) and plain arguments, returning plain records (``whosaid.store.records``) with
``to_dict()``; the SQL they share and the checks of user input are in ``whosaid.store.sql``.
"""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import replace
from itertools import islice
from typing import Any

from whosaid.errors import NotFound, QueryError
from whosaid.model import Analysis
from whosaid.store.lexicon import INFINITIVE_OPENINGS, STATEMENT_MIN_WORDS
from whosaid.store.records import (
    ACT_CHOICES,
    ACTS,
    KINDS,
    MAX_LIMIT,
    Hit,
    QuoteGroup,
    SearchQuery,
    SpeakerCount,
    StoredArticle,
    Variant,
    _confidence,
)
from whosaid.store.sql import (
    _HIT_SELECT,
    _PERSON_IDS,
    _WORD,
    _act_condition,
    _check_page,
    _hit,
    _name_if_certain,
    _person_params,
    _required_key,
    _run,
    _where,
    dialect_of,
    fts_match,
    parse_day,
)
from whosaid.store.variants import word_changes

__all__ = [  # the records and checks are imported from here too (``whosaid.store.queries``)
    "ACTS",
    "ACT_CHOICES",
    "KINDS",
    "MAX_LIMIT",
    "Hit",
    "QuoteGroup",
    "SearchQuery",
    "SpeakerCount",
    "StoredArticle",
    "Variant",
    "_confidence",
    "_name_if_certain",
    "_where",
    "article",
    "count",
    "family_quotes",
    "fts_match",
    "is_statement",
    "parse_day",
    "quote_occurrences",
    "search",
    "shared_quotes",
    "speakers",
    "timeline",
    "variants_of",
]

_ASCII_DIGITS = re.compile(r"[0-9]+")
MAX_ROW_ID = 2**63 - 1  # SQLite's largest integer


def search(conn: sqlite3.Connection, q: SearchQuery) -> list[Hit]:
    """Quotations matching every filter of ``q``, newest first (or oldest, ``order="date"``),
    one page of ``q.limit`` from ``q.offset``."""
    _check_page(q.limit, q.offset)
    if q.order not in ("newest", "date"):
        raise QueryError(f"order {q.order!r} is not one of newest, date.")
    where, params = _where(q, dialect_of(conn))
    direction = "DESC" if q.order == "newest" else "ASC"
    # Two steps: the page's quote ids first (an index-only sort over the matches), then the
    # full rows of just that page. In one step SQLite would build every matching row (joins,
    # relaying outlets) before sorting, which costs 20-40 ms for a common word.
    ids_sql = (
        "SELECT q.id FROM quotes q"
        + (" WHERE " + " AND ".join(where) if where else "")
        + f" ORDER BY {dialect_of(conn).date_order(direction)} LIMIT ? OFFSET ?"
    )
    ids = [r[0] for r in _run(conn, ids_sql, [*params, q.limit, q.offset])]
    if not ids:
        return []
    rows = _run(
        conn,
        _HIT_SELECT + f" WHERE q.id IN ({','.join('?' * len(ids))})",
        ids,
    )
    by_id = {r[0]: r for r in rows}
    return [_name_if_certain(_hit(by_id[i]), q.min_confidence) for i in ids if i in by_id]


def count(conn: sqlite3.Connection, q: SearchQuery) -> int:
    """How many quotations match ``q`` (all pages)."""
    where, params = _where(q, dialect_of(conn))
    sql = "SELECT COUNT(*) FROM quotes q" + (" WHERE " + " AND ".join(where) if where else "")
    return int(_run(conn, sql, params)[0][0])


def speakers(
    conn: sqlite3.Connection,
    name: str | None = None,
    outlet: str | None = None,
    since: str | None = None,
    until: str | None = None,
    type: str | None = None,
    limit: int = 20,
    offset: int = 0,
    act: str = "speech",
) -> list[SpeakerCount]:
    """The most quoted speakers, with quote and article counts, first and last date, aliases,
    roles and outlets. ``name`` keeps speakers whose name or an alias contains it; only quotes
    of ``act`` (speech unless asked; "all" for every act) are counted."""
    _check_page(limit, offset)
    where, params = ["q.person_id IS NOT NULL"], []
    act_where, act_params = _act_condition(act)
    if act_where is not None:
        where.append(act_where)
        params += act_params
    if name:
        key = _required_key(name, "name")
        where.append(
            "q.person_id IN (SELECT id FROM people WHERE key LIKE ? ESCAPE '\\' "
            "UNION SELECT person_id FROM aliases WHERE key LIKE ? ESCAPE '\\')"
        )
        pattern = "%" + key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        params += [pattern, pattern]
    if outlet:
        where.append("q.outlet = ? COLLATE NOCASE")
        params.append(outlet.strip())
    if since:
        where.append("q.published >= ?")
        params.append(parse_day(since))
    if until:
        where.append("q.published <= ?")
        params.append(parse_day(until, end=True))
    if type:
        where.append("p.type = ?")
        params.append(type)
    sql = (
        "SELECT p.id, p.name, p.type, COUNT(*) AS n, COUNT(DISTINCT q.article_id), "
        "MIN(q.published), MAX(q.published) FROM quotes q JOIN people p ON p.id = q.person_id "
        f"WHERE {' AND '.join(where)} GROUP BY p.id ORDER BY n DESC, p.name LIMIT ? OFFSET ?"
    )
    out = []
    for r in _run(conn, sql, [*params, limit, offset]):
        pid = r[0]
        out.append(
            SpeakerCount(
                person_id=pid,
                name=r[1],
                type=r[2],
                quotes=r[3],
                articles=r[4],
                first=r[5],
                last=r[6],
                aliases=_column(conn, "SELECT alias FROM aliases WHERE person_id = ?", pid),
                roles=_column(conn, "SELECT role FROM person_roles WHERE person_id = ?", pid),
                outlets=_column(
                    conn,
                    "SELECT DISTINCT outlet FROM quotes WHERE person_id = ? AND outlet IS NOT NULL",
                    pid,
                ),
            )
        )
    return out


def _column(conn: sqlite3.Connection, sql: str, *params: Any) -> list[str]:
    return sorted({r[0] for r in conn.execute(sql, params)})


def timeline(
    conn: sqlite3.Connection,
    name: str,
    since: str | None = None,
    until: str | None = None,
    limit: int = 200,
    offset: int = 0,
    act: str = "speech",
) -> list[Hit]:
    """What one person (by name or alias) said, oldest first (quotes of ``act``: speech unless
    asked). NotFound if nobody in the store has that name."""
    key = _required_key(name, "name")
    if conn.execute(_PERSON_IDS, _person_params(key)).fetchone() is None:
        raise NotFound(
            f"nobody named {name!r} is quoted in this store; `whosaid speakers --name "
            f"{name.split()[-1]}` lists similar names."
        )
    return search(
        conn,
        SearchQuery(
            speaker=name,
            since=since,
            until=until,
            limit=limit,
            offset=offset,
            order="date",
            act=act,
        ),
    )


def _article_id(text: str) -> int | None:
    """``text`` as an article id, or None. ASCII digits only: ``str.isdigit`` also accepts
    "²" and other digits ``int`` refuses, and an id past SQLite's 64-bit integers cannot be
    stored, so neither may reach the query (an OverflowError there was a 500)."""
    if not _ASCII_DIGITS.fullmatch(text):
        return None
    value = int(text)
    return value if value <= MAX_ROW_ID else None


def article(conn: sqlite3.Connection, ref: str | int) -> StoredArticle:
    """One stored article by id, content hash (or a prefix of 8+ characters) or source."""
    text = str(ref).strip()
    row = None
    article_id = _article_id(text)
    if article_id is not None:
        row = conn.execute("SELECT * FROM articles WHERE id = ?", (article_id,)).fetchone()
    if row is None and len(text) >= 8 and re.fullmatch(r"[0-9a-f]+", text):
        found = list(
            conn.execute("SELECT * FROM articles WHERE hash LIKE ? LIMIT 2", (text + "%",))
        )
        if len(found) > 1:
            raise QueryError(f"{text!r} is the start of several article hashes; give more of it.")
        row = found[0] if found else None
    if row is None:
        row = conn.execute(
            "SELECT * FROM articles WHERE source = ? ORDER BY id LIMIT 1", (text,)
        ).fetchone()
    if row is None:
        raise NotFound(
            f"no article {text!r} in this store; give an article id, hash or source as "
            "`whosaid search` prints them."
        )
    body = json.loads(row["analysis"])
    body["text"] = row["text"]
    hits = _run(conn, _HIT_SELECT + " WHERE q.article_id = ? ORDER BY q.n", [row["id"]])
    return StoredArticle(
        article_id=row["id"],
        hash=row["hash"],
        source=row["source"],
        url=row["url"],
        outlet=row["outlet"],
        title=row["title"],
        published=row["published"],
        analysis=Analysis.from_dict(body),
        quotes=[_hit(r) for r in hits],
    )


def quote_occurrences(conn: sqlite3.Connection, quote_id: int) -> QuoteGroup:
    """The quote with this id and every other occurrence of it across articles (oldest first),
    with its first-seen date, the outlets that carried it and its variants."""
    row = conn.execute("SELECT group_id FROM quotes WHERE id = ?", (quote_id,)).fetchone()
    if row is None:
        raise NotFound(f"no quote {quote_id} in this store; quote ids are in search results.")
    group = _group(conn, int(row[0]))
    return replace(group, variants=variants_of(conn, group.group_id))


MAX_VARIANTS = 500


def family_quotes(conn: sqlite3.Connection, group_id: int) -> list[sqlite3.Row]:
    """Every quote of the variant family of ``group_id``, oldest first (undated last):
    id, group_id, article_id, outlet, published, speaker, content, person_id."""
    family = conn.execute(
        "SELECT COALESCE(variant_id, id) FROM quote_groups WHERE id = ?", (group_id,)
    ).fetchone()[0]
    return _run(
        conn,
        "SELECT q.id, q.group_id, q.article_id, q.outlet, q.published, q.speaker, q.content, "
        "q.person_id FROM quotes q WHERE q.group_id IN "
        "(SELECT id FROM quote_groups WHERE id = ? OR variant_id = ?) "
        "ORDER BY q.published IS NULL, q.published, q.id LIMIT ?",
        [family, family, MAX_VARIANTS],
    )


def variants_of(conn: sqlite3.Connection, group_id: int) -> list[Variant]:
    """The quotes of the group's variant family that are worded otherwise than the group,
    oldest first, each with its changes against the family's earliest wording."""
    rows = family_quotes(conn, group_id)
    if not rows or all(r["group_id"] == group_id for r in rows):
        return []
    earliest = rows[0]["content"]
    return [
        Variant(
            quote_id=r["id"],
            group_id=r["group_id"],
            article_id=r["article_id"],
            outlet=r["outlet"],
            published=r["published"],
            speaker=r["speaker"],
            content=r["content"],
            changes=word_changes(earliest, r["content"]),
        )
        for r in rows
        if r["group_id"] != group_id
    ]


def _group(conn: sqlite3.Connection, group_id: int) -> QuoteGroup:
    g = conn.execute(
        "SELECT id, content, first_seen FROM quote_groups WHERE id = ?", (group_id,)
    ).fetchone()
    if g is None:
        raise NotFound(f"no quote group {group_id} in this store.")
    hits = [
        _hit(r)
        for r in _run(
            conn,
            _HIT_SELECT + " WHERE q.group_id = ? ORDER BY q.published IS NULL, q.published, q.id",
            [group_id],
        )
    ]
    outlets = sorted({h.outlet for h in hits if h.outlet} | {v for h in hits for v in h.via})
    return QuoteGroup(g[0], g[1], g[2], outlets, hits)


def is_statement(content: str) -> bool:
    """Whether a quote's words can be a statement, not a stock fragment such as "not to be
    identified" (the rule and its reason are in ``store.lexicon``)."""
    words = [w.lower() for w in _WORD.findall(content)]
    if len(words) < STATEMENT_MIN_WORDS:
        return False
    return not any(tuple(words[: len(o)]) == o for o in INFINITIVE_OPENINGS)


def shared_quotes(
    conn: sqlite3.Connection,
    min_occurrences: int = 2,
    limit: int = 20,
    offset: int = 0,
    statements_only: bool = False,
    act: str = "speech",
) -> list[QuoteGroup]:
    """Quotes carried by several articles, most occurrences first; only quotes of which an
    occurrence is of ``act`` (speech unless asked; "all" for every act); with
    ``statements_only`` and speech, only those that can be statements (``is_statement``), paged
    over what is kept."""
    _check_page(limit, offset)
    act_where, act_params = _act_condition(act)
    sql = "SELECT id, content FROM quote_groups g WHERE occurrences >= ? " + (
        f"AND EXISTS (SELECT 1 FROM quotes q WHERE q.group_id = g.id AND {act_where}) "
        if act_where
        else ""
    )
    params = (max(min_occurrences, 1), *act_params)
    # Undated groups first among equals, as SQLite sorts NULLs, said so that every backend does.
    order = "ORDER BY occurrences DESC, first_seen IS NOT NULL, first_seen, id"
    # The fragment rule is for speech: an intention's content is an infinitive by nature ("plans
    # to cut the tolls"), and whoever asks for every act asks for fragments too.
    if not statements_only or act != "speech":
        rows = conn.execute(f"{sql}{order} LIMIT ? OFFSET ?", (*params, limit, offset))
        return [_group(conn, int(r[0])) for r in list(rows)]
    rows = conn.execute(f"{sql}{order}", params)
    kept = (int(r[0]) for r in rows if is_statement(r[1]))
    return [_group(conn, gid) for gid in list(islice(kept, offset, offset + limit))]
