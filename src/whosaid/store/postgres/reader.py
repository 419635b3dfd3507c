"""The PostgreSQL store's reader: the seam's ``Reader``, answering every question with the same
query functions as SQLite's (``store.queries``, ``store.travel``) over a ``PgConnection``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar, cast

from whosaid.errors import SchemaError
from whosaid.store.migrations import SCHEMA_VERSION
from whosaid.store.postgres.connection import PgConnection, connect
from whosaid.store.postgres.schema import schema_version
from whosaid.store.rows import TABLES
from whosaid.store.sqlite_reader import SqliteReader

T = TypeVar("T")


class PostgresReader(SqliteReader):
    """A read-only connection to a PostgreSQL store. The questions are ``SqliteReader``'s, which
    are the shared query functions of its connection; what differs is opening, the version, and
    that failures are reported by the connection itself (``postgres.connection.reported``)."""

    def __init__(self, conn: PgConnection) -> None:
        self.conn = cast(Any, conn)  # runs the shared SQL as an sqlite3 connection would
        self.pg = conn
        self.path = Path(conn.where)
        self.target = conn.where

    @classmethod
    def open(cls, path: str | Path) -> PostgresReader:
        """``NotFound`` if the database holds no store, ``SchemaError`` if it is from another
        version of whosaid (or not a store), ``StoreError`` if the server cannot be reached."""
        conn = connect(str(path), readonly=True)
        try:
            version = schema_version(conn)
            if version < SCHEMA_VERSION:
                raise SchemaError(
                    f"{conn.where} has store schema version {version}; this whosaid needs "
                    f"version {SCHEMA_VERSION}. Open it once for writing to migrate it (for "
                    f"example `whosaid ingest --db {conn.where}` with no inputs)."
                )
        except BaseException:
            conn.close()
            raise
        return cls(conn)

    def _ask(self, question: Callable[[], T]) -> T:
        return question()

    def counts(self) -> dict[str, int]:
        sql = "SELECT COUNT(*) FROM {}"
        return {t: int(self.conn.execute(sql.format(t)).fetchone()[0]) for t in TABLES}

    def version(self) -> tuple[int, ...]:
        """The count of batches committed: every writer adds one in its transaction."""
        return (int(self.pg.value("SELECT writes FROM whosaid_schema")),)
