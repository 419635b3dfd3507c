"""What a span the tagger marked is as a name: its bounds, its canonical form, and whether it
names a person whatever the tagger's label (``entities`` groups the names into referents).

The small English model misreads many names: a full name as an organisation or a place
("Tatiana Stanovaya", "Nino Niederreiter"), a hyphenated company cut at the hyphen ("SNC" of
"SNC-Lavalin"), a possessive or an age kept in the name. The rules here read the article's
own evidence (an apposition, a speech verb, the same surname tagged as a person) rather than
lists of given names, which guess.
"""

from __future__ import annotations

import re

from spacy.tokens import Span as SpacySpan

from whosaid.annotate.nlp import Parsed
from whosaid.extract import lexicon as lx
from whosaid.model import EntityType

# "’s" and "'s", and "‘s" as scrapers sometimes write it ("Donald Trump‘s")
_POSSESSIVE = re.compile(r"(?:'s|’s|‘s|'|’)$")
# An age the tagger took into the name when the comma has no space after it ("Khaled
# Belkacemi,60")
_TRAILING_AGE = re.compile(r",\s?\d{1,3}$")
# A name the tagger cut at a hyphen ("SNC" of "SNC-Lavalin"): the capitalised rest of the word
_HYPHENATED_REST = re.compile(r"(?:-[A-Z][\w]*)+")


def normalise_name(text: str) -> str:
    """A name as the entity's canonical form: no possessive, honorific or surrounding space."""
    words = _POSSESSIVE.sub("", text.strip()).split()
    while words and words[0].lower() in lx.HONORIFICS:
        words = words[1:]
    if words and words[0].lower() == "the":
        words = words[1:]
    return " ".join(words)


def strip_titles(name: str) -> str:
    """A person's name without the titles a tagger sometimes includes ("Accountant Tom Farley",
    "President Putin" -> "Putin"); a name is never reduced to nothing."""
    words = name.split()
    while len(words) > 1 and (
        words[0].lower().rstrip(".") in lx.TITLE_WORDS or words[0].lower() in lx.PERSON_NOUNS
    ):
        words = words[1:]
    return " ".join(words)


def name_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """A tagged name's offsets without a possessive or an age the tagger took in, and over the
    whole of a hyphenated name it cut ("SNC-Lavalin")."""
    if text[start:end].endswith(("'s", "’s", "‘s")):
        end -= 2
    age = _TRAILING_AGE.search(text, start, end)
    if age is not None and age.start() > start:
        end = age.start()
    rest = _HYPHENATED_REST.match(text, end)
    if rest is not None:
        end = rest.end()
    return start, end


def speaks(ent: SpacySpan) -> bool:
    """Whether the name is the subject of a speech verb ("Stanovaya noted that ...")."""
    root = ent.root
    return root.dep_ == "nsubj" and root.head.lemma_ in lx.SPEECH_VERBS


def one_word_places(parsed: list[Parsed]) -> frozenset[str]:
    """The words the article's tagger reads, alone, as a country, city or region."""
    return frozenset(
        ent.text.lower()
        for para in parsed
        for ent in para.ents
        if ent.label_ in ("GPE", "LOC") and len(ent) == 1
    )


def person_like(name: str, places: frozenset[str]) -> bool:
    """Two or three capitalised words, none an organisation's, a title's or a role's word,
    nor a word the article uses alone as a place: the shape of a person's full name
    ("Tatiana Stanovaya"; not "Dixon Hall Group", nor "Rally Canada" beside "Canada")."""
    words = name.split()
    return (
        2 <= len(words) <= 3
        and all(given_or_surname(w) for w in words)
        and not any(w.lower() in places for w in words)
    )


def mistagged_people(text: str, parsed: list[Parsed], places: frozenset[str]) -> set[str]:
    """Full names the tagger read as an organisation or a place that name a person: a name
    with the shape of a person's that stands in apposition with a person noun somewhere
    ("Tatiana Stanovaya, an independent political expert ..., noted"), or that speaks where
    the tagger took it for a place (organisations speak too: "Samsung Electronics posted"),
    and that no apposition anywhere calls an organisation ("Rally Canada, the group ...")."""
    people: set[str] = set()
    organisations: set[str] = set()
    for para in parsed:
        for ent in para.ents:
            if ent.label_ not in ("ORG", "NORP", "GPE", "FAC", "LOC"):
                continue
            start, end = name_bounds(text, para.offset + ent.start_char, para.offset + ent.end_char)
            name = normalise_name(text[start:end])
            described = {c.lemma_.lower() for c in ent.root.children if c.dep_ == "appos"}
            if described & lx.ORG_NOUNS:
                organisations.add(name)
            elif person_like(name, places) and (
                described & lx.PERSON_NOUNS or (speaks(ent) and ent.label_ != "ORG")
            ):
                people.add(name)
    return people - organisations


def full_names_of_bare_people(
    others: list[tuple[int, int, str, EntityType, bool]],
    people: list[tuple[int, int, str]],
    places: frozenset[str],
) -> list[tuple[int, int, str]]:
    """A full name the tagger read as a place or an organisation ("Nino Niederreiter" as a
    place) whose last word it reads elsewhere, alone, as a person ("Niederreiter") is that
    person's full name: the bare name then joins it, as any surname joins its full name."""
    bare = {n.lower() for _, _, n in people if len(n.split()) == 1}
    return [
        (s, e, n)
        for s, e, n, _t, _sp in others
        if person_like(n, places) and n.split()[-1].lower() in bare
    ]


def titled_person(text: str, start: int, end: int, name: str) -> tuple[int, int, str] | None:
    """A name that carries a title is a person, whatever the tagger says: the small model reads
    "Wet'suwet'en Hereditary Chief Na'moks" or "Bank of Canada Governor Stephen Poloz" as an
    organisation. The person is the one to three capitalised words after the last title word
    (offsets narrowed to them); a title followed by more titles or organisation words ("Chief
    Executive Officer", "President's Office") is no person."""
    words = name.split()
    titles = [i for i, w in enumerate(words[:-1]) if w[:1].isupper() and _is_title(w)]
    if not titles:
        return None
    rest = words[titles[-1] + 1 :]
    if not 1 <= len(rest) <= 3 or not all(given_or_surname(w) for w in rest):
        return None
    person = " ".join(rest)
    at = text.rfind(person, start, end)
    return (at, at + len(person), person) if at >= 0 else None


def _is_title(word: str) -> bool:
    return word.lower().rstrip(".") in lx.TITLE_WORDS and not word.endswith(("'s", "’s"))


def given_or_surname(word: str) -> bool:
    lower = word.lower().rstrip(".")
    return (
        word[:1].isupper()
        and not word.isupper()
        and any(ch.isalpha() for ch in word)
        and lower not in lx.TITLE_WORDS
        and lower not in lx.ROLE_NOUNS
        and lower not in lx.ORG_NOUNS
        and lower not in lx.NOT_GIVEN_NAMES
    )


def speaking_name(ent: SpacySpan) -> EntityType | None:
    """A person's name the model took for a title of a work or an event: after a closing quote
    mark the small English model reads '," Alexei Malashenko, a leading expert, said' as a
    WORK_OF_ART. Two to four capitalised proper nouns that are the subject of a speech verb
    name a person."""
    words = [t for t in ent if not t.is_punct]
    if not 2 <= len(words) <= 4 or not all(t.pos_ == "PROPN" and t.is_title for t in words):
        return None
    root = ent.root
    if root.dep_ == "nsubj" and root.head.lemma_ in lx.SPEECH_VERBS:
        return "person"
    return None
