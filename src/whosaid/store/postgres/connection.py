"""A PostgreSQL connection that the store's shared SQL runs on (``store.queries``, ``store.sql``,
``store.rows``, ``store.travel``, ``store.variants``), so each question and each write is written
once for both backends.

The query code is written in SQLite's SQL. Where the two dialects differ only in spelling, this
connection rewrites the statement (once; rewrites are cached):

- placeholders: SQLite's ``?`` is psycopg's ``%s`` (and a literal ``%`` is ``%%``);
- ``INSERT OR IGNORE INTO ...`` is ``INSERT INTO ... ON CONFLICT DO NOTHING``;
- ``X = ? COLLATE NOCASE`` is ``lower(X) = lower(?)``: both fold ASCII case only, since every
  text column here is of the "C" collation (``postgres.migrations``);
- ``json_group_array(name)`` is ``json_agg(name ORDER BY key)::text``: the same JSON text, in the
  order SQLite's primary key gives it.

Where they differ in meaning (full-text search, where NULLs sort) the query code asks the
connection's ``dialect`` (``PostgresDialect``), never the SQL text.

Rows are tuples that can also be read by column name, as ``sqlite3.Row`` can.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg.rows import RowMaker

from whosaid.errors import QueryError, StoreError
from whosaid.store.keys import normal_key
from whosaid.store.sql import Dialect, query_phrases

# PostgreSQL refuses longer lexemes (2,047 bytes) and more positions (16,383); a quote's word
# longer than this is cut to it, in the index and in the query alike, so the two still meet.
MAX_WORD_CHARS = 200
MAX_POSITION = 16_383
MAX_POSITIONS_PER_WORD = 256


def tsvector_of(content: str) -> str:
    """The quote's words as a ``tsvector`` literal with their positions: the words
    ``normal_key`` makes (lowercase, no accents), which is how the query's words are made too."""
    positions: dict[str, list[int]] = {}
    for i, word in enumerate(normal_key(content).split()[:MAX_POSITION], start=1):
        seen = positions.setdefault(word[:MAX_WORD_CHARS], [])
        if len(seen) < MAX_POSITIONS_PER_WORD:
            seen.append(i)
    return " ".join(f"'{w}':{','.join(map(str, p))}" for w, p in positions.items())


def tsquery_of(words: str) -> str:
    """User words as a ``tsquery`` literal: every word and "quoted phrase" must appear, a
    phrase's words one after another (``<->``), as FTS5's phrases. Only word characters reach
    it (``query_phrases``), so tsquery operators typed by a user are inert."""
    terms = []
    for tokens in query_phrases(words):
        lexemes = [w[:MAX_WORD_CHARS] for t in tokens for w in normal_key(t).split()]
        if lexemes:
            terms.append("(" + " <-> ".join(f"'{w}'" for w in lexemes) + ")")
    if not terms:
        raise QueryError(
            f"{words!r} has no words to search for; give words that appear in the quote."
        )
    return " & ".join(terms)


class PostgresDialect(Dialect):
    """PostgreSQL's full-text search and NULL order, for the shared query code."""

    name = "postgresql"

    def words_condition(self, words: str) -> tuple[str, list[Any]]:
        return (
            "q.id IN (SELECT quote_id FROM quotes_fts WHERE words @@ ?::tsquery)",
            [tsquery_of(words)],
        )

    def date_order(self, direction: str) -> str:
        # PostgreSQL sorts NULLs as the largest value, SQLite as the smallest: said outright.
        nulls = "LAST" if direction == "DESC" else "FIRST"
        return f"q.published {direction} NULLS {nulls}, q.id {direction}"

    def index_words(self, conn: Any, quote_id: int, content: str) -> None:
        conn.execute(
            "INSERT INTO quotes_fts(quote_id, words) VALUES (?, ?::tsvector)",
            (quote_id, tsvector_of(content)),
        )


POSTGRES = PostgresDialect()

_NOCASE = re.compile(r"([\w.\"]+) = \? COLLATE NOCASE")
_OR_IGNORE = re.compile(r"^\s*INSERT OR IGNORE INTO (.*?)\s*$", re.DOTALL)


