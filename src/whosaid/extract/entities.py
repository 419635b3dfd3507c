"""People, organisations and places: spaCy's named entities, grouped into one entity per referent.

Grouping is ours (no offline coreference package exists): a full name is the canonical form, a
bare surname or given name joins the full name it belongs to, and a namesake stays apart. The
rule for namesakes follows how news is written: a writer who introduces a second "Kim" keeps using
his full name, while the first "Kim" owns the bare "Kim". So a short form goes to the person it
already went to, else to the earliest full name it fits.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import accumulate

from whosaid.annotate.nlp import Parsed
from whosaid.extract import lexicon as lx
from whosaid.extract.names import (
    full_names_of_bare_people,
    mistagged_people,
    name_bounds,
    normalise_name,
    one_word_places,
    speaking_name,
    speaks,
    strip_titles,
    titled_person,
)
from whosaid.model import EntityType

LABELS: dict[str, EntityType] = {
    "PERSON": "person",
    "ORG": "organization",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "NORP": "other",
}
# Entity kinds whose tokens may still be a person's name the tagger misread (none: untagged);
# dates, numbers and the kinds kept above never are.
_MAY_HOLD_A_NAME = frozenset({"", "WORK_OF_ART", "EVENT", "PRODUCT", "LAW"})


@dataclass(slots=True)
class Cluster:
    """One referent and the places the article names it."""

    id: str
    name: str
    type: EntityType
    mentions: list[tuple[int, int]] = field(default_factory=list)
    roles: list[tuple[int, int]] = field(default_factory=list)
    short: set[str] = field(default_factory=set)  # bare names that have been used for it
    first: int = 0

    @property
    def tokens(self) -> list[str]:
        return self.name.split()


@dataclass(slots=True)
class EntityIndex:
    """Clusters, and a lookup from each named mention's offsets to its cluster."""

    clusters: list[Cluster] = field(default_factory=list)
    by_offsets: dict[tuple[int, int], Cluster] = field(default_factory=dict)
    # Lookups kept beside the lists so that no step scans every cluster or mention for each
    # token of a long article (that was quadratic): full-name people by their first or last
    # word, clusters by (type, lower-case name), and the mentions sorted for ``at``.
    _people_by_word: defaultdict[str, list[Cluster]] = field(
        default_factory=lambda: defaultdict(list)
    )
    _by_name: dict[tuple[EntityType, str], Cluster] = field(default_factory=dict)
    _indexed: int = 0  # how many of ``clusters`` the two lookups above hold
    _sorted: tuple[int, list[int], list[int], list[Cluster]] = (-1, [], [], [])
    _by_span: tuple[int, list[tuple[int, int]]] = (-1, [])

    def at(self, start: int, end: int) -> Cluster | None:
        """The cluster of a named mention overlapping [start, end), the leftmost first."""
        _, starts, reach, owners = self._mentions_sorted()
        # reach[i] is the furthest end among the first i+1 mentions by start, so the first
        # mention ending after ``start`` is the first i whose reach passes it: O(log mentions)
        i = bisect_right(reach, start)
        return owners[i] if i < len(starts) and starts[i] < end else None

    def _mentions_sorted(self) -> tuple[int, list[int], list[int], list[Cluster]]:
        """Mentions by start (ties: the order they were added), rebuilt when one was added."""
        if self._sorted[0] != len(self.by_offsets):
            spans = sorted(enumerate(self.by_offsets.items()), key=lambda x: (x[1][0][0], x[0]))
            starts = [a for _, ((a, _b), _c) in spans]
            reach = list(accumulate((b for _, ((_a, b), _c) in spans), max))
            self._sorted = (len(self.by_offsets), starts, reach, [c for _, (_s, c) in spans])
        return self._sorted

    def mentions_within(self, lo: int, hi: int) -> list[tuple[tuple[int, int], Cluster]]:
        """The named mentions inside [lo, hi), by offsets: a binary search, not a scan."""
        if self._by_span[0] != len(self.by_offsets):
            self._by_span = (len(self.by_offsets), sorted(self.by_offsets))
        spans = self._by_span[1]
        first = bisect_left(spans, (lo, lo))
        last = bisect_left(spans, (hi, hi))
        return [(s, self.by_offsets[s]) for s in spans[first:last] if s[1] <= hi]

    def new(self, name: str, type_: EntityType, start: int) -> Cluster:
        c = Cluster(id=f"e{len(self.clusters) + 1}", name=name, type=type_, first=start)
        self.clusters.append(c)
        return c

    def named(self, type_: EntityType, name: str) -> Cluster | None:
        """The first cluster of this type with this name, whatever its case."""
        self._index_new_clusters()
        return self._by_name.get((type_, name.lower()))

    def people_with_word(self, word: str) -> list[Cluster]:
        """People with a full name whose first or last word is ``word``, in order of creation."""
        self._index_new_clusters()
        return self._people_by_word.get(word.lower(), [])

    def _index_new_clusters(self) -> None:
        for c in self.clusters[self._indexed :]:
            self._by_name.setdefault((c.type, c.name.lower()), c)
            if c.type == "person" and len(c.tokens) > 1:
                for word in {c.tokens[0].lower(), c.tokens[-1].lower()}:
                    self._people_by_word[word].append(c)
        self._indexed = len(self.clusters)


