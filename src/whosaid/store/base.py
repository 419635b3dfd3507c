"""The store seam: what the runs, the CLI and the service ask of a corpus store, on any backend.

Everything outside ``whosaid.store`` reaches a store through these two protocols and the two
functions that open one, never through a database module of its own::

    from whosaid.store import open_reader, open_writer, SearchQuery
    with open_writer("whosaid.db") as writer:        # creates or migrates the store
        writer.write_batch([(key, outcome), ...])    # one transaction, idempotent
    with open_reader("whosaid.db") as reader:        # read-only; one per thread
        reader.search(SearchQuery(speaker="Peskov"))

A target is a file path (SQLite, the default and the embedded store) or a
``postgresql://`` address (a server, for several writers at once). A backend reports every
failure of its database as a ``whosaid.errors.WhosaidError`` (``StoreError`` for a damaged or
unwritable store, ``NotFound``, ``QueryError``, ``SchemaError``), so callers never need to know
which database library raised it.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    from whosaid.model import Outcome
    from whosaid.store.records import (
        Hit,
        QuoteGroup,
        SearchQuery,
        SpeakerCount,
        StoredArticle,
        WriteResult,
    )
    from whosaid.store.travel import Conflict, RelayGraph

#: The scheme that selects the PostgreSQL backend; anything else is a SQLite file path.
POSTGRES_SCHEMES = ("postgresql://", "postgres://")


def backend_of(target: str | Path) -> str:
    """``"postgresql"`` for a server address, ``"sqlite"`` for a file path."""
    text = str(target)
    return "postgresql" if text.startswith(POSTGRES_SCHEMES) else "sqlite"


@runtime_checkable
class Reader(Protocol):
    """Read-only questions to one store. Not shared between threads: open one per thread."""

    target: str

    def search(self, q: SearchQuery) -> list[Hit]: ...

    def count(self, q: SearchQuery) -> int: ...

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
    ) -> list[SpeakerCount]: ...

    def timeline(
        self,
        name: str,
        since: str | None = None,
        until: str | None = None,
        limit: int = 200,
        offset: int = 0,
        act: str = "speech",
    ) -> list[Hit]: ...

    def article(self, ref: str | int) -> StoredArticle: ...

    def quote_occurrences(self, quote_id: int) -> QuoteGroup: ...

    def shared_quotes(
        self,
        min_occurrences: int = 2,
        limit: int = 20,
        offset: int = 0,
        statements_only: bool = False,
        act: str = "speech",
    ) -> list[QuoteGroup]: ...

    def conflicts(self, limit: int = 20, offset: int = 0) -> list[Conflict]: ...

    def relays(self, speaker: str | None = None, outlet: str | None = None) -> RelayGraph: ...

    def counts(self) -> dict[str, int]: ...

    def failures(self, limit: int = 50) -> list[dict[str, str | None]]:
        """Inputs that could not be stored, oldest first: ``source``, ``reason``, ``message``
        and ``at`` (when) of each."""
        ...

    def version(self) -> Hashable:
        """A value that changes whenever a writer commits: caches key their answers on it."""
        ...

    def probe(self) -> None:
        """Read the store cheaply; raise ``StoreError`` when it cannot be read."""
        ...

    def close(self) -> None: ...

    def __enter__(self) -> Reader: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...


@runtime_checkable
class Writer(Protocol):
    """The one writer of a store: what is stored, and one transaction per batch."""

    target: str

    def has(self, key: str) -> bool: ...

    def known_keys(self, include_failed: bool = True) -> set[str]: ...

    def stored_keys(self) -> set[str]: ...

    def failed_keys(self) -> set[str]: ...

    def counts(self) -> dict[str, int]: ...

    def write_batch(self, items: Iterable[tuple[str | None, Outcome]]) -> WriteResult: ...

    def close(self) -> None: ...

    def __enter__(self) -> Writer: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...


def open_reader(target: str | Path) -> Reader:
    """A read-only reader of the store at ``target`` (``NotFound`` if there is none)."""
    if backend_of(target) == "postgresql":
        from whosaid.store.postgres import PostgresReader

        return PostgresReader.open(str(target))
    from whosaid.store.sqlite_reader import SqliteReader

    return SqliteReader.open(target)


def open_writer(target: str | Path, check: bool = False) -> Writer:
    """The writer of the store at ``target``, created or migrated to this version of whosaid.
    ``check``: look for damage before writing (``whosaid ingest`` does)."""
    if backend_of(target) == "postgresql":
        from whosaid.store.postgres import PostgresWriter

        return PostgresWriter.open(str(target), check=check)
    from whosaid.store.sqlite import Store

    return Store.open(target, check=check)
