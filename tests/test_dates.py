"""The date resolver: one (text, publication date, expected) table per rule, with negatives."""

from __future__ import annotations

import datetime as dt

import pytest

from whosaid.extract.dates import month_year, resolve_dates, season_value, weekday_date
from whosaid.model import Article

THU = dt.date(2023, 9, 14)  # a Thursday
SAT = dt.date(2023, 9, 16)


def resolved(text: str, published: dt.date | None) -> list[tuple[str, str | None]]:
    return [(d.text, d.value) for d in resolve_dates(text, published)]


def value_of(text: str, published: dt.date | None, expression: str) -> str | None:
    """The value of ``expression``, which must be found as exactly that span in ``text``."""
    found = dict(resolved(text, published))
    assert expression in found, f"{expression!r} not found in {text!r}: {found}"
    return found[expression]


def check(text: str, published: dt.date | None, expected: list[tuple[str, str | None]]) -> None:
    assert resolved(text, published) == expected


# --- the example article ----------------------------------------------------------------------


def test_example_article_dates(pipeline, example_text, expected):
    analysis = pipeline.analyze(example_text, published="2023-09-14")
    by_context = {}
    for d in analysis.dates:
        assert analysis.text[d.start : d.end] == d.text
        by_context[analysis.text[max(0, d.start - 60) : d.end + 60]] = d
    for want in expected["dates"]:
        hits = [
            d
            for ctx, d in by_context.items()
            if want["first_in"] in ctx and d.text in want["text"] and d.text in want["first_in"]
        ]
        assert hits, f"{want['text']!r} (in {want['first_in']!r}) was not found"
        assert hits[0].value == want["resolves_to"], want


def test_example_quote_dated_by_its_sentence(pipeline, example_text):
    analysis = pipeline.analyze(example_text, published="2023-09-14")
    dated = {q.cue.text if q.cue else None: q.date for q in analysis.quotes if q.date}
    # "Pyongyang's state media said Thursday": the quote's cue carries that Thursday.
    assert "2023-09-14" in dated.values()
    # Quotes whose sentence names no day stay undated rather than borrowing one.
    assert any(q.date is None for q in analysis.quotes)


# --- rules ------------------------------------------------------------------------------------

WEEKDAYS = [
    # a bare weekday: the day itself or the most recent one, never a later one
    ("state media said Thursday.", THU, "Thursday", "2023-09-14"),
    ("held talks on Wednesday at a spaceport", THU, "Wednesday", "2023-09-13"),
    ("the vote on Friday was close", THU, "Friday", "2023-09-08"),
    ("officials said Monday", SAT, "Monday", "2023-09-11"),
    # future tense: the next one on or after the publication date
    ("The two leaders will meet Friday.", THU, "Friday", "2023-09-15"),
    ("Talks are scheduled to resume Monday.", THU, "Monday", "2023-09-18"),
    # last / next / this
    ("They met last Thursday.", THU, "last Thursday", "2023-09-07"),
    ("They meet next Thursday.", THU, "next Thursday", "2023-09-21"),
    ("It closes this Saturday.", THU, "this Saturday", "2023-09-16"),
    # parts of the day, TimeML style
    ("Shots were heard Wednesday night.", THU, "Wednesday night", "2023-09-13TNI"),
]


@pytest.mark.parametrize(("text", "published", "expression", "value"), WEEKDAYS)
def test_weekdays(text, published, expression, value):
    assert value_of(text, published, expression) == value


DEICTIC = [
    ("He arrived yesterday.", THU, "yesterday", "2023-09-13"),
    ("The law takes effect today.", THU, "today", "2023-09-14"),
    ("The court rules tomorrow.", THU, "tomorrow", "2023-09-15"),
    ("He spoke tonight.", THU, "tonight", "2023-09-14TNI"),
    ("Police said yesterday morning", THU, "yesterday morning", "2023-09-13TMO"),
    ("Fighting continued last night.", THU, "last night", "2023-09-13TNI"),
]


