"""The store without the NLP model: analyses are built by hand, so every expected row is known.
The tests that take ``store`` or ``new_target`` run on SQLite and on PostgreSQL."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from backends import SQLITE_ONLY
from click.testing import CliRunner

from whosaid.cli import main
from whosaid.errors import NotFound, QueryError, SchemaError, WhosaidError
from whosaid.model import Analysis, Entity, Outcome, Party, Quote, Span, Speaker
from whosaid.store import (
    SCHEMA_VERSION,
    SearchQuery,
    Store,
    article,
    connect,
    count,
    open_reader,
    open_writer,
    quote_occurrences,
    search,
    shared_quotes,
    speakers,
    timeline,
)
from whosaid.store.keys import name_aliases, normal_key
from whosaid.store.migrations import MIGRATIONS
from whosaid.store.sqlite import _statements


def span(text: str, piece: str, nth: int = 0) -> Span:
    start = -1
    for _ in range(nth + 1):
        start = text.index(piece, start + 1)
    return Span(start, start + len(piece), piece)


def make(
    text: str,
    quotes: list[dict],
    people: dict[str, list[str]] | None = None,  # name -> mentions
    published: str | None = "2023-09-14",
    outlet: str | None = "AFP",
    source: str = "a.txt",
) -> Analysis:
    """An analysis of ``text``: quotes given as dicts of content/speaker/mention/kind/via, and
    entities as name -> mentions (a mention with a lowercase word is also a role)."""
    entities = []
    for i, (name, mentions) in enumerate((people or {}).items(), 1):
        # "Putin#1" is the second "Putin" in the text.
        spans = tuple(span(text, *m.split("#")[:1], *map(int, m.split("#")[1:])) for m in mentions)
        roles = tuple(s for s in spans if any(w[0].islower() for w in s.text.split()))
        entities.append(Entity(f"e{i}", name, "person", roles=roles, mentions=spans))
    ids = {e.name: e.id for e in entities}
    qs = []
    for q in quotes:
        mention = span(text, q["mention"]) if q.get("mention") else None
        qs.append(
            Quote(
                kind=q.get("kind", "direct"),
                content=(span(text, q["content"]),),
                cue=span(text, q["cue"]) if q.get("cue") else None,
                speaker=Speaker(q.get("speaker"), ids.get(q.get("speaker") or ""), mention, 0.9),
                via=tuple(Party(v, span(text, v)) for v in q.get("via", [])),
            )
        )
    return Analysis(
        text=text, source=source, published=published, outlet=outlet, quotes=tuple(qs),
        entities=tuple(entities),
    )  # fmt: skip


PESKOV_TEXT = (
    '"We talked about satellites and the space programme," the TASS news agency quoted '
    "Dmitry Peskov, Putin's spokesman, as saying. Peskov added that Putin would visit."
)
PESKOV = {
    "content": '"We talked about satellites and the space programme,"',
    "speaker": "Dmitry Peskov",
    "mention": "Dmitry Peskov",
    "cue": "quoted",
    "via": ["TASS"],
}
PESKOV_2 = {
    "content": "that Putin would visit",
    "speaker": "Dmitry Peskov",
    "mention": "Peskov",
    "kind": "indirect",
    "cue": "added",
}
PEOPLE = {
    "Dmitry Peskov": ["Dmitry Peskov", "Putin's spokesman", "Peskov"],
    "Vladimir Putin": ["Putin", "Putin#1"],
}

MILLER_TEXT = (
    'Any cooperation would be "quite troubling," State Department spokesman Matthew Miller said.'
)
MILLER = {
    "content": '"quite troubling,"',
    "speaker": "Matthew Miller",
    "mention": "Matthew Miller",
    "kind": "mixed",
    "cue": "said",
}


K1, K2 = "1a" * 32, "2b" * 32  # keys as article_key makes them: 64 hex digits


def sqlite_only(store: Store, reason: str = SQLITE_ONLY) -> None:
    if not isinstance(store, Store):
        pytest.skip(reason)


@pytest.fixture()
def store(new_target) -> Store:
    s = open_writer(new_target("t"))
    s.write_batch(
        [
            (K1, Outcome("a.txt", make(PESKOV_TEXT, [PESKOV, PESKOV_2], PEOPLE))),
            (
                K2,
                Outcome(
                    "b.txt",
                    make(
                        MILLER_TEXT,
                        [MILLER],
                        {"Matthew Miller": ["State Department spokesman", "Matthew Miller"]},
                        published="2023-09-20",
                        outlet="Reuters",
                        source="b.txt",
                    ),
                ),
            ),
            (None, Outcome("c.txt", reason="empty", message="c.txt: the article is empty.")),
        ]
    )
    yield s
    s.close()


# -- keys ------------------------------------------------------------------------------------------

NORMAL_KEYS = [
    ("Kim Jong-un", "kim jong un"),
    ("  KIM   JONG UN ", "kim jong un"),
    ("Sergeï Lavrov", "sergei lavrov"),
    ("“We will always be with Russia,”", "we will always be with russia"),
    ('"We will always be with Russia,"', "we will always be with russia"),
    ("«We will ALWAYS be with Russia»", "we will always be with russia"),
    ("We will always be with Russia!", "we will always be with russia"),
    ("We will never be with Russia", "we will never be with russia"),  # different words
    ("...", ""),
]


@pytest.mark.parametrize(("text", "expected"), NORMAL_KEYS)
def test_normal_key(text: str, expected: str) -> None:
    assert normal_key(text) == expected


ALIASES = [
    ("Vladimir Putin", ["Vladimir Putin", "Putin", "Putin's"], ["Vladimir Putin", "Putin"]),
    ("Dmitry Peskov", ["he", "Putin's spokesman", "the spokesman"], []),
    ("Kim Jong Un", ["Kim", "the North Korean leader", "Kim Jong-un"], ["Kim", "Kim Jong-un"]),
    ("Matthew Miller", ["State Department spokesman Matthew Miller"], []),
    ("Yi So-Yeon", ["Yi", "yi"], ["Yi"]),
]


@pytest.mark.parametrize(("name", "mentions", "expected"), ALIASES)
def test_name_aliases(name: str, mentions: list[str], expected: list[str]) -> None:
    assert name_aliases(name, mentions) == expected


# -- writing ---------------------------------------------------------------------------------------


def test_write_batch_is_idempotent_by_key(store: Store) -> None:
    before = store.counts()
    assert before["articles"] == 2 and before["quotes"] == 3 and before["failures"] == 1
    again = store.write_batch(
        [(K1, Outcome("moved/a.txt", make(PESKOV_TEXT, [PESKOV, PESKOV_2], PEOPLE)))]
    )
    assert (again.added, again.existing) == (0, 1)
    assert store.counts() == before
    assert store.has(K1) and not store.has("k3")
    assert store.known_keys() >= {K1, K2}


def test_failed_batch_leaves_nothing(store: Store) -> None:
    before = store.counts()
    with pytest.raises(ValueError, match="needs its key"):
        store.write_batch(
            [
                ("k9", Outcome("x.txt", make(MILLER_TEXT, [MILLER], source="x.txt"))),
                (None, Outcome("y.txt", make(MILLER_TEXT, [MILLER], source="y.txt"))),
            ]
        )
    assert store.counts() == before  # the whole batch rolled back, k9 included
    assert not store.has("k9")


def test_one_person_with_aliases_roles_and_counts(store: Store) -> None:
    rows = speakers(store.conn)
    assert [(r.name, r.quotes, r.articles) for r in rows] == [
        ("Dmitry Peskov", 2, 1),
        ("Matthew Miller", 1, 1),
    ]
    peskov = rows[0]
    assert peskov.aliases == ["Dmitry Peskov", "Peskov"]
    assert peskov.roles == ["Putin's spokesman"]
    assert peskov.outlets == ["AFP"]
    assert [r.name for r in speakers(store.conn, name="pesk")] == ["Dmitry Peskov"]
    assert [r.name for r in speakers(store.conn, outlet="reuters")] == ["Matthew Miller"]
    assert speakers(store.conn, since="2023-09-15")[0].name == "Matthew Miller"
    assert speakers(store.conn, name="nobody") == []


# -- search ----------------------------------------------------------------------------------------

SEARCHES = [
    ({}, {"satellites", "visit", "troubling"}),
    ({"speaker": "Dmitry Peskov"}, {"satellites", "visit"}),
    ({"speaker": "peskov"}, {"satellites", "visit"}),  # alias, any case
    ({"speaker": "DMITRY"}, {"satellites", "visit"}),  # a whole word of the name
    ({"speaker": "Dmitr"}, set()),  # not a whole word
    ({"speaker": "Peskov Dmitry"}, set()),  # words out of order
    ({"speaker": "Putin"}, set()),  # mentioned, never quoted
    ({"words": "satellites"}, {"satellites"}),
    ({"words": "SATELLITES space"}, {"satellites"}),
    ({"words": '"space programme"'}, {"satellites"}),
    ({"words": '"programme space"'}, set()),  # phrase order matters
    ({"words": "satellites troubling"}, set()),  # every word must appear
    ({"mentions": "Putin"}, {"visit"}),
    ({"mentions": "Vladimir Putin"}, {"visit"}),
    ({"mentions": "Peskov"}, set()),  # named beside the quote, not in it
    ({"since": "2023-09-15"}, {"troubling"}),
    ({"until": "2023-09-14"}, {"satellites", "visit"}),
    ({"since": "2023-09", "until": "2023-09"}, {"satellites", "visit", "troubling"}),
    ({"until": "2023-08"}, set()),
    ({"outlet": "reuters"}, {"troubling"}),
    ({"via": "TASS"}, {"satellites"}),
    ({"via": "RIA Novosti"}, set()),
    ({"kind": "indirect"}, {"visit"}),
    ({"kind": "mixed", "speaker": "Matthew Miller"}, {"troubling"}),
    ({"kind": "mixed", "speaker": "Peskov"}, set()),
]

WORDS = ("satellites", "visit", "troubling")


@pytest.mark.parametrize(("filters", "expected"), SEARCHES)
def test_search_filters(store: Store, filters: dict, expected: set[str]) -> None:
    hits = search(store.conn, SearchQuery(**filters))
    found = {w for h in hits for w in WORDS if w in h.content}
    assert found == expected
    assert len(hits) == len(expected) == count(store.conn, SearchQuery(**filters))


def test_hit_has_article_offsets_and_date(store: Store) -> None:
    (hit,) = search(store.conn, SearchQuery(via="TASS"))
    text = article(store.conn, hit.article_id).analysis.text
    assert text[hit.start : hit.end] == hit.content == PESKOV["content"]
    assert (hit.published, hit.outlet, hit.source) == ("2023-09-14", "AFP", "a.txt")
    assert hit.via == ["TASS"] and hit.speaker == "Dmitry Peskov" and hit.cue == "quoted"


def test_pagination_and_order(store: Store) -> None:
    newest = search(store.conn, SearchQuery())
    assert newest[0].published == "2023-09-20"
    oldest = search(store.conn, SearchQuery(order="date"))
    assert oldest[-1].published == "2023-09-20"
    pages = [search(store.conn, SearchQuery(limit=1, offset=i)) for i in range(4)]
    assert [p[0].quote_id for p in pages[:3]] == [h.quote_id for h in newest]
    assert pages[3] == []


BAD_QUERIES = [
    ({"since": "2023-13-01"}, "not a date"),
    ({"until": "yesterday"}, "not a date"),
    ({"kind": "shouted"}, "not one of"),
    ({"limit": 0}, "limit"),
    ({"limit": 100_000}, "limit"),
    ({"offset": -1}, "offset"),
    ({"words": "!!! ()"}, "no words"),
    ({"speaker": "..."}, "no letters"),
    ({"order": "random"}, "order"),
]


@pytest.mark.parametrize(("filters", "message"), BAD_QUERIES)
def test_bad_queries_are_query_errors(store: Store, filters: dict, message: str) -> None:
    with pytest.raises(QueryError, match=message):
        search(store.conn, SearchQuery(**filters))


# FTS5 syntax typed by a user must never reach FTS5 as syntax.
HOSTILE_WORDS = [
    'satellites"',
    "satellites AND",
    "NEAR(satellites space)",
    "satellites*",
    "content:satellites",
    "^satellites",
    "satellites OR troubling",
    "'; DROP TABLE quotes; --",
    "(satellites",
]


@pytest.mark.parametrize("words", HOSTILE_WORDS)
def test_fts_syntax_in_words_is_inert(store: Store, words: str) -> None:
    try:
        hits = search(store.conn, SearchQuery(words=words))
    except QueryError:
        return
    # Operators are searched for as words: "OR", "AND", "DROP" are not in the satellites quote.
    for h in hits:
        assert "satellites" in h.content.lower()
    assert store.counts()["quotes"] == 3


def test_from_mapping_rejects_unknown_fields() -> None:
    with pytest.raises(QueryError, match="unknown search field colour"):
        SearchQuery.from_mapping({"colour": "red"})
    with pytest.raises(QueryError, match="whole number"):
        SearchQuery.from_mapping({"limit": "ten"})
    q = SearchQuery.from_mapping({"speaker": "Peskov", "limit": "5", "since": ""})
    assert (q.speaker, q.limit, q.since) == ("Peskov", 5, None)


# -- timeline, article, occurrences ----------------------------------------------------------------


def test_timeline_by_alias_oldest_first(store: Store) -> None:
    hits = timeline(store.conn, "Peskov")
    assert [h.content for h in hits] == [PESKOV["content"], PESKOV_2["content"]]
    assert timeline(store.conn, "Peskov", since="2024") == []
    with pytest.raises(NotFound, match="nobody named 'Sergei Shoigu'"):
        timeline(store.conn, "Sergei Shoigu")


def test_article_by_id_hash_or_source(store: Store) -> None:
    by_source = article(store.conn, "b.txt")
    assert by_source.analysis.text == MILLER_TEXT
    assert [h.content for h in by_source.quotes] == [MILLER["content"]]
    assert article(store.conn, by_source.hash[:10]).article_id == by_source.article_id
    assert article(store.conn, str(by_source.article_id)).source == "b.txt"
    with pytest.raises(NotFound, match="no article"):
        article(store.conn, "nothing.txt")


@pytest.mark.parametrize(
    "ref",
    [
        "99999999999999999999999",  # past SQLite's 64-bit integers (was an OverflowError)
        str(2**63),
        "\u00b2",  # "²": str.isdigit() says yes, int() says no (was a ValueError)
        "\u0663",  # an Arabic-Indic three
        "-1",
        "0",
    ],
)
def test_an_id_no_article_can_have_is_not_found(store: Store, ref: str) -> None:
    with pytest.raises(NotFound, match="no article"):
        article(store.conn, ref)


def test_cli_show_of_a_huge_id_is_an_error_not_a_traceback(store: Store) -> None:
    r = CliRunner().invoke(main, ["show", "99999999999999999999999", "--db", store.target])
    assert r.exit_code == 2
    assert "error: no article '99999999999999999999999'" in r.output
    assert r.exception is None or isinstance(r.exception, SystemExit)


def test_same_quote_in_three_articles_is_one_quote(new_target) -> None:
    # The same words with other quote marks, case and punctuation, in three outlets.
    variants = [
        ("2023-09-15", "TASS", '"We will always be with Russia," Kim said.'),
        ("2023-09-14", "AFP", "“We will always be with Russia!” Kim said."),
        ("2023-09-16", "BBC", "«we will ALWAYS be with Russia» Kim said."),
    ]
    other = ("2023-09-16", "CNN", '"We will never be with Russia," Kim said.')
    with open_writer(new_target("q")) as s:
        batch = []
        for i, (day, outlet, text) in enumerate([*variants, other]):
            content = text[: text.index(" Kim")]
            a = make(
                text,
                [{"content": content, "speaker": "Kim Jong Un", "mention": "Kim"}],
                {"Kim Jong Un": ["Kim"]},
                published=day,
                outlet=outlet,
                source=f"{outlet}.txt",
            )
            batch.append((f"k{i}", Outcome(a.source, a)))
        s.write_batch(batch)
        (group,) = shared_quotes(s.conn)
        assert len(group.occurrences) == 3
        assert group.first_seen == "2023-09-14"
        assert group.outlets == ["AFP", "BBC", "TASS"]
        assert [h.outlet for h in group.occurrences] == ["AFP", "TASS", "BBC"]
        never = search(s.conn, SearchQuery(outlet="CNN"))[0]
        assert quote_occurrences(s.conn, never.quote_id).outlets == ["CNN"]
        with pytest.raises(NotFound):
            quote_occurrences(s.conn, 999)


# -- schema versions -------------------------------------------------------------------------------


def version_1_store(path: Path) -> sqlite3.Connection:
    """A store file at schema version 1, as the first whosaid wrote it; the connection open."""
    conn = sqlite3.connect(path, isolation_level=None)
    for statement in _statements(MIGRATIONS[0]):
        conn.execute(statement)
    conn.execute("PRAGMA user_version = 1")
    return conn


def test_older_store_is_migrated_and_becomes_searchable(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    conn = version_1_store(path)
    conn.execute(
        "INSERT INTO articles(hash, text, analysis, ingested_at) VALUES ('h', 't', '{}', 'now')"
    )
    conn.execute("INSERT INTO quote_groups(key, content) VALUES ('g', 'g')")
    conn.execute(
        'INSERT INTO quotes(article_id, n, kind, content, start, "end", spans, group_id) '
        "VALUES (1, 0, 'direct', 'satellites are coming', 0, 1, '[[0, 1]]', 1)"
    )
    conn.close()
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute(
        "INSERT INTO people(key, name, type) VALUES ('dmitry peskov', 'Dmitry Peskov', 'person')"
    )
    conn.execute("UPDATE quotes SET person_id = 1")
    conn.close()
    with pytest.raises(SchemaError, match=rf"version 1.*needs version {SCHEMA_VERSION}"):
        connect(path)  # a reader does not migrate
    with Store.open(path) as s:
        assert s.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        hits = search(s.conn, SearchQuery(words="satellites"))
        assert [h.content for h in hits] == ["satellites are coming"]
        # The words of names stored before version 3 are indexed by the migration.
        assert len(search(s.conn, SearchQuery(speaker="Peskov"))) == 1


def test_newer_store_is_refused_naming_both_versions(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    Store.open(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 3}")
    conn.close()
    for opener in (lambda: Store.open(path), lambda: connect(path)):
        with pytest.raises(SchemaError) as err:
            opener()
        assert f"version {SCHEMA_VERSION + 3}" in str(err.value)
        assert f"version {SCHEMA_VERSION} and older" in str(err.value)


def test_other_files_are_refused(tmp_path: Path) -> None:
    foreign = tmp_path / "other.db"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE invoices (id INTEGER)")
    conn.close()
    with pytest.raises(SchemaError, match="not a whosaid store"):
        Store.open(foreign)
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(SchemaError, match="not an SQLite database"):
        Store.open(junk)
    with pytest.raises(NotFound, match="whosaid ingest"):
        connect(tmp_path / "missing.db")


def test_readonly_connection_cannot_write(store: Store) -> None:
    sqlite_only(store)
    conn = connect(store.path)
    assert len(search(conn, SearchQuery())) == 3
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        conn.execute("DELETE FROM quotes")
    with Store.open(store.path, readonly=True) as reader, pytest.raises(WhosaidError):
        reader.write_batch([(K1, Outcome("a.txt", make(MILLER_TEXT, [MILLER])))])


# -- command line ----------------------------------------------------------------------------------


def test_cli_queries(store: Store, tmp_path: Path) -> None:
    db = store.target  # a file or a postgresql:// address: the CLI opens either
    run = CliRunner().invoke
    r = run(main, ["search", "satellites", "--db", db, "--format", "jsonl"])
    assert r.exit_code == 0 and '"speaker": "Dmitry Peskov"' in r.output
    r = run(main, ["search", "--speaker", "Peskov", "--db", db, "--format", "csv"])
    lines = r.output.strip().splitlines()
    assert lines[0].startswith("quote_id,") and len(lines) == 3
    r = run(main, ["search", "unicorns", "--db", db])
    assert r.exit_code == 1 and "no quotation matches" in r.output
    r = run(main, ["search", "--since", "2023-02-30", "--db", db])
    assert r.exit_code == 2 and "not a date" in r.output
    r = run(main, ["speakers", "--db", db, "--format", "json"])
    assert r.exit_code == 0 and '"quotes": 2' in r.output
    r = run(main, ["timeline", "Nobody", "--db", db])
    assert r.exit_code == 2 and "nobody named" in r.output
    r = run(main, ["show", "a.txt", "--db", db])
    assert r.exit_code == 0
    assert "«" + PESKOV["content"] + "»[1]" in " ".join(r.output.split("\n"))
    assert "[2] Dmitry Peskov (indirect" in r.output
    r = run(main, ["search", "--db", str(tmp_path / "none.db")])
    assert r.exit_code == 2 and "no store" in r.output


def test_cli_ingest_without_inputs_migrates_an_older_store(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    conn = version_1_store(path)
    conn.close()
    r = CliRunner().invoke(main, ["search", "x", "--db", str(path)])
    assert r.exit_code == 2 and "Open it once for writing" in r.output
    r = CliRunner().invoke(main, ["ingest", "--db", str(path)])
    assert r.exit_code == 0, r.output
    assert "0 inputs: 0 articles added" in r.output
    assert connect(path).execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_writers_racing_on_a_new_file_store_each_article_once(new_target) -> None:
    from concurrent.futures import ThreadPoolExecutor

    path = new_target("race")
    analysis = make(MILLER_TEXT, [MILLER])

    def open_and_write(_: int) -> int:
        with open_writer(path) as s:  # each migrates the new store unless another did first
            return s.write_batch([(K1, Outcome("b.txt", analysis))]).added

    with ThreadPoolExecutor(4) as pool:
        added = list(pool.map(open_and_write, range(4)))
    assert sorted(added) == [0, 0, 0, 1]
    with open_reader(path) as s:
        assert s.counts()["articles"] == 1 and s.counts()["quotes"] == 1


@pytest.mark.parametrize(
    ("content", "statement"),
    [
        ("not to be identified", False),  # wire copy's stock fragments: too short, infinitive
        ("to give further details", False),
        ("to comment on the talks with the Russian side", False),  # an infinitive, however long
        ("Not to be identified because he was not authorised", False),
        ('"quite troubling,"', False),  # a fragment in quote marks
        ('"We will always be with Russia,"', True),
        ("that Putin would visit the plant", True),
        ("Tomorrow is to be a better day", True),  # "to" later in a sentence is no opening
    ],
)
def test_is_statement(content: str, statement: bool) -> None:
    from whosaid.store.queries import is_statement

    assert is_statement(content) is statement


def test_shared_lists_statements_with_their_quote_ids(new_target) -> None:
    pieces = [
        ("An official, who asked not to be identified, said so.", "not to be identified"),
        ('"We will always be with Russia," Kim said.', '"We will always be with Russia,"'),
    ]
    db = new_target("s")
    with open_writer(db) as s:
        batch = []
        for i, outlet in enumerate(["AFP", "TASS", "BBC"]):
            for j, (text, content) in enumerate(pieces[: 1 if outlet == "BBC" else 2]):
                a = make(text, [{"content": content}], outlet=outlet, source=f"{outlet}{j}.txt")
                batch.append((f"k{i}{j}", Outcome(a.source, a)))
        s.write_batch(batch)
        assert shared_quotes(s.conn)[0].content == "not to be identified"  # leads by count
        kept = shared_quotes(s.conn, statements_only=True)
        assert [g.content for g in kept] == ['"We will always be with Russia,"']
        assert shared_quotes(s.conn, statements_only=True, offset=1) == []
        first_id = kept[0].occurrences[0].quote_id
    run = CliRunner().invoke
    r = run(main, ["shared", "--db", str(db), "--format", "json"])
    assert r.exit_code == 0, r.output
    rows = json.loads(r.output)
    assert [(row["quote_id"], row["occurrences"]) for row in rows] == [(first_id, 2)]
    r = run(main, ["shared", "--all", "--db", str(db), "--format", "json"])
    assert len(json.loads(r.output)) == 2
    r = run(main, ["shared", "--db", str(db)])
    assert "quote_id" in r.output and str(first_id) in r.output
    r = run(main, ["occurrences", str(first_id), "--db", str(db), "--format", "json"])
    assert r.exit_code == 0 and '"occurrences"' in r.output
