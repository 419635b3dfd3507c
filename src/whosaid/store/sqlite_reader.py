"""The SQLite side of the store seam's ``Reader``: the query functions over one read-only
connection, with SQLite's own failures turned into whosaid's errors.

A damaged page or a truncated file surfaces as ``sqlite3.DatabaseError`` from whichever query
first reads it; a reader says instead what is wrong and what to do (``damaged`` runs SQLite's
integrity check), so the CLI and the service never need to import ``sqlite3``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from whosaid.store import queries, travel
from whosaid.store.closing import Closing
from whosaid.store.queries import Hit, QuoteGroup, SearchQuery, SpeakerCount, StoredArticle
from whosaid.store.sqlite import connect, damaged
from whosaid.store.sqlite_file import file_state
from whosaid.store.travel import Conflict, RelayGraph

T = TypeVar("T")

_TABLES = ("articles", "quotes", "people", "quote_groups", "entities", "failures")


class SqliteReader(Closing):
    """A read-only store file. Its connection may be used from another thread, but not from
    two at once: a service opens one reader per thread."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self.conn = conn
        self.path = path
        self.target = str(path)

    @classmethod
    def open(cls, path: str | Path) -> SqliteReader:
        """``NotFound`` if there is no file, ``SchemaError`` if it is from another version."""
        p = Path(path)
        with _reported(p):
            return cls(connect(p, readonly=True), p)

    def _ask(self, question: Callable[[], T]) -> T:
        with _reported(self.path):
            return question()

    def search(self, q: SearchQuery) -> list[Hit]:
        return self._ask(lambda: queries.search(self.conn, q))

    def count(self, q: SearchQuery) -> int:
        return self._ask(lambda: queries.count(self.conn, q))

    def speakers(
        self,
        name: str | None = None,
        outlet: str | None = None,
        since: str | None = None,
        until: str | None = None,
        type: str | None = None,
        limit: int = 20,
        offset: int = 0,
        act: str = "speech",
    ) -> list[SpeakerCount]:
        return self._ask(
            lambda: queries.speakers(
                self.conn, name, outlet, since, until, type, limit, offset, act
            )
        )

    def timeline(
        self,
        name: str,
        since: str | None = None,
        until: str | None = None,
        limit: int = 200,
        offset: int = 0,
        act: str = "speech",
    ) -> list[Hit]:
        return self._ask(
            lambda: queries.timeline(self.conn, name, since, until, limit, offset, act)
        )

    def article(self, ref: str | int) -> StoredArticle:
        return self._ask(lambda: queries.article(self.conn, ref))

    def quote_occurrences(self, quote_id: int) -> QuoteGroup:
        return self._ask(lambda: queries.quote_occurrences(self.conn, quote_id))

    def shared_quotes(
        self,
        min_occurrences: int = 2,
        limit: int = 20,
        offset: int = 0,
        statements_only: bool = False,
        act: str = "speech",
    ) -> list[QuoteGroup]:
        return self._ask(
            lambda: queries.shared_quotes(
                self.conn, min_occurrences, limit, offset, statements_only, act
            )
        )

    def conflicts(self, limit: int = 20, offset: int = 0) -> list[Conflict]:
        return self._ask(lambda: travel.conflicts(self.conn, limit, offset))

    def relays(self, speaker: str | None = None, outlet: str | None = None) -> RelayGraph:
        return self._ask(lambda: travel.relays(self.conn, speaker, outlet))

    def counts(self) -> dict[str, int]:
        def count_rows() -> dict[str, int]:
            sql = "SELECT COUNT(*) FROM {}"
            return {t: int(self.conn.execute(sql.format(t)).fetchone()[0]) for t in _TABLES}

        return self._ask(count_rows)

    def failures(self, limit: int = 50) -> list[dict[str, str | None]]:
        sql = "SELECT source, reason, message, at FROM failures ORDER BY id LIMIT ?"
        columns = ("source", "reason", "message", "at")
        return self._ask(
            lambda: [dict(zip(columns, r, strict=True)) for r in self.conn.execute(sql, (limit,))]
        )

    def version(self) -> tuple[int, ...]:
        """The size and modification time of the file and its write-ahead log: every commit
        changes one of them, and reading them costs no query."""
        return file_state(self.path)

    def probe(self) -> None:
        self._ask(lambda: self.conn.execute("SELECT max(id) FROM articles").fetchone())

    def close(self) -> None:
        self.conn.close()


@contextmanager
def _reported(path: Path) -> Iterator[None]:
    """SQLite's failure to read becomes a ``StoreError`` that says what the integrity check
    found and how to recover."""
    try:
        yield
    except sqlite3.DatabaseError as exc:
        raise damaged(path, exc) from exc
