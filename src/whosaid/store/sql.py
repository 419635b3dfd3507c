"""The query SQL the question functions share: the hit row and its parsing, a speaker's ids, a
search's conditions, and the checks of user input that come before any SQL.

User input never reaches SQL as text: every value is a bound parameter, and words for the
full-text index are quoted term by term, so a malformed query is a ``QueryError`` with a message,
never a database error.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
from dataclasses import replace
from typing import Any

from whosaid.errors import QueryError
from whosaid.store.keys import normal_key
from whosaid.store.records import ACT_CHOICES, ACTS, KINDS, MAX_LIMIT, Hit, SearchQuery, _confidence

_PHRASE = re.compile(r'"([^"]*)"|(\S+)')
_WORD = re.compile(r"\w+")


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


def query_phrases(words: str) -> list[list[str]]:
    """User words as the phrases a search must find, each a list of word tokens: every bare
    word is a phrase of one, a "quoted phrase" one of several. Only word characters are kept,
    so the full-text syntax of any backend in the input is inert."""
    phrases = []
    for phrase, word in _PHRASE.findall(words):
        tokens = _WORD.findall(phrase if phrase else word)
        if tokens:
            phrases.append(tokens)
    if not phrases:
        raise QueryError(
            f"{words!r} has no words to search for; give words that appear in the quote."
        )
    return phrases


def fts_match(words: str) -> str:
    """User words as an FTS5 query: every bare word and every "quoted phrase" must appear.
    Each is re-quoted from its word characters only, so FTS5 syntax in the input is inert."""
    return " AND ".join('"' + " ".join(tokens) + '"' for tokens in query_phrases(words))


class Dialect:
    """Where SQLite's SQL and another backend's differ, and the query code cannot say it one
    way for both: full-text search, and where undated quotes sort. Everything else is one
    text for every backend (a backend's connection rewrites placeholders and the like)."""

    name = "sqlite"

    def words_condition(self, words: str) -> tuple[str, list[Any]]:
        """The condition (on quotes ``q``) that the quote holds ``words``, and its parameters."""
        return "q.id IN (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ?)", [fts_match(words)]

    def date_order(self, direction: str) -> str:
        """Newest (``DESC``) or oldest (``ASC``) first, undated quotes last newest-first and
        first oldest-first. Plain column order so SQLite can walk the date index; its NULLs
        sort first, as this order needs."""
        return f"q.published {direction}, q.id {direction}"

    def index_words(self, conn: Any, quote_id: int, content: str) -> None:
        """Add a stored quote's content to the full-text index."""
        conn.execute("INSERT INTO quotes_fts(rowid, content) VALUES (?, ?)", (quote_id, content))


SQLITE = Dialect()


def dialect_of(conn: Any) -> Dialect:
    """The dialect of a connection: another backend's connection says its own; SQLite's (the
    standard library's, which cannot be given attributes) is the default."""
    dialect = getattr(conn, "dialect", SQLITE)
    return dialect if isinstance(dialect, Dialect) else SQLITE


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


def _where(q: SearchQuery, dialect: Dialect = SQLITE) -> tuple[list[str], list[Any]]:
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
        condition, words = dialect.words_condition(q.words)
        where.append(condition)
        params += words
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
