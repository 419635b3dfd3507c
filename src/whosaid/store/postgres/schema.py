"""Opening a PostgreSQL store: its schema version, and the migrations that bring it to this
whosaid's, safe when several writers start at once on a new database."""

from __future__ import annotations

from whosaid.errors import NotFound, SchemaError
from whosaid.store.migrations import SCHEMA_VERSION
from whosaid.store.postgres.connection import PgConnection
from whosaid.store.postgres.migrations import PG_MIGRATIONS, SCHEMA_TABLE

# Advisory lock keys (any 64-bit numbers no other program on the database uses): one for
# migrating, one that writers take in turn for each batch (``PostgresWriter.write_batch``).
MIGRATE_LOCK = 0x77_68_6F_73_61_69_64_01  # "whosaid" and 1
WRITE_LOCK = 0x77_68_6F_73_61_69_64_02


def lock(conn: PgConnection, key: int) -> None:
    """Wait for the advisory lock ``key``, held until the transaction ends."""
    conn.execute("SELECT pg_advisory_xact_lock(?)", [key])


def _has_schema_table(conn: PgConnection) -> bool:
    return bool(conn.value("SELECT to_regclass('whosaid_schema') IS NOT NULL"))


def _other_tables(conn: PgConnection) -> list[str]:
    rows = conn.execute(
        "SELECT table_name FROM information_schema.tables "
        "WHERE table_schema = current_schema() ORDER BY table_name"
    )
    return [str(r[0]) for r in rows]


def schema_version(conn: PgConnection) -> int:
    """The store's schema version; ``NotFound`` for an empty database, ``SchemaError`` for one
    that holds other tables, or a store from a newer whosaid."""
    if not _has_schema_table(conn):
        tables = _other_tables(conn)
        if tables:
            raise SchemaError(
                f"{conn.where} is a PostgreSQL database but not a whosaid store (it has tables "
                f"{', '.join(tables[:5])} and no whosaid_schema). Give --db another database, "
                "or a store whosaid made."
            )
        raise NotFound(
            f"there is no store at {conn.where}; create one with "
            f"`whosaid ingest PATH... --db {conn.where}`."
        )
    version = int(conn.value("SELECT version FROM whosaid_schema"))
    if version > SCHEMA_VERSION:
        raise SchemaError(
            f"{conn.where} has store schema version {version}, written by a newer whosaid; this "
            f"whosaid reads schema version {SCHEMA_VERSION} and older. Upgrade whosaid "
            "(pip install -U whosaid) to open it."
        )
    return version


def _start(conn: PgConnection) -> int:
    """The version before migrating: an empty database becomes a store at version 0."""
    with conn.transaction():
        lock(conn, MIGRATE_LOCK)
        try:
            version = schema_version(conn)
        except NotFound:
            conn.script(SCHEMA_TABLE)
            conn.execute("INSERT INTO whosaid_schema(version) VALUES (0)")
            version = 0
    return version


def migrate(conn: PgConnection) -> int:
    """Bring the store to ``SCHEMA_VERSION``, one transaction per migration, under a lock so
    that two writers starting together on a new database migrate it once; returns the version
    it had."""
    start = version = _start(conn)
    while version < SCHEMA_VERSION:
        with conn.transaction():
            lock(conn, MIGRATE_LOCK)
            version = schema_version(conn)  # again, under the lock: another may have migrated
            if version < SCHEMA_VERSION:
                conn.script(PG_MIGRATIONS[version])
                version += 1
                conn.execute("UPDATE whosaid_schema SET version = ?", [version])
    return start
