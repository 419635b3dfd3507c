"""Entities: one per referent, namesakes apart, roles from titles, appositions and copulas."""

from __future__ import annotations

import pytest


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
