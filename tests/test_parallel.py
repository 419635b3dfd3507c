"""Parallel runs and partitioned output, without starting workers: chunking, ordering, the
in-process path, progress arithmetic, and the partitioned writer (layout, parquet schema,
resume, refusal of other inputs). The Dask runs themselves are in test_dask_scale.py."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from whosaid.config import DEFAULT_SETTINGS
from whosaid.model import Article, Outcome
from whosaid.output import (
    PARQUET_SCHEMA,
    OutputMismatch,
    read_partitioned,
    write_partitioned,
)
from whosaid.runs import (
    ProgressState,
    chunked,
    merge_in_order,
    run_in_process,
    run_parallel,
)
from whosaid.runs import parallel as batch

PEOPLE = [
    ("Maria Lopez", "finance minister"),
    ("John Carter", "chief executive of Acme Corp"),
    ("Aiko Tanaka", "central bank governor"),
    ("Peter Novak", "union leader"),
    ("Fatima Haddad", "foreign minister"),
]


def make_corpus(n: int, bad_every: int = 9) -> list[Article | Outcome]:
    """``n`` small varied articles with quotes; every ``bad_every``-th is empty (it fails with
    reason ``empty``) and one unreadable input rides along as an Outcome."""
    items: list[Article | Outcome] = []
    for i in range(n):
        name, role = PEOPLE[i % len(PEOPLE)]
        surname = name.split()[-1]
        if i % bad_every == bad_every - 1:
            items.append(Article(text="  \n ", source=f"a{i:03d}"))
            continue
        text = (
            f"{name}, the {role}, said on Tuesday that the plan would cost {i + 3} million "
            f'dollars.\n\n"We are ready for article {i}," {surname} told reporters in Geneva. '
            f"The talks resume in {2000 + i}."
        )
        items.append(Article(text=text, source=f"a{i:03d}"))
        if i == 5:
            items.append(Outcome("missing.txt", reason="not_found", message="missing.txt: gone"))
    return items


def dicts(outcomes: Iterable[Outcome]) -> list[dict]:
    return [o.to_dict() for o in outcomes]


def test_chunked_counts_articles_and_keeps_passthrough_outcomes_in_place() -> None:
    a = [Article(text=str(i), source=str(i)) for i in range(5)]
    gone = Outcome("gone", reason="not_found")
    chunks = list(chunked([a[0], gone, a[1], a[2], a[3], a[4]], 2))
    assert chunks == [[a[0], gone, a[1]], [a[2], a[3]], [a[4]]]
    assert list(chunked([], 3)) == []
    assert list(chunked([gone], 3)) == [[gone]]


def test_merge_in_order_refuses_too_many_outcomes() -> None:
    a = Article(text="x", source="a")
    gone = Outcome("gone", reason="not_found")
    done = Outcome("a", reason="empty")
    assert merge_in_order([gone, a], [done]) == [gone, done]
    with pytest.raises(RuntimeError):
        merge_in_order([a], [done, done])
    with pytest.raises(StopIteration):
        merge_in_order([a, a], [done])


def test_in_process_run_equals_analyze_many(pipeline) -> None:
    items = make_corpus(20)
    articles = [x for x in items if isinstance(x, Article)]
    expected = iter(dicts(pipeline.analyze_many(articles)))
    want = [x.to_dict() if isinstance(x, Outcome) else next(expected) for x in items]
    got = dicts(run_in_process(items, DEFAULT_SETTINGS, chunk=4))
    assert got == want
    assert any(d.get("quotes") for d in got)  # the corpus really has quotes
    assert [d["error"]["reason"] for d in got if "error" in d] == ["not_found", "empty", "empty"]


def test_one_worker_and_one_chunk_run_here_without_starting_a_cluster(monkeypatch) -> None:
    def no_cluster(workers: int) -> Iterator:
        raise AssertionError("a cluster was started for a run that fits in this process")

    monkeypatch.setattr(batch, "local_client", no_cluster)
    items = make_corpus(6)
    want = dicts(run_in_process(items, DEFAULT_SETTINGS, chunk=32))
    assert dicts(run_parallel(items, workers=1, chunk=2)) == want
    assert dicts(run_parallel(items, workers=4, chunk=32)) == want  # one chunk


def test_run_parallel_reads_input_lazily(monkeypatch) -> None:
    """Backpressure: stopping after the first outcome must not have read the whole input."""
    read = []

    def stream() -> Iterator[Article]:
        for i in range(10_000):
            read.append(i)
            yield Article(text=f"Ann Lee said on day {i} that it rained.", source=str(i))

    first = next(iter(run_parallel(stream(), workers=1, chunk=8)))
    assert first.source == "0"
    assert len(read) <= 16


@pytest.mark.parametrize(
    ("done", "failed", "total", "elapsed", "rate", "eta"),
    [
        (0, [], 100, 10.0, 0.0, None),
        (50, [], 100, 10.0, 5.0, 10.0),
        (50, ["empty", "empty", "binary"], None, 5.0, 10.0, None),
        (100, [], 100, 4.0, 25.0, 0.0),
    ],
)
def test_progress_rate_eta_and_failures(done, failed, total, elapsed, rate, eta) -> None:
    state = ProgressState(total=total, started=0.0)
    for i in range(done):
        reason = failed[i] if i < len(failed) else None
        state.add(Outcome(str(i), reason=reason) if reason else _ok(i))
    assert state.rate(now=elapsed) == pytest.approx(rate)
    assert state.eta(now=elapsed) == (None if eta is None else pytest.approx(eta))
    line = state.line(now=elapsed)
    assert f"{done:,}" in line
    if failed:
        assert "binary 1" in line and "empty 2" in line
    else:
        assert "failed" not in line


def _ok(i: int) -> Outcome:
    from whosaid.model import Analysis

    return Outcome(str(i), analysis=Analysis(text="x"))


# --- partitioned output ---------------------------------------------------------------------


def analyse_here(items: Iterable[Article | Outcome]) -> Iterator[Outcome]:
    return run_in_process(items, DEFAULT_SETTINGS, chunk=4)


@pytest.fixture(scope="module")
def corpus() -> list[Article | Outcome]:
    return make_corpus(23)


@pytest.fixture(scope="module")
def reference(corpus) -> list[dict]:
    return [d for d in dicts(analyse_here(corpus)) if "error" not in d]


@pytest.mark.parametrize("fmt", ["jsonl", "parquet"])
def test_partitioned_output_holds_every_analysis_once_in_order(
    tmp_path: Path, corpus, reference, fmt
) -> None:
    report = write_partitioned(corpus, tmp_path, analyse_here, fmt=fmt, part_size=10)
    parts = sorted(p.name for p in tmp_path.glob(f"part-*.{fmt}"))
    assert parts == [f"part-0000{i}.{fmt}" for i in range(3)]  # 24 items in parts of 10
    assert list(read_partitioned(tmp_path)) == reference
    assert (report.parts_written, report.analysed, report.failed) == (3, len(reference), 3)
    assert sorted(report.failures) == ["empty", "not_found"]
    marker = json.loads((tmp_path / "_whosaid" / "part-00000.json").read_text())
    assert marker["count"] == 10 and {f["source"] for f in marker["failures"]} >= {"a008"}
    assert not list(tmp_path.glob(".*.tmp"))


def test_parquet_parts_share_the_declared_schema(tmp_path: Path, corpus) -> None:
    write_partitioned(corpus, tmp_path, analyse_here, fmt="parquet", part_size=7)
    for path in tmp_path.glob("part-*.parquet"):
        assert pq.read_schema(path).remove_metadata() == PARQUET_SCHEMA
    quotes = pq.read_table(tmp_path).column("quotes").to_pylist()  # the folder as one dataset
    assert sum(len(q) for q in quotes) > 0


def test_interrupted_run_resumes_without_redoing_or_duplicating(tmp_path: Path, corpus) -> None:
    analysed: list[str | None] = []

    def counting(items: Iterable[Article | Outcome]) -> Iterator[Outcome]:
        for o in analyse_here(items):
            analysed.append(o.source)
            yield o

    class Interrupted(Exception):
        pass

    def dies_after_15(items: Iterable[Article | Outcome]) -> Iterator[Outcome]:
        for n, o in enumerate(counting(items)):
            if n == 15:
                raise Interrupted
            yield o

    with pytest.raises(Interrupted):
        write_partitioned(corpus, tmp_path, dies_after_15, part_size=10)
    assert [p.name for p in tmp_path.glob("part-*")] == ["part-00000.jsonl"]
    analysed.clear()
    report = write_partitioned(corpus, tmp_path, counting, part_size=10)
    assert (report.parts_skipped, report.parts_written, report.already_done) == (1, 2, 10)
    assert analysed == [x.source for x in corpus[10:]]  # part 0 was not analysed again
    rows = list(read_partitioned(tmp_path))
    assert [r["source"] for r in rows] == [
        x.source for x in corpus if isinstance(x, Article) and x.text.strip()
    ]
    again = write_partitioned(corpus, tmp_path, counting, part_size=10)
    assert (again.parts_skipped, again.parts_written) == (3, 0)


@pytest.mark.parametrize(
    ("change", "fmt", "part_size"),
    [
        ("other inputs", "jsonl", 10),
        ("more inputs", "jsonl", 10),
        ("same inputs", "parquet", 10),
        ("same inputs", "jsonl", 5),
    ],
)
def test_resume_refuses_other_inputs_or_layout(tmp_path: Path, corpus, change, fmt, part_size):
    write_partitioned(corpus[:15], tmp_path, analyse_here, part_size=10)
    items = {
        "other inputs": [Article(text="Bo Li said so.", source="x"), *corpus[1:15]],
        "more inputs": corpus,
        "same inputs": corpus[:15],
    }[change]
    with pytest.raises(OutputMismatch, match="new --out folder"):
        write_partitioned(items, tmp_path, analyse_here, fmt=fmt, part_size=part_size)


def test_resume_with_same_inputs_is_accepted(tmp_path: Path, corpus) -> None:
    write_partitioned(corpus[:15], tmp_path, analyse_here, part_size=10)
    report = write_partitioned(corpus[:15], tmp_path, analyse_here, part_size=10)
    assert (report.parts_skipped, report.parts_written) == (2, 0)
