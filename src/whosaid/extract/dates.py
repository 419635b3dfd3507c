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
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

from whosaid.annotate.nlp import Parsed
from whosaid.extract import date_lexicon as lex
from whosaid.model import DateMention, Quote

Resolved = tuple[str | None, str]  # (TimeML value or None, granularity)


@dataclass(frozen=True, slots=True)
class Context:
    """What a rule needs besides its match: the text (for tense) and the anchor date."""

    text: str
    anchor: dt.date | None


# --- patterns ---------------------------------------------------------------------------------

# Month names need a capital (or a period after an abbreviation), so "may" the verb, "march" the
# noun and the name "Jan" are not months.
_MON = (
    r"(?P<mon>January|Jan\.|February|Feb\.|March|Mar\.|April|Apr\.|May|June|Jun\.|July|Jul\."
    r"|August|Aug\.|September|Sept\.?|Sep\.|October|Oct\.|November|Nov\.|December|Dec\.)"
    r"(?![A-Za-z])"
)
_FULL_MON = r"(?P<mon>January|February|March|April|May|June|July|August|September|October|November|December)(?![A-Za-z])"  # noqa: E501
_WD = r"(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?![A-Za-z])"
_OPT_WD = r"(?:(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s+)?"
_DAY = r"(?P<d>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<y>1[0-9]\d\d|20\d\d)(?![\d])"
_PART = r"(?:\s+(?P<part>morning|afternoon|evening|night))?"
_NUM = r"(?P<n>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|fifty|a\s+hundred)"  # noqa: E501
_SEASON = r"(?P<s>spring|summer|fall|autumn|winter)"
_ORD = r"(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)"
_I = re.IGNORECASE

# A modifier before an expression belongs to it ("early next year", "the end of 1990",
# "mid-1990s"); TimeML keeps the value of the expression it modifies.
_MODIFIER_BEFORE = re.compile(
    r"(?i)(?:\b(?:the\s+)?(?:end|beginning|start|middle|close)\s+of\s+"
    r"|\b(?:early|late|earlier|later|mid)[\s-]+|\bmid-)$"
)


# --- arithmetic on the anchor ------------------------------------------------------------------


def _make_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _day(d: dt.date) -> str:
    return d.isoformat()


def _week(d: dt.date) -> str:
    iso = d.isocalendar()
    return f"{iso[0]}-W{iso[1]:02d}"


def _add_months(y: int, m: int, k: int) -> tuple[int, int]:
    total = y * 12 + (m - 1) + k
    return total // 12, total % 12 + 1


def _quarter_of(d: dt.date) -> tuple[int, int]:
    return d.year, (d.month - 1) // 3 + 1


def _shift_quarter(y: int, q: int, k: int) -> tuple[int, int]:
    total = y * 4 + (q - 1) + k
    return total // 4, total % 4 + 1


def weekday_date(anchor: dt.date, weekday: int, direction: str) -> dt.date:
    """The ``weekday`` (0 = Monday) meant, seen from ``anchor``: ``past`` = on or before,
    ``future`` = on or after, ``last`` = strictly before, ``next`` = strictly after, ``this`` =
    in the anchor's week."""
    back = (anchor.weekday() - weekday) % 7
    ahead = (weekday - anchor.weekday()) % 7
    if direction == "future":
        return anchor + dt.timedelta(days=ahead)
    if direction == "last":
        return anchor - dt.timedelta(days=back or 7)
    if direction == "next":
        return anchor + dt.timedelta(days=ahead or 7)
    if direction == "this":
        return anchor + dt.timedelta(days=weekday - anchor.weekday())
    return anchor - dt.timedelta(days=back)


def month_year(anchor: dt.date, month: int, direction: str) -> int:
    """The year of a month named without one ("in March"), as ``weekday_date`` for days, and
    ``nearest``: the one within six months of the anchor (a tie goes to the past)."""
    y, m = anchor.year, anchor.month
    if direction == "future":
        return y if month >= m else y + 1
    if direction == "last":
        return y if month < m else y - 1
    if direction == "next":
        return y if month > m else y + 1
    if direction == "this":
        return y
    if direction == "nearest":  # within six months either way; on a tie, the one before
        ahead = (month - m) % 12
        return y + (month < m) if 0 < ahead < 6 else (y if month <= m else y - 1)
    return y if month <= m else y - 1