def find_entities(text: str, parsed: list[Parsed]) -> EntityIndex:
    """Named people, organisations and places of the article, grouped by referent."""
    index = EntityIndex()
    people, others = _tagged_names(text, parsed)
    _group_people(index, people)
    for start, end, name, type_, spoke in others:
        owner = _person_mistagged(index, name, type_, start, spoke) or _longer_organisation(
            index, name, type_
        )
        if owner is None:
            _add_named(index, name, type_, start, end)
        else:
            owner.mentions.append((start, end))
            index.by_offsets[(start, end)] = owner
    _missed_surnames(text, parsed, index)
    _full_names_of_surnames(text, index)
    # number entities in order of first mention, so ids read naturally (e1 is named first)
    index.clusters.sort(key=lambda c: min(a for a, _ in c.mentions))
    for n, c in enumerate(index.clusters, 1):
        c.id = f"e{n}"
    return index


Named = tuple[int, int, str]  # start, end, canonical name
# ... and its type, and whether that mention is the subject of a speech verb
Other = tuple[int, int, str, EntityType, bool]


def _tagged_names(text: str, parsed: list[Parsed]) -> tuple[list[Named], list[Other]]:
    """The tagger's names as people and others, each read as the article means it (see
    ``names``): a titled name, a misread full name and its bare surname's full form are
    people whatever the label."""
    people: list[Named] = []
    others: list[Other] = []
    places = one_word_places(parsed)
    speaking = mistagged_people(text, parsed, places)
    for para in parsed:
        for ent in para.ents:
            type_ = LABELS.get(ent.label_) or speaking_name(ent)
            if type_ is None:
                continue
            start, end = name_bounds(text, para.offset + ent.start_char, para.offset + ent.end_char)
            name = normalise_name(text[start:end])
            if not name or not any(ch.isalpha() for ch in name):
                continue
            titled = None if type_ == "person" else titled_person(text, start, end, name)
            if titled is not None:
                people.append(titled)
            elif type_ == "person" or name in speaking:
                people.append((start, end, strip_titles(name)))
            else:
                others.append((start, end, name, type_, speaks(ent)))
    moved = set(full_names_of_bare_people(others, people, places))
    return people + sorted(moved), [o for o in others if (o[0], o[1], o[2]) not in moved]


