"""Quote marks: (text, expected quoted stretches) tables, with apostrophes and unbalanced marks."""

from __future__ import annotations

import pytest

from whosaid.extract.marks import find_quoted

CASES = [
    ('He said "we will win" today.', ['"we will win"']),
    ("“We will win,” he said.", ["“We will win,”"]),
    ("„Wir schaffen das“, sagte sie.", ["„Wir schaffen das“"]),
    ("« Nous gagnerons », a-t-il dit.", ["« Nous gagnerons »"]),
    ("'We will win,' he said.", ["'We will win,'"]),
    ("‘We will win,’ he said.", ["‘We will win,’"]),
    # apostrophes are not quote marks
    ("Kim's train and the countries' talks don't stop.", []),
    ("He said 'it's over' and left.", ["'it's over'"]),
    # a quotation nested inside another is part of it
    ("\"He told me 'never' twice,\" she said.", ["\"He told me 'never' twice,\""]),
    # an unbalanced mark runs to the end of its paragraph, and nothing before it is lost
    ('"One," he said. "Two', ['"One,"', '"Two']),
    ("no quotes at all", []),
    # two apostrophes standing for a double quote, as some archives write them
    ("He said ''we will win,'' and left.", ["''we will win,''"]),
    # ... or two curly single quotes, closing a straight double quote or opening one
    ('"We dedicate ourselves to local creators,’’ says the founder.',
     ['"We dedicate ourselves to local creators,’’']),
    ("He said ‘‘we will win,’’ and left.", ["‘‘we will win,’’"]),
    # Reuters writes an apostrophe as a straight double quote: between letters it is one
    ('Nigeria"s president said "we will win" today.', ['"we will win"']),
    ('"We don"t know," she said of the firm"s plan.', ['"We don"t know,"']),
    # ... but a quote mark after a letter and before a space or digit is still a mark
    ('He said "no" and "1999" twice.', ['"no"', '"1999"']),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_quoted_stretches(text, expected):
    assert [text[q.start : q.end] for q in find_quoted(text)] == expected


def test_open_quote_is_marked_open():
    (q,) = find_quoted('"We will go on and on')
    assert not q.closed and q.end == len('"We will go on and on')


# Runs of quote marks that once sent the pairing into exponential backtracking (an 897-character
# one hung the analysis for over ten minutes) or deep recursion (1,200 nested guillemets).
HOSTILE = [
    "«" * 450 + ('"“„‹‘»”' * 70)[:447],
    "«" * 300 + "„“" * 150 + "'\"" * 150,
    "«" * 1200 + "x" + "»" * 1200,
    "«" * 1200 + "„" * 1200,
    "“«„" * 2000,
]


@pytest.mark.timeout(10)
@pytest.mark.parametrize("text", HOSTILE, ids=lambda t: f"{len(t)}-chars")
def test_hostile_runs_of_marks_pair_quickly_and_validly(text):
    quoted = find_quoted(text)
    ends = [0] + [e for q in quoted for e in (q.start, q.end)] + [len(text)]
    assert ends == sorted(ends)  # in order, not overlapping, inside the text
    assert all(text[q.start] in "\"“„«‹‘'‚" for q in quoted)


def test_nested_guillemets_pair_as_one_quote():
    text = "«" * 1200 + "x" + "»" * 1200
    assert [(q.start, q.end, q.closed) for q in find_quoted(text)] == [(0, len(text), True)]
