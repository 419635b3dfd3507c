"""PostgreSQL, the store seam's second backend (``whosaid.store.base``): a server database that
several ingest processes, on several machines, may write at once. Selected by a
``postgresql://`` (or ``postgres://``) target; needs the ``postgresql`` extra
(``pip install 'whosaid[postgresql]'``, psycopg 3).

- ``connection``: a psycopg connection that runs the store's shared SQL, and the dialect's
  full-text search (``tsvector``/GIN where SQLite has FTS5);
- ``migrations``: the schema, version for version as SQLite's; ``schema``: opening, migrating;
- ``writer``: ``PostgresWriter``; ``reader``: ``PostgresReader``.
"""

from __future__ import annotations

try:
    import psycopg  # noqa: F401
except ImportError as exc:  # pragma: no cover - depends on the installation
    from whosaid.errors import StoreError

    raise StoreError(
        "a postgresql:// store needs psycopg, which is not installed; install it with "
        "`pip install 'whosaid[postgresql]'`."
    ) from exc

from whosaid.store.postgres.reader import PostgresReader
from whosaid.store.postgres.writer import PostgresWriter

__all__ = ["PostgresReader", "PostgresWriter"]
