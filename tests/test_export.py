"""whosaid extract --format csv and --format brat: files that spreadsheets and brat open."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from conftest import EXAMPLE

from whosaid.cli import main
from whosaid.evaluation.attribution import relations_from_analysis
from whosaid.evaluation.brat import parse_ann
from whosaid.export import QUOTE_COLUMNS, brat_ann, brat_name, quote_row
from whosaid.model import Analysis, Quote, Span, Speaker

PUBLISHED = "2023-09-14"


def _run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def analysis(pipeline, example_text) -> Analysis:
    return pipeline.analyze(example_text, published=PUBLISHED)


def _quote(text: str, content: list[tuple[int, int]], cue=None, mention=None, **kw) -> Quote:
    return Quote(
        kind="direct",
        content=tuple(Span.of(text, s, e) for s, e in content),
        cue=Span.of(text, *cue) if cue else None,
        speaker=Speaker(
            kw.pop("name", None), None, Span.of(text, *mention) if mention else None, 0.5
        ),
        **kw,
    )


# -- CSV -------------------------------------------------------------------------------------


def test_csv_has_one_row_per_quote_and_round_trips_through_pandas(analysis):
    r = _run("extract", str(EXAMPLE), "--published", PUBLISHED, "--format", "csv")
    assert r.exit_code == 0
    frame = pd.read_csv(io.StringIO(r.stdout), keep_default_na=False, dtype=str)
    assert tuple(frame.columns) == QUOTE_COLUMNS
    assert len(frame) == len(analysis.quotes) >= 5
    for row, q in zip(frame.to_dict("records"), analysis.quotes, strict=True):
        assert row["source"] == str(EXAMPLE) and row["published"] == PUBLISHED
        assert row["content"] == q.content_text
        assert json.loads(row["spans"]) == [[s.start, s.end] for s in q.content]
        assert int(row["start"]) == q.start and int(row["end"]) == q.end
        assert row["speaker"] == (q.speaker.name or "")
        assert row["cue"] == (q.cue.text if q.cue else "")
        assert row["via"] == "; ".join(p.name for p in q.via)
        assert row["kind"] == q.kind and row["act"] == q.act
        assert float(row["confidence"]) == round(q.speaker.confidence, 3)
        # the offsets point into the article's text, as in the JSON
        if q.cue:
            assert analysis.text[int(row["cue_start"]) : int(row["cue_end"])] == q.cue.text


def test_csv_rows_of_several_articles_share_one_header(tmp_path):
    r = _run("extract", str(EXAMPLE), str(EXAMPLE), "--format", "csv")
    lines = r.stdout.splitlines()
    assert lines.count(",".join(QUOTE_COLUMNS)) == 1
    frame = pd.read_csv(io.StringIO(r.stdout))
    assert len(frame) % 2 == 0 and len(frame) > 0


@pytest.mark.parametrize(
    ("quote", "expected"),
    [
        (
            _quote('"Yes," he said of X.', [(0, 6)], cue=(10, 14), mention=(7, 9), name="Kim"),
            {"speaker": "Kim", "speaker_mention": "he", "cue": "said", "cue_start": 10},
        ),
        (
            _quote("a b c", [(0, 1), (4, 5)]),
            {"content": "a c", "spans": "[[0, 1], [4, 5]]", "speaker": None, "cue": None},
        ),
    ],
)
def test_quote_row_values(quote, expected):
    row = quote_row(Analysis(text='"Yes," he said of X.', quotes=(quote,)), quote)
    assert set(row) == set(QUOTE_COLUMNS)
    assert {k: row[k] for k in expected} == expected


def test_csv_columns_line_up_with_search_csv(tmp_path, analysis):
    db = str(tmp_path / "s.db")
    assert _run("ingest", str(EXAMPLE), "--db", db, "--workers", "1").exit_code == 0
    searched = pd.read_csv(
        io.StringIO(_run("search", "--db", db, "--format", "csv", "--limit", "500").stdout),
        keep_default_na=False,
        dtype=str,
    )
    extracted = pd.read_csv(
        io.StringIO(_run("extract", str(EXAMPLE), "--format", "csv").stdout),
        keep_default_na=False,
        dtype=str,
    )
    shared = [c for c in QUOTE_COLUMNS if c in searched.columns]
    assert {"source", "kind", "content", "start", "end", "spans", "speaker", "cue"} <= set(shared)

    def rows(frame: pd.DataFrame) -> list[dict]:
        out = frame[shared].to_dict("records")
        for r in out:  # the store lists relaying outlets by name, the article in text order
            r["via"] = sorted(r["via"].split("; "))
            if r.get("confidence"):  # a float as each side prints it
                r["confidence"] = round(float(r["confidence"]), 3)
        return sorted(out, key=lambda r: (int(r["start"]), int(r["end"])))

    assert len(searched) == len(extracted) == len(analysis.quotes)
    assert rows(searched) == rows(extracted)


def test_csv_with_out_is_a_clear_error(tmp_path):
    r = CliRunner().invoke(main, ["extract", str(EXAMPLE), "--format", "csv", "--out", "x"])
    assert r.exit_code == 2 and "standard output" in r.output


# -- brat ------------------------------------------------------------------------------------


def test_brat_files_read_back_to_the_same_relations(tmp_path, analysis):
    out = tmp_path / "brat"
    r = _run(
        "extract", str(EXAMPLE), "--published", PUBLISHED, "--format", "brat", "--out", str(out)
    )
    assert r.exit_code == 0, r.output
    name = EXAMPLE.stem
    assert sorted(p.name for p in out.iterdir()) == sorted(
        ["annotation.conf", f"{name}.txt", f"{name}.ann"]
    )
    text = (out / f"{name}.txt").read_text(encoding="utf-8")
    assert text == analysis.text
    relations = parse_ann((out / f"{name}.ann").read_text(encoding="utf-8"), text)
    assert sorted(relations, key=lambda x: x.triple) == sorted(
        relations_from_analysis(analysis), key=lambda x: x.triple
    )
    assert len(relations) == len(analysis.quotes)


def test_brat_lines_are_polnear_standoff(analysis):
    ann = brat_ann(analysis)
    spans = {}
    for line in ann.splitlines():
        ident, body, *rest = line.split("\t")
        if ident.startswith("T"):
            label, offsets = body.split(" ", 1)
            pieces = [tuple(map(int, p.split())) for p in offsets.split(";")]
            # the text column is the pieces' text, each piece inside one line
            assert rest == [" ".join(analysis.text[s:e] for s, e in pieces)]
            assert all("\n" not in analysis.text[s:e] for s, e in pieces)
            spans[ident] = label
        else:
            assert ident.startswith("E")
            trigger, *args = body.split()
            kind, ref = trigger.split(":")
            assert kind in {"Attribution", "Attribution-no-source"} and spans[ref] == kind
            roles = {a.split(":")[0]: spans[a.split(":")[1]] for a in args}
            assert roles.get("Content") == "Content"
            assert ("Source" in roles) == (kind == "Attribution")


def test_brat_splits_content_at_line_breaks_and_marks_sourceless_quotes():
    text = 'He said:\n"One line,\nanother line."'
    q = _quote(text, [(9, len(text))], cue=(3, 7))
    ann = brat_ann(Analysis(text=text, quotes=(q,)))
    assert f'T1\tContent 9 19;20 {len(text)}\t"One line, another line."' in ann
    assert "Attribution-no-source:T3 Content:T1 Cue:T2" in ann
    (rel,) = parse_ann(ann, text)
    assert rel.content == ((9, len(text)),) and rel.cue == ((3, 7),) and rel.source == ()


@pytest.mark.parametrize(
    ("source", "taken", "expected"),
    [
        ("dir/story.txt", set(), "story"),
        ("dir/page.html.gz", set(), "page"),
        ("https://example.org/a b?c=1", set(), "a_b_c_1"),
        ("dir/story.txt", {"story"}, "story-2"),
        (None, set(), "article"),
        ("...", set(), "article"),
    ],
)
def test_brat_names(source, taken, expected):
    assert brat_name(source, set(taken)) == expected


def test_brat_needs_out(tmp_path):
    r = CliRunner().invoke(main, ["extract", str(EXAMPLE), "--format", "brat"])
    assert r.exit_code == 2 and "--out DIR" in r.output


def test_brat_names_stay_apart_for_same_named_files(tmp_path):
    for sub in ("a", "b"):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "x.txt").write_text(EXAMPLE.read_text(encoding="utf-8"))
    out = tmp_path / "out"
    r = _run(
        "extract", str(tmp_path / "a"), str(tmp_path / "b"), "--format", "brat", "--out", str(out)
    )
    assert r.exit_code == 0
    assert sorted(p.name for p in Path(out).glob("*.ann")) == ["x-2.ann", "x.ann"]


def test_annotation_conf_declares_every_type_and_role_written(analysis):
    from whosaid.export import BRAT_CONF

    sections: dict[str, list[str]] = {}
    current = ""
    for line in BRAT_CONF.splitlines():
        if line.startswith("["):
            current = line.strip("[]")
        elif line.strip():
            sections.setdefault(current, []).append(line)
    entities = set(sections["entities"])
    events = {
        line.split("\t")[0]: {
            a.split(":")[0].rstrip("?+*") for a in line.split("\t")[1].split(", ")
        }
        for line in sections["events"]
    }
    for line in brat_ann(analysis).splitlines():
        ident, body, *_ = line.split("\t")
        if ident.startswith("T"):
            assert body.split(" ")[0] in entities | set(events)
        else:
            kind = body.split()[0].split(":")[0]
            assert {a.split(":")[0] for a in body.split()[1:]} <= events[kind]
