"""Quotation and speaker rules as (text, expected) tables, with negative cases.

Each expected quote is (kind, a fragment of its content, speaker name or None, cue or None).
"""

from __future__ import annotations

import pytest

CASES = [
    # direct, cue after
    (
        '"We will win the war," Jane Smith said.',
        [("direct", "We will win the war", "Jane Smith", "said")],
    ),
    # direct, inverted cue with an apposition
    (
        '"Prices will fall," said John Brown, an economist at the bank.',
        [("direct", "Prices will fall", "John Brown", "said")],
    ),
    # direct, cue before with a colon
    (
        'Mayor Anne Hall said: "The bridge will open in May."',
        [("direct", "The bridge will open in May", "Anne Hall", "said:")],
    ),
    # auxiliaries, adverbs and the channel belong to the cue, as PolNeAR marks cues
    (
        '"We are not leaving," Senator Paul Dunn also said in a statement.',
        [("direct", "We are not leaving", "Paul Dunn", "also said in a statement")],
    ),
    # indirect with "that"
    (
        "Police chief Tom Reed said that the suspect had fled the city.",
        [("indirect", "that the suspect had fled", "Tom Reed", "said")],
    ),
    # indirect, cue at the end
    (
        "The talks will resume next week, Foreign Minister Sara Lind said.",
        [("indirect", "The talks will resume next week", "Sara Lind", "said")],
    ),
    # mixed: a quoted fragment inside reported speech
    (
        'Maria Lopez said the plan was "a disaster for everyone" in the region.',
        [("mixed", "a disaster for everyone", "Maria Lopez", "said")],
    ),
    # closed by two curly single quotes, which the model takes for the inverted cue's subject
    (
        "Ana Ruiz founded the shop.\n\n"
        '"We only sell independent comics,’’ says the 39-year-old founder of Studiocomix Press.',
        [("direct", "We only sell independent comics", None, "says")],
    ),
    # "according to"
    (
        "The company lost $2 billion last year, according to Peter Grant.",
        [("indirect", "The company lost $2 billion", "Peter Grant", "according to")],
    ),
    # relay: the outlet quoted the speaker
    (
        '"We are ready," the Interfax agency quoted Ivan Petrov as saying.',
        [("direct", "We are ready", "Ivan Petrov", "quoted")],
    ),
    # pronoun continues the last named person
    (
        'Anna Berg spoke first. "We need help," she said.',
        [("direct", "We need help", "Anna Berg", "said")],
    ),
    # angle quotes and curly quotes
    (
        "« Nous sommes prêts », said Pierre Martin.",
        [("direct", "Nous sommes prêts", "Pierre Martin", "said")],
    ),
    (
        "“It is over,” Judge Amy Cole told reporters.",
        [("direct", "It is over", "Amy Cole", "told")],
    ),
]

CASES += [
    # a frame set off by commas inside the sentence: content on both sides
    (
        "If the talks fail, Ambassador Nora Quist argued, the sanctions will return.",
        [("indirect", "the sanctions will return", "Nora Quist", "argued")],
    ),
    # intentions and appeals carry their infinitive or object
    (
        "Governor Dan Price plans to cut the sales tax next year.",
        [("indirect", "to cut the sales tax", "Dan Price", "plans")],
    ),
    (
        "Senator Alma Ruiz called for a full recount of the ballots.",
        [("indirect", "a full recount", "Alma Ruiz", "called for")],
    ),
]

CASES += [
    # what a claim, denial or praise is about, when it is a noun phrase
    (
        "Mayor Joan Pike denied the allegations of fraud on Tuesday.",
        [("indirect", "the allegations of fraud", "Joan Pike", "denied")],
    ),
    # a short quoted sentence after a cued quote goes on with it
    (
        '"Here he is, babe," said Melanie Ward. "Donald is here."',
        [("direct", "Donald is here", "Melanie Ward", "said")],
    ),
]

