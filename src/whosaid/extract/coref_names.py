"""The sieve's name passes (2-3, ``extract/coref.py`` runs them in order): a mention that is
a name, an untagged name, an apposition, a document's author, a name inside the mention."""

from __future__ import annotations

from spacy.tokens import Token

from whosaid.extract import lexicon as lx
from whosaid.extract.coref_records import (
    SPEAKER_TYPES,
    Resolved,
    _described_type,
    _pronoun_antecedent,
    resolved,
)
from whosaid.extract.entities import Cluster, EntityIndex, owner_of_short, strip_titles
from whosaid.extract.quotes import Draft
from whosaid.extract.salience import Salience, Site

# --- passes 2-3: names -------------------------------------------------------------------------


def name_match(tok: Token, offset: int, index: EntityIndex) -> Resolved | None:
    """A mention whose head is a name: that name's entity."""
    head_start = offset + tok.idx
    cluster = index.at(head_start, head_start + len(tok))
    if cluster is None or cluster.type not in SPEAKER_TYPES or not _looks_named(cluster):
        return None
    if cluster.type == "person" and len(cluster.tokens) == 1:
        return resolved(cluster, "name_match_short")  # a bare name: no full name in the article
    return resolved(cluster, "name_match")


def _looks_named(cluster: Cluster) -> bool:
    """A name has a capitalised word; the tagger sometimes calls "rookie defenceman" a PERSON.
    An all-capitals word is a heading label ("ANALYSIS", "FED TALK"), not a speaker's name,
    unless it is a short acronym ("EHS", "PBO")."""
    words = cluster.name.split()
    if not any(w[:1].isupper() for w in words):
        return False
    # words with letters, apostrophes allowed: "Na'moks" is a name, not a label without words
    lettered = [w for w in words if any(ch.isalpha() for ch in w)]
    return not all(w.isupper() and len(w) > 4 for w in lettered)


def name_untagged(tok: Token, d: Draft, index: EntityIndex, salience: Salience) -> Resolved | None:
    """A capitalised name that speaks is a person whatever the tagger says: "Nino Niederreiter"
    read as a place, "Chief Na'moks" inside an organisation, a name left untagged. The name is
    the run of capitalised proper nouns ending at the head, titles dropped; a bare surname joins
    the person the article named in full, and is otherwise left unresolved (not a full name)."""
    # the model reads a rare name as a common noun ("Na'moks said"): such a word may only join
    # a person the article named, never start one
    if tok.pos_ not in ("PROPN", "NOUN") or not tok.text[:1].isupper() or tok.text.isupper():
        return None
    at = d.speaker_offset + tok.idx
    known = index.at(at, at + len(tok))
    if known is not None and (known.type in ("person", "organization") or len(known.tokens) < 2):
        return None  # the tagger's own reading stands, or a one-word place ("Canada said")
    run = [tok]
    for left in reversed(list(tok.lefts)):
        if left.dep_ != "compound" or left.pos_ != "PROPN" or not left.text[:1].isupper():
            break
        run.insert(0, left)
    name = strip_titles(" ".join(t.text for t in run))
    if not name or name.isupper():
        return None
    cluster = _person_named(index, name, at, may_start=tok.pos_ == "PROPN")
    if cluster is None:
        return None
    start = d.speaker_offset + run[0].idx
    span = (start, at + len(tok))
    cluster.mentions.append(span)
    index.by_offsets.setdefault(span, cluster)
    salience.add(Site(span[0], d.paragraph, cluster, True))
    return resolved(cluster, "name_untagged")


def acronym(tok: Token, d: Draft, index: EntityIndex, salience: Salience) -> Resolved | None:
    """ "According to EHS", "CUPE said": an untagged acronym that speaks is an organisation
    (the small model leaves many unfamiliar acronyms untagged). Two to five capital letters,
    no heading's label word ("WATCH") and no country ("US")."""
    word = tok.text.replace(".", "")
    if not (2 <= len(word) <= 5 and word.isalpha() and word.isupper()) or tok.ent_type_:
        return None
    if word.lower() in lx.LABEL_WORDS or word.lower() in lx.PLACE_ACRONYMS:
        return None
    at = d.speaker_offset + tok.idx
    if index.at(at, at + len(tok)) is not None:
        return None  # the tagger's reading of the name stands
    cluster = index.named("organization", tok.text) or index.new(tok.text, "organization", at)
    cluster.mentions.append((at, at + len(tok)))
    index.by_offsets.setdefault((at, at + len(tok)), cluster)
    salience.add(Site(at, d.paragraph, cluster, True))
    return resolved(cluster, "acronym")


def _person_named(index: EntityIndex, name: str, at: int, may_start: bool) -> Cluster | None:
    """The person called ``name``: the one the article named so, or (``may_start``) a new one
    for a full name."""
    key = name.lower()
    same = next((c for c in index.clusters if c.type == "person" and c.name.lower() == key), None)
    if same is not None:
        return same
    if len(name.split()) == 1:
        return owner_of_short(index, name, at)
    return index.new(name, "person", at) if may_start else None


