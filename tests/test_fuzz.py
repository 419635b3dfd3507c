"""A short fuzzing profile in the test run: hostile article texts and HTML pages (see
``fuzzing.py``) through the whole analysis, checking its invariants. The long campaign is
``python bench/fuzz.py --inputs 100000``. Inputs that once failed are kept below."""

from __future__ import annotations

from pathlib import Path

import pytest
from fuzzing import article_text, html_page, run_one
from hypothesis import HealthCheck, given, settings

from whosaid.model import Article

# Few examples: spaCy's parse is most of each one's cost (the campaign runs thousands).
PROFILE = settings(
    max_examples=25,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)


@pytest.mark.timeout(300)
@PROFILE
@given(text=article_text(max_words=300, max_paragraphs=200))
def test_hostile_texts_keep_the_invariants(pipeline, text):
    what, _, wrong = run_one(pipeline, Article(text=text))
    assert not what.startswith("exception"), what
    assert wrong == []


@pytest.mark.timeout(300)
@PROFILE
@given(html=html_page(max_depth=200))
def test_hostile_html_keeps_the_invariants(pipeline, html):
    what, _, wrong = run_one(pipeline, Article(html=html))
    assert not what.startswith("exception"), what
    assert wrong == []


# Inputs that failed once (an exception, a broken invariant, or far too long), kept as
# (id, text) so each stays fixed.
REGRESSIONS = [
    ("guillemets-then-mixed-897", "«" * 450 + ('"“„‹‘»”' * 70)[:447]),
    ("nested-guillemets-1200", "«" * 1200 + "x" + "»" * 1200),
    ("blank-line-of-40000-spaces", "He said it.\n" + " " * 40_000 + "\nShe said."),
    # the focused form of the campaign's one failure below: "as saying" ending its paragraph
    (
        "as-saying-ends-its-paragraph",
        '"We talked," the TASS agency quoted Dmitry Peskov as saying \xa0\xa0\n\nSign up to our '
        "free newsletters\n\nThe two leaders met at the cosmodrome.",
    ),
    # session 6's second campaign (seeds 3 and 4): a line the cleaning removes right after
    # "as saying." with no blank line between ("''", ")"), which the relay content ran into
    (
        "as-saying-then-a-removed-line",
        "\"We talked,\" the TASS agency quoted Dmitry Peskov as saying.\n''\nIf that were to "
        "happen, the cosmonaut would be the first North Korean in space.",
    ),
]
# Whole inputs the long campaign found failing, kept as files (the first: the bundled example
# with its sign-up block moved after "as saying", whose full stop the mutation dropped; the
# relaying cue took the removed block for what Peskov said).
REGRESSIONS += [
    (path.stem, path.read_text(encoding="utf-8"))
    for path in sorted((Path(__file__).parent / "fuzz_inputs").glob("*.txt"))
]


@pytest.mark.timeout(30)
@pytest.mark.parametrize("text", [t for _, t in REGRESSIONS], ids=[i for i, _ in REGRESSIONS])
def test_kept_inputs_are_analysed_quickly_and_validly(pipeline, text):
    what, _, wrong = run_one(pipeline, Article(text=text))
    assert what == "ok" and wrong == []