def nearest_day(anchor: dt.date, month: int, day: int) -> dt.date | None:
    """A day named without its year ("Sept. 30"): the nearest one to the anchor; on a tie, the
    one before."""
    candidates = [
        c
        for y in (anchor.year - 1, anchor.year, anchor.year + 1)
        if (c := _make_date(y, month, day))
    ]
    if not candidates:
        return None
    return min(candidates, key=lambda c: (abs((c - anchor).days), c > anchor))


def _season_occurrences(code: str, around: int) -> list[tuple[dt.date, str]]:
    """Start dates of a season in the years around ``around``; winter Y starts in Dec Y-1."""
    start_month = next(m for c, m in lex.SEASONS.values() if c == code)
    out = []
    for y in range(around - 2, around + 3):
        start = dt.date(y - 1, 12, 1) if code == "WI" else dt.date(y, start_month, 1)
        out.append((start, f"{y}-{code}"))
    return out


def season_value(anchor: dt.date, code: str, direction: str) -> str:
    """TimeML value of a season seen from the anchor (``2023-SU``); a season lasts 3 months."""
    occ = _season_occurrences(code, anchor.year)
    started = [(s, v) for s, v in occ if s <= anchor]
    current = next((v for s, v in started if anchor < _add_days_months(s, 3)), None)
    later = [v for s, v in occ if s > anchor]
    if direction == "this":
        return current or f"{anchor.year}-{code}"
    if direction in ("future", "next"):
        return (current if direction == "future" and current else None) or later[0]
    if direction == "last":
        earlier = [v for _, v in started if v != current]
        return earlier[-1]
    return started[-1][1]


def _add_days_months(d: dt.date, months: int) -> dt.date:
    y, m = _add_months(d.year, d.month, months)
    return dt.date(y, m, 1)


# --- tense ---------------------------------------------------------------------------------------

_SENTENCE_BREAK = re.compile(r"[.!?;\n][\"'”’)]*\s+(?=[A-Z\"“'‘(])|\n")
_WORD = re.compile(r"[A-Za-z']+")


def tense(text: str, start: int) -> str | None:
    """``past`` when a past-tense verb comes right before ``start`` ("said Thursday", "met in
    March"), ``future`` when the words before it in its sentence are future ("will meet
    Friday", "is expected to close in January"), else None."""
    window = text[max(0, start - 160) : start]
    breaks = list(_SENTENCE_BREAK.finditer(window))
    if breaks:
        window = window[breaks[-1].end() :]
    words = [w.lower() for w in _WORD.findall(window)]
    while words and words[-1] in ("on", "in", "last", "this", "next", "early", "late", "mid"):
        words = words[:-1]
    if words and (words[-1] in lex.PAST_VERBS or words[-1].endswith("ed")):
        return "past"
    joined = " " + " ".join(words) + " "
    if any(f" {m} " in joined for m in lex.FUTURE_MARKERS) or "'ll " in window:
        return "future"
    return None


