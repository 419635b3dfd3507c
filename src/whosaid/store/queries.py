"""Questions to a store: search, speakers, one person's timeline, one article, one quote's
occurrences across articles. Each is a function of a connection (``Store.conn`` or
``connect(path)``) and plain arguments, returning plain records with ``to_dict()``.

User input never reaches SQL as text: every value is a bound parameter, and words for the
full-text index are quoted term by term, so a malformed query is a ``QueryError`` with a message,
never an SQLite error.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields, replace
from itertools import islice
from typing import Any

from whosaid.errors import NotFound, QueryError
from whosaid.model import Analysis
from whosaid.store.keys import normal_key
from whosaid.store.lexicon import INFINITIVE_OPENINGS, STATEMENT_MIN_WORDS
from whosaid.store.variants import word_changes

KINDS = ("direct", "indirect", "mixed")
# What a quote's cue reports (``Quote.act``). Readers after quotes want speech, so every query
# shows speech unless asked for another act or "all"; attribution corpora count all four.
ACTS = ("speech", "belief", "intent", "evidence")
ACT_CHOICES = ("all", *ACTS)
MAX_LIMIT = 1000
_PHRASE = re.compile(r'"([^"]*)"|(\S+)')
_WORD = re.compile(r"\w+")
_ASCII_DIGITS = re.compile(r"[0-9]+")
MAX_ROW_ID = 2**63 - 1  # SQLite's largest integer


# -- records ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SearchQuery:
    """Filters for ``search``; all optional, combined with AND.

    ``speaker``: a full name, an alias, or whole words of a name ("Peskov"); ``words``: words
    in the quote (a "quoted phrase" must appear as written); ``mentions``: an entity named
    inside the quote; ``since``/``until``: the article's date, inclusive (``YYYY``, ``YYYY-MM``
    or ``YYYY-MM-DD``); ``outlet``: the article's outlet; ``via``: an outlet that relayed the
    quote; ``kind``: direct, indirect or mixed; ``act``: what the cue reports (speech, the
    default; belief, intent, evidence, or all). ``min_confidence``: a speaker name less certain
    than this is shown as unresolved (its mention kept), and does not count for ``speaker``.
    Results come newest first (``order="date"`` for oldest first), ``limit`` at a time from
    ``offset``.
    """

    speaker: str | None = None
    words: str | None = None
    mentions: str | None = None
    since: str | None = None
    until: str | None = None
    outlet: str | None = None
    via: str | None = None
    kind: str | None = None
    limit: int = 50
    offset: int = 0
    order: str = "newest"
    act: str = "speech"
    min_confidence: float | None = None

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any]) -> SearchQuery:
        """A query from loose values (an HTTP query string, a JSON body); an unknown field or a
        value of the wrong type is a QueryError naming the valid fields."""
        names = {f.name for f in fields(cls)}
        unknown = sorted(set(values) - names)
        if unknown:
            raise QueryError(
                f"unknown search field {', '.join(unknown)}; the fields are "
                f"{', '.join(sorted(names))}."
            )
        clean: dict[str, Any] = {}
        for k, v in values.items():
            if v is None or v == "":
                continue
            if k in ("limit", "offset"):
                try:
                    clean[k] = int(v)
                except (TypeError, ValueError):
                    raise QueryError(f"{k} must be a whole number, not {v!r}.") from None
            elif k == "min_confidence":
                clean[k] = _confidence(v)
            else:
                clean[k] = str(v)
        return cls(**clean)


@dataclass(frozen=True, slots=True)
class Hit:
    """One quotation found, with its article, offsets (into the article's text) and date."""

    quote_id: int
    group_id: int
    article_id: int
    article_hash: str
    source: str | None
    title: str | None
    outlet: str | None
    published: str | None
    kind: str
    content: str
    start: int
    end: int
    spans: list[list[int]]
    speaker: str | None
    speaker_mention: str | None
    person_id: int | None
    cue: str | None
    via: list[str]
    addressee: str | None
    date: str | None
    occurrences: int
    act: str = "speech"
    unnamed: str | None = None
    confidence: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class SpeakerCount:
    """A person (or organisation) quoted in the store, with counts and what articles say."""

    person_id: int
    name: str
    type: str
    quotes: int
    articles: int
    first: str | None
    last: str | None
    aliases: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    outlets: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class StoredArticle:
    """An article as stored: its metadata, its full analysis, and its quotes as hits."""

    article_id: int
    hash: str
    source: str | None
    url: str | None
    outlet: str | None
    title: str | None
    published: str | None
    analysis: Analysis
    quotes: list[Hit]

    def to_dict(self) -> dict[str, Any]:
        return {
            "article_id": self.article_id,
            "hash": self.hash,
            "source": self.source,
            "url": self.url,
            "outlet": self.outlet,
            "title": self.title,
            "published": self.published,
            "analysis": self.analysis.to_dict(),
            "quotes": [h.to_dict() for h in self.quotes],
        }


@dataclass(frozen=True, slots=True)
class Variant:
    """Another wording of the same statement (trimmed, extended, reworded) in one article, with
    its changes against the earliest wording: ``{"op": "delete"|"insert"|"replace", "old",
    "new"}`` word by word."""

    quote_id: int
    group_id: int
    article_id: int
    outlet: str | None
    published: str | None
    speaker: str | None
    content: str
    changes: list[dict[str, Any]]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class QuoteGroup:
    """One quote across articles: first seen, the outlets that carried it, each occurrence,
    and its variants (other wordings of the statement, oldest first)."""

    group_id: int
    content: str
    first_seen: str | None
    outlets: list[str]
    occurrences: list[Hit]
    variants: list[Variant] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "group_id": self.group_id,
            "content": self.content,
            "first_seen": self.first_seen,
            "outlets": self.outlets,
            "occurrences": [h.to_dict() for h in self.occurrences],
            "variants": [v.to_dict() for v in self.variants],
        }


