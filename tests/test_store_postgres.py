"""The PostgreSQL backend: the same answers as SQLite on the same corpus, its schema's versions,
and how the shared SQL is spoken there. The server tests need ``WHOSAID_TEST_POSTGRES``
(``tests/backends.py``); the rest run anywhere psycopg is installed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from backends import Schemas, postgres_dsn, require_backend
from test_ingest import generated_article

from whosaid.errors import NotFound, QueryError, SchemaError
from whosaid.model import Article, Outcome
from whosaid.store import (
    SCHEMA_VERSION,
    SearchQuery,
    article_key,
    open_reader,
    open_writer,
)
from whosaid.store.migrations import MIGRATIONS

psycopg = pytest.importorskip("psycopg", reason="the postgresql extra (psycopg) is not installed")

from whosaid.store.postgres.connection import translate, tsquery_of, tsvector_of  # noqa: E402
from whosaid.store.postgres.migrations import PG_MIGRATIONS  # noqa: E402


def test_every_sqlite_migration_has_its_postgresql_twin() -> None:
    assert len(PG_MIGRATIONS) == len(MIGRATIONS) == SCHEMA_VERSION


TRANSLATIONS = [
    ("SELECT 1 FROM articles WHERE hash = ?", "SELECT 1 FROM articles WHERE hash = %s"),
    ("SELECT * FROM a WHERE k LIKE ? AND x = 5", "SELECT * FROM a WHERE k LIKE %s AND x = 5"),
    ("SELECT '100%' WHERE a = ?", "SELECT '100%%' WHERE a = %s"),  # a literal % is kept
    (
        "INSERT OR IGNORE INTO variant_bands(key, group_id) VALUES (?, ?)",
        "INSERT INTO variant_bands(key, group_id) VALUES (%s, %s) ON CONFLICT DO NOTHING",
    ),
    ("q.outlet = ? COLLATE NOCASE", "lower(q.outlet) = lower(%s)"),
    ("(q.outlet = ? COLLATE NOCASE OR x)", "(lower(q.outlet) = lower(%s) OR x)"),
    (
        "SELECT json_group_array(name) FROM quote_via v",
        "SELECT json_agg(name ORDER BY key)::text FROM quote_via v",
    ),
    ("INSERT INTO t(a) VALUES (?) ON CONFLICT DO NOTHING", None),  # standard: only placeholders
]


@pytest.mark.parametrize(("sql", "expected"), TRANSLATIONS)
def test_the_shared_sql_as_postgresql_takes_it(sql: str, expected: str | None) -> None:
    assert translate(sql) == (expected or sql.replace("?", "%s"))


WORDS = [
    ("Satellites are coming", "'satellites':1 'are':2 'coming':3"),
    ("Sergeï Lavrov's “plan”", "'sergei':1 'lavrov':2 's':3 'plan':4"),  # as normal_key words
    ("no, no, NO", "'no':1,2,3"),
    ("...", ""),
]


@pytest.mark.parametrize(("content", "expected"), WORDS)
def test_a_quote_is_indexed_by_its_normalised_words(content: str, expected: str) -> None:
    assert tsvector_of(content) == expected


QUERIES = [
    ("satellites", "('satellites')"),
    ("SATELLITES space", "('satellites') & ('space')"),
    ('"space programme" Lavrov', "('space' <-> 'programme') & ('lavrov')"),
    ("satellites | !space", "('satellites') & ('space')"),  # tsquery operators are inert
    ("'; DROP TABLE quotes; --", "('drop') & ('table') & ('quotes')"),
]


@pytest.mark.parametrize(("words", "expected"), QUERIES)
def test_user_words_become_a_tsquery_of_words_only(words: str, expected: str) -> None:
    assert tsquery_of(words) == expected


def test_no_words_is_a_query_error() -> None:
    with pytest.raises(QueryError, match="no words"):
        tsquery_of("!!! ()")


# -- on a server -----------------------------------------------------------------------------


@pytest.fixture()
def schemas() -> Iterator[Schemas]:
    require_backend("postgresql")
    dsn = postgres_dsn()
    assert dsn is not None
    made = Schemas(dsn)
    yield made
    made.drop()


def _raw(target: str):
    return psycopg.connect(target, autocommit=True)


def test_a_store_from_a_newer_whosaid_is_refused_naming_both_versions(schemas) -> None:
    target = schemas.new()
    open_writer(target).close()
    with _raw(target) as conn:
        conn.execute("UPDATE whosaid_schema SET version = %s", [SCHEMA_VERSION + 3])
    for opener in (open_writer, open_reader):
        with pytest.raises(SchemaError) as err:
            opener(target)
        assert f"version {SCHEMA_VERSION + 3}" in str(err.value)
        assert f"version {SCHEMA_VERSION} and older" in str(err.value)


def test_a_database_of_other_tables_is_refused_not_changed(schemas) -> None:
    target = schemas.new()
    with _raw(target) as conn:
        conn.execute("CREATE TABLE invoices (id INTEGER)")
    for opener in (open_writer, open_reader):
        with pytest.raises(SchemaError, match="not a whosaid store"):
            opener(target)
    with _raw(target) as conn:
        tables = conn.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
        ).fetchall()
    assert tables == [("invoices",)]
    with pytest.raises(NotFound, match="whosaid ingest"):
        open_reader(schemas.new())


def test_an_older_store_is_migrated_and_becomes_searchable(schemas) -> None:
    target = schemas.new()
    with _raw(target) as conn:
        conn.execute("CREATE TABLE whosaid_schema (version INTEGER NOT NULL, writes BIGINT "
                     "NOT NULL DEFAULT 0)")  # fmt: skip
        conn.execute(PG_MIGRATIONS[0].encode())
        conn.execute("INSERT INTO whosaid_schema(version) VALUES (1)")
        conn.execute(
            "INSERT INTO articles(hash, text, analysis, ingested_at) "
            "VALUES ('h', 't', '{\"quotes\": [{\"act\": \"belief\"}]}', 'now')"
        )
        conn.execute("INSERT INTO quote_groups(key, content) VALUES ('g', 'g')")
        conn.execute(
            "INSERT INTO people(key, name, type) VALUES ('dmitry peskov', 'Dmitry Peskov', "
            "'person')"
        )
        conn.execute(
            'INSERT INTO quotes(article_id, n, kind, content, start, "end", spans, group_id, '
            "person_id) VALUES (1, 0, 'direct', 'satellites are coming', 0, 1, '[[0, 1]]', 1, 1)"
        )
    with pytest.raises(SchemaError, match=rf"version 1.*needs version {SCHEMA_VERSION}"):
        open_reader(target)  # a reader does not migrate
    open_writer(target).close()
    with open_reader(target) as reader:
        hits = reader.search(SearchQuery(words="satellites", act="all"))
        assert [(h.content, h.act) for h in hits] == [("satellites are coming", "belief")]
        assert len(reader.search(SearchQuery(speaker="Peskov", act="all"))) == 1


# -- the same answers as SQLite ----------------------------------------------------------------


@pytest.fixture(scope="module")
def twin_stores(tmp_path_factory, pipeline, example_text) -> Iterator[tuple[Path, str]]:
    """The example article, two pickups of it and generated stories, stored in the same order in
    a SQLite file and in a PostgreSQL store."""
    require_backend("postgresql")
    dsn = postgres_dsn()
    assert dsn is not None
    articles = [Article(text=example_text, published="2023-09-14", outlet="AFP", source="ex")]
    lead = example_text.split("\n\n")
    articles += [
        Article(text="\n\n".join(lead[:6]), published="2023-09-15", outlet="TASS", source="p1"),
        Article(text="\n\n".join(lead[1:5]), published="2023-09-16", outlet="BBC", source="p2"),
    ]
    for i in range(12):
        g = generated_article(i)
        articles.append(
            Article(text=g["text"], published=g["published"], outlet=g["outlet"], source=g["id"])
        )
    outcomes = [Outcome(a.source, pipeline.analyze(a)) for a in articles]
    items = [(article_key(a), o) for a, o in zip(articles, outcomes, strict=True)]
    schemas = Schemas(dsn)
    sqlite_db = tmp_path_factory.mktemp("twins") / "twin.db"
    postgres_db = schemas.new()
    for target in (sqlite_db, postgres_db):
        with open_writer(target) as writer:
            writer.write_batch(items[:5])
            writer.write_batch(items[5:])
            writer.write_batch(items[:3])  # again: nothing added
    yield sqlite_db, postgres_db
    schemas.drop()


SAME_SEARCHES = [
    {},
    {"act": "all"},
    {"words": "satellites"},
    {"words": "plan rushed", "act": "all"},
    {"words": '"the wrong answer"'},
    {"speaker": "Putin"},
    {"speaker": "Anna Keller", "order": "date"},
    {"outlet": "afp"},
    {"since": "2024-03", "until": "2024-06"},
    {"kind": "indirect", "limit": 3, "offset": 2},
    {"mentions": "Putin", "act": "all"},
    {"min_confidence": 0.9, "act": "all"},
]


@pytest.mark.parametrize("filters", SAME_SEARCHES)
def test_search_answers_the_same_on_both(twin_stores, filters: dict) -> None:
    answers = []
    for target in twin_stores:
        with open_reader(target) as reader:
            q = SearchQuery(**filters)
            answers.append(([h.to_dict() for h in reader.search(q)], reader.count(q)))
    assert answers[0] == answers[1]
    assert answers[0][1] > 0 or filters == {"speaker": "Putin"}


def _everything_else(reader) -> dict:
    hits = reader.search(SearchQuery(act="all", limit=1000))
    names = [s.name for s in reader.speakers(act="all", limit=100)]
    return {
        "counts": reader.counts(),
        "speakers": [s.to_dict() for s in reader.speakers(act="all", limit=100)],
        "pesk": [s.to_dict() for s in reader.speakers(name="kell", outlet="AFP")],
        "timelines": {n: [h.to_dict() for h in reader.timeline(n, act="all")] for n in names},
        "articles": [
            reader.article(str(i)).to_dict() for i in sorted({h.article_id for h in hits})
        ],
        "occurrences": [reader.quote_occurrences(h.quote_id).to_dict() for h in hits],
        "shared": [g.to_dict() for g in reader.shared_quotes(act="all")],
        "statements": [g.to_dict() for g in reader.shared_quotes(statements_only=True)],
        "conflicts": [c.to_dict() for c in reader.conflicts()],
        "relays": reader.relays().to_dict(),
    }


def test_every_other_question_answers_the_same_on_both(twin_stores) -> None:
    answers = []
    for target in twin_stores:
        with open_reader(target) as reader:
            answers.append(_everything_else(reader))
    sqlite, postgres = answers
    for key in sqlite:
        assert postgres[key] == sqlite[key], key
    assert sqlite["counts"]["articles"] == 15 and sqlite["shared"]