def is_future(text: str, start: int) -> bool:
    """Whether the words before ``start`` in its sentence put it in the future."""
    return tense(text, start) == "future"


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence holding text[start:end], found by punctuation (no parse needed)."""
    left = text[max(0, start - 300) : start]
    breaks = list(_SENTENCE_BREAK.finditer(left))
    if breaks:
        left = left[breaks[-1].end() :]
    right = text[end : end + 300]
    stop = _SENTENCE_BREAK.search(right)
    return left + text[start:end] + (right[: stop.start()] if stop else right)


def _about_quarters(text: str, start: int, end: int) -> bool:
    return bool(re.search(r"(?i)\bquarter", sentence_around(text, start, end)))


def _direction(rel: str | None, ctx: Context, start: int) -> str:
    rel = re.sub(r"\s+", " ", (rel or "").lower().strip())
    if rel in ("last", "previous", "past", "this past"):
        return "last"
    if rel in ("next", "coming"):
        return "next"
    if rel == "this":
        return "this"
    return "future" if is_future(ctx.text, start) else "past"


# --- rules -----------------------------------------------------------------------------------

Rule = tuple[re.Pattern[str], Callable[[re.Match[str], Context], Resolved | None]]


def _mon(m: re.Match[str]) -> int:
    return lex.MONTHS[m.group("mon").lower().rstrip(".")]


def _absolute_day(m: re.Match[str], ctx: Context) -> Resolved | None:
    y = int(m.group("y"))
    month = int(m.group("m")) if "m" in m.groupdict() and m.group("m") else _mon(m)
    d = _make_date(y, month, int(m.group("d")))
    return (_day(d), "day") if d else None


def _day_no_year(m: re.Match[str], ctx: Context) -> Resolved | None:
    day = int(m.group("d"))
    if not 1 <= day <= 31:
        return None
    if ctx.anchor is None:
        return None, "day"
    d = nearest_day(ctx.anchor, _mon(m), day)
    return (_day(d), "day") if d else None


def _month_of_year(m: re.Match[str], ctx: Context) -> Resolved | None:
    return f"{int(m.group('y')):04d}-{_mon(m):02d}", "month"


def _month_relative_year(m: re.Match[str], ctx: Context) -> Resolved | None:
    if ctx.anchor is None:
        return None, "month"
    y = ctx.anchor.year + {"this": 0, "last": -1, "next": 1}[m.group("rel").lower()]
    return f"{y:04d}-{_mon(m):02d}", "month"


# Words before "May" that make it the month rather than the verb or a name (Theresa May).
_MAY_CONTEXT = re.compile(
    r"(?i)\b(?:in|since|until|till|by|of|from|to|through|during|before|after|last|next|this|"
    r"early|late|mid|end|beginning|and|or|between)[\s-]*$"
)


def _bare_month(m: re.Match[str], ctx: Context) -> Resolved | None:
    before = ctx.text[max(0, m.start() - 30) : m.start()]
    rel = m.group("rel")
    if m.group("mon") == "May" and not rel and not _MAY_CONTEXT.search(before):
        return None
    after = ctx.text[m.end() : m.end() + 30]
    # "June Carter", "March Madness": a capitalised word after the month makes it a name.
    nxt = re.match(r"\s+([A-Z][a-z]+)", after)
    if nxt and nxt.group(1).lower() not in lex.MONTHS and nxt.group(1) not in ("I",):
        return None
    if ctx.anchor is None:
        return None, "month"
    month = _mon(m)
    # Without "last"/"next" and without a tense to go by, the nearest such month.
    direction = _direction(rel, ctx, m.start()) if rel else tense(ctx.text, m.start())
    direction = direction or "nearest"
    y = month_year(ctx.anchor, month, direction)
    return f"{y:04d}-{month:02d}", "month"


_NOT_A_YEAR_AFTER = re.compile(
    r"(?i)^(?:\s*(?:%|percent|per\s+cent)|\s+(?!(?:was|has|is|as|this|his|its|saw|ads|"
    r"elections?|series|olympics|games)\b)[a-z]+s\b|\s*(?:am|pm|a\.m\.|p\.m\.|gmt|hours?)\b"
    r"|\s+(?:people|men|women|children|police|personnel|staff|feet|head|more|of\s+(?:the|them))\b)"
)


def _year(m: re.Match[str], ctx: Context) -> Resolved | None:
    before = ctx.text[max(0, m.start() - 12) : m.start()]
    after = ctx.text[m.end() : m.end() + 20]
    if re.search(
        r"(?:[$€£#.,/:\d]|(?<!\bmid)-|No\.\s*|\bNo\s)$", before
    ) or _NOT_A_YEAR_AFTER.match(after):
        return None
    if re.match(r"[,.:]\d", after) or re.match(r"-\d", after):
        return None
    return m.group("y"), "year"


def _decade(m: re.Match[str], ctx: Context) -> Resolved | None:
    if m.group("full"):
        return m.group("full")[:3], "decade"
    digit = m.group("short") or str(lex.DECADE_WORDS[m.group("word").lower()])
    if ctx.anchor is None:
        return None, "decade"
    century = ctx.anchor.year // 100
    if int(f"{century}{digit}0") > ctx.anchor.year:
        century -= 1
    return f"{century}{digit}", "decade"


def _century(m: re.Match[str], ctx: Context) -> Resolved | None:
    n = int(m.group("n"))
    return (f"{n - 1:02d}", "century") if 1 <= n <= 21 else None


def _quarter(m: re.Match[str], ctx: Context) -> Resolved | None:
    g = m.groupdict()
    q = lex.ORDINALS[g["ord"].lower()] if g.get("ord") else int(g["q"])
    year = g.get("y") or g.get("y2")
    if year:
        return f"{year}-Q{q}", "quarter"
    if ctx.anchor is None:
        return None, "quarter"
    rel = (g.get("rel") or "").lower()
    y, cur = _quarter_of(ctx.anchor)
    if rel:
        y += {"this": 0, "last": -1, "next": 1}[rel]
    else:  # results are reported after the quarter: the latest such quarter, whatever the tense
        y = y if q <= cur else y - 1
    return f"{y}-Q{q}", "quarter"


def _relative_quarter(m: re.Match[str], ctx: Context) -> Resolved | None:
    which = re.sub(r"\s+", " ", (m.group("which") or m.group("which2") or "").lower())
    if (
        (m.group("unit") or "").lower() == "period"
        and not which.startswith("latest")
        and "year" not in which
    ):
        return None  # "the period" alone is any stretch of time; "the latest period" is not
    if ctx.anchor is None:
        return None, "quarter"
    y, q = _quarter_of(ctx.anchor)
    if which in ("this", "current"):
        k = 0
    elif which in ("next", "coming"):
        k = 1
    elif "year" in which:
        k = -5  # the year-earlier quarter: the latest reported quarter, a year before
    else:  # "the quarter", "the latest quarter", "last quarter": the one last reported
        k = -1
    y, q = _shift_quarter(y, q, k)
    return f"{y}-Q{q}", "quarter"


def _relative_unit(m: re.Match[str], ctx: Context) -> Resolved | None:
    unit = m.group("unit").lower()
    rel = m.group("rel").lower()
    gran = {"week": "week", "weekend": "week", "month": "month", "year": "year"}[unit]
    if ctx.anchor is None:
        return None, gran
    k = {"last": -1, "this": 0, "current": 0, "next": 1}[rel]
    a = ctx.anchor
    if unit == "year":
        return f"{a.year + k}", "year"
    if unit == "month":
        y, mo = _add_months(a.year, a.month, k)
        return f"{y:04d}-{mo:02d}", "month"
    day = a + dt.timedelta(weeks=k)
    if unit == "weekend":
        return f"{_week(day)}-WE", "week"
    return _week(day), "week"


def _the_weekend(m: re.Match[str], ctx: Context) -> Resolved | None:
    if ctx.anchor is None:
        return None, "week"
    a = ctx.anchor
    if a.weekday() >= 5 or _direction(None, ctx, m.start()) == "future":
        return f"{_week(a)}-WE", "week"
    return f"{_week(a - dt.timedelta(weeks=1))}-WE", "week"


def _season(m: re.Match[str], ctx: Context) -> Resolved | None:
    code = lex.SEASONS[m.group("s").lower()][0]
    if m.group("y"):
        return f"{m.group('y')}-{code}", "season"
    if m.group("s").lower() == "fall" and re.match(r"\s+of\b", ctx.text[m.end() : m.end() + 5]):
        return None  # "the fall of Rome"
    if ctx.anchor is None:
        return None, "season"
    rel = m.group("rel")
    return season_value(ctx.anchor, code, _direction(rel, ctx, m.start())), "season"


def _ago(m: re.Match[str], ctx: Context) -> Resolved | None:
    unit = m.group("unit").lower()
    raw = re.sub(r"\s+", " ", m.group("n").lower())
    if raw in ("a few", "few", "several", "some", "many"):
        return "PAST_REF", "ref"
    n = int(raw) if raw.isdigit() else lex.NUMBER_WORDS.get(raw.split()[-1], 0)
    if raw == "a hundred":
        n = 100
    gran = "decade" if unit == "decade" else unit
    if ctx.anchor is None or n <= 0:
        return None, gran
    a = ctx.anchor
    if unit == "year" and n == 1 and _about_quarters(ctx.text, m.start(), m.end()):
        # Quarterly results compare with "a year ago": the same quarter of the year before.
        y, q = _shift_quarter(*_quarter_of(a), -5)
        return f"{y}-Q{q}", "quarter"
    if unit == "day":
        return _day(a - dt.timedelta(days=n)), "day"
    if unit == "week":
        return _week(a - dt.timedelta(weeks=n)), "week"
    if unit == "month":
        y, mo = _add_months(a.year, a.month, -n)
        return f"{y:04d}-{mo:02d}", "month"
    if unit == "decade":
        return str((a.year - 10 * n) // 10), "decade"
    return str(a.year - n), "year"


def _year_earlier(m: re.Match[str], ctx: Context) -> Resolved | None:
    if ctx.anchor is None:
        return None, "year"
    if _about_quarters(ctx.text, m.start(), m.end()):
        y, q = _shift_quarter(*_quarter_of(ctx.anchor), -5)
        return f"{y}-Q{q}", "quarter"
    return str(ctx.anchor.year - 1), "year"


_DEICTIC_DAYS = {
    "today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1, "the day before yesterday": -2,
    "the day after tomorrow": 2, "this morning": 0, "this afternoon": 0, "this evening": 0,
    "last night": -1, "last evening": -1,
}  # fmt: skip


def _deictic(m: re.Match[str], ctx: Context) -> Resolved | None:
    word = re.sub(r"\s+", " ", m.group("w").lower())
    if ctx.anchor is None:
        return None, "day"
    value = _day(ctx.anchor + dt.timedelta(days=_DEICTIC_DAYS[word]))
    part = m.group("part") or (word.split()[-1] if " " in word and "day" not in word else None)
    if word == "tonight":
        part = "night"
    return value + ("T" + lex.DAY_PARTS[part.lower()] if part else ""), "day"


def _ref(m: re.Match[str], ctx: Context) -> Resolved | None:
    w = re.sub(r"\s+", " ", m.group(0).lower())
    if w == "soon" and re.search(r"(?i)\bas\s+$", ctx.text[max(0, m.start() - 4) : m.start()]):
        return None  # "as soon as"
    if w in ("the past", "in the past") and re.match(
        r"(?i)\s+(?:[\w-]+\s+)?(?:days?|weeks?|months?|years?|decades?|quarters?|centur)",
        ctx.text[m.end() : m.end() + 24],
    ):
        return None  # "the past five years" is a duration
    if "future" in w or w == "soon":
        return "FUTURE_REF", "ref"
    if "recent" in w or "past" in w or "lately" in w:
        return "PAST_REF", "ref"
    return "PRESENT_REF", "ref"


def _weekday(m: re.Match[str], ctx: Context) -> Resolved | None:
    if ctx.anchor is None:
        return None, "day"
    wd = lex.WEEKDAYS[m.group("wd").lower()]
    d = weekday_date(ctx.anchor, wd, _direction(m.group("rel"), ctx, m.start()))
    part = m.group("part")
    return _day(d) + ("T" + lex.DAY_PARTS[part.lower()] if part else ""), "day"


def _holiday(m: re.Match[str], ctx: Context) -> Resolved | None:
    name = re.sub(r"\s+", " ", m.group("h").lower()).replace("’", "'")
    if ctx.anchor is None:
        return None, "day"
    direction = _direction(m.group("rel"), ctx, m.start())
    a = ctx.anchor

    def occurrence(y: int) -> dt.date:
        if name.startswith("thanksgiving"):
            first = dt.date(y, 11, 1)
            return first + dt.timedelta(days=(3 - first.weekday()) % 7 + 21)
        month, day = lex.FIXED_HOLIDAYS[name]
        return dt.date(y, month, day)

    days = [occurrence(y) for y in (a.year - 1, a.year, a.year + 1)]
    if direction in ("future",):
        d = next(x for x in days if x >= a)
    elif direction == "next":
        d = next(x for x in days if x > a)
    elif direction == "last":
        d = [x for x in days if x < a][-1]
    elif direction == "this":
        d = occurrence(a.year)
    else:
        d = [x for x in days if x <= a][-1]
    return _day(d), "day"


def _capitalised(name: str) -> str:
    """ "new year's day" as written in text: "New Year's Day" (either apostrophe)."""
    words = (w[0].upper() + w[1:] for w in name.split())
    return re.escape(" ".join(words)).replace("'", "['’]").replace(r"\ ", r"\s+")


_HOLIDAYS = "|".join(
    [
        *sorted(map(_capitalised, lex.FIXED_HOLIDAYS), key=len, reverse=True),
        r"Thanksgiving(?:\s+Day)?",
    ]
)

RULES: list[Rule] = [
    # 2023-09-13
    (re.compile(r"(?<![\d-])(?P<y>\d{4})-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?![\d])"), _absolute_day),
    # (Wednesday,) Sept. 13, 2023
    (re.compile(_OPT_WD + _MON + r"\s+" + _DAY + r",?\s+" + _YEAR), _absolute_day),
    # 13 September 2023, the 13th of September, 2023
    (
        re.compile(_OPT_WD + r"(?<!\d)" + _DAY + r"\s+(?:of\s+)?" + _MON + r",?\s+" + _YEAR),
        _absolute_day,
    ),
    # Sept. 30, 30 September (no year)
    (re.compile(_OPT_WD + _MON + r"\s+" + _DAY + r"(?!\d|:\d)(?!,?\s+\d)"), _day_no_year),
    (re.compile(_OPT_WD + r"(?<![\d.,$])" + _DAY + r"\s+(?:of\s+)?" + _MON), _day_no_year),
    # April 2008, April of 2008
    (re.compile(_MON + r",?\s+(?:of\s+)?" + _YEAR), _month_of_year),
    # January this year, June last year
    (
        re.compile(_MON + r"(?:\s+of)?\s+(?P<rel>(?i:this|last|next))\s+(?i:year)\b"),
        _month_relative_year,
    ),
    # in March, last March
    (re.compile(r"(?:(?P<rel>(?i:last|next|this))\s+)?" + _FULL_MON), _bare_month),
    # 1998, fiscal 1989
    (re.compile(r"(?<![\w'’])(?:(?i:fiscal)\s+(?:(?i:year)\s+)?)?" + _YEAR), _year),
    # the 1990s, the '90s, the nineties
    (
        re.compile(
            r"(?<![\w])(?:(?P<full>1\d\d0|20\d0)['’]?s|['’](?P<short>\d)0['’]?s"
            r"|(?i:the\s+)(?P<word>(?i:twenties|thirties|forties|fifties|sixties|seventies"
            r"|eighties|nineties)))(?![\w])"
        ),
        _decade,
    ),
    # the 20th century
    (re.compile(r"(?i)\b(?:the\s+)?(?P<n>\d{1,2})(?:st|nd|rd|th)\s+century\b"), _century),
    # the third quarter (of 1990), 1989 third quarter, next year's first quarter, Q3 2023
    (
        re.compile(
            r"(?i)\b(?:(?P<y>\d{4})(?:['’]s)?\s+|(?P<rel>this|last|next)\s+year['’]s\s+"
            r"|the\s+)?(?:fiscal[-\s]+)?" + _ORD + r"[-\s]+(?:fiscal[-\s]+)?quarter"
            r"(?:\s+of\s+(?P<y2>\d{4}))?\b"
        ),
        _quarter,
    ),
    (re.compile(r"\b(?:(?P<y>\d{4})\s+)?Q(?P<q>[1-4])(?:\s+(?P<y2>\d{4}))?\b"), _quarter),
    # the latest quarter, this quarter, the year-earlier period
    (
        re.compile(
            r"(?i)\b(?:the\s+(?:(?P<which>latest|most\s+recent|recent|previous|past|current|"
            r"year[-\s](?:earlier|ago)|comparable\s+year[-\s](?:earlier|ago))\s+)?"
            r"(?:fiscal\s+)?(?P<unit>quarter|period)"
            r"|(?P<which2>this|last|next)\s+quarter)\b"
        ),
        _relative_quarter,
    ),
    # last week, this year, next month, last weekend
    (
        re.compile(
            r"(?i)\b(?:the\s+)?(?P<rel>last|this|next|current)\s+(?P<unit>weekend|week|month"
            r"|year)\b(?!['’]s\s+(?:first|second|third|fourth|1st|2nd|3rd|4th))"
        ),
        _relative_unit,
    ),
    (re.compile(r"(?i)\bthe\s+weekend\b"), _the_weekend),
    # this summer, last fall, in the spring, summer 2008, the summer of 2008
    (
        re.compile(
            r"(?i)(?:\b(?P<rel>this\s+past|this|last|next)\s+|\bthe\s+(?:early\s+|late\s+)?"
            r"|(?<=\bin\s))" + _SEASON + r"(?:\s+of\s+(?P<y>\d{4}))?\b"
        ),
        _season,
    ),
    (re.compile(r"(?i)\b" + _SEASON + r"\s+(?P<y>\d{4})\b(?P<rel>)"), _season),
    # two years ago, a week earlier, several years ago
    (
        re.compile(
            r"(?i)\b(?:(?:almost|nearly|about|some|more\s+than|less\s+than|over)\s+)?"
            r"(?P<n>\d+|a\s+few|few|several|some|many|" + _NUM[6:-1] + r")\s+"
            r"(?P<unit>day|week|month|year|decade)s?\s+(?:ago|earlier)\b"
        ),
        _ago,
    ),
    # year-earlier profit, the year-ago quarter (the quarter itself is matched above)
    (re.compile(r"(?i)\byear[-\s](?:earlier|ago)\b"), _year_earlier),
    # today, yesterday morning, tomorrow, tonight, last night
    (
        re.compile(
            r"(?i)\b(?P<w>the\s+day\s+(?:before\s+yesterday|after\s+tomorrow)|today|tonight"
            r"|yesterday|tomorrow|this\s+(?:morning|afternoon|evening)|last\s+(?:night|evening))"
            r"(?:\s+(?P<part>morning|afternoon|evening|night))?\b(?![-'’]s?\s+\w)"
        ),
        _deictic,
    ),
    # now, currently, recently, the future
    (
        re.compile(
            r"(?i)\b(?:right\s+now|now|currently|nowadays|these\s+days|at\s+present"
            r"|recently|lately|in\s+recent\s+(?:years|months|weeks|days)"
            r"|recent\s+(?:years|months|weeks|days)|in\s+the\s+past|the\s+past"
            r"|in\s+the\s+(?:near\s+|distant\s+)?future|the\s+(?:near\s+|distant\s+)?future"
            r"|soon)\b"
        ),
        _ref,
    ),
    # Thursday, last Friday, Wednesday night
    (re.compile(r"(?:(?P<rel>(?i:last|next|this))\s+)?" + _WD + _PART), _weekday),
    # Christmas, Thanksgiving Day, last Christmas
    (re.compile(r"(?:(?P<rel>(?i:last|next|this))\s+)?(?P<h>" + _HOLIDAYS + r")\b"), _holiday),
]


# --- finding ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Candidate:
    start: int
    end: int
    value: str | None
    granularity: str


def _candidates(text: str, anchor: dt.date | None) -> Iterator[_Candidate]:
    ctx = Context(text, anchor)
    for pattern, resolve in RULES:
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