# -- checking user input ---------------------------------------------------------------------------


def parse_day(value: str, end: bool = False) -> str:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` as an ISO day: the first day of the period, or
    its last with ``end=True``. Anything else is a QueryError."""
    v = value.strip()
    try:
        if re.fullmatch(r"\d{4}", v):
            return f"{v}-12-31" if end else f"{v}-01-01"
        if re.fullmatch(r"\d{4}-\d{2}", v):
            first = dt.date.fromisoformat(v + "-01")
            if not end:
                return first.isoformat()
            following = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
            return (following - dt.timedelta(days=1)).isoformat()
        return dt.date.fromisoformat(v).isoformat()
    except ValueError:
        raise QueryError(
            f"{value!r} is not a date; give YYYY-MM-DD (2023-09-14), YYYY-MM or YYYY."
        ) from None


def fts_match(words: str) -> str:
    """User words as an FTS5 query: every bare word and every "quoted phrase" must appear.
    Each is re-quoted from its word characters only, so FTS5 syntax in the input is inert."""
    terms = []
    for phrase, word in _PHRASE.findall(words):
        tokens = _WORD.findall(phrase if phrase else word)
        if tokens:
            terms.append('"' + " ".join(tokens) + '"')
    if not terms:
        raise QueryError(
            f"{words!r} has no words to search for; give words that appear in the quote."
        )
    return " AND ".join(terms)


def _confidence(value: Any) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        number = float("nan")
    if not 0.0 <= number <= 1.0:  # also refuses NaN
        raise QueryError(f"min_confidence must be a number from 0 to 1, not {value!r}.")
    return number


def _act_condition(act: str | None) -> tuple[str | None, list[str]]:
    """The SQL condition (on quotes ``q``) for one act, or none for "all"."""
    if act is None or act == "all":
        return None, []
    if act not in ACTS:
        raise QueryError(f"act {act!r} is not one of {', '.join(ACT_CHOICES)}.")
    return "q.act = ?", [act]


def _check_page(limit: int, offset: int) -> None:
    if not 1 <= limit <= MAX_LIMIT:
        raise QueryError(f"limit must be between 1 and {MAX_LIMIT}, not {limit}.")
    if offset < 0:
        raise QueryError(f"offset must be 0 or more, not {offset}.")


def _required_key(value: str, what: str) -> str:
    key = normal_key(value)
    if not key:
        raise QueryError(f"{what} {value!r} has no letters or digits; give a name.")
    return key


# -- queries ---------------------------------------------------------------------------------------

_HIT_SELECT = """
SELECT q.id, q.group_id, q.article_id, a.hash, a.source, a.title, q.outlet, q.published,
       q.kind, q.content, q.start, q."end", q.spans, q.speaker, q.speaker_mention, q.person_id,
       q.cue, q.addressee, q.date, g.occurrences,
       (SELECT json_group_array(name) FROM quote_via v WHERE v.quote_id = q.id) AS via,
       q.act, q.unnamed, q.confidence
FROM quotes q JOIN articles a ON a.id = q.article_id JOIN quote_groups g ON g.id = q.group_id
"""

# A speaker is found by full name, by an alias seen in an article, or by whole words of the full
# name ("Peskov" finds Dmitry Peskov even where no article wrote him as just "Peskov"): the
# person_words index finds the people with the query's first word, and LIKE checks that the
# query's words appear together, in order, in the name.
_PERSON_IDS = (
    "SELECT id FROM people WHERE key = ? "
    "UNION SELECT p.id FROM person_words w JOIN people p ON p.id = w.person_id "
    "WHERE w.word = ? AND ' ' || p.key || ' ' LIKE ? "
    "UNION SELECT person_id FROM aliases WHERE key = ?"
)


def _person_params(key: str) -> list[str]:
    # normal_key leaves only word characters and spaces, so the key holds no LIKE wildcard.
    return [key, key.split()[0], f"% {key} %", key]


def _hit(r: sqlite3.Row) -> Hit:
    return Hit(
        quote_id=r[0],
        group_id=r[1],
        article_id=r[2],
        article_hash=r[3],
        source=r[4],
        title=r[5],
        outlet=r[6],
        published=r[7],
        kind=r[8],
        content=r[9],
        start=r[10],
        end=r[11],
        spans=json.loads(r[12]),
        speaker=r[13],
        speaker_mention=r[14],
        person_id=r[15],
        cue=r[16],
        addressee=r[17],
        date=r[18],
        occurrences=r[19],
        via=json.loads(r[20]) if r[20] else [],
        act=r[21],
        unnamed=r[22],
        confidence=r[23],
    )


def _name_if_certain(h: Hit, min_confidence: float | None) -> Hit:
    """The hit with its speaker name taken away (as unresolved, mention kept) when the name is
    less certain than ``min_confidence``: a doubtful name is not shown as a fact."""
    if min_confidence is None or h.speaker is None or (h.confidence or 0.0) >= min_confidence:
        return h
    return replace(h, speaker=None, person_id=None)


def _where(q: SearchQuery) -> tuple[list[str], list[Any]]:
    """SQL conditions and their parameters for a query's filters."""
    where: list[str] = []
    params: list[Any] = []
    if q.speaker:
        key = _required_key(q.speaker, "speaker")
        where.append(f"q.person_id IN ({_PERSON_IDS})")
        params += _person_params(key)
        if q.min_confidence is not None:
            where.append("q.confidence >= ?")  # a doubtful name is not that speaker's quote
            params.append(q.min_confidence)
    if q.words:
        where.append("q.id IN (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ?)")
        params.append(fts_match(q.words))
    if q.mentions:
        where.append("q.id IN (SELECT quote_id FROM quote_mentions WHERE key = ?)")
        params.append(_required_key(q.mentions, "mentions"))
    if q.since:
        where.append("q.published >= ?")
        params.append(parse_day(q.since))
    if q.until:
        where.append("q.published <= ?")
        params.append(parse_day(q.until, end=True))
    if q.outlet:
        where.append("q.outlet = ? COLLATE NOCASE")
        params.append(q.outlet.strip())
    if q.via:
        where.append("q.id IN (SELECT quote_id FROM quote_via WHERE key = ?)")
        params.append(_required_key(q.via, "via"))
    if q.kind:
        if q.kind not in KINDS:
            raise QueryError(f"kind {q.kind!r} is not one of {', '.join(KINDS)}.")
        where.append("q.kind = ?")
        params.append(q.kind)
    act, act_params = _act_condition(q.act)
    if act is not None:
        where.append(act)
        params += act_params
    if q.min_confidence is not None:
        _confidence(q.min_confidence)
    return where, params


def _run(conn: sqlite3.Connection, sql: str, params: list[Any]) -> list[sqlite3.Row]:
    try:
        return list(conn.execute(sql, params))
    except sqlite3.OperationalError as exc:
        # Inputs are bound and quoted, so this is a store problem (locked, damaged), not syntax.
        raise QueryError(f"the store could not answer this query ({exc}).") from exc


def search(conn: sqlite3.Connection, q: SearchQuery) -> list[Hit]:
    """Quotations matching every filter of ``q``, newest first (or oldest, ``order="date"``),
    one page of ``q.limit`` from ``q.offset``."""
    _check_page(q.limit, q.offset)
    if q.order not in ("newest", "date"):
        raise QueryError(f"order {q.order!r} is not one of newest, date.")
    where, params = _where(q)
    direction = "DESC" if q.order == "newest" else "ASC"
    # Two steps: the page's quote ids first (an index-only sort over the matches), then the
    # full rows of just that page. In one step SQLite would build every matching row (joins,
    # relaying outlets) before sorting, which costs 20-40 ms for a common word.
    ids_sql = (
        "SELECT q.id FROM quotes q"
        + (" WHERE " + " AND ".join(where) if where else "")
        # Plain column order so SQLite can walk the date index; undated quotes come last
        # newest-first and first oldest-first.
        + f" ORDER BY q.published {direction}, q.id {direction} LIMIT ? OFFSET ?"
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
    where, params = _where(q)
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
    order = "ORDER BY occurrences DESC, first_seen, id"
    # The fragment rule is for speech: an intention's content is an infinitive by nature ("plans
    # to cut the tolls"), and whoever asks for every act asks for fragments too.
    if not statements_only or act != "speech":
        rows = conn.execute(f"{sql}{order} LIMIT ? OFFSET ?", (*params, limit, offset))
        return [_group(conn, int(r[0])) for r in list(rows)]
    rows = conn.execute(f"{sql}{order}", params)
    kept = (int(r[0]) for r in rows if is_statement(r[1]))
    return [_group(conn, gid) for gid in list(islice(kept, offset, offset + limit))]
