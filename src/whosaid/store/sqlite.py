"""The SQLite file: opening (with migrations), and the single writer's batch write.

SQLite (stdlib) because it is embedded and needs nothing set up; WAL so readers never block the
writer; one transaction per batch so a kill loses at most the batch in flight, and an article's
content hash is unique so writing it again (a resumed run, a second writer) adds nothing.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from whosaid.errors import NotFound, SchemaError, StoreError, WhosaidError
from whosaid.model import Analysis, Outcome, Quote
from whosaid.store.keys import failure_key, name_aliases, normal_key
from whosaid.store.migrations import MIGRATIONS, SCHEMA_VERSION
from whosaid.store.variants import backfill, place

BUSY_TIMEOUT_MS = 30_000


@dataclass(slots=True)
class WriteResult:
    """What one ``write_batch`` did."""

    added: int = 0  # articles stored
    existing: int = 0  # articles already in the store (same content hash)
    failed: int = 0  # failures recorded (or already recorded)
    quotes: int = 0  # quotes stored with the added articles


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


def damaged(path: str | Path, exc: BaseException) -> StoreError:
    """The error for a store that failed to read (a garbled page, a truncated file)."""
    found = integrity_problems(path)
    said = "; ".join(found) if found else "ok (the failure may be passing: try again)"
    return StoreError(
        f"the store {path} cannot be read ({exc}); SQLite's integrity check says: {said}. "
        "whosaid will not write to it. Restore it from a backup, or rebuild it by ingesting the "
        "same inputs into a new file (--db NEW.db)."
    )


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


class Store:
    """A whosaid store file. ``Store.open(path)`` creates or migrates it; ``readonly=True``
    opens an existing one for queries only. Query methods are in ``whosaid.store.queries``
    and take ``store.conn``."""

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

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- what is stored ------------------------------------------------------------------------

    def has(self, key: str) -> bool:
        """Whether an article with this content key is stored."""
        return (
            self.conn.execute("SELECT 1 FROM articles WHERE hash = ?", (key,)).fetchone()
            is not None
        )

    def known_keys(self, include_failed: bool = True) -> set[str]:
        """Every stored article key (and, by default, the keys of recorded failures): what a
        resumed ingest skips before analysing anything."""
        keys = self.stored_keys()
        if include_failed:
            keys |= self.failed_keys()
        return keys

    def stored_keys(self) -> set[str]:
        """The content keys of the stored articles."""
        return {r[0] for r in self.conn.execute("SELECT hash FROM articles")}

    def failed_keys(self) -> set[str]:
        """The keys of the failures on record: an article's content key, so a rerun can skip
        an input that failed before without analysing it again."""
        return {r[0] for r in self.conn.execute("SELECT key FROM failures")}

    def counts(self) -> dict[str, int]:
        """Rows per main table: articles, quotes, people, quote_groups, entities, failures."""
        tables = ("articles", "quotes", "people", "quote_groups", "entities", "failures")
        return {
            t: int(self.conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]) for t in tables
        }

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
        result = WriteResult()
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        conn = self.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            for key, outcome in items:
                if outcome.analysis is not None:
                    if key is None:
                        raise ValueError("an analysed article needs its key (store.article_key)")
                    stored = _insert_article(conn, key, outcome.analysis, now, self.variants)
                    if stored is None:
                        result.existing += 1
                    else:
                        result.added += 1
                        result.quotes += stored
                        conn.execute("DELETE FROM failures WHERE key = ?", (key,))
                else:
                    result.failed += 1
                    conn.execute(
                        "INSERT INTO failures(key, source, reason, message, at) "
                        "VALUES (?, ?, ?, ?, ?) ON CONFLICT(key) DO UPDATE SET "
                        "source = excluded.source, reason = excluded.reason, "
                        "message = excluded.message, at = excluded.at",
                        (
                            key or failure_key(outcome.source, outcome.reason or "error"),
                            outcome.source,
                            outcome.reason or "error",
                            outcome.message,
                            now,
                        ),
                    )
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


def _insert_article(
    conn: sqlite3.Connection, key: str, a: Analysis, now: str, variants: bool = True
) -> int | None:
    """Insert one analysis; returns how many quotes it stored, or None if the key was stored."""
    body = a.to_dict()
    del body["text"]  # kept once, in the text column
    row = conn.execute(
        "INSERT INTO articles(hash, source, url, outlet, title, published, text, analysis, "
        "ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(hash) DO NOTHING RETURNING id",
        (
            key,
            a.source,
            a.url,
            a.outlet,
            a.headline,
            a.published,
            a.text,
            json.dumps(body, ensure_ascii=False, separators=(",", ":")),
            now,
        ),
    ).fetchone()
    if row is None:
        return None
    article_id = int(row[0])
    entity_rows = _insert_entities(conn, article_id, a)
    for n, quote in enumerate(a.quotes):
        _insert_quote(conn, article_id, n, quote, a, entity_rows, variants)
    return len(a.quotes)


def _insert_entities(conn: sqlite3.Connection, article_id: int, a: Analysis) -> dict[str, int]:
    rows: dict[str, int] = {}
    for e in a.entities:
        rows[e.id] = conn.execute(
            "INSERT INTO entities(article_id, eid, name, key, type, roles, mentions) "
            "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
            (
                article_id,
                e.id,
                e.name,
                normal_key(e.name),
                e.type,
                json.dumps([r.text for r in e.roles], ensure_ascii=False),
                len(e.mentions),
            ),
        ).fetchone()[0]
    return rows


def _person_id(conn: sqlite3.Connection, quote: Quote, a: Analysis) -> int | None:
    """The person row of a resolved speaker, created on first sight, with aliases and roles."""
    name = quote.speaker.name
    if not name or not normal_key(name):
        return None
    entity = a.entity(quote.speaker.entity) if quote.speaker.entity else None
    person_id = int(
        conn.execute(
            "INSERT INTO people(key, name, type) VALUES (?, ?, ?) "
            "ON CONFLICT(key) DO UPDATE SET type = CASE WHEN people.type = 'other' "
            "THEN excluded.type ELSE people.type END RETURNING id",
            (normal_key(name), name, entity.type if entity else "other"),
        ).fetchone()[0]
    )
    conn.executemany(
        "INSERT OR IGNORE INTO person_words(word, person_id) VALUES (?, ?)",
        [(word, person_id) for word in set(normal_key(name).split())],
    )
    mentions = [name] + ([m.text for m in entity.mentions] if entity else [])
    if quote.speaker.mention:
        mentions.append(quote.speaker.mention.text)
    conn.executemany(
        "INSERT OR IGNORE INTO aliases(person_id, alias, key) VALUES (?, ?, ?)",
        [(person_id, alias, normal_key(alias)) for alias in name_aliases(name, mentions)],
    )
    if entity:
        conn.executemany(
            "INSERT OR IGNORE INTO person_roles(person_id, role, key) VALUES (?, ?, ?)",
            [(person_id, r.text, normal_key(r.text)) for r in entity.roles if normal_key(r.text)],
        )
    return person_id


def _group_id(
    conn: sqlite3.Connection, content: str, published: str | None, article_id: int
) -> int:
    """The quote group of ``content``; its count of occurrences is of articles, so a quote an
    article repeats (a pull quote, a summary) does not make it look carried by several."""
    key = normal_key(content) or content
    row = conn.execute(
        "SELECT g.id FROM quote_groups g JOIN quotes q ON q.group_id = g.id "
        "WHERE g.key = ? AND q.article_id = ? LIMIT 1",
        (key, article_id),
    ).fetchone()
    if row is not None:
        return int(row[0])
    return int(
        conn.execute(
            "INSERT INTO quote_groups(key, content, first_seen, occurrences) VALUES (?, ?, ?, 1) "
            "ON CONFLICT(key) DO UPDATE SET occurrences = occurrences + 1, first_seen = CASE "
            "WHEN excluded.first_seen IS NOT NULL AND (first_seen IS NULL OR "
            "excluded.first_seen < first_seen) THEN excluded.first_seen ELSE first_seen END "
            "RETURNING id",
            (key, content, published),
        ).fetchone()[0]
    )


def _insert_quote(
    conn: sqlite3.Connection,
    article_id: int,
    n: int,
    q: Quote,
    a: Analysis,
    entity_rows: dict[str, int],
    variants: bool = True,
) -> None:
    content = q.content_text
    group_id = _group_id(conn, content, a.published, article_id)
    if variants:
        place(conn, group_id)
    mention = q.speaker.mention
    quote_id = conn.execute(
        'INSERT INTO quotes(article_id, n, kind, content, start, "end", spans, cue, cue_start, '
        "cue_end, speaker, speaker_mention, speaker_start, speaker_end, confidence, person_id, "
        "addressee, date, published, outlet, group_id, act, unnamed) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        (
            article_id,
            n,
            q.kind,
            content,
            q.start,
            q.end,
            json.dumps([[s.start, s.end] for s in q.content]),
            q.cue.text if q.cue else None,
            q.cue.start if q.cue else None,
            q.cue.end if q.cue else None,
            q.speaker.name,
            mention.text if mention else None,
            mention.start if mention else None,
            mention.end if mention else None,
            q.speaker.confidence,
            _person_id(conn, q, a),
            q.addressee.name if q.addressee else None,
            q.date,
            a.published,
            a.outlet,
            group_id,
            q.act,
            q.speaker.unnamed,
        ),
    ).fetchone()[0]
    conn.execute("INSERT INTO quotes_fts(rowid, content) VALUES (?, ?)", (quote_id, content))
    conn.executemany(
        "INSERT OR IGNORE INTO quote_via(quote_id, name, key, n) VALUES (?, ?, ?, ?)",
        [
            (quote_id, p.name, normal_key(p.name), i)
            for i, p in enumerate(q.via)
            if normal_key(p.name)
        ],
    )
    conn.executemany(
        "INSERT OR IGNORE INTO quote_mentions(quote_id, entity_id, key) VALUES (?, ?, ?)",
        [(quote_id, entity_rows[eid], key) for eid, key in _named_inside(q, a)],
    )


def _named_inside(q: Quote, a: Analysis) -> set[tuple[str, str]]:
    """(entity id, key) for every entity mentioned inside the quote's content: under its full
    name, and under each name-like way it is written there ("Putin")."""
    found: set[tuple[str, str]] = set()
    for e in a.entities:
        inside = [
            m.text
            for m in e.mentions
            if any(piece.start <= m.start and m.end <= piece.end for piece in q.content)
        ]
        if not inside:
            continue
        found.add((e.id, normal_key(e.name)))
        found.update((e.id, normal_key(alias)) for alias in name_aliases(e.name, inside))
    return {(eid, key) for eid, key in found if key}
