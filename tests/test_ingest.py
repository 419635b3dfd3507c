"""Ingest with the real pipeline: idempotent, resumable after kill -9, failures recorded, and the
same quote across pickups of the example article stored once with its occurrences."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from whosaid.cli import main
from whosaid.errors import WhosaidError
from whosaid.pipeline import Pipeline
from whosaid.runs import ingest
from whosaid.store import (
    SearchQuery,
    Store,
    backend_of,
    connect,
    open_reader,
    search,
    shared_quotes,
)

PEOPLE = [
    ("Anna Keller", "the finance minister"),
    ("Tomas Berg", "a union leader"),
    ("Maria Santos", "the central bank governor"),
    ("Li Wei", "an economist at the institute"),
    ("Oskar Lund", "the mayor"),
]
TOPICS = ["the budget", "rail fares", "interest rates", "the harbour plan", "school meals"]


def generated_article(i: int) -> dict:
    """A short news story with direct and indirect quotes; every one differs."""
    name, role = PEOPLE[i % len(PEOPLE)]
    other, other_role = PEOPLE[(i + 2) % len(PEOPLE)]
    topic = TOPICS[i % len(TOPICS)]
    paragraphs = [
        f"{name}, {role}, said on Monday that {topic} would change in week {i}.",
        f'"We have listened to everyone about {topic}, and story {i} is our answer," '
        f"{name.split()[-1]} told reporters.",
        f"{other}, {other_role}, said the plan number {i} was rushed and would cost too much.",
        f'"Nobody asked the people who pay for {topic}," {other.split()[-1]} said. '
        f'"This is the wrong answer for {i} reasons."',
        f"The council will vote on the proposal next month, officials said in item {i}.",
    ]
    return {
        "text": "\n\n".join(paragraphs),
        "published": f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}",
        "outlet": ["AFP", "Reuters", "TASS"][i % 3],
        "id": f"story-{i}",
    }


def write_corpus(path: Path, n: int) -> None:
    lines = [json.dumps(generated_article(i)) for i in range(n)]
    lines.insert(7, "{this line is broken")
    lines.insert(11, json.dumps({"text": "   ", "id": "blank-story"}))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


# The quotes the full-text index finds for "answer", on each backend's index.
FTS_ANSWER = {
    "sqlite": "SELECT a.hash, q.n FROM quotes_fts f JOIN quotes q ON q.id = f.rowid "
    "JOIN articles a ON a.id = q.article_id WHERE quotes_fts MATCH 'answer'",
    "postgresql": "SELECT a.hash, q.n FROM quotes_fts f JOIN quotes q ON q.id = f.quote_id "
    "JOIN articles a ON a.id = q.article_id WHERE f.words @@ 'answer'::tsquery",
}


def stored_set(db: Path | str) -> dict[str, list]:
    """Everything ingest stores, in a comparable form (row ids aside), on either backend."""
    if backend_of(db) == "postgresql":
        with open_reader(db) as reader:
            return _stored_set(reader.conn, FTS_ANSWER["postgresql"])
    conn = sqlite3.connect(db)
    try:
        return _stored_set(conn, FTS_ANSWER["sqlite"])
    finally:
        conn.close()


def _stored_set(conn, fts: str) -> dict[str, list]:
    q = {
        "articles": "SELECT hash, source, outlet, published, text, analysis FROM articles",
        "quotes": 'SELECT a.hash, q.n, q.kind, q.content, q.start, q."end", q.speaker, '
        "q.published, g.key FROM quotes q JOIN articles a ON a.id = q.article_id "
        "JOIN quote_groups g ON g.id = q.group_id",
        "people": "SELECT key, name FROM people",
        "aliases": "SELECT p.key, a.key FROM aliases a JOIN people p ON p.id = a.person_id",
        "groups": "SELECT key, first_seen, occurrences FROM quote_groups",
        "failures": "SELECT key, source, reason FROM failures",
        "fts": fts,
    }
    return {k: sorted(tuple(r) for r in conn.execute(sql).fetchall()) for k, sql in q.items()}


def ingest_cmd(corpus: Path, db: Path | str) -> list[str]:
    # The entry point as the installed `whosaid` script calls it, with this interpreter.
    entry = "from whosaid.cli import main; main()"
    return [sys.executable, "-c", entry, "ingest", str(corpus), "--db", str(db),
            "--batch-size", "3"]  # fmt: skip


class StoredArticles:
    """How many articles a running ingest has committed, asked through one reader once the
    store exists (a new server connection at every poll would take the ingest's CPU)."""

    def __init__(self, db: Path | str) -> None:
        self.db = db
        self.reader = None

    def __call__(self) -> int:
        if self.reader is None:
            try:
                self.reader = open_reader(self.db)
            except WhosaidError:  # not created or not migrated yet
                return 0
        return int(self.reader.conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0])

    def close(self) -> None:
        if self.reader is not None:
            self.reader.close()