def _add_named(index: EntityIndex, name: str, type_: EntityType, start: int, end: int) -> None:
    cluster = index.named(type_, name)
    if cluster is None:
        cluster = index.new(name, type_, start)
    elif cluster.name.isupper() and not name.isupper():
        cluster.name = name  # "Japan", not the heading's "JAPAN ECONOMY:"
    cluster.mentions.append((start, end))
    index.by_offsets[(start, end)] = cluster


def _group_people(index: EntityIndex, people: list[tuple[int, int, str]]) -> None:
    full = [(s, e, n) for s, e, n in people if len(n.split()) > 1]
    # full names first, in order of appearance, so the earliest full name is known for each
    # short form whatever the order of mentions
    for s, e, n in sorted(full, key=lambda f: (-len(f[2].split()), f[0])):
        longer = _longer_name_of(index, n)
        if longer is not None:  # "De Croo" after "Herman De Croo"; "Harden Bradford"
            longer.mentions.append((s, e))
            index.by_offsets[(s, e)] = longer
            continue
        _add_named(index, n, "person", s, e)
    for s, e, n in sorted(people):
        if len(n.split()) > 1:
            continue
        owner = _owner_of_short(index, n, s)
        if owner is None:
            _add_named(index, n, "person", s, e)
            continue
        owner.short.add(n.lower())
        owner.mentions.append((s, e))
        index.by_offsets[(s, e)] = owner


def _longer_name_of(index: EntityIndex, name: str) -> Cluster | None:
    """The one person whose full name ends with the multi-word ``name`` and is longer: the
    article's later short form of a name ("De Croo" for "Herman De Croo"). None when no
    person or more than one fits (two people sharing a surname stay apart)."""
    words = name.lower().split()
    fits = [
        c
        for c in index.clusters
        if c.type == "person"
        and len(c.tokens) > len(words)
        and [t.lower() for t in c.tokens[-len(words) :]] == words
    ]
    return fits[0] if len(fits) == 1 else None


def _person_mistagged(
    index: EntityIndex, name: str, type_: EntityType, at: int, speaks: bool = False
) -> Cluster | None:
    """The person a name tagged as an organisation or a group really names: the small English
    model often tags a bare surname as ORG ("McCallum said", "Haley explained"), which would
    leave the person's later pronouns and quotes without their name. A name the article gave
    as a person's surname, or as a person's full name, is that person. Places are left alone
    unless the name speaks ("Stanovaya said", tagged a building): "Washington" or "Jordan" as
    a place is far more common than as a surname in news, but a place does not say things."""
    if type_ == "place" and speaks and len(name.split()) == 1:
        return _owner_of_short(index, name, at)
    if type_ not in ("organization", "other"):
        return None
    if len(name.split()) == 1:
        return _owner_of_short(index, name, at)
    return index.named("person", name)


def _longer_organisation(index: EntityIndex, name: str, type_: EntityType) -> Cluster | None:
    """The organisation an article names again in a shorter form: "Samsung Electronics Co."
    after "Samsung Electronics" (a legal suffix is no other company), and "Samsung said" after
    either (a one-word form that is the first word of the earlier name). With two different
    organisations that fit, neither."""
    if type_ != "organization":
        return None
    key = organisation_key(name)
    one_word = len(key.split()) == 1
    fits = [
        c
        for c in index.clusters
        if c.type == "organization"
        and (
            organisation_key(c.name) == key
            or (one_word and len(c.tokens) > 1 and c.tokens[0].lower() == key)
        )
    ]
    if not fits or len({organisation_key(c.name) for c in fits}) > 1:
        return None
    return fits[0]


def organisation_key(name: str) -> str:
    """An organisation's name without case and a trailing legal suffix ("TransCanada Corp."
    -> "transcanada")."""
    words = name.lower().split()
    while len(words) > 1 and words[-1].rstrip(".,") in lx.CORPORATE_SUFFIXES:
        words.pop()
    return " ".join(words)


def owner_of_short(index: EntityIndex, short: str, at: int) -> Cluster | None:
    """The person a bare given name or surname at ``at`` belongs to (see the module's rule)."""
    return _owner_of_short(index, short, at)


