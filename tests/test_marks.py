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
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_quoted_stretches(text, expected):
    assert [text[q.start : q.end] for q in find_quoted(text)] == expected


def test_open_quote_is_marked_open():
    (q,) = find_quoted('"We will go on and on')
    assert not q.closed and q.end == len('"We will go on and on')
