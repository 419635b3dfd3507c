"""The patterns that find date expressions, each paired with its resolver.

``RULES`` is the table ``dates`` runs over a paragraph: a regular expression for each kind of
expression, in order, and the function of ``date_values`` that turns its match into a value.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from whosaid.extract import date_lexicon as lex
from whosaid.extract.date_values import (
    Context,
    Resolved,
    _absolute_day,
    _ago,
    _bare_month,
    _century,
    _day_no_year,
    _decade,
    _deictic,
    _holiday,
    _month_of_year,
    _month_relative_year,
    _quarter,
    _ref,
    _relative_quarter,
    _relative_unit,
    _season,
    _the_weekend,
    _weekday,
    _year,
    _year_earlier,
)

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


# --- rules -----------------------------------------------------------------------------------

Rule = tuple[re.Pattern[str], Callable[[re.Match[str], Context], Resolved | None]]


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

# A rule's gate names what every match of the rule contains (a month's name, a unit word): a
# paragraph that lacks it is not scanned with the rule at all. Most rules open with an optional
# word ("last", a weekday), which keeps the regex engine from skipping ahead to a likely start,
# and scanning every paragraph with all 24 rules cost more than the rest of date finding; a
# look for a few words in the paragraph is a fraction of that. Each gate must be implied by its
# rule (tests/test_date_gates.py checks it on every match of a corpus): a gate a match can lack
# would lose dates.


@dataclass(frozen=True, slots=True)
class Gate:
    """One of ``words`` is in every match: as written, or in any case when ``fold``; or, for
    a rule no word list covers, a match of ``pattern``."""

    words: tuple[str, ...] = ()
    fold: bool = False
    pattern: re.Pattern[str] | None = None

    def admits(self, text: str, lowered: str) -> bool:
        """Whether a match of the rule may be in ``text`` (``lowered`` is ``text.lower()``)."""
        if self.pattern is not None:
            return self.pattern.search(text) is not None
        if not self.fold:
            return any(w in text for w in self.words)
        if _FOLDS_APART.isdisjoint(text):
            return any(w in lowered for w in self.words)
        # "ı" and "ſ" match "i" and "s" in a case-blind pattern but do not lower to them, and
        # "İ" lowers to two characters: for such a text, ask the pattern the words make
        return re.search("(?i)" + "|".join(map(re.escape, self.words)), text) is not None


_FOLDS_APART = frozenset("\u0130\u0131\u017f")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MONTH_GATE = Gate(_MONTHS)
SEASON_GATE = Gate(("spring", "summer", "fall", "autumn", "winter"), fold=True)
AGO_GATE = Gate(("ago", "earlier"), fold=True)
GATES: dict[re.Pattern[str], Gate] = {}


def _rule(
    pattern: re.Pattern[str],
    resolve: Callable[[re.Match[str], Context], Resolved | None],
    gate: Gate | None,
) -> Rule:
    if gate is not None:
        GATES[pattern] = gate
    return pattern, resolve


RULES: list[Rule] = [
    # 2023-09-13
    _rule(
        re.compile(r"(?<![\d-])(?P<y>\d{4})-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?![\d])"),
        _absolute_day,
        None,
    ),
    # (Wednesday,) Sept. 13, 2023
    _rule(re.compile(_OPT_WD + _MON + r"\s+" + _DAY + r",?\s+" + _YEAR), _absolute_day, MONTH_GATE),
    # 13 September 2023, the 13th of September, 2023
    _rule(
        re.compile(_OPT_WD + r"(?<!\d)" + _DAY + r"\s+(?:of\s+)?" + _MON + r",?\s+" + _YEAR),
        _absolute_day,
        MONTH_GATE,
    ),
    # Sept. 30, 30 September (no year)
    _rule(
        re.compile(_OPT_WD + _MON + r"\s+" + _DAY + r"(?!\d|:\d)(?!,?\s+\d)"),
        _day_no_year,
        MONTH_GATE,
    ),
    _rule(
        re.compile(_OPT_WD + r"(?<![\d.,$])" + _DAY + r"\s+(?:of\s+)?" + _MON),
        _day_no_year,
        MONTH_GATE,
    ),
    # April 2008, April of 2008
    _rule(re.compile(_MON + r",?\s+(?:of\s+)?" + _YEAR), _month_of_year, MONTH_GATE),
    # January this year, June last year
    _rule(
        re.compile(_MON + r"(?:\s+of)?\s+(?P<rel>(?i:this|last|next))\s+(?i:year)\b"),
        _month_relative_year,
        MONTH_GATE,
    ),
    # in March, last March
    _rule(re.compile(r"(?:(?P<rel>(?i:last|next|this))\s+)?" + _FULL_MON), _bare_month, MONTH_GATE),
    # 1998, fiscal 1989
    _rule(
        re.compile(r"(?<![\w'’])(?:(?i:fiscal)\s+(?:(?i:year)\s+)?)?" + _YEAR),
        _year,
        Gate(pattern=re.compile(r"1\d\d\d|20\d\d")),
    ),
    # the 1990s, the '90s, the nineties
    _rule(
        re.compile(
            r"(?<![\w])(?:(?P<full>1\d\d0|20\d0)['’]?s|['’](?P<short>\d)0['’]?s"
            r"|(?i:the\s+)(?P<word>(?i:twenties|thirties|forties|fifties|sixties|seventies"
            r"|eighties|nineties)))(?![\w])"
        ),
        _decade,
        Gate(("0s", "0's", "0’s", "ties"), fold=True),
    ),
    # the 20th century
    _rule(
        re.compile(r"(?i)\b(?:the\s+)?(?P<n>\d{1,2})(?:st|nd|rd|th)\s+century\b"),
        _century,
        Gate(("century",), fold=True),
    ),
    # the third quarter (of 1990), 1989 third quarter, next year's first quarter, Q3 2023
    _rule(
        re.compile(
            r"(?i)\b(?:(?P<y>\d{4})(?:['’]s)?\s+|(?P<rel>this|last|next)\s+year['’]s\s+"
            r"|the\s+)?(?:fiscal[-\s]+)?" + _ORD + r"[-\s]+(?:fiscal[-\s]+)?quarter"
            r"(?:\s+of\s+(?P<y2>\d{4}))?\b"
        ),
        _quarter,
        Gate(("quarter",), fold=True),
    ),
    _rule(
        re.compile(r"\b(?:(?P<y>\d{4})\s+)?Q(?P<q>[1-4])(?:\s+(?P<y2>\d{4}))?\b"),
        _quarter,
        Gate(("Q1", "Q2", "Q3", "Q4")),
    ),
    # the latest quarter, this quarter, the year-earlier period
    _rule(
        re.compile(
            r"(?i)\b(?:the\s+(?:(?P<which>latest|most\s+recent|recent|previous|past|current|"
            r"year[-\s](?:earlier|ago)|comparable\s+year[-\s](?:earlier|ago))\s+)?"
            r"(?:fiscal\s+)?(?P<unit>quarter|period)"
            r"|(?P<which2>this|last|next)\s+quarter)\b"
        ),
        _relative_quarter,
        Gate(("quarter", "period"), fold=True),
    ),
    # last week, this year, next month, last weekend
    _rule(
        re.compile(
            r"(?i)\b(?:the\s+)?(?P<rel>last|this|next|current)\s+(?P<unit>weekend|week|month"
            r"|year)\b(?!['’]s\s+(?:first|second|third|fourth|1st|2nd|3rd|4th))"
        ),
        _relative_unit,
        Gate(("week", "month", "year"), fold=True),
    ),
    _rule(re.compile(r"(?i)\bthe\s+weekend\b"), _the_weekend, Gate(("weekend",), fold=True)),
    # this summer, last fall, in the spring, summer 2008, the summer of 2008
    _rule(
        re.compile(
            r"(?i)(?:\b(?P<rel>this\s+past|this|last|next)\s+|\bthe\s+(?:early\s+|late\s+)?"
            r"|(?<=\bin\s))" + _SEASON + r"(?:\s+of\s+(?P<y>\d{4}))?\b"
        ),
        _season,
        SEASON_GATE,
    ),
    _rule(re.compile(r"(?i)\b" + _SEASON + r"\s+(?P<y>\d{4})\b(?P<rel>)"), _season, SEASON_GATE),
    # two years ago, a week earlier, several years ago
    _rule(
        re.compile(
            r"(?i)\b(?:(?:almost|nearly|about|some|more\s+than|less\s+than|over)\s+)?"
            r"(?P<n>\d+|a\s+few|few|several|some|many|" + _NUM[6:-1] + r")\s+"
            r"(?P<unit>day|week|month|year|decade)s?\s+(?:ago|earlier)\b"
        ),
        _ago,
        AGO_GATE,
    ),
    # year-earlier profit, the year-ago quarter (the quarter itself is matched above)
    _rule(re.compile(r"(?i)\byear[-\s](?:earlier|ago)\b"), _year_earlier, AGO_GATE),
    # today, yesterday morning, tomorrow, tonight, last night
    _rule(
        re.compile(
            r"(?i)\b(?P<w>the\s+day\s+(?:before\s+yesterday|after\s+tomorrow)|today|tonight"
            r"|yesterday|tomorrow|this\s+(?:morning|afternoon|evening)|last\s+(?:night|evening))"
            r"(?:\s+(?P<part>morning|afternoon|evening|night))?\b(?![-'’]s?\s+\w)"
        ),
        _deictic,
        Gate(
            ("today", "yesterday", "tomorrow", "morning", "afternoon", "evening", "night"),
            fold=True,
        ),
    ),
    # now, currently, recently, the future
    _rule(
        re.compile(
            r"(?i)\b(?:right\s+now|now|currently|nowadays|these\s+days|at\s+present"
            r"|recently|lately|in\s+recent\s+(?:years|months|weeks|days)"
            r"|recent\s+(?:years|months|weeks|days)|in\s+the\s+past|the\s+past"
            r"|in\s+the\s+(?:near\s+|distant\s+)?future|the\s+(?:near\s+|distant\s+)?future"
            r"|soon)\b"
        ),
        _ref,
        Gate(
            ("now", "current", "these", "present", "recent", "lately", "past", "future", "soon"),
            fold=True,
        ),
    ),
    # Thursday, last Friday, Wednesday night
    _rule(
        re.compile(r"(?:(?P<rel>(?i:last|next|this))\s+)?" + _WD + _PART),
        _weekday,
        Gate(("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")),
    ),
    # Christmas, Thanksgiving Day, last Christmas
    _rule(
        re.compile(r"(?:(?P<rel>(?i:last|next|this))\s+)?(?P<h>" + _HOLIDAYS + r")\b"),
        _holiday,
        Gate(pattern=re.compile("(?:" + _HOLIDAYS + ")")),
    ),
]
