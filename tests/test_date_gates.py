"""The date rules' gates (``date_patterns.Gate``): a gate only saves work, so every match of its
rule must contain what the gate looks for, or dates would be lost. Checked on a table of
expressions that each gated rule matches, on the bundled example, and on generated text mixing
date words in any case with the characters that case-blind matching treats apart (ı, İ, ſ)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from whosaid.extract.date_patterns import GATES, RULES
from whosaid.extract.dates import resolve_dates

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "putin-kim-cosmodrome.txt"

# One or more expressions for every gated rule (the test below fails on a rule none matches).
EXPRESSIONS = [
    "Wednesday, Sept. 13, 2023",
    "the 13th of September, 2023",
    "on Sept. 30 they met",
    "30 September",
    "April of 2008",
    "January this year",
    "last March",
    "fiscal 1989",
    "the 1990s, the '90s and the nineties",
    "the 20th century",
    "next year's first quarter, 1989 third quarter",
    "Q3 2023",
    "the year-earlier period, this quarter",
    "last week, this year, next month",
    "over the weekend",
    "this summer, in the spring, the summer of 2008",
    "summer 2008",
    "more than two years ago, a few weeks earlier",
    "the year-ago quarter",
    "the day before yesterday, tonight, yesterday morning, last night",
    "right now, these days, at present, in recent years, the near future, soon",
    "last Friday, Wednesday night",
    "last Christmas, Thanksgiving Day",
]


def _broken_gates(text: str) -> list[str]:
    """The matches of a gated rule in ``text`` that its gate would not have let through."""
    wrong = []
    for pattern, _ in RULES:
        gate = GATES.get(pattern)
        for m in pattern.finditer(text):
            if gate is not None and not gate.admits(m.group(0), m.group(0).lower()):
                wrong.append(f"{m.group(0)!r} matched by {pattern.pattern[:60]!r}")
    return wrong


def test_every_gated_rule_is_exercised_and_its_gate_admits_each_match() -> None:
    text = "\n".join(EXPRESSIONS)
    unmatched = [p.pattern[:60] for p in GATES if p.search(text) is None]
    assert not unmatched, f"no expression for these gated rules: {unmatched}"
    assert not _broken_gates(text)


def test_the_example_article_matches_pass_their_gates() -> None:
    assert not _broken_gates(EXAMPLE.read_text(encoding="utf-8"))


def test_a_gate_turns_away_a_paragraph_without_its_words() -> None:
    # negatives: the work is saved only where the gate says no
    month = next(g for p, g in GATES.items() if "September" in p.pattern)
    assert not month.admits("The minister said it again.", "the minister said it again.")
    ago = next(g for p, g in GATES.items() if "ago|earlier" in p.pattern)
    assert not ago.admits("Two years on, nothing.", "two years on, nothing.")
    assert ago.admits("two years AGO", "two years ago")


def test_case_blind_rules_keep_their_dates_in_dotless_and_long_s_spellings() -> None:
    # "ı" and "ſ" match "i" and "s" case-blind but do not lower to them; "İ" lowers to two
    # characters. A date the rule finds in such a spelling must still be found.
    for text in ("Two years ago, ſoon after, he left.", "a week EARLİER", "a week earlıer"):
        assert not _broken_gates(text)
    found = [d.text for d in resolve_dates("It happened a week EARLİER.", dt.date(2023, 9, 14))]
    assert "a week EARLİER" in found


_WORDS = [
    "last",
    "next",
    "this",
    "the",
    "of",
    "in",
    "fiscal",
    "year",
    "years",
    "week",
    "weekend",
    "month",
    "quarter",
    "period",
    "first",
    "third",
    "ago",
    "earlier",
    "today",
    "tonight",
    "morning",
    "night",
    "now",
    "currently",
    "recent",
    "past",
    "future",
    "soon",
    "these",
    "days",
    "spring",
    "fall",
    "century",
    "twenties",
    "nineties",
    "May",
    "Sept.",
    "December",
    "Monday",
    "Friday",
    "Christmas",
    "Thanksgiving",
    "Q3",
    "13th",
    "30",
    "2008",
    "1990s",
    "'90s",
    "two",
    "a",
    "few",
    "several",
    "ıt",
    "ſoon",
    "İn",
    "earlıer",
    "EARLİER",
]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(_WORDS), st.sampled_from(["lower", "upper", "title", "keep"])),
        max_size=12,
    )
)
def test_gates_admit_every_match_of_generated_text(words: list[tuple[str, str]]) -> None:
    text = " ".join(w if how == "keep" else getattr(w, how)() for w, how in words)
    assert not _broken_gates(text)