@pytest.mark.parametrize(("text", "published", "expression", "value"), DEICTIC)
def test_today_yesterday_tomorrow(text, published, expression, value):
    assert value_of(text, published, expression) == value


RELATIVE_UNITS = [
    ("after invading Ukraine last year", THU, "last year", "2022"),
    ("Sales rose this year.", THU, "this year", "2023"),
    ("Elections are due next year.", THU, "next year", "2024"),
    ("The plan was unveiled last month.", THU, "last month", "2023-08"),
    ("It opens next month.", THU, "next month", "2023-10"),
    ("Prices fell last week.", THU, "last week", "2023-W36"),
    ("The talks this week were tense.", THU, "this week", "2023-W37"),
    ("He returns next week.", THU, "next week", "2023-W38"),
    ("Protests spread last weekend.", THU, "last weekend", "2023-W36-WE"),
    ("Prices rose earlier this year.", THU, "earlier this year", "2023"),
    ("A vote is expected early next year.", THU, "early next year", "2024"),
    ("The deal was signed in January last year.", THU, "January last year", "2022-01"),
]


@pytest.mark.parametrize(("text", "published", "expression", "value"), RELATIVE_UNITS)
def test_last_this_next(text, published, expression, value):
    assert value_of(text, published, expression) == value


EXPLICIT = [
    ("In April 2008, he visited Moscow.", THU, "April 2008", "2008-04"),
    ("It began on Sept. 13, 2023, at noon.", THU, "Sept. 13, 2023", "2023-09-13"),
    ("It began on 13 September 2023.", THU, "13 September 2023", "2023-09-13"),
    ("Published 2023-09-13 by the ministry.", THU, "2023-09-13", "2023-09-13"),
    ("The treaty of 1998 still holds.", THU, "1998", "1998"),
    ("Growth in the 1990s was fast.", THU, "1990s", "199"),
    ("Growth in the mid-1990s was fast.", THU, "mid-1990s", "199"),
    ("the end of 1990", THU, "the end of 1990", "1990"),
    ("since the 20th century", THU, "the 20th century", "19"),
    ("the '90s were different", THU, "'90s", "199"),
    ("On Thursday, Sept. 14, 2023, he left.", THU, "Thursday, Sept. 14, 2023", "2023-09-14"),
    ("in fiscal 1989", THU, "fiscal 1989", "1989"),
    ("Explicit dates need no anchor: May 5, 1990.", None, "May 5, 1990", "1990-05-05"),
]


@pytest.mark.parametrize(("text", "published", "expression", "value"), EXPLICIT)
def test_explicit_dates(text, published, expression, value):
    assert value_of(text, published, expression) == value


MONTHS_NO_YEAR = [
    # past tense right before: the most recent such month (this month included)
    ("Prices rose in March.", THU, "March", "2023-03"),
    ("It happened in September.", THU, "September", "2023-09"),
    # future: the next one
    ("The law will take effect in March.", THU, "March", "2024-03"),
    # no tense to go by: the nearest one (within six months; a tie goes to the past)
    ("The season opens in January.", THU, "January", "2024-01"),
    ("The season opens in June.", THU, "June", "2023-06"),
    ("last March", THU, "last March", "2023-03"),
    ("next March", THU, "next March", "2024-03"),
    # a day without a year: the nearest such day
    ("The deadline is Sept. 30.", THU, "Sept. 30", "2023-09-30"),
    ("It was agreed on Aug. 7.", THU, "Aug. 7", "2023-08-07"),
    ("Results are due Jan. 15.", THU, "Jan. 15", "2024-01-15"),
]


@pytest.mark.parametrize(("text", "published", "expression", "value"), MONTHS_NO_YEAR)
def test_months_and_days_without_year(text, published, expression, value):
    assert value_of(text, published, expression) == value


