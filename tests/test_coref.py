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
