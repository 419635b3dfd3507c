"""Calendar arithmetic on a publication date, and the tense of a sentence.

What ``date_values`` resolves against: which Friday, month, day or season an expression means
seen from the anchor (``weekday_date``, ``month_year``, ``nearest_day``, ``season_value``), and
whether the words before it put it in the past or the future (``tense``). The conventions are
listed in ``dates``.
"""

from __future__ import annotations

import datetime as dt
import re

from whosaid.extract import date_lexicon as lex

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
