"""The SQLite file: opening it (read-only or for writing), its migrations, and its integrity.

SQLite (stdlib) because it is embedded and needs nothing set up; WAL so readers never block the
writer. A file that fails to read is checked (``PRAGMA integrity_check``) so the error says what
is damaged; a file from a newer whosaid, or an SQLite file that is not a store, is refused.
"""

from __future__ import annotations

import re
import sqlite3
from functools import lru_cache
from pathlib import Path

from whosaid.errors import NotFound, SchemaError, StoreError
from whosaid.store.migrations import MIGRATIONS, SCHEMA_VERSION
from whosaid.store.variants import backfill

BUSY_TIMEOUT_MS = 30_000


def integrity_problems(path: str | Path, most: int = 5) -> list[str]:
    """What SQLite's ``PRAGMA integrity_check`` finds wrong in the file (its first ``most``
    findings; none for a sound file). The file is opened read-only, never written."""
    try:
        conn = sqlite3.connect(Path(path).resolve().as_uri() + "?mode=ro", uri=True)
        try:
            rows = [str(r[0]) for r in conn.execute("PRAGMA integrity_check(100)")]
            found = [r for r in rows if r != "ok" and not _false_null(conn, r)]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return [f"the check itself failed: {exc}"]
    return found[:most]


_NULL_FINDING = re.compile(r"NULL value in (\w+)\.(\w+)")


def _false_null(conn: sqlite3.Connection, finding: str) -> bool:
    """SQLite 3.40's integrity check reports "NULL value in T.C" for WITHOUT ROWID tables whose
    column C holds no NULL at all (a bug of that version); such a finding is checked, and dropped
    when the column really has none."""
    m = _NULL_FINDING.fullmatch(finding)
    if m is None:
        return False
    table, column = m.groups()
    try:
        row = conn.execute(f'SELECT 1 FROM "{table}" WHERE "{column}" IS NULL LIMIT 1').fetchone()
    except sqlite3.DatabaseError:
        return False
    return row is None


def file_state(path: Path) -> tuple[int, ...]:
    """Size and modification time of the file and its write-ahead log: what any write changes."""
    out: list[int] = []
    for suffix in ("", "-wal"):
        try:
            st = Path(f"{path}{suffix}").stat()
            out += [st.st_size, st.st_mtime_ns]
        except OSError:
            out += [-1, -1]
    return tuple(out)


@lru_cache(maxsize=16)
def _checked(path: str, state: tuple[int, ...]) -> tuple[str, ...]:
    return tuple(integrity_problems(path))


def damaged(path: str | Path, exc: BaseException) -> StoreError:
    """The error for a store that failed to read (a garbled page, a truncated file). The
    integrity check reads the whole file, and a service meets the same damage on every request
    that reads it, so the check runs once per state of the file, not once per failure."""
    p = Path(path).resolve()
    found = _checked(str(p), file_state(p))
    said = "; ".join(found) if found else "ok (the failure may be passing: try again)"
    return StoreError(
        f"the store {path} cannot be read ({exc}); SQLite's integrity check says: {said}. "
        "whosaid will not write to it. Restore it from a backup, or rebuild it by ingesting the "
        "same inputs into a new file (--db NEW.db)."
    )


def _is_sqlite_file(path: str | Path) -> bool:
    try:
        with open(path, "rb") as fh:
            return fh.read(16) == b"SQLite format 3\x00"
    except OSError:
        return False


def _schema_version(conn: sqlite3.Connection, path: str) -> int:
    try:
        # One read transaction, so the version and the tables come from the same moment even
        # while another process migrates the file.
        own = not conn.in_transaction
        if own:
            conn.execute("BEGIN")
        try:
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            tables = {
                r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
        finally:
            if own:
                conn.execute("COMMIT")
    except sqlite3.DatabaseError as exc:
        if _is_sqlite_file(path):  # an SQLite file that fails to read is damaged, not foreign
            raise damaged(path, exc) from exc
        raise SchemaError(
            f"{path} is not an SQLite database ({exc}). Give --db a new file name or a store "
            "whosaid made."
        ) from exc
    if version == 0 and tables:
        raise SchemaError(
            f"{path} is an SQLite database but not a whosaid store (it has tables "
            f"{', '.join(sorted(tables)[:5])} and no whosaid schema version). Give --db a new "
            "file name or a store whosaid made."
        )
    if version > SCHEMA_VERSION:
        raise SchemaError(
            f"{path} has store schema version {version}, written by a newer whosaid; this whosaid "
            f"reads schema version {SCHEMA_VERSION} and older. Upgrade whosaid "
            "(pip install -U whosaid) to open it."
        )
    return version


def migrate(conn: sqlite3.Connection, path: str = "the database") -> int:
    """Bring the file to ``SCHEMA_VERSION``, one transaction per migration; returns the version
    it had. Refuses (SchemaError) a newer file or a database that is not a whosaid store."""
    start = _schema_version(conn, path)
    while True:
        try:
            conn.execute("BEGIN IMMEDIATE")
            # Read the version again under the write lock: another process may have migrated
            # the file meanwhile (two ingests started together on a new file).
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            if version >= SCHEMA_VERSION:
                conn.execute("COMMIT")
                return start
            # Run statement by statement: executescript would commit the open transaction.
            for statement in _statements(MIGRATIONS[version]):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {version + 1}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise


def _statements(script: str) -> list[str]:
    out: list[str] = []
    buf = ""
    for line in script.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            out.append(buf.strip())
            buf = ""
    if buf.strip():
        out.append(buf.strip())
    return out


def connect(path: str | Path, readonly: bool = True, check: bool = False) -> sqlite3.Connection:
    """A connection to a store file. Read-only connections (``mode=ro``) may be shared across
    threads (each call to a query function is one statement or a few), which a web server needs.
    A read-only connection refuses a file that is missing or not at the current schema.
    ``check``: refuse (StoreError) a damaged file before writing anything to it; it reads the
    whole file once (about a second per 150 MB), so long runs ask for it, not each request."""
    p = Path(path)
    if check and not readonly and p.exists() and p.stat().st_size > 0:
        found = integrity_problems(p)
        if found:
            raise StoreError(
                f"the store {p} is damaged; SQLite's integrity check says: {'; '.join(found)}. "
                "whosaid will not write to it. Restore it from a backup, or ingest into a new "
                "file (--db NEW.db)."
            )
    if readonly:
        if not p.exists():
            raise NotFound(
                f"there is no store at {p}; create one with `whosaid ingest PATH... --db {p}`."
            )
        conn = sqlite3.connect(
            p.resolve().as_uri() + "?mode=ro",
            uri=True,
            isolation_level=None,
            check_same_thread=False,
        )
        conn.row_factory = sqlite3.Row
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        version = _schema_version(conn, str(p))
        if version < SCHEMA_VERSION:
            conn.close()
            raise SchemaError(
                f"{p} has store schema version {version}; this whosaid needs version "
                f"{SCHEMA_VERSION}. Open it once for writing to migrate it (for example "
                f"`whosaid ingest --db {p}` with no inputs)."
            )
        return conn
    conn = sqlite3.connect(str(p), isolation_level=None, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    try:
        migrate(conn, str(p))
        conn.execute("PRAGMA journal_mode = WAL")
        # NORMAL in WAL mode is durable against a killed process (only a power cut can lose the
        # last commits), and much faster than FULL.
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
        backfill(conn)  # groups stored before variants were kept (an older file)
    except BaseException:
        conn.close()
        raise
    return conn