@pytest.mark.slow
@pytest.mark.parametrize("kill_at", [3, 12])  # before and after the blank story's failure is kept
def test_kill_9_then_rerun_equals_a_clean_run(
    tmp_path: Path, new_target, pipeline: Pipeline, kill_at: int
) -> None:
    corpus = tmp_path / "corpus.jsonl"
    total = 45
    write_corpus(corpus, total)

    clean = new_target("clean")
    report = ingest([corpus], clean, batch_size=3, pipeline=pipeline)
    assert report.added == total and report.failed == {"bad_jsonl": 1, "empty": 1}

    killed = new_target("killed")
    proc = subprocess.Popen(ingest_cmd(corpus, killed), stderr=subprocess.PIPE, text=True)
    stored_articles = StoredArticles(killed)
    # Generous: on a loaded machine the child may take minutes to load its model and commit
    # its first batches; the loop ends as soon as it has committed enough.
    deadline = time.monotonic() + 900
    at_kill = 0
    while proc.poll() is None and time.monotonic() < deadline:
        at_kill = stored_articles()
        if at_kill >= kill_at:  # batches committed: kill it mid-run
            os.kill(proc.pid, signal.SIGKILL)
            break
        time.sleep(0.01)
    proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL, (
        f"ingest ended before the kill: {proc.stderr and proc.stderr.read()}"
    )
    at_kill = stored_articles()
    stored_articles.close()
    assert 0 < at_kill < total, "the kill should land part-way through"

    rerun = subprocess.run(ingest_cmd(corpus, killed), capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 1, rerun.stderr  # 1: some inputs failed (the two bad ones)
    assert f"{total - at_kill} articles added" in rerun.stderr
    # Whether the blank story's failure was recorded before the kill depends on where the kill
    # landed; either way it is not counted as stored.
    assert f"{at_kill} already stored" in rerun.stderr
    if at_kill >= 12:  # 4 batches of 3 inputs (the 12th is the blank story) were committed
        assert "1 skipped as failed before" in rerun.stderr

    assert stored_set(killed) == stored_set(clean)
    assert len(stored_set(clean)["articles"]) == total


def test_first_ingest_counts_duplicates_in_the_input_not_as_stored(
    tmp_path: Path, pipeline: Pipeline
) -> None:
    corpus = tmp_path / "c.jsonl"
    lines = [json.dumps(generated_article(i)) for i in (0, 1, 0, 2, 1, 0)]
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    first = ingest([corpus], tmp_path / "new.db", pipeline=pipeline, batch_size=2)
    assert (first.added, first.existing, first.duplicates) == (3, 0, 3)
    assert "0 already stored, 3 duplicates in the input" in first.line()
    again = ingest([corpus], tmp_path / "new.db", pipeline=pipeline)
    assert (again.added, again.existing, again.duplicates) == (0, 6, 0)
    assert "duplicates" not in again.line()


def test_ingest_twice_adds_nothing_and_records_failures(tmp_path: Path, pipeline: Pipeline) -> None:
    corpus = tmp_path / "c.jsonl"
    write_corpus(corpus, 12)
    db = tmp_path / "s.db"
    first = ingest([corpus], db, pipeline=pipeline)
    assert (first.added, first.failures) == (12, 2)
    before = stored_set(db)
    with Store.open(db) as store:
        failures = dict(store.conn.execute("SELECT source, reason FROM failures").fetchall())
    assert failures == {f"{corpus}:8": "bad_jsonl", "blank-story": "empty"}
    second = ingest([corpus], db, pipeline=pipeline)
    assert (second.added, second.quotes) == (0, 0)
    # The 12 stored articles are "already stored"; the blank one, whose failure is on record, is
    # skipped as failed before and not counted as stored (the broken line has no key: it fails
    # again).
    assert (second.existing, second.failed_before, second.failed) == (12, 1, {"bad_jsonl": 1})
    assert "12 already stored" in second.line()
    assert "1 skipped as failed before" in second.line()
    retried = ingest([corpus], db, pipeline=pipeline, retry_failed=True)
    assert (retried.existing, retried.failed_before) == (12, 0)
    assert retried.failed == {"bad_jsonl": 1, "empty": 1}
    assert stored_set(db) == before
    # The people in the generated stories are one person each across stories.
    with Store.open(db, readonly=True) as store:
        keller = search(store.conn, SearchQuery(speaker="Keller", limit=100))
    assert keller and {h.speaker for h in keller} == {"Anna Keller"}
    assert len({h.article_id for h in keller}) > 1


def pickups(text: str) -> list[dict]:
    """The example article and two shorter stories that carry its Peskov quote, re-typed."""
    quote_par = next(p for p in text.split("\n\n") if "cosmonaut can be trained" in p)
    curly = quote_par.replace('"We talked', "“We talked").replace('space,"', "space,”")
    return [
        {"text": text, "outlet": "AFP", "published": "2023-09-14", "id": "afp"},
        {
            "text": "North Korea could send a cosmonaut into space with Russian help, the "
            "Kremlin said on Thursday.\n\n" + curly + "\n\nKim left Russia on Sunday.",
            "outlet": "Moscow Times",
            "published": "2023-09-15",
            "id": "moscow-times",
        },
        {
            "text": "Russia offered to train a North Korean cosmonaut.\n\n"
            + quote_par.replace("We talked", "WE TALKED")
            + "\n\nNo date was given for a flight.",
            "outlet": "Korea Herald",
            "published": "2023-09-16",
            "id": "herald",
        },
    ]


def test_example_and_two_pickups_share_one_quote(
    tmp_path: Path, pipeline: Pipeline, example_text: str
) -> None:
    corpus = tmp_path / "pickups.jsonl"
    corpus.write_text("\n".join(json.dumps(a) for a in pickups(example_text)), encoding="utf-8")
    db = tmp_path / "p.db"
    assert ingest([corpus], db, pipeline=pipeline).added == 3
    with Store.open(db, readonly=True) as store:
        groups = [g for g in shared_quotes(store.conn) if "cosmonaut can be trained" in g.content]
        assert len(groups) == 1, "the shared quote is one quote"
        (group,) = groups
        assert len(group.occurrences) == 3
        assert group.first_seen == "2023-09-14"
        assert {"AFP", "Moscow Times", "Korea Herald"} <= set(group.outlets)
        assert {h.speaker for h in group.occurrences} == {"Dmitry Peskov"}
        for h in group.occurrences:  # each occurrence points into its own article
            assert "cosmonaut can be trained" in h.content.lower()
        hits = search(store.conn, SearchQuery(words="cosmonaut trained", speaker="Peskov"))
        assert len(hits) == 3 and len({h.group_id for h in hits}) == 1
    r = CliRunner().invoke(main, ["occurrences", str(hits[0].quote_id), "--db", str(db)])
    assert r.exit_code == 0, r.output
    assert "3 occurrences, first seen 2023-09-14" in r.output


def test_a_quote_repeated_inside_one_article_is_not_shared(tmp_path, pipeline):
    from whosaid.model import Article
    from whosaid.store import Store, article_key, shared_quotes

    text = (
        '"We will win the war," said Jane Smith on Monday.\n\n'
        "The minister repeated it later.\n\n"
        '"We will win the war," said Jane Smith again.'
    )
    one = Article(text=text, source="one")
    other = Article(text='"We will win the war," said Jane Smith.', source="two")
    db = tmp_path / "s.db"
    with Store.open(db) as store:
        store.write_batch([(article_key(one), next(pipeline.analyze_many([one])))])
    conn = connect(db)
    try:
        assert shared_quotes(conn) == []  # two rows, one article
    finally:
        conn.close()
    with Store.open(db) as store:
        store.write_batch([(article_key(other), next(pipeline.analyze_many([other])))])
    conn = connect(db)
    try:
        (group,) = shared_quotes(conn)
        assert {h.article_id for h in group.occurrences} == {1, 2}
        assert {h.occurrences for h in group.occurrences} == {2}  # carried by two articles
    finally:
        conn.close()


@pytest.mark.slow
def test_two_ingest_processes_on_one_store_equal_one_clean_run(
    tmp_path: Path, new_target, pipeline: Pipeline
) -> None:
    """Two `whosaid ingest` processes started together on one new store, over the same input:
    on SQLite the second writer waits for the first (its lock); on PostgreSQL they write batch
    by batch in turn, each article stored once (its key unique). Nothing stored twice or lost."""
    corpus = tmp_path / "corpus.jsonl"
    total = 30
    write_corpus(corpus, total)
    clean = new_target("clean")
    ingest([corpus], clean, batch_size=3, pipeline=pipeline)

    shared = new_target("shared")
    procs = [
        subprocess.Popen(ingest_cmd(corpus, shared), stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    errors = [p.communicate(timeout=300)[1] for p in procs]
    for proc, err in zip(procs, errors, strict=True):
        assert proc.returncode == 1, err  # 1: the two bad inputs failed, nothing else
        assert "Traceback" not in err
    assert stored_set(shared) == stored_set(clean)
    assert len(stored_set(shared)["articles"]) == total
