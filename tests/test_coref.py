"""The speaker sieve (extract/coref.py), pass by pass: (text, expected) tables with negative
cases. Each row is one short article; ``expected`` is the speaker of its quote whose content
holds the marker text: a name, ``("unnamed", description)``, or None (left unresolved)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from whosaid.cli import main
from whosaid.config import settings_from
from whosaid.model import Analysis
from whosaid.pipeline import Pipeline


def speaker_of(a: Analysis, marker: str) -> str | tuple[str, str] | None:
    q = next(q for q in a.quotes if marker in q.content_text)
    if q.speaker.unnamed:
        return ("unnamed", q.speaker.unnamed)
    return q.speaker.name


UNNAMED_SOURCES = [
    (
        '"We will not back down," a senior official said.',
        "back down",
        ("unnamed", "a senior official"),
    ),
    (
        '"The talks are over," said the source, who requested anonymity.',
        "talks are over",
        ("unnamed", "the source, who requested anonymity"),
    ),
    (
        'Ronald Reagan spoke on Monday.\n\n"Rates will fall," said a person familiar with the '
        "matter.",
        "Rates will fall",
        ("unnamed", "a person familiar with the matter"),
    ),
    (
        'Joe Biden visited the site.\n\n"The plant will close," officials said.',
        "plant will close",
        ("unnamed", "officials"),
    ),
    (
        '"We want justice," protesters said outside the court.',
        "want justice",
        ("unnamed", "protesters"),
    ),
]


@pytest.mark.parametrize(("text", "marker", "expected"), UNNAMED_SOURCES)
def test_an_anonymous_source_is_never_named(
    pipeline: Pipeline, text: str, marker: str, expected: tuple[str, str]
) -> None:
    assert speaker_of(pipeline.analyze(text), marker) == expected


NAMES_AND_PRONOUNS = [
    # a later surname joins the person first named in full
    (
        'Prime Minister Justin Trudeau visited Ottawa.\n\n"We are ready," Trudeau said.',
        "ready",
        "Justin Trudeau",
    ),
    # "she" is not a man the article called "Mr."
    ('Mr. John Smith met reporters on Monday.\n\n"It is over," she said.', "It is over", None),
    # two people sharing a surname stay apart
    (
        'Kim Jong Un arrived. Kim Jong-dae, a former MP, watched.\n\n"It is a show," Kim Jong-dae '
        "said.",
        "It is a show",
        "Kim Jong-dae",
    ),
]


@pytest.mark.parametrize(("text", "marker", "expected"), NAMES_AND_PRONOUNS)
def test_names_and_pronouns(
    pipeline: Pipeline, text: str, marker: str, expected: str | None
) -> None:
    assert speaker_of(pipeline.analyze(text), marker) == expected


NEVER = [
    # "he" after a quotation that mentions someone is not that someone
    (
        'Anna Lee Brown spoke first.\n\n"Tom Walker is wrong about this," he said.',
        "wrong about this",
        "Tom Walker",
    ),
    # the company is not a person
    (
        'John Smith founded Acme Corp. in 1990.\n\n"Demand has fallen," the company said.',
        "Demand has fallen",
        "John Smith",
    ),
    # "he" is the subject of his own sentence, not the mayor he was asked about
    (
        "Dennis Brooks sleeps in a tent.\n\nAsked what he would tell Toronto Mayor John Tory "
        'about being homeless, he said: "Just listen to us."',
        "Just listen",
        "John Tory",
    ),
    # an anonymous source is not the person named just before
    (
        'Ronald Reagan met Japan\'s premier.\n\n"Tariffs will come," said the strategist, who '
        "requested anonymity.",
        "Tariffs will come",
        "Ronald Reagan",
    ),
]


@pytest.mark.parametrize(("text", "marker", "wrong"), NEVER)
def test_never_this_speaker(pipeline: Pipeline, text: str, marker: str, wrong: str) -> None:
    assert speaker_of(pipeline.analyze(text), marker) != wrong


def test_min_confidence_keeps_the_quote_and_drops_the_name() -> None:
    text = 'Prime Minister Justin Trudeau visited Ottawa.\n\n"We are ready," Trudeau said.'
    strict = Pipeline(settings_from(min_confidence=0.99)).analyze(text)
    q = next(q for q in strict.quotes if "ready" in q.content_text)
    assert q.speaker.name is None
    assert q.speaker.mention is not None and q.speaker.mention.text == "Trudeau"


TITLED = [
    # a title inside what the tagger calls an organisation makes a person
    ("Wet'suwet'en Hereditary Chief Na'moks spoke to the crowd on Monday.\n\n\"We are not there "
     "yet,\" Na'moks said.", "not there yet", "Na'moks"),
    ('Bank of Canada Governor Stephen Poloz spoke.\n\n"Rates stay," Poloz said.', "Rates stay",
     "Stephen Poloz"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "marker", "expected"), TITLED)
def test_a_titled_name_is_a_person(
    pipeline: Pipeline, text: str, marker: str, expected: str
) -> None:
    assert speaker_of(pipeline.analyze(text), marker) == expected


ONE_PERSON = [
    # a wire story's line break inside a name; the surname tagged as a place
    ('U.S. Trade Representative Clayton\nYeutter met Japanese officials.\n\n"We will act," '
     "Yeutter said.", "Clayton Yeutter"),
    # a two-word short form of a longer full name
    ('Belgian Foreign Trade Minister Herman De Croo spoke.\n\n"It is serious," De Croo said.',
     "Herman De Croo"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "name"), ONE_PERSON)
def test_a_short_form_is_the_same_person(pipeline: Pipeline, text: str, name: str) -> None:
    a = pipeline.analyze(text)
    people = [e.name for e in a.entities if e.type == "person"]
    assert people == [name]
    assert [q.speaker.name for q in a.quotes] == [name]


def test_a_role_does_not_swallow_a_given_name(pipeline: Pipeline) -> None:
    text = 'U.S. Trade Representative Clayton Yeutter met officials.\n\n"We act," Yeutter said.'
    roles = [r.text for e in pipeline.analyze(text).entities for r in e.roles]
    assert not any("Clayton" in r for r in roles), roles


APPOSITIONS_AND_DOCUMENTS = [
    ('Andre Campbell runs the shop.\n\n"Most places print more," said Campbell\'s partner, '
     "Jason Louth.", "print more", "Jason Louth"),
    # a name after a preposition is not in apposition: the brother is not Seth Jones
    ('Seth Jones scored twice.\n\n"It was fun," said the rookie, younger brother of Seth Jones.',
     "It was fun", None),
    # the model hangs the name on the description's last noun ("Seal"): still the speaker
    ("Keeper of the Ruler's Seal, Syed Danial Syed Ahmad, said the council met on Monday.",
     "council met", "Syed Danial Syed Ahmad"),
    # but a name after a person noun there names that person, not the speaker
    ("The father of the victim, Jane Doe, said the police had failed the family.",
     "police had failed", None),
    # a statement speaks for its author
    ('Jody Wilson-Raybould resigned on Tuesday.\n\n"Justice must be free," her statement said.',
     "must be free", "Jody Wilson-Raybould"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "marker", "expected"), APPOSITIONS_AND_DOCUMENTS)
def test_appositions_and_documents(
    pipeline: Pipeline, text: str, marker: str, expected: str | None
) -> None:
    assert speaker_of(pipeline.analyze(text), marker) == expected


def test_text_output_and_min_confidence_on_the_command_line(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text(
        'Prime Minister Justin Trudeau visited Ottawa.\n\n"We are ready," Trudeau said.\n\n'
        '"It will pass," a senior official said.\n',
        encoding="utf-8",
    )
    text = CliRunner().invoke(main, ["extract", str(article), "--format", "text"])
    assert text.exit_code == 0, text.output
    assert "unnamed: a senior official" in text.output
    assert "Justin Trudeau" in text.output
    strict = CliRunner().invoke(main, ["extract", str(article), "--min-confidence", "0.99"])
    speakers = [q["speaker"] for q in json.loads(strict.stdout)["quotes"]]
    assert len(speakers) == 2  # the quotes stay
    assert all(s["name"] is None for s in speakers)
    assert {s["mention"]["text"] for s in speakers} == {"Trudeau", "a senior official"}


RUBRICS_AND_GROUPS = [
    # a wire rubric in capitals is no speaker: the paragraph's own cue speaks
    ("Markets fell.\n\nEARNINGS: Samsung Electronics Co. said it posted a drop in operating "
     "profit for the quarter.", "drop in operating", "Samsung Electronics Co."),
    ("Stocks rose.\n\nFED TALK: With pressures rising, Federal Reserve Chair Jerome Powell said "
     "the central bank would be patient.", "would be patient", "Jerome Powell"),
    # a coordinated subject is two speakers: neither is named alone
    ('Nick Sandmann spoke on Monday. Nathan Phillips spoke too.\n\nBoth Sandmann and Phillips '
     "have said they were trying to keep the peace.", "keep the peace", None),
    # a name in apposition to a description, whatever the head's tag
    ("One red-state Democrat, Montana Sen. Jon Tester, said Sunday that the wall would not be "
     "paid for.", "would not be", "Jon Tester"),
    ('"I do not think he would be doing it," says Wise\'s dad, Darrin.', "doing it", "Darrin"),
    # a place in apposition to a role with no possessor stays a place
    ('"It was a great day for us," said the mayor, Canada.', "great day", None),
    # a titled name the tagger reads as an organisation speaks as the person
    ("But Wet'suwet'en Hereditary Chief Na'moks said he did not consider those actions to be "
     "threatening.", "threatening", "Na'moks"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "marker", "expected"), RUBRICS_AND_GROUPS)
def test_rubrics_groups_and_appositions(
    pipeline: Pipeline, text: str, marker: str, expected: str | None
) -> None:
    assert speaker_of(pipeline.analyze(text), marker) == expected


def test_a_transcript_label_still_speaks(pipeline: Pipeline) -> None:
    # a speaker in capitals who talks in the first person is a transcript's speaker, not a rubric
    a = pipeline.analyze("WALLACE: Let us start with the wall, because I said it before.")
    assert [q.speaker.mention.text for q in a.quotes if q.speaker.mention] == ["WALLACE"]


ORGANISATION_FORMS = [
    # a legal suffix and a one-word short form are the same company
    ("Samsung Electronics posted a loss. Samsung Electronics Co. shares fell.\n\n"
     '"Demand is weak," Samsung said.', "Demand is weak", "Samsung Electronics"),
    # two companies that share the first word: the short form joins neither
    ("Samsung Electronics posted a loss. Samsung Heavy Industries posted a gain.\n\n"
     '"Demand is weak," Samsung said.', "Demand is weak", "Samsung"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "marker", "expected"), ORGANISATION_FORMS)
def test_an_organisation_short_form(
    pipeline: Pipeline, text: str, marker: str, expected: str | None
) -> None:
    assert speaker_of(pipeline.analyze(text), marker) == expected


DESCRIPTIONS_AND_CAPTIONS = [
    # a description whose one candidate was named just before is that person
    ('Tom Walker builds electric vans in Aachen.\n\n"I don\'t know any carmaker that makes '
     'money here," the lanky, bespectacled professor said.', "makes money", "Tom Walker"),
    ('Trudeau made the comments during a town hall on Thursday. The prime minister said he was '
     '"deeply concerned" about the comments.', "deeply concerned", "Trudeau"),
    # with another person named there, the latest subject is only a guess: no name
    ('Tom Walker builds electric vans in Aachen. Anna Berg runs the plant.\n\n"I don\'t know '
     'any carmaker that makes money here," the lanky, bespectacled professor said.',
     "makes money", None),
    # two people share the surname: a bare "Jones" before the description may be either
    ('Caleb Jones and Seth Jones play for the team. Jones scored his first goal.\n\n"I will '
     'have a little smile," said the rookie defenceman.', "little smile", None),
    # the latest subject, and no other person named since: a rival only in an object ("met
    # Stan Lee") does not make it a guess
    ('Andre Campbell draws comics. He once met Stan Lee in Mexico.\n\n"Every publisher '
     'rejected me," says Campbell. Campbell has cerebral palsy, which makes drawing hard. "I '
     'wanted to show that anyone can do anything," says the bow-tied maverick.',
     "anyone can do", "Andre Campbell"),
    # with the partner named in between, "the affable proprietor" may be either: no name
    ('Alfonso Espinos runs the shop.\n\n"Most places print more," says Campbell\'s partner, '
     'Jason Louth. The minimum is one copy. "We print one for the shelf and one for you," says '
     "the affable proprietor.", "one for the shelf", None),
    # a plural description is a group, never the subject before it
    ("Mark Norman was charged last year.\n\nNorman's lawyers said the case was political.",
     "case was political", None),
    # a description that names its company is someone known: it does not look ahead
    ('"We dedicate ourselves to local creators," says the 39-year-old founder of Studiocomix '
     'Press.\n\n"Most places will not print anything," says Andre Campbell.', "local creators",
     None),
    # a video's caption names its reporter: "she" is the woman of the prose around it
    ("Wendy Golden lost her son Kody in 2015.\n\nThe fatal consequences of mixing two "
     "medications. The CBC's Richard Cuthbertson tells us about the crisis. 10:43.\n\n"
     '"That\'s why I chose to fight," she says.', "chose to fight", "Wendy Golden"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "marker", "expected"), DESCRIPTIONS_AND_CAPTIONS)
def test_descriptions_and_captions(
    pipeline: Pipeline, text: str, marker: str, expected: str | None
) -> None:
    assert speaker_of(pipeline.analyze(text), marker) == expected


# A name the parse leaves out of a long subject is still who the sentence is about; an
# untagged acronym that speaks is an organisation; a second report in the sentence of an
# "according to" has its own speaker.
SUBJECTS_ACRONYMS_AND_SECOND_REPORTS = [
    ('Ben Myers runs a tenants group.\n\nToronto city councillor and tenants advocate Josh '
     'Matlow told HuffPost Canada the laws favour owners.\n\n"Know your rights," he said.',
     "Know your rights", "Josh Matlow"),
    ("Jason Schultz wrote the report.\n\nDirector, security response at cybersecurity firm "
     "Symantec, Kevin Haley, agreed with this finding.\n\n\"We believe it is the same "
     'group," he confirmed.', "same group", "Kevin Haley"),
    ("According to EHS, the response target is being met in 90 per cent of cases.",
     "response target", "EHS"),
    ("According to EHS, the response target is being met in 90 per cent of cases but Chapman "
     "says that is not what the union is seeing.", "not what the union", "Chapman"),
    # negative: "the threat will continue to evolve" is no second report
    ("According to Haley, the threats were an innovation, and the threat will likely continue "
     "to evolve until it works.", "continue to evolve", "Haley"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "marker", "expected"), SUBJECTS_ACRONYMS_AND_SECOND_REPORTS)
def test_subjects_acronyms_and_second_reports(
    pipeline: Pipeline, text: str, marker: str, expected: str | None
) -> None:
    assert speaker_of(pipeline.analyze(text), marker) == expected