@lru_cache(maxsize=512)
def translate(sql: str) -> str:
    """A statement of the shared (SQLite) SQL as PostgreSQL takes it (see the module's note)."""
    out = _NOCASE.sub(r"lower(\1) = lower(?)", sql)
    out = out.replace("json_group_array(name)", "json_agg(name ORDER BY key)::text")
    m = _OR_IGNORE.match(out)
    if m:
        out = f"INSERT INTO {m.group(1)} ON CONFLICT DO NOTHING"
    return out.replace("%", "%%").replace("?", "%s")


class Row(tuple[Any, ...]):
    """A result row: a tuple, also indexed by column name (``row["content"]``)."""

    _names: dict[str, int]

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, str):
            return tuple.__getitem__(self, self._names[key])
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        return list(self._names)


def _rows(cursor: Any) -> RowMaker[Row]:
    names = {c.name: i for i, c in enumerate(cursor.description or [])}

    def make(values: Sequence[Any]) -> Row:
        row = Row(values)
        row._names = names
        return row

    return make


class PgConnection:
    """A psycopg connection in autocommit mode that runs the shared SQL. A writer opens its
    transactions with ``transaction()``; outside one, each statement commits by itself."""

    dialect = POSTGRES

    def __init__(self, raw: psycopg.Connection[Any], where: str) -> None:
        self.raw = raw
        self.where = where  # the address without its password, for messages

    def execute(self, sql: str, params: Iterable[Any] = ()) -> psycopg.Cursor[Row]:
        cur = self.raw.cursor(row_factory=_rows)
        with reported(self.where):
            cur.execute(translate(sql), list(params))
        return cur

    def executemany(self, sql: str, seq: Iterable[Sequence[Any]]) -> None:
        rows = list(seq)
        if rows:
            with reported(self.where), self.raw.cursor() as cur:
                cur.executemany(translate(sql), rows)

    def script(self, sql: str) -> None:
        """Several statements in PostgreSQL's own SQL, with no parameters (a migration)."""
        with reported(self.where):
            self.raw.execute(sql.encode())

    def transaction(self) -> AbstractContextManager[psycopg.Transaction]:
        """A transaction: committed when the block ends, rolled back if it raises."""
        return self.raw.transaction()

    def value(self, sql: str, params: Iterable[Any] = ()) -> Any:
        """The first column of the first row the statement returns (None for no row)."""
        row = self.execute(sql, params).fetchone()
        return None if row is None else row[0]

    def close(self) -> None:
        self.raw.close()


@contextmanager
def reported(where: str) -> Iterator[None]:
    """A database failure as whosaid's error: a value PostgreSQL refuses is the query's fault
    (``QueryError``), anything else the store's (``StoreError``: the server went away, the disk
    is full, the role may not read)."""
    try:
        yield
    except psycopg.DataError as exc:
        raise QueryError(f"the store could not answer this query ({exc}).") from exc
    except psycopg.Error as exc:
        raise StoreError(
            f"the PostgreSQL store {where} failed ({type(exc).__name__}: {exc}). Check that "
            "the server runs and this role may use the database, then run the same command "
            "again: what was stored before is intact."
        ) from exc


def redacted(dsn: str) -> str:
    """The address with its password replaced, for messages and logs."""
    parts = urlsplit(dsn)
    if parts.password is None:
        return dsn
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return urlunsplit(parts._replace(netloc=netloc))


def connect(dsn: str, readonly: bool) -> PgConnection:
    """An autocommit connection to the server at ``dsn``; a reader's refuses to write."""
    where = redacted(dsn)
    try:
        raw = psycopg.connect(dsn, autocommit=True, connect_timeout=10)
    except psycopg.Error as exc:
        raise StoreError(
            f"cannot connect to the PostgreSQL store {where} ({exc}). Check that the server "
            "runs, and the address: postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE."
        ) from exc
    conn = PgConnection(raw, where)
    if readonly:
        conn.script("SET default_transaction_read_only = on")
    return conn