QUARTERS_SEASONS = [
    ("Profit rose in the third quarter.", THU, "the third quarter", "2023-Q3"),
    ("third-quarter profit", THU, "third-quarter", "2023-Q3"),
    ("fourth-quarter profit", THU, "fourth-quarter", "2022-Q4"),  # the latest fourth quarter
    ("the third quarter of 1990", THU, "the third quarter of 1990", "1990-Q3"),
    ("next year's first quarter", THU, "next year's first quarter", "2024-Q1"),
    ("Sales in Q3 2021", THU, "Q3 2021", "2021-Q3"),
    ("in the latest quarter", THU, "the latest quarter", "2023-Q2"),
    ("up from $5 a year ago in the quarter", THU, "a year ago", "2022-Q2"),
    ("this summer", THU, "this summer", "2023-SU"),
    ("Crops failed last fall.", THU, "last fall", "2022-FA"),
    ("in the summer of 2008", THU, "the summer of 2008", "2008-SU"),
    ("in spring 2008", THU, "spring 2008", "2008-SP"),
    ("Rates rose in the spring.", THU, "the spring", "2023-SP"),
    ("Sales fell this past spring.", THU, "this past spring", "2023-SP"),
]


@pytest.mark.parametrize(("text", "published", "expression", "value"), QUARTERS_SEASONS)
def test_quarters_and_seasons(text, published, expression, value):
    assert value_of(text, published, expression) == value


AGO_AND_REFS = [
    ("He left two years ago.", THU, "two years ago", "2021"),
    ("He left 3 days ago.", THU, "3 days ago", "2023-09-11"),
    ("He left a month ago.", THU, "a month ago", "2023-08"),
    ("a week earlier", THU, "a week earlier", "2023-W36"),
    ("He left several years ago.", THU, "several years ago", "PAST_REF"),
    ("Prices are now higher.", THU, "now", "PRESENT_REF"),
    ("He recently resigned.", THU, "recently", "PAST_REF"),
    ("in the near future", THU, "in the near future", "FUTURE_REF"),
    ("last Christmas", THU, "last Christmas", "2022-12-25"),
    ("by Thanksgiving Day", dt.date(2023, 12, 1), "Thanksgiving Day", "2023-11-23"),
]


@pytest.mark.parametrize(("text", "published", "expression", "value"), AGO_AND_REFS)
def test_ago_references_holidays(text, published, expression, value):
    assert value_of(text, published, expression) == value


NOT_DATES = [
    "Theresa May said the talks failed.",  # a name, not the month
    "They may march on the capital.",  # verbs, lower case
    "Prices fall when supply rises.",  # "fall" the verb
    "The fall of Rome was slow.",  # "the fall of" something
    "Some 2000 people marched.",  # a number, not a year
    "It cost $1990 and rose 15%.",
    "They will meet as soon as possible.",
    "Over the past five years prices doubled.",  # a duration, not a date
    "June Carter sang.",  # a name
    "The firm earned 1,990 dollars.",
    "Jan Smith and Wed Adams spoke.",
]


@pytest.mark.parametrize("text", NOT_DATES)
def test_not_dates(text):
    assert resolved(text, THU) == []


def test_longest_expression_wins():
    check("on Sept. 13, 2023", THU, [("Sept. 13, 2023", "2023-09-13")])
    check("In April 2008", THU, [("April 2008", "2008-04")])


def test_without_publication_date_relative_dates_stay_unresolved():
    found = resolve_dates("said Thursday that last year, in April 2008 and 1998", None)
    assert [(d.text, d.value) for d in found] == [
        ("Thursday", None),
        ("last year", None),
        ("April 2008", "2008-04"),
        ("1998", "1998"),
    ]
    assert all(d.granularity for d in found)


