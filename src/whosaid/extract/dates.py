"""Date expressions in the body, resolved against the publication date.

A rule-based resolver written for whosaid. Why our own: HeidelTime, the reference rule system,
is Java; ``dateparser.search.search_dates`` finds far fewer expressions, gives no TimeML values
(every hit is a full timestamp, so "last year" becomes a day) and resolves relative dates poorly
(bench/eval_dates.py shows both side by side on TimeBank/AQUAINT); spaCy's DATE entities have no
values at all and mix durations ("five years") with dates.

Each rule is a regular expression and a function from its match to a TimeML value and a
granularity. Values follow TimeML: ``2023-09-13`` (day), ``2023-09`` (month), ``2022`` (year),
``2023-W37`` (week), ``2023-W37-WE`` (weekend), ``2023-Q3`` (quarter), ``2023-SU`` (season),
``199`` (decade), ``19`` (century), ``2000-01-05TNI`` (part of a day), and ``PRESENT_REF``,
``PAST_REF``, ``FUTURE_REF`` for "now", "recently", "the future".

News conventions, applied against the publication date (the anchor):
- a bare weekday is the day itself or the most recent one before it, never a later one
  ("said Thursday" in a Thursday article is that Thursday), unless the sentence before it is
  in the future ("will meet Friday"), then it is the next one on or after the anchor;
- "last Friday" is strictly before the anchor, "next Friday" strictly after, "this Friday" in
  the anchor's week;
- a month without a year ("in March") is the most recent such month (this month included), or
  the next one when the sentence is in the future; a day without a year ("Sept. 30") is the
  nearest such day;
- "last year" is the year before, "this week" the ISO week of the anchor, "a year ago" the
  year before, "the latest quarter" the quarter before the anchor's;
- without an anchor, relative expressions keep their text and get value None.

Future is judged from the words before the expression in its sentence (``will``, ``would``,
``scheduled``, ...), unless a past-tense verb right before it says otherwise ("said Thursday"):
simple, and right for news, where dates mostly follow the verb they modify.

The parts live in their own modules, each importing only those before it: calendar arithmetic
on the anchor and the tense of a sentence in ``date_calendar``, the resolution of one matched
expression to its value in ``date_values``, the patterns that find the expressions in
``date_patterns`` (words in ``date_lexicon``); this module finds the spans and dates quotes.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

from whosaid.annotate.nlp import Parsed
from whosaid.extract.date_calendar import (
    is_future,
    month_year,
    nearest_day,
    season_value,
    sentence_around,
    tense,
    weekday_date,
)
from whosaid.extract.date_patterns import GATES, RULES, Rule
from whosaid.extract.date_values import Context, Resolved
from whosaid.model import DateMention, Quote

# The names tests and callers import from here, now at home in the modules above.
__all__ = [
    "RULES",
    "Context",
    "Resolved",
    "Rule",
    "date_quotes",
    "find_dates",
    "is_future",
    "month_year",
    "nearest_day",
    "resolve_dates",
    "season_value",
    "sentence_around",
    "tense",
    "weekday_date",
]


# A modifier before an expression belongs to it ("early next year", "the end of 1990",
# "mid-1990s"); TimeML keeps the value of the expression it modifies.
_MODIFIER_BEFORE = re.compile(
    r"(?i)(?:\b(?:the\s+)?(?:end|beginning|start|middle|close)\s+of\s+"
    r"|\b(?:early|late|earlier|later|mid)[\s-]+|\bmid-)$"
)


# --- finding ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Candidate:
    start: int
    end: int
    value: str | None
    granularity: str


def _candidates(text: str, anchor: dt.date | None) -> Iterator[_Candidate]:
    ctx = Context(text, anchor)
    lowered = text.lower()
    for pattern, resolve in RULES:
        gate = GATES.get(pattern)
        if gate is not None and not gate.admits(text, lowered):
            continue  # no match of the rule can be here (see date_patterns.Gate)
        for m in pattern.finditer(text):
            got = resolve(m, ctx)
            if got is None:
                continue
            start = m.start()
            mod = _MODIFIER_BEFORE.search(text, max(0, start - 30), start)
            if mod:
                start = mod.start()
            yield _Candidate(start, m.end(), got[0], got[1])


def resolve_dates(text: str, published: dt.date | None) -> list[DateMention]:
    """Every date expression of ``text``, resolved against ``published``, in text order.

    Where two rules match overlapping text the longer match wins ("Sept. 13, 2023" over
    "Sept. 13"), so each stretch of text is one expression.
    """
    chosen: list[_Candidate] = []
    # The stretches taken so far never overlap, so sorted by start their ends are sorted too:
    # whether a candidate overlaps one is a look at its one predecessor (was a scan of all,
    # quadratic in the dates of a paragraph).
    starts: list[int] = []
    ends: list[int] = []
    ordered = sorted(_candidates(text, published), key=lambda c: (c.start - c.end, c.start))
    for c in ordered:
        at = bisect.bisect_left(starts, c.end)
        if at and ends[at - 1] > c.start:
            continue
        chosen.append(c)
        starts.insert(at, c.start)
        ends.insert(at, c.end)
    chosen.sort(key=lambda c: c.start)
    return [
        DateMention(c.start, c.end, text[c.start : c.end], c.value, c.granularity) for c in chosen
    ]


def find_dates(text: str, parsed: list[Parsed], published: dt.date | None) -> list[DateMention]:
    """Every date expression of the article's paragraphs (what the pipeline parsed: body and
    captions, not removed boilerplate), resolved against ``published``, in text order."""
    out: list[DateMention] = []
    for para in parsed:
        start, end = para.paragraph.start, para.paragraph.end
        for d in resolve_dates(text[start:end], published):
            out.append(replace(d, start=d.start + start, end=d.end + start))
    return out


# --- dating quotes -----------------------------------------------------------------------------


def date_quotes(quotes: list[Quote], dates: list[DateMention], parsed: list[Parsed]) -> list[Quote]:
    """Give each quote the date its sentence says it was said on: a resolved date expression in
    the sentence of the cue, attached to the cue verb in the parse ("Putin said on Wednesday",
    "state media said Thursday", "On Wednesday, Putin told reporters"). Others keep None."""
    out: list[Quote] = []
    for q in quotes:
        value = _said_on(q, dates, parsed) if q.cue and q.date is None else None
        out.append(replace(q, date=value) if value else q)
    return out


def _said_on(q: Quote, dates: list[DateMention], parsed: list[Parsed]) -> str | None:
    assert q.cue is not None
    para = next((p for p in parsed if p.paragraph.start <= q.cue.start < p.paragraph.end), None)
    if para is None:
        return None
    off = para.offset
    cue_span = para.doc.char_span(q.cue.start - off, q.cue.end - off, alignment_mode="expand")
    if cue_span is None:
        return None
    verb = cue_span.root
    sent = verb.sent
    s_start, s_end = off + sent.start_char, off + sent.end_char
    for d in dates:
        if d.value is None or not (s_start <= d.start and d.end <= s_end):
            continue
        span = para.doc.char_span(d.start - off, d.end - off, alignment_mode="expand")
        if span is None:
            continue
        if _governed_by(span.root, verb):
            return d.value
    return None


def _governed_by(token: object, verb: object) -> bool:
    """Whether ``token`` hangs from ``verb`` within two steps (directly: "said Thursday"; through
    a preposition: "said on Wednesday")."""
    t = token
    for _ in range(3):
        head = t.head  # type: ignore[attr-defined]
        if head is verb or head == verb:
            return True
        if head is t or head.pos_ not in ("ADP", "NOUN", "PROPN"):
            return False
        t = head
    return False
