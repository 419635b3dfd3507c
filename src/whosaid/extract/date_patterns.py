"""The patterns that find date expressions, each paired with its resolver.

``RULES`` is the table ``dates`` runs over a paragraph: a regular expression for each kind of
expression, in order, and the function of ``date_values`` that turns its match into a value.
"""

from __future__ import annotations

import re
from collections.abc import Callable

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