def test_granularity():
    grans = {d.text: d.granularity for d in resolve_dates(
        "Thursday, April 2008, last year, last week, the third quarter, this summer, the 1990s",
        THU,
    )}  # fmt: skip
    assert grans == {
        "Thursday": "day",
        "April 2008": "month",
        "last year": "year",
        "last week": "week",
        "the third quarter": "quarter",
        "this summer": "season",
        "1990s": "decade",
    }


# --- the arithmetic ---------------------------------------------------------------------------

WEEKDAY_TABLE = [
    (THU, 3, "past", dt.date(2023, 9, 14)),
    (THU, 4, "past", dt.date(2023, 9, 8)),
    (THU, 3, "last", dt.date(2023, 9, 7)),
    (THU, 3, "next", dt.date(2023, 9, 21)),
    (THU, 3, "future", dt.date(2023, 9, 14)),
    (THU, 0, "future", dt.date(2023, 9, 18)),
    (THU, 0, "this", dt.date(2023, 9, 11)),
]


@pytest.mark.parametrize(("anchor", "weekday", "direction", "expected"), WEEKDAY_TABLE)
def test_weekday_date(anchor, weekday, direction, expected):
    assert weekday_date(anchor, weekday, direction) == expected


@pytest.mark.parametrize(
    ("month", "direction", "year"),
    [(9, "past", 2023), (10, "past", 2022), (9, "future", 2023), (8, "future", 2024),
     (9, "last", 2022), (8, "last", 2023), (9, "next", 2024), (10, "next", 2023),
     (2, "nearest", 2024), (3, "nearest", 2023), (12, "nearest", 2023)],
)  # fmt: skip
def test_month_year(month, direction, year):
    assert month_year(THU, month, direction) == year


@pytest.mark.parametrize(
    ("anchor", "code", "direction", "value"),
    [
        (THU, "SU", "past", "2023-SU"),
        (THU, "FA", "this", "2023-FA"),
        (THU, "FA", "last", "2022-FA"),
        (THU, "SP", "next", "2024-SP"),
        (dt.date(2024, 1, 10), "WI", "this", "2024-WI"),
        (dt.date(2024, 1, 10), "WI", "last", "2023-WI"),
    ],
)
def test_season_value(anchor, code, direction, value):
    assert season_value(anchor, code, direction) == value


def test_offsets_point_into_the_text(pipeline):
    text = "Kim arrived on Wednesday.\n\nPutin said Thursday that talks went well last year."
    analysis = pipeline.analyze(Article(text=text, published=THU))
    assert [(d.text, d.value) for d in analysis.dates] == [
        ("Wednesday", "2023-09-13"),
        ("Thursday", "2023-09-14"),
        ("last year", "2022"),
    ]
    for d in analysis.dates:
        assert text[d.start : d.end] == d.text


QUOTE_DATES = [
    ('"We are ready," Putin said on Wednesday.', "2023-09-13"),
    ("Putin said on Wednesday that the talks went well.", "2023-09-13"),
    ("On Wednesday, Putin told reporters that the talks went well.", "2023-09-13"),
    ("Pyongyang's state media said Thursday that Kim would visit Russia.", "2023-09-14"),
    # the date belongs to what was said, not to the saying
    ("Putin said that the talks held on Wednesday went well.", None),
    # the date is in another sentence
    ('"We are ready," Putin said. The talks were held on Wednesday.', None),
    # no date at all
    ('"We are ready," Putin said.', None),
]


@pytest.mark.parametrize(("text", "expected"), QUOTE_DATES)
def test_quote_date_from_its_cue(pipeline, text, expected):
    analysis = pipeline.analyze(text, published=THU)
    assert analysis.quotes, "the quote itself must be found for this test to mean anything"
    assert analysis.quotes[0].date == expected


def test_quote_dates_need_a_publication_date(pipeline):
    analysis = pipeline.analyze("Putin said on Wednesday that the talks went well.")
    assert analysis.quotes and analysis.quotes[0].date is None