CASES += [
    # a gerund clause the tagger hangs on "said" as xcomp
    (
        "Coach Peter Dale said having Karlsson back was a big boost.",
        [("indirect", "having Karlsson back was a big boost", "Peter Dale", "said")],
    ),
    # the clause hangs on the channel: "said in a statement that ..."
    (
        "Mayor Ivo Kern said in a statement that the bridge would reopen on Monday.",
        [("indirect", "that the bridge would reopen", "Ivo Kern", "said in a statement")],
    ),
    # a quotation right after the frame, whatever comes before it
    (
        'When told of the report, Governor Lisa Marsh said, "I never promised a study."',
        [("direct", "I never promised a study", "Lisa Marsh", "said")],
    ),
    # less common reporting verbs
    (
        '"It did not take me long to get a job," quipped caddie Damon Green.',
        [("direct", "It did not take me long", "Damon Green", "quipped")],
    ),
]

CASES += [
    # the governing verb of "continues to insist" is part of the cue
    (
        "Senator Mark Dunn continues to insist that the tax cut will pay for itself.",
        [("indirect", "that the tax cut will pay for itself", "Mark Dunn", "continues to insist")],
    ),
    # a focusing adverb is not part of the source
    (
        "Even China, the country's only ally, said the test was a mistake.",
        [("indirect", "the test was a mistake", "China", "said")],
    ),
]

CASES += [
    # a bare verb coordinated with the infinitive belongs to it
    (
        "Senator Ann Lowe agreed to share a single currency and rely on one another for trade.",
        [("indirect", "and rely on one another for trade", "Ann Lowe", "agreed")],
    ),
]

NEGATIVE = [
    # a scare quote is not a quotation
    'The so-called "peace plan" was published on Monday.',
    # a title in quotes is not speech
    'She starred in "The Long Night" in 2019.',
    # "said goodbye" inside a quotation is not a cue, and a quote needs more than a fragment
    'The minister "said goodbye" to nobody.',
    # no quotation, no cue
    "The river rose two metres overnight and the bridge was closed.",
    # "said" as an adjective is not a cue
    "The said property was sold in 1998.",
    # "call" without an appeal is not a cue
    "Ben Ward called his brother on Sunday.",
    # "told" with only an addressee reports nothing
    "Anna Bell told her story to nobody.",
    # "hold" is not a cue ("held a meeting")
    "The council held a meeting on Monday to elect a new king.",
    # a label with a colon is not a speaker
    "Update: This story was changed at noon to add a photograph.",
]


def _match(quote, kind, fragment, speaker, cue) -> bool:
    return (
        quote.kind == kind
        and fragment in quote.content_text
        and quote.speaker.name == speaker
        and (quote.cue.text if quote.cue else None) == cue
    )


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_quote_rules(pipeline, text, expected):
    quotes = pipeline.analyze(text).quotes
    for kind, fragment, speaker, cue in expected:
        assert any(_match(q, kind, fragment, speaker, cue) for q in quotes), [
            (q.kind, q.content_text, q.speaker.name, q.cue and q.cue.text) for q in quotes
        ]
    assert len(quotes) == len(expected)


@pytest.mark.parametrize("text", NEGATIVE)
def test_not_quotes(pipeline, text):
    assert pipeline.analyze(text).quotes == ()


def test_quote_over_two_paragraphs_is_one_quote(pipeline):
    text = (
        '"The first part of what I want to say runs on,\n\n'
        '"and the second part ends here," said Robert King.'
    )
    (quote,) = pipeline.analyze(text).quotes
    assert len(quote.content) == 2 and quote.speaker.name == "Robert King"


def test_paragraph_without_cue_continues_previous_speaker(pipeline):
    text = (
        '"We will rebuild the whole district," said Mayor Lena Frost.\n\n'
        '"Nobody will be left without a home this winter, and we will pay for it."'
    )
    quotes = pipeline.analyze(text).quotes
    assert [q.speaker.name for q in quotes] == ["Lena Frost", "Lena Frost"]
    assert quotes[1].cue is None


def test_unbalanced_mark_does_not_stop_the_article(pipeline):
    text = (
        'He shouted "stop and never came back.\n\n'
        '"We will keep searching for him," said Captain Ruth Ames.'
    )
    quotes = pipeline.analyze(text).quotes
    assert any(q.speaker.name == "Ruth Ames" and "keep searching" in q.content_text for q in quotes)


