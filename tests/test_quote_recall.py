"""The quote patterns missed most, and what is never a quote, as (text, expected) tables.

Each expected quote is (kind, a fragment of its content, speaker name or None, cue, act); every
table has negative cases next to the rule it checks, and a text must give exactly the quotes
listed.
"""

from __future__ import annotations

import pytest

# A second report after ", adding that", ", saying", "by saying": the participle's clause is
# what the subject of the clause it hangs on said.
PARTICIPLES = [
    (
        '"We see no link to terrorism," Mayor Bill Dorn said, adding that the inquiry would take '
        "weeks.",
        [
            ("direct", "We see no link to terrorism", "Bill Dorn", "said", "speech"),
            ("indirect", "that the inquiry would take weeks", "Bill Dorn", "adding", "speech"),
        ],
    ),
    (
        "Judge Frank Nervo rejected the request on Monday, saying the courts had no business "
        "deciding what voters should read.",
        [("indirect", "the courts had no business", "Frank Nervo", "saying", "speech")],
    ),
    (
        "President Anna Holt responded by saying the issue was manufactured.",
        [("indirect", "the issue was manufactured", "Anna Holt", "saying", "speech")],
    ),
    (
        'Senator Jo Park defended the remark, saying, "I do not think this is a problem at all."',
        [("direct", "I do not think this is a problem", "Jo Park", "saying", "speech")],
    ),
    # "and that": a second clause of one report stays in its content
    (
        "Minister Tom Hale said the plant would close and that 300 jobs would go.",
        [("indirect", "and that 300 jobs would go", "Tom Hale", "said", "speech")],
    ),
    # clauses the parser hangs on the cue one by one are one report, from its subject on
    (
        "Jim Brooks says he drank too much, used drugs and was in and out of relationships.",
        [
            (
                "indirect",
                "he drank too much, used drugs and was in and out",
                "Jim Brooks",
                "says",
                "speech",
            )
        ],
    ),
    # negative: a participle with no clause or quotation reports nothing
    ("Ben Ward left the room, slamming the door.", []),
    # negative: a belief participle is the writer's account of a motive
    ("The firm sold its stake, fearing a loss.", []),
    # negative: before a reporting verb, the participle is its manner; the verb is the cue
    (
        'Lamenting their fate, Mexicans often say, "Poor Mexico, so far from God and so close to '
        'the United States."',
        [("direct", "Poor Mexico", None, "often say", "speech")],
    ),
]

# A cue that interrupts its sentence: what was said is on both sides of it.
ASIDES = [
    (
        "It is on Trudeau's watch, Andrew Scheer said, that the deficit has ballooned.",
        [("indirect", "It is on Trudeau's watch", "Andrew Scheer", "said", "speech")],
    ),
    (
        "Acts of protest, Barack Obama said, are acts of patriotism.",
        [("indirect", "are acts of patriotism", "Barack Obama", "said", "speech")],
    ),
    # after the aside, "and" opens the writer's own clause again: it is not part of the quote
    (
        "It would take weeks to convene the committee, Dana Ross said, and wrangling could follow.",
        [
            (
                "indirect",
                "It would take weeks to convene the committee",
                "Dana Ross",
                "said",
                "speech",
            )
        ],
    ),
    # negative: commas around a name without a reporting verb are no aside
    ("In Ottawa, Andrew Scheer, the leader, met the press on Monday.", []),
]

# Unquoted content before a trailing cue, however long the speaker's description.
TRAILING = [
    (
        "The plant will close in May, said Ken Ode, a spokesman for the company.",
        [("indirect", "The plant will close in May", "Ken Ode", "said", "speech")],
    ),
    (
        "The plant will close in May, the company said in a statement on Friday.",
        [("indirect", "The plant will close in May", None, "said in a statement", "speech")],
    ),
    # several joined clauses before the cue are all reported, not only the last
    (
        "Her van was to be escorted by the police, but the Secret Service whisked her away, "
        "another source said.",
        [("indirect", "Her van was to be escorted", None, "said", "speech")],
    ),
    (
        "Prices rose sharply, and the bank raised rates, the minister said.",
        [("indirect", "Prices rose sharply, and the bank raised rates", None, "said", "speech")],
    ),
    # negative: a sentence about a statement is not one
    ("The company said nothing on Friday.", []),
]

# Less common reporting verbs.
VERBS = [
    (
        "Minister Lea Voss stated that the border would stay closed.",
        [("indirect", "that the border would stay closed", "Lea Voss", "stated", "speech")],
    ),
    (
        "Senator Jim Cole blurted out that the bill was dead.",
        [("indirect", "that the bill was dead", "Jim Cole", "blurted out", "speech")],
    ),
    (
        "Governor Mike Pence echoed the claim that the police were under attack.",
        [("indirect", "the claim that the police", "Mike Pence", "echoed", "speech")],
    ),
    # negative: the verbs in their other senses
    ("The canyon echoed with thunder all night.", []),
    ("The river burst its banks after the storm.", []),
]

