"""Resolving one matched date expression to its TimeML value and granularity.

Each function takes a match of its pattern in ``date_patterns`` and the ``Context`` (the text,
for tense, and the anchor date) and returns ``(value, granularity)``, ``(None, granularity)``
when there is no anchor to resolve a relative expression against, or None when the match is not
a date after all ("May" the verb, "1,998 people", "the fall of Rome").

The resolvers keep their leading underscore: ``date_patterns`` pairs them with their patterns;
they are not an API.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from whosaid.extract import date_lexicon as lex
from whosaid.extract.date_calendar import (
    _about_quarters,
    _add_months,
    _day,
    _make_date,
    _quarter_of,
    _shift_quarter,
    _week,
    is_future,
    month_year,
    nearest_day,
    season_value,
    tense,
    weekday_date,
)

Resolved = tuple[str | None, str]  # (TimeML value or None, granularity)


@dataclass(frozen=True, slots=True)
class Context:
    """What a rule needs besides its match: the text (for tense) and the anchor date."""

    text: str
    anchor: dt.date | None


def _direction(rel: str | None, ctx: Context, start: int) -> str:
    rel = re.sub(r"\s+", " ", (rel or "").lower().strip())
    if rel in ("last", "previous", "past", "this past"):
        return "last"
    if rel in ("next", "coming"):
        return "next"
    if rel == "this":
        return "this"
    return "future" if is_future(ctx.text, start) else "past"


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
