"""Cleaning: paragraphs, headings, captions and boilerplate as spans over the original text."""

from __future__ import annotations

import pytest

from whosaid.clean.text import clean, doubled_caption, is_heading

HEADINGS = [
    ("- 'Blood alliance' -", True),
    ("Putin accepts Kim's invitation to visit North Korea", True),
    ("What happens next", True),
    ("He said the talks went well.", False),  # a sentence
    ('"We will win"', False),  # a short quotation on its own line
    ("and then the rest of a sentence that lost its capital", False),
]


@pytest.mark.parametrize(("line", "expected"), HEADINGS)
def test_headings(line, expected):
    assert is_heading(line) is expected


BOILERPLATE = [
    ("Sign up to our free newsletters", "newsletter"),
    ("Subscribe to our daily briefing newsletter", "newsletter"),
    ("We use cookies to improve your experience.", "cookies"),
    ("Share this article", "share"),
    ("Read more: Floods hit the north", "teaser"),
    ("Related: Election results", "teaser"),
    ("Article Continued Below", "advertisement"),
    ("Story continues below.", "advertisement"),
    (".", "no words"),
    ("* * *", "no words"),
    ("—", "no words"),
    ("1.", None),  # a number is a word
    # the same words in the article's own prose stay
    ("The minister said the newsletter had been sent to every household.", None),
    ("Readers who want to share their stories can write to us.", None),
]


@pytest.mark.parametrize(("paragraph", "reason"), BOILERPLATE)
def test_boilerplate(paragraph, reason):
    text = f"First paragraph of the story.\n\n{paragraph}\n\nLast paragraph of the story."
    removed = {text[r.start : r.end]: r.reason for r in clean(text).removed}
    assert removed.get(paragraph) == reason


def test_doubled_caption():
    cap = "The minister arrives at the summit in Brussels."
    assert doubled_caption(cap + cap) == len(cap)
    assert doubled_caption(cap) is None
    assert doubled_caption("abcabc") is None  # too short to be a caption


def test_cleaning_marks_spans_without_rewriting():
    text = "Title line\n\nBody one.\n\n\n  \nBody two.\n\nShare this article\n"
    body = clean(text)
    assert body.text == text
    got = [(p.kind, text[p.start : p.end]) for p in body.paragraphs]
    assert got == [
        ("heading", "Title line"),
        ("paragraph", "Body one."),
        ("paragraph", "Body two."),
    ]
    assert [(r.reason, text[r.start : r.end]) for r in body.removed] == [
        ("share", "Share this article")
    ]


def test_one_newline_between_sentence_lines_splits_paragraphs():
    text = "First paragraph ends here.\nSecond paragraph ends here."
    assert len(clean(text).paragraphs) == 2


def test_hard_wrapped_prose_stays_one_paragraph():
    text = "This sentence was wrapped by\nthe scraper in the middle and\ncontinues here."
    assert len(clean(text).paragraphs) == 1
