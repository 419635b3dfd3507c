"""The SQLite store's writer: ``Store``, one transaction per batch, so a kill loses at most the
batch in flight. Opening, migrating and checking the file are in ``whosaid.store.sqlite_file``;
the rows of an article in ``whosaid.store.rows``.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterable
from pathlib import Path

from whosaid.errors import StoreError, WhosaidError
from whosaid.model import Outcome
from whosaid.store.closing import Closing
from whosaid.store.records import WriteResult
from whosaid.store.rows import Contents, write_items
from whosaid.store.sqlite_file import (
    BUSY_TIMEOUT_MS,
    _statements,
    connect,
    damaged,
    integrity_problems,
    migrate,
)

__all__ = [  # what was defined here before the split is still importable from here
    "BUSY_TIMEOUT_MS",
    "Store",
    "WriteResult",
    "_statements",
    "connect",
    "damaged",
    "integrity_problems",
    "migrate",
]


def _write_failed(path: Path, exc: sqlite3.DatabaseError) -> StoreError:
    """The error for a batch that could not be written (a full disk, a file size limit)."""
    if isinstance(exc, sqlite3.DatabaseError) and "malformed" in str(exc):
        return damaged(path, exc)
    return StoreError(
        f"could not write to the store {path} ({exc}); nothing of this batch was stored, and "
        "what was stored before is intact. If the disk is full, free space or give --db a file "
        "on a bigger disk (copy the store there first), then run the same command again: the "
        "articles already stored are skipped."
    )


class Store(Contents, Closing):
    """A whosaid store file. ``Store.open(path)`` creates or migrates it; ``readonly=True``
    opens an existing one for queries only. Query methods are in ``whosaid.store.queries``
    and take ``store.conn``; what is stored (``has``, ``known_keys``, ``counts``) is asked
    through ``Contents``, the same on every backend."""

    def __init__(self, conn: sqlite3.Connection, path: Path, readonly: bool) -> None:
        self.conn = conn
        self.path = path
        self.target = str(path)  # the store seam's name for what was opened (``store.base``)
        self.readonly = readonly
        # Group new quotes into variant families as they are written (``store.variants``).
        # Off only to measure what it costs; groups left out are placed on the next open.
        self.variants = True

    @classmethod
    def open(cls, path: str | Path, readonly: bool = False, check: bool = False) -> Store:
        """``check``: see ``connect``; ``whosaid ingest`` checks the file before writing."""
        return cls(connect(path, readonly=readonly, check=check), Path(path), readonly)

    def close(self) -> None:
        self.conn.close()

    # -- writing -------------------------------------------------------------------------------

    def write_batch(self, items: Iterable[tuple[str | None, Outcome]]) -> WriteResult:
        """Store ``(article_key, outcome)`` pairs in one transaction: an analysis as an article
        with its quotes, people and entities; a failure in ``failures``. An article whose key is
        stored already is skipped, so a batch can be written twice with no effect. ``key`` may be
        None for a failure with no article behind it."""
        if self.readonly:
            raise WhosaidError(
                f"{self.path} was opened read-only; open it with Store.open(path) to write."
            )
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        conn = self.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            result = write_items(conn, items, now, self.variants)
            conn.execute("COMMIT")
        except sqlite3.DatabaseError as exc:  # a full disk, a size limit, a damaged file
            _roll_back(conn)
            raise _write_failed(self.path, exc) from exc
        except BaseException:
            _roll_back(conn)
            raise
        return result


def _roll_back(conn: sqlite3.Connection) -> None:
    try:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
    except sqlite3.DatabaseError:
        pass  # SQLite rolls back a transaction it could not finish itself
