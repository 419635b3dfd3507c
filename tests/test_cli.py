"""The CLI's output formats over the example article."""

from __future__ import annotations

import json

from click.testing import CliRunner
from conftest import EXAMPLE

from whosaid.cli import main


def _run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_json_contract():
    r = _run("extract", str(EXAMPLE), "--published", "2023-09-14")
    assert r.exit_code == 0
    doc = json.loads(r.stdout)
    assert doc["schema"] == "whosaid/1" and doc["source"] == str(EXAMPLE)
    assert doc["published"] == "2023-09-14"
    for key in ("text", "headline", "paragraphs", "removed", "quotes", "entities", "dates"):
        assert key in doc
    q = doc["quotes"][0]
    assert set(q) >= {"kind", "content", "cue", "speaker", "via", "addressee"}
    assert set(q["speaker"]) == {"name", "entity", "mention", "confidence", "unnamed"}
    span = q["content"][0]
    assert doc["text"][span["start"] : span["end"]] == span["text"]


def test_several_inputs_give_a_list_and_jsonl_gives_lines():
    r = _run("extract", str(EXAMPLE), str(EXAMPLE))
    assert isinstance(json.loads(r.stdout), list)
    r = _run("extract", str(EXAMPLE), str(EXAMPLE), "--format", "jsonl")
    lines = r.stdout.strip().splitlines()
    assert len(lines) == 2 and all(json.loads(x)["schema"] == "whosaid/1" for x in lines)


def test_text_format_is_readable():
    r = _run("extract", str(EXAMPLE), "--format", "text")
    assert "Dmitry Peskov" in r.stdout and "via TASS, RIA Novosti" in r.stdout
    assert "[direct]" in r.stdout  # a continuation without a cue: its kind alone
    assert "; ]" not in r.stdout


def test_bad_published_date():
    r = CliRunner().invoke(main, ["extract", str(EXAMPLE), "--published", "yesterday"])
    assert r.exit_code == 2 and "YYYY-MM-DD" in r.output


def test_unknown_model_is_a_clear_error():
    r = CliRunner().invoke(main, ["extract", str(EXAMPLE), "--model", "no_such_pipeline"])
    assert r.exit_code == 2 and "could not be loaded" in r.output


def test_jsonl_input_is_one_article_per_line(tmp_path):
    f = tmp_path / "batch.jsonl"
    lines = [
        {"text": '"We will win," said Jane Smith.', "id": "a"},
        {"text": '"Prices will fall," said John Brown.', "id": "b"},
    ]
    f.write_text("\n".join(json.dumps(x) for x in lines) + "\n")
    r = _run("extract", str(f), "--format", "jsonl")
    names = [json.loads(x)["quotes"][0]["speaker"]["name"] for x in r.stdout.splitlines()]
    assert names == ["Jane Smith", "John Brown"]


def test_an_empty_folder_is_an_error(tmp_path):
    r = CliRunner().invoke(main, ["extract", str(tmp_path)])
    assert r.exit_code == 2 and "no articles found" in r.output
