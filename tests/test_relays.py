"""Relays and addressees (``extract.relays``) as (text, expected) tables, with negative cases.

Each expected entry is (a fragment of the quote's content, speaker name or None, via names in
chain order, addressee name or None).
"""

from __future__ import annotations

import pytest

from whosaid.extract.relays import _name, named_outlets
from whosaid.model import Article
from whosaid.pipeline import Pipeline

CASES = [
    # "X, quoted by Y, said": Y relays it
    (
        "Saudi Oil Minister Hisham Nazer, quoted by SPA, said recent pressure on free market "
        'prices "may be because of the end of the winter season."',
        ("recent pressure on free market prices", "Hisham Nazer", ["SPA"], None),
    ),
    # "X was quoted by the local daily Y as saying that": the passive, the daily's own name
    (
        "Sheikh Ali al-Khalifa al-Sabah was quoted by the local daily al-Qabas as saying that "
        "none of the OPEC members had asked for such a meeting.",
        ("none of the OPEC members had asked", "Ali al-Khalifa al-Sabah", ["al-Qabas"], None),
    ),
    # "Y reported, citing X, that": X said it, Y relays it; the citation is not content
    (
        "The Kyodo news agency reported, citing Finance Minister Kiichi Miyazawa, that Japan "
        "would not intervene in the currency markets.",
        ("Japan would not intervene", "Kiichi Miyazawa", ["Kyodo"], None),
    ),
    # two agencies in a chain: nearest the speaker first
    (
        "Yonhap, citing KCNA, said Kim Jong Un would visit Moscow next month to meet the "
        "Russian president.",
        ("Kim Jong Un would visit Moscow", None, ["KCNA", "Yonhap"], None),
    ),
    # the addressee of an email
    (
        '"We have no plans to close the plant this year," John Smith, a company spokesman, '
        "said in an email to The Associated Press.",
        ("We have no plans to close the plant", "John Smith", [], "Associated Press"),
    ),
    # "when contacted by Reuters": Reuters is the addressee, not a relay
    (
        '"The talks went well and we expect a deal," Trade Minister Ana Silva said when '
        "contacted by Reuters.",
        ("The talks went well", "Ana Silva", [], "Reuters"),
    ),
    # "per NPR's Feng": NPR relays it
    (
        "The vote will be close, per NPR's Feng, who said \"nobody knows how the senators will "
        'vote."',
        ("nobody knows how the senators", None, ["NPR"], None),
    ),
    # negative: "citing" a reason is not a relay
    (
        "Analyst Roy Burry said the shares would rise, citing an improved profit outlook for "
        "the snack business.",
        ("", None, [], None),
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_relays_and_addressees(pipeline: Pipeline, text: str, expected: tuple) -> None:
    fragment, speaker, via, addressee = expected
    quotes = pipeline.analyze(Article(text=text)).quotes
    q = next((q for q in quotes if fragment in q.content_text), None)
    assert q is not None, [x.content_text for x in quotes]
    if speaker is not None:
        assert q.speaker.name == speaker
    assert [p.name for p in q.via] == via
    assert (q.addressee.name if q.addressee else None) == addressee
    assert all("\n" not in p.name for p in [*q.via, *([q.addressee] if q.addressee else [])])


def test_told_the_official_news_agency_is_the_agency_the_story_names(pipeline: Pipeline) -> None:
    text = (
        "Deputy foreign trade minister Janusz Kaczurba told the official news agency that "
        "making up the lost position would take a long time.\n\nThe official news agency PAP "
        "said exports fell in January."
    )
    q = next(
        q for q in pipeline.analyze(Article(text=text)).quotes if "lost position" in q.content_text
    )
    assert q.addressee is not None and q.addressee.name == "PAP"


def test_an_unnamed_agency_stays_a_description(pipeline: Pipeline) -> None:
    text = (
        "Deputy foreign trade minister Janusz Kaczurba told the official news agency that "
        "making up the lost position would take a long time."
    )
    q = next(
        q for q in pipeline.analyze(Article(text=text)).quotes if "lost position" in q.content_text
    )
    assert q.addressee is not None and q.addressee.name == "official news agency"


NAMES = [
    ("the local daily al-Qabas", "al-Qabas"),
    ("the Irish magazine Business and Finance", "Business and Finance"),
    ("the official PAP news agency", "PAP"),
    ("the China Daily", "China Daily"),
    ("the official\nnews agency", "official news agency"),
    ("SPA", "SPA"),
]


@pytest.mark.parametrize(("phrase", "expected"), NAMES)
def test_outlet_name_from_phrase(phrase: str, expected: str) -> None:
    assert " ".join(_name(phrase, []).split()) == expected


OUTLETS = [
    ("The official news agency PAP said so.", ["PAP"]),
    ("the Kuwait news agency KUNA reported", ["KUNA"]),
    ("the Asahi newspaper said", ["Asahi"]),
    ("The agency said nothing.", []),
]


@pytest.mark.parametrize(("text", "expected"), OUTLETS)
def test_named_outlets(text: str, expected: list[str]) -> None:
    assert named_outlets(text) == expected
