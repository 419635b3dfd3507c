"""Speech by default where people read quotes, and doubtful names shown as unresolved: the store's
``act`` and ``unnamed`` columns (migration 4), the query filters, the CLI and the HTTP API. The
analyses are built by hand, so every expected row is known; no NLP model is needed."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from whosaid.cli import main
from whosaid.errors import QueryError
from whosaid.model import Analysis, Outcome, Quote, QuoteAct, Span, Speaker
from whosaid.service import create_app
from whosaid.store import (
    SCHEMA_VERSION,
    SearchQuery,
    Store,
    count,
    open_writer,
    search,
    shared_quotes,
    speakers,
    timeline,
)
from whosaid.store.migrations import MIGRATIONS
from whosaid.store.sqlite import _statements

TEXT = (
    "Jane Roe said the bridge will open in May. "
    "Jane Roe believes that tolls are too high. "
    "Jane Roe plans to cut the tolls next year. "
    "A poll by the institute shows that drivers agree. "
    "A senior official said the budget was too small."
)


def _span(piece: str) -> Span:
    start = TEXT.index(piece)
    return Span(start, start + len(piece), piece)


def _quote(
    content: str,
    act: QuoteAct,
    name: str | None,
    mention: str,
    confidence: float = 0.9,
    unnamed: str | None = None,
) -> Quote:
    return Quote(
        kind="indirect",
        content=(_span(content),),
        cue=None,
        speaker=Speaker(name, None, _span(mention), confidence, unnamed),
        act=act,
    )


QUOTES = (
    _quote("the bridge will open in May", "speech", "Jane Roe", "Jane Roe"),
    _quote("that tolls are too high", "belief", "Jane Roe", "Jane Roe"),
    _quote("to cut the tolls next year", "intent", "Jane Roe", "Jane Roe", confidence=0.4),
    _quote("that drivers agree", "evidence", None, "A poll by the institute"),
    _quote(
        "the budget was too small", "speech", None, "A senior official", 0.0, "a senior official"
    ),
)


def _analysis(source: str, published: str, quotes: tuple[Quote, ...] = QUOTES) -> Analysis:
    return Analysis(text=TEXT, source=source, published=published, outlet="AFP", quotes=quotes)


@pytest.fixture()
def store(new_target) -> Store:
    s = open_writer(new_target("acts"))
    again = QUOTES[:1] + QUOTES[2:3]  # speech and an intention again: both are shared quotes
    s.write_batch(
        [
            ("1a" * 32, Outcome("a.txt", _analysis("a.txt", "2023-09-14"))),
            ("2b" * 32, Outcome("b.txt", _analysis("b.txt", "2023-09-15", again))),
        ]
    )
    yield s
    s.close()


def _acts(hits) -> list[str]:
    return sorted(h.act for h in hits)


ACT_FILTERS = [
    ({}, ["speech", "speech", "speech"]),
    ({"act": "speech"}, ["speech", "speech", "speech"]),
    ({"act": "belief"}, ["belief"]),
    ({"act": "intent"}, ["intent", "intent"]),
    ({"act": "evidence"}, ["evidence"]),
    ({"act": "all"}, ["belief", "evidence", "intent", "intent", "speech", "speech", "speech"]),
    ({"act": "all", "words": "tolls"}, ["belief", "intent", "intent"]),
    ({"words": "tolls"}, []),  # by default a reader sees speech only
]


@pytest.mark.parametrize(("filters", "expected"), ACT_FILTERS)
def test_search_shows_speech_unless_asked(store: Store, filters: dict, expected: list) -> None:
    query = SearchQuery(**filters)
    assert _acts(search(store.conn, query)) == expected
    assert count(store.conn, query) == len(expected)


def test_hits_carry_act_unnamed_and_confidence(store: Store) -> None:
    hits = search(store.conn, SearchQuery(act="all", words="budget"))
    (hit,) = hits
    assert (hit.act, hit.unnamed, hit.speaker) == ("speech", "a senior official", None)
    assert hit.to_dict()["act"] == "speech" and hit.to_dict()["unnamed"] == "a senior official"


@pytest.mark.parametrize("act", ["speaking", "", "ALL", "direct"])
def test_unknown_act_is_a_query_error(store: Store, act: str) -> None:
    if act == "":
        # an empty value from a query string means "not given": the default, speech
        assert SearchQuery.from_mapping({"act": act}).act == "speech"
        return
    with pytest.raises(QueryError, match=r"act .* is not one of all, speech"):
        search(store.conn, SearchQuery(act=act))


def test_min_confidence_shows_doubtful_names_as_unresolved(store: Store) -> None:
    hits = search(store.conn, SearchQuery(act="intent", min_confidence=0.5))
    assert len(hits) == 2  # kept, not dropped
    assert all(h.speaker is None and h.person_id is None for h in hits)
    assert all(h.speaker_mention == "Jane Roe" for h in hits)  # the mention stays
    sure = search(store.conn, SearchQuery(act="speech", words="bridge", min_confidence=0.5))
    assert {h.speaker for h in sure} == {"Jane Roe"}
    # a doubtful name is not that speaker's quote
    assert search(store.conn, SearchQuery(act="intent", speaker="Roe", min_confidence=0.5)) == []
    assert len(search(store.conn, SearchQuery(act="intent", speaker="Roe"))) == 2


@pytest.mark.parametrize("value", ["-0.1", "1.5", "nan", "high"])
def test_bad_min_confidence_is_a_query_error(value: str) -> None:
    with pytest.raises(QueryError, match="min_confidence must be a number from 0 to 1"):
        SearchQuery.from_mapping({"min_confidence": value})


def test_speakers_and_timeline_count_speech_unless_asked(store: Store) -> None:
    (roe,) = speakers(store.conn)
    assert (roe.name, roe.quotes) == ("Jane Roe", 2)
    (roe_all,) = speakers(store.conn, act="all")
    assert roe_all.quotes == 5
    assert _acts(timeline(store.conn, "Jane Roe")) == ["speech", "speech"]
    assert _acts(timeline(store.conn, "Jane Roe", act="intent")) == ["intent", "intent"]


def test_shared_shows_speech_unless_asked(store: Store) -> None:
    groups = shared_quotes(store.conn)
    assert [g.content for g in groups] == ["the bridge will open in May"]
    both = shared_quotes(store.conn, act="all")
    assert {g.content for g in both} == {
        "the bridge will open in May",
        "to cut the tolls next year",
    }
    assert [g.content for g in shared_quotes(store.conn, act="intent")] == [
        "to cut the tolls next year"
    ]


def test_migration_4_fills_act_and_unnamed_from_the_stored_analysis(tmp_path: Path) -> None:
    path = tmp_path / "v3.db"
    conn = sqlite3.connect(path, isolation_level=None)
    for script in MIGRATIONS[:3]:
        for statement in _statements(script):
            conn.execute(statement)
    conn.execute("PRAGMA user_version = 3")
    body = _analysis("a.txt", "2023-09-14").to_dict()
    del body["text"]
    old = json.loads(json.dumps(body))
    del old["quotes"][0]["act"]  # a quote stored before acts existed: speech
    conn.execute(
        "INSERT INTO articles(hash, text, analysis, ingested_at) VALUES ('h', ?, ?, 'now')",
        (TEXT, json.dumps(old)),
    )
    for n, q in enumerate(QUOTES):
        conn.execute("INSERT INTO quote_groups(key, content) VALUES (?, ?)", (str(n), str(n)))
        conn.execute(
            'INSERT INTO quotes(article_id, n, kind, content, start, "end", spans, group_id) '
            "VALUES (1, ?, 'indirect', ?, 0, 1, '[[0, 1]]', ?)",
            (n, q.content_text, n + 1),
        )
    conn.close()
    with Store.open(path) as s:
        assert s.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        rows = s.conn.execute("SELECT act, unnamed FROM quotes ORDER BY n").fetchall()
    assert [tuple(r) for r in rows] == [
        ("speech", None),
        ("belief", None),
        ("intent", None),
        ("evidence", None),
        ("speech", "a senior official"),
    ]


def test_cli_act_and_min_confidence(store: Store) -> None:
    db = store.target  # a file or a postgresql:// address: the CLI opens either
    run = CliRunner().invoke
    r = run(main, ["search", "tolls", "--db", db])
    assert r.exit_code == 1  # no speech about tolls
    r = run(main, ["search", "tolls", "--act", "all", "--db", db, "--format", "json"])
    assert r.exit_code == 0 and sorted(h["act"] for h in json.loads(r.output)) == [
        "belief",
        "intent",
        "intent",
    ]
    r = run(main, ["search", "--act", "intent", "--min-confidence", "0.5", "--db", db,
                   "--format", "json"])  # fmt: skip
    assert r.exit_code == 0 and {h["speaker"] for h in json.loads(r.output)} == {None}
    r = run(main, ["search", "--act", "speaking", "--db", db])
    assert r.exit_code == 2 and "speaking" in r.output
    r = run(main, ["search", "--min-confidence", "2", "--db", db])
    assert r.exit_code == 2
    r = run(main, ["speakers", "--act", "all", "--db", db, "--format", "json"])
    assert r.exit_code == 0 and json.loads(r.output)[0]["quotes"] == 5
    r = run(main, ["timeline", "Jane Roe", "--act", "belief", "--db", db, "--format", "json"])
    assert r.exit_code == 0 and [h["act"] for h in json.loads(r.output)] == ["belief"]
    r = run(main, ["shared", "--act", "intent", "--db", db, "--format", "json"])
    assert r.exit_code == 0 and json.loads(r.output)[0]["content"] == "to cut the tolls next year"
    r = run(main, ["search", "budget", "--db", db])
    assert r.exit_code == 0 and "unnamed: a senior official" in r.output
    r = run(main, ["show", "a.txt", "--db", db])  # an article shows every act, and says which
    assert r.exit_code == 0 and "(indirect; belief;" in r.output


def test_api_act_and_min_confidence(store: Store) -> None:
    with TestClient(create_app(store.target, token="")) as c:
        r = c.get("/api/v1/quotes")
        assert r.status_code == 200 and {h["act"] for h in r.json()["results"]} == {"speech"}
        assert r.json()["total"] == 3
        r = c.get("/api/v1/quotes", params={"act": "all"})
        assert r.json()["total"] == 7
        r = c.get("/api/v1/quotes", params={"act": "intent", "min_confidence": "0.5"})
        assert [h["speaker"] for h in r.json()["results"]] == [None, None]
        assert all(h["speaker_mention"] == "Jane Roe" for h in r.json()["results"])
        r = c.get("/api/v1/speakers", params={"act": "all"})
        assert r.json()["results"][0]["quotes"] == 5
        r = c.get("/api/v1/speakers/Jane Roe/timeline", params={"act": "belief"})
        assert [h["act"] for h in r.json()["results"]] == ["belief"]
        r = c.get("/api/v1/shared", params={"act": "all"})
        assert r.status_code == 200 and len(r.json()["results"]) == 2
        for params in ({"act": "speaking"}, {"min_confidence": "2"}, {"min_confidence": "x"}):
            r = c.get("/api/v1/quotes", params=params)
            assert r.status_code in (400, 422) and "error" in r.json(), params


def test_text_output_lists_speech_unless_asked() -> None:
    from whosaid.cli import format_text

    a = _analysis("a.txt", "2023-09-14")
    speech = format_text(a)
    assert "the bridge will open in May" in speech and "the budget was too small" in speech
    assert "tolls are too high" not in speech and "drivers agree" not in speech
    assert "3 other attributions; --act all lists them" in speech
    everything = format_text(a, "all")
    assert all(q.content_text in everything for q in QUOTES)
    assert "other attributions" not in everything
    assert "to cut the tolls next year" in format_text(a, "intent")
