"""Bad input: a clear message naming the file and the problem; the rest of a batch goes on."""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
from pathlib import Path

import pytest

from whosaid.errors import BinaryInput, EmptyInput, InputTooLarge, UnreadableInput
from whosaid.model import Article
from whosaid.read.files import decode, read_article

STORY = '"We will open the bridge in May," Mayor Anne Hall said on Monday.\n'


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "whosaid", *args], capture_output=True, text=True, timeout=300
    )


def test_empty_file(tmp_path):
    f = tmp_path / "empty.txt"
    f.write_text("  \n")
    with pytest.raises(EmptyInput, match="empty"):
        read_article(f, 1000)


def test_binary_file(tmp_path):
    f = tmp_path / "image.txt"
    f.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20)
    with pytest.raises(BinaryInput, match="binary"):
        read_article(f, 10_000)


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1"])
def test_legacy_encodings_are_decoded(tmp_path, encoding):
    text = "“Ça suffit,” said José Núñez." if encoding == "cp1252" else "Ça suffit, said José."
    f = tmp_path / "legacy.txt"
    f.write_bytes(text.encode(encoding))
    assert read_article(f, 10_000).text == text


def test_utf8_bom_and_windows_line_ends():
    assert decode("\ufeffOne.\r\nTwo.".encode()) == "One.\nTwo."


def test_too_large_names_the_limit_and_how_to_raise_it(tmp_path):
    f = tmp_path / "big.txt"
    f.write_text("word " * 3000)
    with pytest.raises(InputTooLarge, match=r"limit.*--max-bytes"):
        read_article(f, 10_000)


def test_gzip_bomb_is_capped(tmp_path):
    f = tmp_path / "bomb.txt.gz"
    with gzip.open(f, "wb") as fh:
        fh.write(b"a" * 5_000_000)
    with pytest.raises(InputTooLarge, match="expands"):
        read_article(f, 100_000)


def test_unreadable_file(tmp_path):
    f = tmp_path / "secret.txt"
    f.write_text(STORY)
    f.chmod(0)
    if os.access(f, os.R_OK):
        f.write_bytes(b"")  # running as root: make it unreadable in another way
        f.unlink()
        f.mkdir()
    with pytest.raises((UnreadableInput, EmptyInput)):
        read_article(f, 10_000)


def test_batch_goes_on_after_a_bad_article(pipeline):
    articles = [
        Article(text=STORY, source="a"),
        Article(text="   ", source="b"),
        Article(text=STORY, source="c"),
    ]
    outcomes = list(pipeline.analyze_many(articles))
    assert [o.source for o in outcomes] == ["a", "b", "c"]
    assert [o.ok for o in outcomes] == [True, False, True]
    assert outcomes[1].reason == "empty" and "b" in (outcomes[1].message or "")


def test_fifty_megabytes_is_refused_with_a_message(tmp_path):
    f = tmp_path / "huge.txt"
    with f.open("w") as fh:
        for _ in range(50 * 1024):
            fh.write(("x" * 1023) + "\n")
    r = _cli("extract", str(f))
    assert r.returncode == 2
    assert "huge.txt" in r.stderr and "WHOSAID_MAX_BYTES" in r.stderr


def test_folder_with_bad_files_reports_and_goes_on(tmp_path):
    (tmp_path / "good1.txt").write_text(STORY)
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    (tmp_path / "good2.txt").write_text(STORY)
    r = _cli("extract", str(tmp_path), "--format", "jsonl")
    assert r.returncode == 1
    assert len(r.stdout.strip().splitlines()) == 2
    assert "2 analysed, 2 skipped" in r.stderr
    assert "empty.txt" in r.stderr and "binary.txt" in r.stderr


def test_missing_path(tmp_path):
    r = _cli("extract", str(Path(tmp_path) / "nope.txt"))
    assert r.returncode == 2 and "no such file" in r.stderr


def test_a_paragraph_over_spacys_limit_is_parsed_in_pieces():
    from whosaid.config import Settings
    from whosaid.pipeline import Pipeline

    # a small limit stands for spaCy's million characters: the text has no paragraph break
    text = ("The weather was calm all week. " * 40) + '"We are ready," said Mayor Anne Hall.'
    analysis = Pipeline(Settings(max_paragraph_chars=300)).analyze(text)
    assert [q.speaker.name for q in analysis.quotes] == ["Anne Hall"]


def test_a_reader_that_breaks_is_reported_and_the_batch_goes_on(pipeline, monkeypatch):
    import whosaid.pipeline as pipeline_module

    real = pipeline_module.prepare

    def broken(article, settings):
        if article.source == "bad":
            raise RecursionError("maximum recursion depth exceeded")
        return real(article, settings)

    monkeypatch.setattr(pipeline_module, "prepare", broken)
    outcomes = list(
        pipeline.analyze_many(
            [Article(text=STORY, source="bad"), Article(text=STORY, source="good")]
        )
    )
    assert [(o.source, o.ok, o.reason) for o in outcomes] == [
        ("bad", False, "internal"),
        ("good", True, None),
    ]


def test_published_given_as_text_is_a_date():
    import datetime as dt

    assert Article(text=STORY, published="2023-09-14").published == dt.date(2023, 9, 14)
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        Article(text=STORY, published="last week")


def test_corrupt_gzip_is_unreadable(tmp_path):
    good = gzip.compress(STORY.encode() * 50)
    f = tmp_path / "cut.txt.gz"
    f.write_bytes(good[: len(good) // 2] + b"\x00garbage" * 10)
    with pytest.raises(UnreadableInput, match="cannot read"):
        read_article(f, 1_000_000)
