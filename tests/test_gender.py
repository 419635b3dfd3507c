"""Gender from the article itself: honorifics, gendered role nouns, pronouns in one sentence;
and "she" not resolved to a man the article made plain."""

from __future__ import annotations

import pytest

from whosaid.annotate.nlp import parse
from whosaid.clean.text import clean
from whosaid.extract.entities import find_entities
from whosaid.extract.gender import article_genders
from whosaid.extract.roles import find_roles


def genders(pipeline, text: str) -> dict[str, str | None]:
    body = clean(text)
    parsed = parse(pipeline.nlp, text, body.paragraphs)
    index = find_entities(text, parsed)
    find_roles(text, parsed, index)
    found = article_genders(text, parsed, index)
    return {c.name: found.get(c.id) for c in index.clusters if c.type == "person"}


GENDERS = [
    ("Mr. John Smith arrived late.", "John Smith", "m"),
    ("Ms Jane Ortiz arrived late.", "Jane Ortiz", "f"),
    ("Jane Ortiz, a spokeswoman for the council, arrived late.", "Jane Ortiz", "f"),
    ("Council chairman Sam Berg arrived late.", "Sam Berg", "m"),
    ("Sam Lee said his team had won.", "Sam Lee", "m"),
    ("Sam Lee said her team had won.", "Sam Lee", "f"),
    # no evidence, or evidence that does not single the person out: unknown
    ("Sam Lee arrived late.", "Sam Lee", None),
    ("Sam Lee told Alex Moss that she would go.", "Sam Lee", None),
    ('Sam Lee said: "She told me to go."', "Sam Lee", None),  # a pronoun inside a quotation
    ("Sam Lee said his team won. Sam Lee later said her team won.", "Sam Lee", None),
]


@pytest.mark.parametrize(("text", "person", "gender"), GENDERS)
def test_article_genders(pipeline, text, person, gender):
    assert genders(pipeline, text)[person] == gender


def test_she_is_not_the_man_who_spoke_last(pipeline):
    text = (
        "Ms. Anna Keller, the finance minister, introduced the plan on Monday.\n\n"
        "Tom Berg criticised it, saying his union had not been consulted.\n\n"
        '"It is the right plan for the country," she said.'
    )
    a = pipeline.analyze(text)
    assert [q.speaker.name for q in a.quotes if q.speaker.mention.text == "she"] == ["Anna Keller"]
