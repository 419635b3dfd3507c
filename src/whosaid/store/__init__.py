"""The corpus store: many articles in one SQLite file, and questions across them.

Writing (one writer per file; WAL lets readers go on meanwhile)::

    from whosaid.store import Store, article_key
    with Store.open("whosaid.db") as store:          # creates or migrates the file
        store.has(article_key(article))              # is this article stored?
        store.write_batch([(article_key(a), outcome), ...])  # one transaction, idempotent

The store keeps records, it never makes them: ingesting (reading inputs and analysing them into
a store) is a run, ``from whosaid.runs import ingest, ingest_items, IngestReport``.

The seam (``whosaid.store.base``) is what code outside the store uses, on any backend::

    with open_writer("whosaid.db") as w: ...         # a Writer (Store for a SQLite file,
                                                     # PostgresWriter for postgresql://...)
    with open_reader("whosaid.db") as r:             # a Reader: r.search(q), r.speakers(...),
        r.search(SearchQuery(speaker="Peskov"))      # r.article(ref), r.conflicts(), r.version()

Reading (any number of readers; read-only connections can be shared across threads)::

    from whosaid.store import connect, search, SearchQuery, speakers, timeline, article
    conn = connect("whosaid.db")                     # read-only; Store.open(p, readonly=True)
    search(conn, SearchQuery(speaker="Peskov", words="satellite", since="2023-09",
                             limit=50, offset=0))    # -> list[Hit]; count(conn, query) -> int
    SearchQuery(act="all", min_confidence=0.8)       # speech only unless act= says otherwise
    SearchQuery.from_mapping(request_params)         # QueryError on an unknown field
    speakers(conn, name=None, outlet=None, since=None, until=None, limit=20, offset=0)
                                                     # -> list[SpeakerCount]
    timeline(conn, "Dmitry Peskov", since=None, until=None)  # -> list[Hit], oldest first
    article(conn, "12" | hash_prefix | source)       # -> StoredArticle (analysis + quote hits)
    quote_occurrences(conn, quote_id)                # -> QuoteGroup: first seen, outlets, hits
    shared_quotes(conn, min_occurrences=2)           # -> list[QuoteGroup]
    conflicts(conn, limit=20)                        # -> list[Conflict]: one statement, several
                                                     #    speakers, each with its articles
    relays(conn, speaker=None, outlet=None)          # -> RelayGraph: .to_dict(), .graphml()

Modules: ``records`` (the records above), ``sql`` (the SQL the queries share, input checks),
``queries``, ``travel`` and ``variants`` (the questions), ``rows`` (an article's rows, written by
every backend's writer), ``sqlite_file``/``sqlite``/``sqlite_reader`` (the SQLite backend),
``postgres/`` (the PostgreSQL backend, the ``postgresql`` extra), ``base`` (the seam).

Errors: ``QueryError`` (bad date, unknown field, bad value), ``NotFound`` (no such person,
article or quote), ``SchemaError`` (a file from a newer whosaid, or not a whosaid store). The
schema is documented in ``whosaid.store.migrations``.
"""

import warnings
from typing import Any

from whosaid.store.base import Reader, Writer, backend_of, open_reader, open_writer
from whosaid.store.keys import article_key, normal_key
from whosaid.store.migrations import SCHEMA_VERSION
from whosaid.store.queries import (
    article,
    count,
    quote_occurrences,
    search,
    shared_quotes,
    speakers,
    timeline,
)
from whosaid.store.records import (
    ACT_CHOICES,
    ACTS,
    Hit,
    QuoteGroup,
    SearchQuery,
    SpeakerCount,
    StoredArticle,
    WriteResult,
)
from whosaid.store.sqlite import Store
from whosaid.store.sqlite_file import connect
from whosaid.store.travel import Conflict, RelayGraph, conflicts, relays

__all__ = [
    "ACTS",
    "ACT_CHOICES",
    "SCHEMA_VERSION",
    "Conflict",
    "Hit",
    "QuoteGroup",
    "Reader",
    "RelayGraph",
    "SearchQuery",
    "SpeakerCount",
    "Store",
    "StoredArticle",
    "WriteResult",
    "Writer",
    "article",
    "article_key",
    "backend_of",
    "conflicts",
    "connect",
    "count",
    "normal_key",
    "open_reader",
    "open_writer",
    "quote_occurrences",
    "relays",
    "search",
    "shared_quotes",
    "speakers",
    "timeline",
]


# The one exception to "the store never imports the runs": these three names lived here before
# ingest became a run (whosaid.runs.ingest), and the README showed them; they still resolve, on
# first use and with a warning naming the new home, so a store import never loads the runs.
_MOVED_TO_RUNS = ("IngestReport", "ingest", "ingest_items")


def __getattr__(name: str) -> Any:
    if name not in _MOVED_TO_RUNS:
        raise AttributeError(f"module 'whosaid.store' has no attribute {name!r}")
    import whosaid.runs

    warnings.warn(
        f"whosaid.store.{name} moved to whosaid.runs: from whosaid.runs import {name}.",
        DeprecationWarning,
        stacklevel=2,
    )
    return getattr(whosaid.runs, name)