# A fronted "According to X, ...": X is the source, the rest of the sentence the content.
ACCORDING = [
    (
        "According to radio host Rush Limbaugh, the move reeks of fear and desperation.",
        [("indirect", "the move reeks of fear", "Rush Limbaugh", "According to", "speech")],
    ),
    (
        "But according to Dana Ross, a spokeswoman for the city, the pool will reopen in June.",
        [("indirect", "the pool will reopen in June", "Dana Ross", "according to", "speech")],
    ),
    # "according to" as an aside: what was said is on both sides
    (
        "Some of those concerns, according to security experts, include the firm's link to the "
        "government.",
        [("indirect", "include the firm's link", None, "according to", "speech")],
    ),
    # negative: "according to" does not make a quote of a sentence with no content around it
    ("According to plan.", []),
    (
        "The company lost $2 billion last year, according to Peter Grant.",
        [("indirect", "The company lost $2 billion", "Peter Grant", "according to", "speech")],
    ),
]

# Never a quote: a rubric in capitals, a teaser for another story, a headline, content that is
# only the cue, and the writer's framing of the news. Each has a positive twin.
NEVER = [
    ("LOOK: Shocking Photos Of GOP Candidate's Rally Are Going Viral Today.", []),
    ("ECB WATCH: Rates will stay on hold through the summer months.", []),
    ("READ MORE: Trump says the wall will be built by next year.", []),
    ("RELATED: Police say the suspect fled to Mexico after the shooting.", []),
    ("The Bank of England said.", []),
    (
        "Kim is visiting Russia as Putin seeks to bolster alliances with other leaders.",
        [],
    ),
    ("Prices rose while the bank hoped to keep rates steady through the year.", []),
    # twins: a transcript's speaker in capitals, a statement by the bank, an intention reported
    (
        "WALLACE: Let's start with the economy this morning, Senator.",
        [("indirect", "Let's start with the economy", None, ":", "speech")],
    ),
    (
        "Rates will stay on hold, the Bank of England said.",
        [("indirect", "Rates will stay on hold", "Bank of England", "said", "speech")],
    ),
    (
        "Vladimir Putin seeks to bolster alliances with leaders in Asia.",
        [("indirect", "to bolster alliances", "Vladimir Putin", "seeks", "intent")],
    ),
]


def _row(q) -> tuple:
    return (q.kind, q.content_text, q.speaker.name, q.cue.text if q.cue else None, q.act)


def _check(pipeline, text, expected) -> None:
    quotes = pipeline.analyze(text).quotes
    found = [_row(q) for q in quotes]
    for kind, fragment, speaker, cue, act in expected:
        assert any(
            r[0] == kind
            and fragment in r[1]
            and (speaker is None or r[2] == speaker)
            and r[3] == cue
            and r[4] == act
            for r in found
        ), found
    assert len(quotes) == len(expected), found


@pytest.mark.parametrize(("text", "expected"), PARTICIPLES)
def test_participle_reports(pipeline, text, expected):
    _check(pipeline, text, expected)


@pytest.mark.parametrize(("text", "expected"), ASIDES)
def test_interrupting_cue(pipeline, text, expected):
    _check(pipeline, text, expected)


def test_interrupting_cue_has_both_sides(pipeline):
    (quote,) = pipeline.analyze(
        "It is on Trudeau's watch, Andrew Scheer said, that the deficit has ballooned."
    ).quotes
    assert [s.text for s in quote.content] == [
        "It is on Trudeau's watch",
        "that the deficit has ballooned",
    ]


def test_aside_stops_before_a_new_clause(pipeline):
    (quote,) = pipeline.analyze(
        "It would take weeks to convene the committee, Dana Ross said, and wrangling could follow."
    ).quotes
    assert "wrangling" not in quote.content_text


@pytest.mark.parametrize(("text", "expected"), TRAILING)
def test_content_before_a_trailing_cue(pipeline, text, expected):
    _check(pipeline, text, expected)


@pytest.mark.parametrize(("text", "expected"), VERBS)
def test_less_common_verbs(pipeline, text, expected):
    _check(pipeline, text, expected)


@pytest.mark.parametrize(("text", "expected"), ACCORDING)
def test_according_to(pipeline, text, expected):
    _check(pipeline, text, expected)


def test_fronted_according_to_source_stops_at_its_comma(pipeline):
    (quote,) = pipeline.analyze(
        "According to radio host Rush Limbaugh, the move reeks of fear and desperation."
    ).quotes
    assert quote.speaker.mention is not None
    assert quote.speaker.mention.text == "radio host Rush Limbaugh"


@pytest.mark.parametrize(("text", "expected"), NEVER)
def test_never_a_quote(pipeline, text, expected):
    _check(pipeline, text, expected)
