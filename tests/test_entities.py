"""Entities: one per referent, namesakes apart, roles from titles, appositions and copulas."""

from __future__ import annotations

import pytest

from whosaid.extract.entities import Cluster, EntityIndex, _person_mistagged


def _people(analysis):
    return {e.name: e for e in analysis.entities if e.type == "person"}


def test_surname_joins_full_name(pipeline):
    a = pipeline.analyze("Angela Merkel arrived in Paris. Merkel met the president.")
    people = _people(a)
    assert "Merkel" not in people
    assert [m.text for m in people["Angela Merkel"].mentions] == ["Angela Merkel", "Merkel"]


def test_namesake_introduced_later_keeps_full_name(pipeline):
    a = pipeline.analyze(
        "Kim Jong Un arrived by train. Kim met the governor.\n\n"
        "Kim Jong-dae, a former MP, spoke to reporters.\n\nKim then left for the coast."
    )
    people = _people(a)
    assert {m.text for m in people["Kim Jong-dae"].mentions} == {"Kim Jong-dae"}
    assert sum(m.text == "Kim" for m in people["Kim Jong Un"].mentions) == 2


def test_surname_tagged_as_organisation_is_the_person(pipeline):
    # en_core_web_sm tags this "Myers" as ORG; the article introduced him as a person.
    a = pipeline.analyze(
        "Ben Myers runs a tenants' group in the city.\n\n"
        "Myers said the reasons landlords have all the power is that there is not enough supply."
    )
    assert {(e.name, e.type) for e in a.entities} == {("Ben Myers", "person")}
    assert [q.speaker.name for q in a.quotes] == ["Ben Myers"]


def test_surname_inside_another_kind_of_name_is_the_person(pipeline):
    # the model reads "Scheer told Question Period" as a WORK_OF_ART
    a = pipeline.analyze(
        "Andrew Scheer spoke on Sunday.\n\n"
        '"We cannot be naive about this," Scheer told Question Period host Evan Solomon.'
    )
    assert [q.speaker.name for q in a.quotes] == ["Andrew Scheer"]


def test_speaker_name_read_as_a_work_of_art_is_a_person(pipeline):
    # after a closing quote mark the model tags "Alexei Malashenko" as a WORK_OF_ART
    a = pipeline.analyze(
        '"It could be seen by some as Putin’s success, but in fact it means trouble for Putin," '
        "Alexei Malashenko, a leading Moscow-based Middle East expert, said about the plan."
    )
    assert [q.speaker.name for q in a.quotes] == ["Alexei Malashenko"]
    assert ("Alexei Malashenko", "person") in {(e.name, e.type) for e in a.entities}


def test_a_title_that_is_not_a_speaker_stays_out(pipeline):
    a = pipeline.analyze('She said she had read "War and Peace" twice during the winter.')
    assert "War and Peace" not in {e.name for e in a.entities}


def test_cue_less_quote_continues_across_a_scraper_dot_line(pipeline):
    # GGT's texts have a " ." line between paragraphs; it is removed, not a paragraph
    text = (
        "Andrew Scheer spoke on Sunday.\n .\n "
        '"We cannot be naive about this," Scheer told reporters.\n .\n '
        '"There are a lot of real concerns here.".\n .\n Some of those concerns are old.'
    )
    a = pipeline.analyze(text)
    assert [q.speaker.name for q in a.quotes] == ["Andrew Scheer", "Andrew Scheer"]
    assert {r.reason for r in a.removed} == {"no words"}
    assert all(text[p.start : p.end] != "." for p in a.paragraphs)


PERSON = Cluster(id="e1", name="Doug McCallum", type="person", first=0)
MISTAGGED = [
    ("McCallum", "organization", "Doug McCallum"),  # a bare surname tagged ORG
    ("Doug", "other", "Doug McCallum"),  # or a given name tagged NORP
    ("Doug McCallum", "organization", "Doug McCallum"),  # the full name
    ("McCallum", "place", None),  # places keep their type ("Washington", "Jordan")
    ("Surrey", "organization", None),  # a name the person does not carry
    ("McCallum Group", "organization", None),  # an organisation named after someone
]


@pytest.mark.parametrize(("name", "type_", "person"), MISTAGGED)
def test_person_mistagged(name, type_, person):
    index = EntityIndex(clusters=[PERSON])
    owner = _person_mistagged(index, name, type_, at=100)
    assert (owner.name if owner else None) == person


ROLES = [
    (
        "State Department spokesman Matthew Miller said nothing.",
        "Matthew Miller",
        "State Department spokesman",
    ),
    (
        "Sara Lind, a senior analyst at the bank, left early.",
        "Sara Lind",
        "a senior analyst at the bank",
    ),
    (
        "Yi So-Yeon became the first Korean sent into space.",
        "Yi So-Yeon",
        "the first Korean sent into space",
    ),
    ("Defence Minister Sergei Shoigu attended the talks.", "Sergei Shoigu", "Defence Minister"),
]


@pytest.mark.parametrize(("text", "person", "role"), ROLES)
def test_roles(pipeline, text, person, role):
    people = _people(pipeline.analyze(text))
    assert role in {r.text for r in people[person].roles}


def test_no_role_from_a_plain_name(pipeline):
    people = _people(pipeline.analyze("Yesterday John Smith walked to the shop."))
    assert people["John Smith"].roles == ()


# (text, name, type): a name as the article means it, whatever the tagger read
MISREAD_NAMES = [
    # a full name in apposition with a person noun is a person (the model says ORG)
    ("Tatiana Stanovaya, an independent political expert who writes about the Kremlin, noted "
     "that Putin will not budge.", "Tatiana Stanovaya", "person"),
    # a full name read as a place, whose bare surname the model reads as a person
    ("The young goalie made 24 saves and Nino Niederreiter scored twice as the Carolina "
     "Hurricanes defeated the Vancouver Canucks 5-2 on Wednesday night.\n\nNiederreiter has "
     "four goals since Minnesota traded him to Carolina last week.\n\n\"They are great "
     'playmakers," Niederreiter said.', "Nino Niederreiter",
     "person"),
    # the possessive written with an opening quote mark is no part of the name
    ("With the cameras rolling, Donald Trump‘s aides watched.", "Donald Trump", "person"),
    # an age written against the name is no part of it
    ("Khaled Belkacemi,60, was one of the victims.", "Khaled Belkacemi", "person"),
    # the model cuts a hyphenated company at the hyphen
    ("SNC-Lavalin was informed in October that it would not be invited to negotiate.",
     "SNC-Lavalin", "organization"),
    # a heading's capitals are not the name: the prose's "Japan" is
    ("JAPAN ECONOMY: On Wednesday, Japan said its core machinery orders were flat.", "Japan",
     "place"),
    # negative: an organisation that speaks is still an organisation
    ('"Demand is weak," Samsung Electronics posted on Monday.', "Samsung Electronics",
     "organization"),
    # negative: an apposition calling it a group keeps it an organisation
    ("Rally Canada, the group that organized the event, said the survey was flawed.\n\n"
     "Rally Canada said people were not heard.", "Rally Canada", "organization"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "name", "type_"), MISREAD_NAMES)
def test_names_the_tagger_misreads(pipeline, text, name, type_):
    entities = {(e.name, e.type) for e in pipeline.analyze(text).entities}
    assert (name, type_) in entities
    assert not any(n == name and t != type_ for n, t in entities), entities
