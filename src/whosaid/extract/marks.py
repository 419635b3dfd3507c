"""Finding quoted stretches of text by their quote marks.

Written for whosaid rather than taken from a library because the libraries we know (textacy's
``direct_quotations`` among them) give up on the whole document when one mark is unbalanced and
do not handle apostrophes, single quotes and mixed styles together. Here an unbalanced mark costs
at most the rest of its own paragraph.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left
from collections.abc import Sequence
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
# Reuters' wire copy writes an apostrophe as a straight double quote ("Nigeria"s", "don"t"); one
# between two letters is read as the apostrophe it stands for, which never opens or closes there.
_APOSTROPHE_QUOTE = re.compile(r'(?<=[^\W\d_])"(?=[^\W\d_])')


def find_quoted(s: str) -> list[Quoted]:
    """Top-level quoted stretches of paragraph ``s``, in order. Quotes nested inside a quote are
    part of it. A mark left open runs to the end of the paragraph (``closed=False``)."""
    return list(_quoted_in(s))


# Quotes, salience and gender each need a paragraph's quoted stretches; the last paragraphs'
# answers are kept rather than scanned three times (bounded: recent paragraphs only).
@lru_cache(maxsize=512)
def _quoted_in(s: str) -> tuple[Quoted, ...]:
    u = _APOSTROPHE_QUOTE.sub("'", s) if '"' in s else s
    pairs = [d for d in _DOUBLED if d in u]
    if not pairs:
        return tuple(_find_quoted(u))
    t = u
    for d in pairs:
        t = t.replace(d, _DOUBLED[d] + _FILLER)
    # a closing pair ends one character after its first mark
    return tuple(
        Quoted(q.start, q.end + 1, True) if q.closed and u[q.end - 1 : q.end + 1] in pairs else q
        for q in _find_quoted(t)
    )


def _find_quoted(s: str) -> list[Quoted]:
    out: list[Quoted] = []
    marks, closes = _closing_marks(s)
    k, m = 0, len(marks)
    while k < m:
        i = marks[k]
        c = s[i]
        opens = (c in DOUBLE_OPENERS and not (c == '"' and _closes_only(s, i))) or (
            c in SINGLE_OPENERS and _can_open_single(s, i)
        )
        if not opens:
            k += 1
            continue
        close = closes[c][k + 1]
        if close < 0:
            out.append(Quoted(i, _trim_end(s, len(s)), closed=False))
            break
        out.append(Quoted(i, marks[close] + 1, closed=True))
        k = close + 1
    return out


def _closes_only(s: str, i: int) -> bool:
    """A straight double quote right after a word and before a space cannot open a quote."""
    before = s[i - 1] if i > 0 else " "
    after = s[i + 1] if i + 1 < len(s) else " "
    return _is_word(before) and (after.isspace() or after in ",.;:!?")


# Every character a search for a closing mark reacts to: closers, and the openers it skips over.
_MARK_RE = re.compile(
    "[" + re.escape("".join(set("".join(QUOTE_PAIRS)) | set("".join(QUOTE_PAIRS.values())))) + "]"
)
# Per opening mark: the marks that close it, whether it is a single quote (closing only at a
# word's end), and the double quotes nested inside it that are skipped as a whole, e.g. „…« x »…“.
_RULES = {
    opener: (
        closers,
        opener in SINGLE_OPENERS,
        frozenset() if opener in SINGLE_OPENERS else DOUBLE_OPENERS - set(closers),
    )
    for opener, closers in QUOTE_PAIRS.items()
}


def _closing_marks(s: str) -> tuple[list[int], dict[str, array[int]]]:
    """The positions of the quote marks in ``s``, and for each opening mark found in ``s`` the
    answer to "searching from the k-th mark on, which mark closes it?" (a mark index, -1: none).

    A search skips a nested quote as a whole when that quote closes and otherwise goes on just
    past its opening mark. Searching anew from every mark backtracked exponentially on a run of
    « followed by mixed marks; here each (opener, mark) answer is computed once, from the right,
    out of answers further right: time and memory are O(marks x kinds of opener), at most 8."""
    marks = [m.start() for m in _MARK_RE.finditer(s)]
    kinds = sorted({s[p] for p in marks} & _RULES.keys())
    n = len(marks)
    closes = {kind: array("q", [-1]) * (n + 1) for kind in kinds}
    rules = [(closes[kind], *_RULES[kind]) for kind in kinds]
    for k in range(n - 1, -1, -1):
        p = marks[k]
        c = s[p]
        for row, closers, single, nestable in rules:
            if c in closers and (not single or _can_close_single(s, p)):
                row[k] = k
            elif c in nestable:
                nested = closes[c][k + 1]
                row[k] = row[k + 1] if nested < 0 else row[nested + 1]
            else:
                row[k] = row[k + 1]
    return marks, closes


def _trim_end(s: str, n: int) -> int:
    while n > 0 and s[n - 1].isspace():
        n -= 1
    return n


def word_count(s: str) -> int:
    return sum(1 for w in s.split() if any(ch.isalnum() for ch in w))


def _inside_mask(starts: Sequence[int], quoted: list[Quoted]) -> list[bool]:
    """For each of a paragraph's tokens, given by their starts (``Parsed.starts``), whether it
    starts inside one of the quotations. The starts are sorted, so each quotation's tokens are
    one binary search away (a scan of every token for every quotation before)."""
    mask = [False] * len(starts)
    for q in quoted:
        a, b = q.inner
        for i in range(bisect_left(starts, a), bisect_left(starts, b)):
            mask[i] = True
    return mask