def _owner_of_short(index: EntityIndex, short: str, at: int) -> Cluster | None:
    key = short.lower()
    fits = index.people_with_word(key)
    if not fits:
        return None
    owners = [c for c in fits if key in c.short]
    if owners:
        return owners[0]
    # prefer full names introduced before the short form; a short form before any full name
    # (a lede's "Putin") goes to the first full name that fits
    earlier = [c for c in fits if c.first <= at]
    return min(earlier or fits, key=lambda c: c.first)


def _missed_surnames(text: str, parsed: list[Parsed], index: EntityIndex) -> None:
    """A bare surname the tagger missed ("Merkel met ..." at a sentence start) or put inside
    another kind of name is still a mention of the person whose full name the article gave."""
    # The names already taken, sorted by start with the furthest end reached so far, so that a
    # token's overlap is one binary search rather than a scan of every name (quadratic before).
    # Tokens never overlap one another, so the names added below need not be looked up.
    taken = sorted(index.by_offsets)
    starts = [a for a, _ in taken]
    reach = list(accumulate((b for _, b in taken), max))
    for para in parsed:
        for tok in para.tokens:
            # a name inside a span tagged as something we do not keep counts too: the model
            # reads "Scheer told Question Period" as the title of a work
            if tok.pos_ != "PROPN" or tok.ent_type_ not in _MAY_HOLD_A_NAME or not tok.is_title:
                continue
            start = para.offset + tok.idx
            end = start + len(tok)
            before = bisect_left(starts, end)  # the names starting before this token ends
            if before and reach[before - 1] > start:
                continue
            owner = _owner_of_short(index, tok.text, start)
            if owner is not None:
                owner.mentions.append((start, end))
                index.by_offsets[(start, end)] = owner


_CAPITALISED = r"[A-Z][a-zà-ÿ'’]+(?:-[A-Z][a-zà-ÿ'’]+)?"


def _full_names_of_surnames(text: str, index: EntityIndex) -> None:
    """A person known only by a bare surname ("Stanovaya") whom the article introduced in full
    in a phrase the tagger did not read as a person ("Carnegie's Tatiana Stanovaya") takes the
    full name: whosaid's names are full names. The full form adds the capitalised word right
    before the surname when it is no title ("Senate Leader Chuck Schumer" -> "Chuck Schumer";
    "Chief Na'moks" stays "Na'moks"); a surname written with two first names stays bare."""
    for c in index.clusters:
        if c.type != "person" or len(c.tokens) != 1 or not c.name[:1].isupper():
            continue
        # a wire story's line may break inside a name ("Clayton\nYeutter")
        pattern = rf"\b((?:{_CAPITALISED}\s+){{1,2}}){re.escape(c.name)}\b"
        forms = set()
        for m in re.finditer(pattern, text):
            given = m.group(1).split()[-1]  # the word right before the surname, or none
            lower = given.lower().rstrip(".")
            if not {lower} & (lx.TITLE_WORDS | lx.PERSON_NOUNS | lx.NOT_GIVEN_NAMES):
                forms.add(f"{given} {c.name}")
        if len(forms) == 1:
            c.name = forms.pop()
            _claim_full_name_mentions(text, index, c)


def _claim_full_name_mentions(text: str, index: EntityIndex, person: Cluster) -> None:
    """The surname of "Clayton\nYeutter", tagged on its own as a place, is that person's
    mention wherever the given name stands right before it."""
    given, surname = person.tokens[0], person.tokens[-1]
    for c in list(index.clusters):
        if c is person or c.type == "person" or c.name != surname:
            continue
        for span in [m for m in c.mentions if text[: m[0]].rstrip().endswith(given)]:
            c.mentions.remove(span)
            person.mentions.append(span)
            index.by_offsets[span] = person
        if not c.mentions:
            index.clusters.remove(c)
