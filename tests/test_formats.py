"""Collection readers: Reuters-21578 SGML and JSONL, each bad record an Outcome, never a crash."""

from __future__ import annotations

import datetime as dt
import gzip
import json
from pathlib import Path

import pytest
from conftest import require_data

from whosaid.model import Article, Outcome
from whosaid.read.formats import count_inputs, iter_inputs, parse_reuters, read_jsonl

SGML = b"""<!DOCTYPE lewis SYSTEM "lewis.dtd">
<REUTERS TOPICS="YES" LEWISSPLIT="TRAIN" CGISPLIT="TRAINING-SET" OLDID="5544" NEWID="1">
<DATE>26-FEB-1987 15:01:01.79</DATE>
<TOPICS><D>cocoa</D></TOPICS>
<UNKNOWN>&#5;&#5;&#5;C T</UNKNOWN>
<TEXT>&#2;
<TITLE>BAHIA COCOA &lt;BCR&gt; REVIEW</TITLE>
<DATELINE>    SALVADOR, Feb 26 - </DATELINE><BODY>Showers continued, Comissaria Smith
said in its weekly review. Prices rose 5 pct &amp; more.\xfc
 Reuter
&#3;</BODY></TEXT>
</REUTERS>
<REUTERS TOPICS="NO" LEWISSPLIT="TRAIN" CGISPLIT="TRAINING-SET" OLDID="5545" NEWID="2">
<DATE>26-FEB-1987 15:02:20.00</DATE>
<TEXT TYPE="BRIEF">&#2;
<TITLE>BRIEF WITHOUT A BODY</TITLE>
&#3;</TEXT>
</REUTERS>
<REUTERS TOPICS="NO" LEWISSPLIT="TRAIN" CGISPLIT="TRAINING-SET" OLDID="5546" NEWID="3">
<DATE>31-FOO-1987 15:03:20.00</DATE>
<TEXT>&#2;
<BODY>A story with a broken date.
 Reuter
&#3;</BODY></TEXT>
</REUTERS>
"""


def test_reuters_records(tmp_path: Path) -> None:
    path = tmp_path / "reut2-000.sgm"
    path.write_bytes(SGML)
    items = list(iter_inputs([path], 10_000))
    assert all(isinstance(a, Article) for a in items)
    first, broken = items  # the brief without a body is not a story
    assert first.source == "reut2-000.sgm#1" and broken.source == "reut2-000.sgm#3"
    assert first.published == dt.date(1987, 2, 26) and broken.published is None
    assert first.title == "BAHIA COCOA <BCR> REVIEW"
    assert first.outlet == "Reuters"
    assert first.text is not None
    assert first.text.startswith("Showers continued, Comissaria Smith\nsaid")
    assert "5 pct & more.ü" in first.text  # entity unescaped, stray byte kept as Latin-1
    assert first.text.endswith("Reuter") and "\x03" not in first.text
    assert count_inputs([path]) == 2


REUTERS_DATES = [
    ("<DATE>26-FEB-1987 15:01:01.79</DATE>", dt.date(1987, 2, 26)),
    ("<DATE> 5-MAR-1987 09:00:00.00</DATE>", dt.date(1987, 3, 5)),
    ("<DATE>30-FEB-1987 09:00:00.00</DATE>", None),  # no such day
    ("<DATE>26-XYZ-1987</DATE>", None),
    ("", None),
]


@pytest.mark.parametrize(("date", "expected"), REUTERS_DATES)
def test_reuters_dates(date: str, expected: dt.date | None) -> None:
    record = f'<REUTERS NEWID="7">{date}<TEXT><BODY>Text.</BODY></TEXT></REUTERS>'
    (a,) = parse_reuters(record, "f.sgm")
    assert a.published == expected


JSONL_LINES = [
    # (line, what comes out: an Article's fields, or the failure reason and message part)
    ('{"text": "A said B."}', {"text": "A said B."}),
    (
        '{"html": "<p>x</p>", "url": "https://e.com/a", "published": "2023-09-14T10:00:00Z", '
        '"outlet": "AFP", "title": "T"}',
        {"html": "<p>x</p>", "url": "https://e.com/a", "published": dt.date(2023, 9, 14)},
    ),
    ('{"text": "x", "id": "story-9"}', {"source": "story-9"}),
    ('{"text": "x", "published": "14/09/2023"}', ("bad_jsonl", "not an ISO date")),
    ('{"text": "x", "html": "<p>x</p>"}', ("bad_jsonl", "exactly one of")),
    ('{"url": "https://e.com"}', ("bad_jsonl", "exactly one of")),
    ('{"text": 5}', ("bad_jsonl", "must be a string")),
    ('{"text": "x", "outlet": ["AFP"]}', ("bad_jsonl", "outlet must be a string")),
    ('["text", "x"]', ("bad_jsonl", "not a JSON object")),
    ('{"text": "unterminated', ("bad_jsonl", "line 1")),
]


@pytest.mark.parametrize(("line", "expected"), JSONL_LINES)
def test_jsonl_lines(tmp_path: Path, line: str, expected: dict | tuple) -> None:
    path = tmp_path / "c.jsonl"
    path.write_text(line + "\n", encoding="utf-8")
    (item,) = list(read_jsonl(path))
    if isinstance(expected, dict):
        assert isinstance(item, Article)
        for k, v in expected.items():
            assert getattr(item, k) == v
    else:
        assert isinstance(item, Outcome)
        assert item.reason == expected[0] and expected[1] in (item.message or "")
        assert item.source == f"{path}:1"


def test_jsonl_bad_line_does_not_stop_the_file(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl.gz"
    lines = [json.dumps({"text": "one"}), "{oops", "", json.dumps({"text": "three"})]
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")
    items = list(iter_inputs([path], 10_000))
    assert [type(i).__name__ for i in items] == ["Article", "Outcome", "Article"]
    assert "line 2" in (items[1].message or "")  # type: ignore[union-attr]
    assert count_inputs([path]) == 3


def test_folders_mix_formats_and_missing_paths_are_outcomes(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("Alice said hello.", encoding="utf-8")
    (tmp_path / "b.jsonl").write_text('{"text": "Bob said hi."}\n', encoding="utf-8")
    (tmp_path / "empty.txt").write_text("  ", encoding="utf-8")
    items = list(iter_inputs([tmp_path, tmp_path / "nope.txt"], 10_000))
    kinds = [(type(i).__name__, getattr(i, "reason", None)) for i in items]
    assert kinds == [
        ("Article", None),
        ("Outcome", "empty"),
        ("Article", None),
        ("Outcome", "not_found"),
    ]


@pytest.mark.data
def test_real_reuters_has_19043_stories_with_a_body() -> None:
    folder = require_data("reuters21578")
    files = sorted(folder.glob("reut2-*.sgm"))
    stories = [a for a in iter_inputs(files, 10**7) if isinstance(a, Article)]
    assert len(stories) == 19043
    assert all(a.text and a.source and a.outlet == "Reuters" for a in stories)
    assert sum(a.published is not None for a in stories) == len(stories)
    assert not any("&lt;" in (a.text or "") for a in stories)
