"""The PostgreSQL store's writer: the same batches as SQLite's ``Store``, from any number of
processes and machines at once.

Each batch is one transaction, so a killed writer loses at most the batch in flight. An
article's content key is unique (``articles.hash``) and its insert is ``ON CONFLICT DO
NOTHING``, so an article written by two writers is stored once: the second finds it stored and
writes none of its rows. Writers take their turn for each batch (an advisory lock held until the
batch commits) for two reasons: a new quote group's variant family is found among the groups
already committed, so two batches placing variants of one statement at once would each start a
family of its own; and two batches upserting the same people and groups in different orders
would deadlock. A batch's writes are milliseconds against the seconds its analysis takes, so
writers still run side by side where the time goes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from whosaid.model import Outcome
from whosaid.store.closing import Closing
from whosaid.store.postgres.connection import PgConnection, connect, reported
from whosaid.store.postgres.schema import WRITE_LOCK, lock, migrate
from whosaid.store.records import WriteResult
from whosaid.store.rows import Contents, write_items
from whosaid.store.variants import place


class PostgresWriter(Contents, Closing):
    """A writer of the store at a ``postgresql://`` address (the seam's ``Writer``)."""

    def __init__(self, conn: PgConnection) -> None:
        self.conn = conn
        self.target = conn.where
        self.readonly = False
        self.variants = True  # as ``Store.variants``

    @classmethod
    def open(cls, dsn: str, check: bool = False) -> PostgresWriter:
        """Connect, and create or migrate the store's schema. ``check`` is accepted for the
        seam: the server checks its own pages (a damaged one fails the query that reads it,
        reported as a ``StoreError``), so there is no file for whosaid to check."""
        conn = connect(dsn, readonly=False)
        try:
            migrate(conn)
            _backfill(conn)
        except BaseException:
            conn.close()
            raise
        return cls(conn)

    def write_batch(self, items: Iterable[tuple[str | None, Outcome]]) -> WriteResult:
        """As ``Store.write_batch``: one transaction, stored keys skipped, failures recorded."""
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        with reported(self.conn.where), self.conn.transaction():
            lock(self.conn, WRITE_LOCK)
            result = write_items(self.conn, items, now, self.variants)
            # Readers know the store changed by this count (``PostgresReader.version``).
            self.conn.execute("UPDATE whosaid_schema SET writes = writes + 1")
        return result

    def close(self) -> None:
        self.conn.close()


def _backfill(conn: PgConnection) -> int:
    """Place the groups written with variants off (``variants = False``) in their families, as
    SQLite's writer does on opening a file (``variants.backfill``); returns how many."""
    ids = [int(r[0]) for r in conn.execute("SELECT id FROM quote_groups WHERE variant_id IS NULL")]
    if not ids:
        return 0
    with conn.transaction():
        lock(conn, WRITE_LOCK)
        for gid in sorted(ids):
            place(conn, gid)  # type: ignore[arg-type]  # the shared SQL, on this connection
        conn.execute("UPDATE whosaid_schema SET writes = writes + 1")
    return len(ids)
