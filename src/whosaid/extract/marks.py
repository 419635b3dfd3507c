"""Finding quoted stretches of text by their quote marks.

Written for whosaid rather than taken from a library because the libraries we know (textacy's
``direct_quotations`` among them) give up on the whole document when one mark is unbalanced and
do not handle apostrophes, single quotes and mixed styles together. Here an unbalanced mark costs
at most the rest of its own paragraph.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from whosaid.extract.lexicon import DOUBLE_OPENERS, QUOTE_PAIRS, SINGLE_OPENERS


@dataclass(frozen=True, slots=True)
class Quoted:
    """A quoted stretch of one paragraph: ``start`` is the opening mark, ``end`` is just past
    the closing mark (or the paragraph's end when the quote is left open)."""

    start: int
    end: int
    closed: bool

    @property
    def inner(self) -> tuple[int, int]:
        return self.start + 1, self.end - 1 if self.closed else self.end


def _is_word(c: str) -> bool:
    return c.isalnum()


def _can_open_single(s: str, i: int) -> bool:
    """An apostrophe opens a quote only at a word's start: "'We will'", not "Kim's"."""
    before = s[i - 1] if i > 0 else " "
    after = s[i + 1] if i + 1 < len(s) else " "
    return not _is_word(before) and (_is_word(after) or after in '"“…')


def _can_close_single(s: str, i: int) -> bool:
    """...and closes one only at a word's end and before a non-letter: "'we will,' he said"."""
    before = s[i - 1] if i > 0 else " "
    after = s[i + 1] if i + 1 < len(s) else " "
    return not before.isspace() and not _is_word(after)


# Some archives (the New York Times' among them) write a double quote as two apostrophes: ''Yes.''
# and some typesetters as two curly single quotes: ‘‘Yes,’’ or "Yes,’’. Each pair is read as
# one double quote followed by a filler that is never a word character, which keeps every
# offset in place.
_DOUBLED = {"''": '"', "’’": "”", "‘‘": "“"}
_FILLER = "\x01"


def find_quoted(s: str) -> list[Quoted]:
    """Top-level quoted stretches of paragraph ``s``, in order. Quotes nested inside a quote are
    part of it. A mark left open runs to the end of the paragraph (``closed=False``)."""
    return list(_quoted_in(s))


# Quotes, salience and gender each need a paragraph's quoted stretches; the last paragraphs'
# answers are kept rather than scanned three times (bounded: recent paragraphs only).
@lru_cache(maxsize=512)
def _quoted_in(s: str) -> tuple[Quoted, ...]:
    pairs = [d for d in _DOUBLED if d in s]
    if not pairs:
        return tuple(_find_quoted(s))
    t = s
    for d in pairs:
        t = t.replace(d, _DOUBLED[d] + _FILLER)
    # a closing pair ends one character after its first mark
    return tuple(
        Quoted(q.start, q.end + 1, True) if q.closed and s[q.end - 1 : q.end + 1] in pairs else q
        for q in _find_quoted(t)
    )


def _find_quoted(s: str) -> list[Quoted]:
    out: list[Quoted] = []
    i, n = 0, len(s)
    while i < n:
        c = s[i]
        opens = (c in DOUBLE_OPENERS and not (c == '"' and _closes_only(s, i))) or (
            c in SINGLE_OPENERS and _can_open_single(s, i)
        )
        if not opens:
            i += 1
            continue
        close = _find_close(s, i)
        if close is None:
            out.append(Quoted(i, _trim_end(s, n), closed=False))
            break
        out.append(Quoted(i, close + 1, closed=True))
        i = close + 1
    return out


def _closes_only(s: str, i: int) -> bool:
    """A straight double quote right after a word and before a space cannot open a quote."""
    before = s[i - 1] if i > 0 else " "
    after = s[i + 1] if i + 1 < len(s) else " "
    return _is_word(before) and (after.isspace() or after in ",.;:!?")


def _find_close(s: str, i: int) -> int | None:
    opener = s[i]
    closers = QUOTE_PAIRS[opener]
    single = opener in SINGLE_OPENERS
    j = i + 1
    while j < len(s):
        c = s[j]
        if c in closers and (not single or _can_close_single(s, j)):
            return j
        # A double quote inside a single-quoted stretch, or the reverse, is nested: skip it.
        if c in DOUBLE_OPENERS and not single and c not in closers:
            nested = _find_close(s, j)
            if nested is not None:
                j = nested + 1
                continue
        j += 1
    return None


def _trim_end(s: str, n: int) -> int:
    while n > 0 and s[n - 1].isspace():
        n -= 1
    return n


def word_count(s: str) -> int:
    return sum(1 for w in s.split() if any(ch.isalnum() for ch in w))
