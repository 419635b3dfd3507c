"""Words of the date resolver: data only (month and weekday names, numbers, holidays, seasons).

Kept apart from the rules in ``dates.py`` so a new abbreviation or holiday is a one-line edit.
"""

from __future__ import annotations

# Month names and the abbreviations newswire style uses ("Sept.", "Aug."); matched with a
# capital initial only, so "may", "march" and "august" as ordinary words are never dates.
MONTHS: dict[str, int] = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}  # fmt: skip

WEEKDAYS: dict[str, int] = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6,
}  # fmt: skip

# Parts of the day, as TimeML writes them after a date: "Wednesday night" = 2000-01-05TNI.
DAY_PARTS: dict[str, str] = {
    "morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI",
}  # fmt: skip

NUMBER_WORDS: dict[str, int] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15,
    "twenty": 20, "thirty": 30, "fifty": 50, "hundred": 100,
}  # fmt: skip

ORDINALS: dict[str, int] = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
}  # fmt: skip

# Seasons as TimeML codes, with the month each one starts in (northern hemisphere, as the
# TimeML guidelines assume); winter runs over the new year.
SEASONS: dict[str, tuple[str, int]] = {
    "spring": ("SP", 3), "summer": ("SU", 6), "fall": ("FA", 9), "autumn": ("FA", 9),
    "winter": ("WI", 12),
}  # fmt: skip

DECADE_WORDS: dict[str, int] = {
    "twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7,
    "eighties": 8, "nineties": 9,
}  # fmt: skip

# Holidays with a fixed day: (month, day).
FIXED_HOLIDAYS: dict[str, tuple[int, int]] = {
    "new year's day": (1, 1), "new year's eve": (12, 31), "christmas": (12, 25),
    "christmas day": (12, 25), "christmas eve": (12, 24), "independence day": (7, 4),
    "halloween": (10, 31), "valentine's day": (2, 14), "boxing day": (12, 26),
    "veterans day": (11, 11), "armistice day": (11, 11),
}  # fmt: skip

# Words that put the date of a sentence in the future ("will meet Friday"): a bare weekday,
# month or season is then the next one rather than the last.
FUTURE_MARKERS = (
    "will", "won't", "'ll", "shall", "going to", "plans to", "plan to", "planned for",
    "scheduled", "expected to", "expects to", "is to", "are to", "due to", "set to", "upcoming",
    "would", "to be held", "next",
)  # fmt: skip

# Words right before a date that say it is in the past ("said Thursday", "met on Monday").
PAST_VERBS = frozenset(
    {
        "said", "told", "announced", "reported", "added", "met", "was", "were", "had", "did",
        "died", "began", "ended", "came", "went", "left", "took", "gave", "made", "held",
        "signed", "voted", "arrived", "released", "called", "wrote", "declared", "confirmed",
        "issued",
    }
)  # fmt: skip