def apposition(tok: Token, offset: int, index: EntityIndex) -> Resolved | None:
    """ "Campbell's partner, Jason Louth", "One red-state Democrat, Montana Sen. Jon Tester":
    the name in apposition to a described speaker is the speaker (a possessor, "Campbell's", is
    somebody else; a name after a preposition, "brother of Seth Jones", is not in apposition).
    A head that is itself a person's or organisation's name was decided by the name passes."""
    known = index.at(offset + tok.idx, offset + tok.idx + len(tok))
    if tok.pos_ == "PROPN" and known is not None and known.type in ("person", "organization"):
        return None
    doc = tok.doc
    for child in [*tok.children, *_appositions_after_complement(tok)]:
        # right after the description and its comma, and one name, not "X and Y"
        if child.dep_ != "appos" or any(g.dep_ == "conj" for g in child.children):
            continue
        between = doc[child.head.i + 1 : child.left_edge.i]
        if len(between) > 1 or any(t.text != "," for t in between):
            continue
        start = offset + child.idx
        c = index.at(start, start + len(child))
        if c is not None and c.type in ("person", "organization") and _looks_named(c):
            return resolved(c, "apposition")
        given = _given_name_in_apposition(tok, child, c, start, index)
        if given is not None:
            return resolved(given, "apposition")
    return None


def _appositions_after_complement(tok: Token) -> list[Token]:
    """ "Keeper of the Ruler's Seal, Syed Danial Syed Ahmad, said": the small model attaches
    the name to the last noun of the description's complement ("Seal"). Such a name is the
    speaker when that noun is no person ("the father of the victim, Jane Doe," names the
    victim) and the description's head is a person noun or a capitalised title."""
    if _described_type(tok) != "person" and not (tok.pos_ == "PROPN" and not tok.ent_type_):
        return []
    out = []
    for prep in tok.children:
        if prep.dep_ != "prep":
            continue
        for obj in prep.children:
            if obj.dep_ == "pobj" and _described_type(obj) != "person" and not obj.ent_type_:
                out += [g for g in obj.children if g.dep_ == "appos" and g.ent_type_ == "PERSON"]
    return out


def _given_name_in_apposition(
    tok: Token, child: Token, known: Cluster | None, start: int, index: EntityIndex
) -> Cluster | None:
    """ "Wise's dad, Darrin": one capitalised name in apposition to a person noun is that
    person's name, whatever the tagger called it (here a place), when the article uses it
    nowhere else and a possessor says whose relative or partner it is (the tagger's place
    after "the mayor," stays a place). The article gives no more of the name."""
    if _described_type(tok) != "person" or child.pos_ != "PROPN" or not child.is_title:
        return None
    if any(g.dep_ == "compound" for g in child.children):
        return None  # a longer name the tagger did not take as a person: not a given name
    if known is not None and len(known.mentions) > 1:
        return None  # "Canada" named elsewhere as a place is no one's given name
    if known is not None and not any(c.dep_ == "poss" for c in tok.children):
        return None  # "the mayor, Canada" is a place; "Wise's dad, Darrin" a relative's name
    span = (start, start + len(child))
    person = index.named("person", child.text) or index.new(child.text, "person", start)
    person.mentions.append(span)
    index.by_offsets[span] = person
    return person


def document_author(
    tok: Token, d: Draft, index: EntityIndex, salience: Salience
) -> Resolved | None:
    """ "her statement said", "the union's report says", "a memo from Rogers": a document
    speaks for its author, its possessor or the name after "from" or "by"."""
    if tok.lemma_.lower() not in lx.DOCUMENT_NOUNS:
        return None
    off = d.speaker_offset
    for child in tok.children:
        if child.dep_ == "poss" and child.pos_ == "PRON":
            pronoun_lemma = lx.POSSESSIVE_PRONOUNS.get(child.lower_)
            if pronoun_lemma is None:
                continue
            found = _pronoun_antecedent(pronoun_lemma, off + child.idx, d, salience)
            return resolved(found, "document_author") if found is not None else None
        if child.dep_ == "poss":
            return _named(child, off, index, "document_author")
        if child.dep_ == "prep" and child.lower_ in ("from", "by"):
            obj = next((g for g in child.children if g.dep_ == "pobj"), None)
            if obj is not None:
                return _named(obj, off, index, "document_author")
    return None


def _named(tok: Token, offset: int, index: EntityIndex, by: str) -> Resolved | None:
    start = offset + tok.idx
    c = index.at(start, start + len(tok))
    if c is None or c.type not in ("person", "organization") or not _looks_named(c):
        return None
    return resolved(c, by)


def name_inside(tok: Token, offset: int, index: EntityIndex) -> Resolved | None:
    """ "state-run KCNA", "the TASS news agency": the organisation named inside a description
    headed by an organisation noun. A person noun around a name ("Surrey staff", "the founder
    of Studiocomix Press") is somebody else than the name."""
    if _described_type(tok) == "person":
        return None
    for child in tok.children:
        if child.dep_ in ("compound", "amod", "nmod", "appos") and child.ent_type_:
            start = offset + child.idx
            c = index.at(start, start + len(child))
            if c is not None and c.type in ("person", "organization") and _looks_named(c):
                if c.type == "person" and child.dep_ != "appos" and tok.pos_ != "PROPN":
                    continue  # "the Trump administration" is not Trump
                return resolved(c, "name_inside")
    return None
