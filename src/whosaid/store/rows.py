"""The rows of one analysed article, written inside the writer's transaction: the article, its
entities, its quotes with their groups, variant families, relaying outlets and named entities,
and each resolved speaker's person row with aliases and roles.

An article's content hash is unique, so writing it again (a resumed run, a second writer) adds
nothing: the insert does nothing and returns no id, and none of its rows is written.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from typing import Any

from whosaid.model import Analysis, Outcome, Quote
from whosaid.store.keys import failure_key, name_aliases, normal_key
from whosaid.store.records import WriteResult
from whosaid.store.sql import dialect_of
from whosaid.store.variants import place

TABLES = ("articles", "quotes", "people", "quote_groups", "entities", "failures")


class Contents:
    """What a writer asks of its store before writing (any backend's ``conn`` that runs the
    shared SQL): which keys are stored or failed, and how many rows each table holds."""

    conn: Any

    def has(self, key: str) -> bool:
        """Whether an article with this content key is stored."""
        row = self.conn.execute("SELECT 1 FROM articles WHERE hash = ?", (key,)).fetchone()
        return row is not None

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
        sql = "SELECT COUNT(*) FROM {}"
        return {t: int(self.conn.execute(sql.format(t)).fetchone()[0]) for t in TABLES}


def write_items(
    conn: sqlite3.Connection,
    items: Iterable[tuple[str | None, Outcome]],
    now: str,
    variants: bool = True,
) -> WriteResult:
    """Write ``(article_key, outcome)`` pairs inside the caller's transaction: an analysis as an
    article with its rows (skipped if its key is stored), a failure in ``failures``."""
    result = WriteResult()
    for key, outcome in items:
        if outcome.analysis is not None:
            if key is None:
                raise ValueError("an analysed article needs its key (store.article_key)")
            stored = insert_article(conn, key, outcome.analysis, now, variants)
            if stored is None:
                result.existing += 1
            else:
                result.added += 1
                result.quotes += stored
                conn.execute("DELETE FROM failures WHERE key = ?", (key,))
        else:
            result.failed += 1
            _record_failure(conn, key, outcome, now)
    return result


def _record_failure(conn: sqlite3.Connection, key: str | None, outcome: Outcome, now: str) -> None:
    """A failure on record, replacing an earlier one of the same key (updated, not upserted,
    so no id is spent: see ``_person_row``)."""
    reason = outcome.reason or "error"
    values = (
        outcome.source,
        reason,
        outcome.message,
        now,
        key or failure_key(outcome.source, reason),
    )
    updated = conn.execute(
        "UPDATE failures SET source = ?, reason = ?, message = ?, at = ? WHERE key = ?", values
    ).rowcount
    if not updated:
        conn.execute(
            "INSERT INTO failures(source, reason, message, at, key) VALUES (?, ?, ?, ?, ?)", values
        )


def insert_article(
    conn: sqlite3.Connection, key: str, a: Analysis, now: str, variants: bool = True
) -> int | None:
    """Insert one analysis; returns how many quotes it stored, or None if the key was stored."""
    if conn.execute("SELECT 1 FROM articles WHERE hash = ?", (key,)).fetchone() is not None:
        return None  # stored: looked up first, so no id is spent (see ``_person_row``)
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


# People and quote groups are looked up before they are inserted, not upserted: an upsert that
# finds the row draws a new id all the same on PostgreSQL (a sequence value is spent), so ids
# would differ from SQLite's for the same corpus. The writer holds the store's write lock for the
# whole batch on either backend, so no other writer inserts between the look-up and the insert.
def _person_row(conn: sqlite3.Connection, key: str, name: str, type_: str) -> int:
    """The id of the person ``key``, created on first sight; a type learned later replaces
    "other"."""
    row = conn.execute("SELECT id, type FROM people WHERE key = ?", (key,)).fetchone()
    if row is None:
        return int(
            conn.execute(
                "INSERT INTO people(key, name, type) VALUES (?, ?, ?) RETURNING id",
                (key, name, type_),
            ).fetchone()[0]
        )
    if row[1] == "other" and type_ != "other":
        conn.execute("UPDATE people SET type = ? WHERE id = ?", (type_, row[0]))
    return int(row[0])


def _person_id(conn: sqlite3.Connection, quote: Quote, a: Analysis) -> int | None:
    """The person row of a resolved speaker, created on first sight, with aliases and roles."""
    name = quote.speaker.name
    if not name or not normal_key(name):
        return None
    entity = a.entity(quote.speaker.entity) if quote.speaker.entity else None
    person_id = _person_row(conn, normal_key(name), name, entity.type if entity else "other")
    conn.executemany(
        "INSERT INTO person_words(word, person_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
        [(word, person_id) for word in set(normal_key(name).split())],
    )
    mentions = [name] + ([m.text for m in entity.mentions] if entity else [])
    if quote.speaker.mention:
        mentions.append(quote.speaker.mention.text)
    conn.executemany(
        "INSERT INTO aliases(person_id, alias, key) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
        [(person_id, alias, normal_key(alias)) for alias in name_aliases(name, mentions)],
    )
    if entity:
        conn.executemany(
            "INSERT INTO person_roles(person_id, role, key) VALUES (?, ?, ?) "
            "ON CONFLICT DO NOTHING",
            [(person_id, r.text, normal_key(r.text)) for r in entity.roles if normal_key(r.text)],
        )
    return person_id


def _group_id(
    conn: sqlite3.Connection, content: str, published: str | None, article_id: int
) -> int:
    """The quote group of ``content``; its count of occurrences is of articles, so a quote an
    article repeats (a pull quote, a summary) does not make it look carried by several."""
    key = normal_key(content) or content
    row = conn.execute("SELECT id, first_seen FROM quote_groups WHERE key = ?", (key,)).fetchone()
    if row is None:
        return int(
            conn.execute(
                "INSERT INTO quote_groups(key, content, first_seen, occurrences) "
                "VALUES (?, ?, ?, 1) RETURNING id",
                (key, content, published),
            ).fetchone()[0]
        )
    group_id, first_seen = int(row[0]), row[1]
    seen_here = conn.execute(
        "SELECT 1 FROM quotes WHERE group_id = ? AND article_id = ? LIMIT 1",
        (group_id, article_id),
    ).fetchone()
    if seen_here is None:
        if published is not None and (first_seen is None or published < first_seen):
            first_seen = published  # ISO dates: compared as text, as the column sorts
        conn.execute(
            "UPDATE quote_groups SET occurrences = occurrences + 1, first_seen = ? WHERE id = ?",
            (first_seen, group_id),
        )
    return group_id


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
    dialect_of(conn).index_words(conn, quote_id, content)
    conn.executemany(
        "INSERT INTO quote_via(quote_id, name, key, n) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
        [
            (quote_id, p.name, normal_key(p.name), i)
            for i, p in enumerate(q.via)
            if normal_key(p.name)
        ],
    )
    conn.executemany(
        "INSERT INTO quote_mentions(quote_id, entity_id, key) VALUES (?, ?, ?) "
        "ON CONFLICT DO NOTHING",
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