def test_unresolved_speaker_is_explicit(pipeline):
    (quote,) = pipeline.analyze('"The vote was rigged," a witness said.').quotes
    assert quote.speaker.name is None and quote.speaker.entity is None
    assert quote.speaker.mention is not None and quote.speaker.mention.text == "a witness"


ACTS = [
    ('"We will win," Jane Smith said.', "speech"),
    ("Governor Dan Price plans to cut the sales tax next year.", "intent"),
    ("Senator Ann Gray believes that the bill will pass.", "belief"),
    ("A study by Harvard University found that poor children fare worst in Charlotte.", "evidence"),
]


@pytest.mark.parametrize(("text", "act"), ACTS)
def test_what_the_cue_reports(pipeline, text, act):
    (quote,) = pipeline.analyze(text).quotes
    assert quote.act == act


def test_pronoun_follows_the_latest_subject_not_the_latest_speaker(pipeline):
    text = (
        '"Results are very exciting," said project manager Erin Walsh.\n\n'
        "Accountant Tom Farley joined the programme last May.\n\n"
        '"I am eating a lot more vegetables," he said.'
    )
    quotes = pipeline.analyze(text).quotes
    assert [q.speaker.name for q in quotes] == ["Erin Walsh", "Tom Farley"]


def test_definite_description_by_salience_is_no_name(pipeline):
    # "the affable proprietor" as the last subject talked about, with another person named
    # there too, was right half the time on GGT dev (coref.CONFIDENCE["definite_subject"]),
    # under the naming floor: the mention is kept (one candidate alone is named: test_coref.py)
    text = (
        "Alfonso Espinos opened the comic shop in 2005. Andre Campbell draws for it.\n\n"
        '"Nobody starts out selling 50,000 copies," the affable proprietor said.'
    )
    (quote,) = pipeline.analyze(text).quotes
    assert quote.speaker.name is None
    assert quote.speaker.mention.text == "the affable proprietor"


def test_indefinite_description_stays_unresolved(pipeline):
    text = 'Alfonso Espinos opened the shop.\n\n"Prices are up," a customer said.'
    (quote,) = pipeline.analyze(text).quotes
    assert quote.speaker.name is None and quote.speaker.mention.text == "a customer"


def test_organisation_description_matches_a_name(pipeline):
    text = (
        "The City of Surrey approved the budget on Monday.\n\n"
        "The city said the arena would close in March."
    )
    (quote,) = pipeline.analyze(text).quotes
    assert quote.speaker.name == "The City of Surrey" or quote.speaker.name == "City of Surrey"


def test_transcript_label_is_the_speaker(pipeline):
    text = "Chris Wallace met the candidates.\n\nWALLACE: Let's start with the breaking news."
    (quote,) = pipeline.analyze(text).quotes
    assert quote.cue is not None and quote.cue.text == ":"
    assert quote.speaker.mention is not None and quote.speaker.mention.text == "WALLACE"
    assert quote.content_text == "Let's start with the breaking news"


def test_quote_over_three_paragraphs_is_one_quote(pipeline):
    text = (
        '"The first part of what I want to say runs on,\n\n'
        '"and the second part of it runs on as well,\n\n'
        '"and the third part ends here," said Robert King.'
    )
    (quote,) = pipeline.analyze(text).quotes
    assert len(quote.content) == 3 and quote.speaker.name == "Robert King"


def test_a_role_word_inside_another_is_no_match(pipeline):
    # "man" is not "spokesman": the description resolves by the article's subjects, not by a
    # substring of somebody's role
    text = (
        "State Department spokesman Ned Price spoke on Monday.\n\n"
        "Local fisherman Tom Hale arrived later.\n\n"
        '"The catch is down," the man said.'
    )
    (quote,) = pipeline.analyze(text).quotes
    assert quote.speaker.name != "Ned Price"


def test_doubled_apostrophe_quote_goes_on_after_its_cue(pipeline):
    text = (
        "''A museum alone will not end poverty in every city,'' Mr. Barack Obama said. "
        "''It won't end gun violence in all our neighborhoods.''"
    )
    (quote,) = pipeline.analyze(text).quotes
    assert len(quote.content) == 2 and quote.content[1].text.startswith("''It won't")
