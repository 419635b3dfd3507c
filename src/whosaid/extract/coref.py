"""In-article coreference for speakers: an ordered sieve from the most precise pass to the least.

The design follows the deterministic multi-pass sieve of Raghunathan et al. (2010) and Lee et
al. (2013): each pass is a small function that either resolves a speaker mention or passes it
on, and a later pass never undoes an earlier one. Entities (clusters of named mentions, with
their type, roles and the gender the article gives them) come from ``entities``, ``roles`` and
``gender``; ``salience`` says who the article is talking about at a point. In order:

1. ``unnamed_source``: an indefinite, plural or anonymous description ("a senior official",
   "the source", "officials", "the strategist, who requested anonymity") is never a named
   person: it stays unnamed, and says what the article says of it.
   A coordinated subject ("Both Sandmann and Phillips") is several speakers: no one is named.
2. ``name_match``: a mention whose head is a name is that name's entity (a bare surname or a
   possessive joined its full name in ``entities``); a name in apposition to a description
   ("One red-state Democrat, Montana Sen. Jon Tester", "Wise's dad, Darrin") is the speaker;
   an untagged acronym that speaks ("According to EHS") is an organisation.
3. ``name_inside``: an organisation described around its name ("state-run KCNA", "the TASS news
   agency") is that organisation; a person noun around a name ("Surrey staff", "Putin's
   spokesman") is not the name.
4. ``role_match``: a definite description ("the spokesman", "the agency") is the one person
   whose role, or the one organisation whose name, has that head noun.
5. ``pronoun``: "he", "she", "they", "it" is the most recent compatible subject (type, gender),
   never a name that only occurs inside a quotation; when a closer mention of another entity of
   the same type stands between, the pronoun is ambiguous and stays unresolved.
6. ``definite_subject``: a definite description no role matches is the most recent subject of
   its kind in earlier sentences (its possessor and the names inside it excluded: "Putin's
   spokesman" is not Putin). Named only when that subject is the one entity of its kind in
   this paragraph and the one before, with no namesake (``definite_only``), or when it is also
   the latest entity of its kind named and no other is a subject since the paragraph before
   (``definite_nearest``); otherwise a guess.
7. ``lookahead`` (a second sweep): a lede's description is the next speaker the following
   paragraphs name with the same cue (a person only before anyone has spoken).

Each pass has its own confidence: the share of names it gave that were right on GGT dev
(``bench/eval_ggt.py``), so ``speaker.confidence`` means the chance the name is right.
"""

from __future__ import annotations

from spacy.tokens import Token

from whosaid.extract import lexicon as lx
from whosaid.extract.coref_names import (
    acronym,
    apposition,
    document_author,
    name_inside,
    name_match,
    name_untagged,
)
from whosaid.extract.coref_records import (  # re-exported: speakers.py reads them from here
    _NAME_TAGS,
    CONFIDENCE,
    LOOKAHEAD_PARAGRAPHS,
    NAMING_FLOOR,
    UNRESOLVED_CONFIDENCE,
    Resolved,
    _as_said,
    _described_type,
    _pronoun_antecedent,
    resolved,
)
from whosaid.extract.entities import Cluster, EntityIndex
from whosaid.extract.quotes import Draft
from whosaid.extract.salience import Salience, Site

__all__ = [
    "CONFIDENCE",
    "NAMING_FLOOR",
    "UNRESOLVED_CONFIDENCE",
    "Resolved",
    "lookahead",
    "resolve_mention",
    "resolved",
]

# --- pass 1: unnamed sources -------------------------------------------------------------------


def unnamed_source(tok: Token, mention: str) -> str | None:
    """The description of a speaker the article leaves anonymous, or None.

    ``tok`` is the mention's head, ``mention`` its text as written. A name, a pronoun or a
    definite singular description ("the spokesman", "the company") is not anonymous: the later
    passes may resolve those."""
    if tok.pos_ in ("PROPN", "PRON") or tok.ent_type_ in ("PERSON", "ORG", "GPE"):
        return None
    lower = mention.lower()
    lemma, text = tok.lemma_.lower(), tok.lower_
    anonymous = any(cue in lower for cue in lx.ANONYMITY_CUES)
    source_noun = lemma in lx.ANONYMOUS_NOUNS or text in lx.ANONYMOUS_NOUNS
    determiners = {c.lower_ for c in tok.children if c.dep_ in ("det", "nummod", "quantmod")}
    indefinite = bool(determiners & lx.INDEFINITE_DETERMINERS)
    possessed = any(c.dep_ == "poss" for c in tok.children)
    plural = tok.tag_ in ("NNS", "NNPS") and not possessed
    person_like = (
        lemma in lx.PERSON_NOUNS or text in lx.PERSON_NOUNS or text in lx.GROUP_NOUNS or source_noun
    )
    if anonymous or source_noun or (person_like and (indefinite or plural)):
        return _as_said(mention)
    return None


def several_speakers(tok: Token) -> bool:
    """ "Both Sandmann and Phillips said", "Trudeau and his ministers say": a coordinated
    subject is more than one speaker, so no one of them is named (the first conjunct would be
    half the answer, and a wrong one for the other half)."""
    return any(c.dep_ == "conj" and c.pos_ in ("PROPN", "NOUN", "PRON") for c in tok.children)


# --- pass 4: roles and organisation head nouns -------------------------------------------------


def role_match(text: str, tok: Token, index: EntityIndex) -> Resolved | None:
    """ "the spokesman": the one person whose role has that head noun and every modifier;
    "the agency": the one multi-word organisation whose name has it."""
    wants = _described_type(tok)
    if wants is None:
        return None
    lemma = tok.lemma_.lower()
    if wants == "person":
        mods = _modifiers(tok)
        fits = [c for c in index.clusters if c.type == "person" and _has_role(text, c, lemma, mods)]
    else:
        # "the city" is the City of Surrey, which the tagger may call a place
        fits = [
            c
            for c in index.clusters
            if c.type in ("organization", "place")
            and lemma in c.name.lower().split()
            and len(c.name.split()) > 1
        ]
    return resolved(fits[0], "role_match") if len(fits) == 1 else None


def _modifiers(tok: Token) -> set[str]:
    """Content words that narrow a description: "Putin" and "state" in "Putin's state media"."""
    return {
        c.lower_[:5]
        for c in tok.subtree
        if c.i < tok.i and c.is_alpha and c.pos_ in ("PROPN", "NOUN", "ADJ")
    }


def _has_role(text: str, cluster: Cluster, lemma: str, mods: set[str]) -> bool:
    """Whether a role of ``cluster`` has the description's head noun and every modifier."""
    for a, b in cluster.roles:
        role_words = [w.strip("'’,").lower() for w in text[a:b].split()]
        words = {w.removesuffix("'s")[:5] for w in role_words}
        if lemma in {w.removesuffix("'s") for w in role_words} and mods <= words:
            return True
    return False


# --- pass 5: pronouns ----------------------------------------------------------------------------


def pronoun(tok: Token, d: Draft, salience: Salience) -> Resolved | None:
    """The most recent compatible subject before the pronoun, unless a closer mention of
    another entity of that type makes it ambiguous."""
    if tok.lower_ not in lx.PERSON_PRONOUNS and tok.lower_ not in lx.GROUP_PRONOUNS:
        return None
    if tok.lower_ in ("i", "we"):
        return None  # first person outside quotes is the writer
    at = d.speaker_offset + tok.idx
    cluster = _pronoun_antecedent(tok.lower_, at, d, salience)
    if cluster is None:
        return None
    salience.add(Site(at, d.paragraph, cluster, True))
    return resolved(cluster, "pronoun")


# --- pass 6: definite descriptions by salience ----------------------------------------------------


def definite_subject(
    tok: Token, d: Draft, index: EntityIndex, salience: Salience
) -> Resolved | None:
    """ "the affable proprietor": the most recent subject of its kind in earlier sentences."""
    wants = _described_type(tok)
    # a plural ("Norman's lawyers", "the owners") is a group, never the one subject before it
    if wants is None or not _definite(tok) or tok.tag_ in ("NNS", "NNPS"):
        return None
    sentence_start = d.speaker_offset + tok.sent.start_char
    # neither its possessor ("Putin's spokesman") nor a name inside it ("the founder of
    # Studiocomix Press") is the one described
    inside = _possessors(tok, d, index) + _named_inside(tok, d, index)
    site = salience.antecedent_site(
        sentence_start, d.paragraph, (wants,), subjects_only=True,
        exclude=frozenset(c.id for c in inside),
    )  # fmt: skip
    if site is None:
        return None
    if _has_namesake(index, site.cluster):
        return resolved(site.cluster, "definite_subject")
    if _no_rival(salience, site, sentence_start, d.paragraph):
        return resolved(site.cluster, "definite_only")
    nearest = salience.antecedent_site(
        sentence_start, d.paragraph, (wants,), nearest=True,
        exclude=frozenset(c.id for c in inside),
    )  # fmt: skip
    if (
        nearest is not None
        and nearest.cluster is site.cluster
        and _no_rival(salience, site, sentence_start, d.paragraph, subjects_only=True)
    ):
        # "Campbell has cerebral palsy ... 'quote,' says the bow-tied maverick": the latest
        # subject is also the latest of its kind named, and no other is a subject since the
        # paragraph before; with "says Campbell's partner, Jason Louth" between, "the affable
        # proprietor" may be either, and stays a guess
        return resolved(site.cluster, "definite_nearest")
    return resolved(site.cluster, "definite_subject")


def _names_beyond_possessor(tok: Token) -> bool:
    """Whether a description names something besides its possessor: "the founder of
    Studiocomix Press" does, "Putin's spokesman" does not."""
    owners = {t.i for c in tok.children if c.dep_ == "poss" for t in c.subtree}
    return any(t.ent_type_ in _NAME_TAGS and t.i not in owners for t in tok.subtree)


def _named_inside(tok: Token, d: Draft, index: EntityIndex) -> list[Cluster]:
    out = []
    for t in tok.subtree:
        start = d.speaker_offset + t.idx
        c = index.at(start, start + len(t)) if t.ent_type_ or t.pos_ == "PROPN" else None
        if c is not None and c not in out:
            out.append(c)
    return out


def _has_namesake(index: EntityIndex, cluster: Cluster) -> bool:
    """Whether another name of the article ends with the person's surname ("Caleb Jones",
    "Seth Jones", "Martin Jones"): then a bare "Jones" before the description may be any of
    them. Names of any type count, since the tagger reads some people as organisations (and
    a wrong "Dow Jones" only withholds a name)."""
    if cluster.type != "person":
        return False
    surname = cluster.tokens[-1].lower()
    return any(
        c is not cluster and len(c.tokens) > 1 and c.tokens[-1].lower() == surname
        for c in index.clusters
    )


def _no_rival(
    salience: Salience, site: Site, before: int, paragraph: int, subjects_only: bool = False
) -> bool:
    """Whether the antecedent is the only entity of its type the article mentions in the
    description's paragraph and the one before: "Trudeau made the comments at a town hall.
    The prime minister said ..." has one candidate; with another person named there, the
    latest subject is a guess."""
    if paragraph - site.paragraph > 1:
        return False
    return all(
        other.cluster is site.cluster
        for other in salience.sites_between(0, before)
        if paragraph - other.paragraph <= 1
        and other.cluster.type == site.cluster.type
        and (other.subject or not subjects_only)
    )


def _definite(tok: Token) -> bool:
    return any(
        c.dep_ == "poss" or (c.dep_ == "det" and c.lower_ in ("the", "this", "that"))
        for c in tok.children
    )


def _possessors(tok: Token, d: Draft, index: EntityIndex) -> list[Cluster]:
    out = []
    for c in tok.children:
        if c.dep_ == "poss":
            start = d.speaker_offset + c.idx
            cluster = index.at(start, start + len(c))
            if cluster is not None:
                out.append(cluster)
    return out


# --- the sieve -----------------------------------------------------------------------------------


def resolve_mention(text: str, d: Draft, index: EntityIndex, salience: Salience) -> Resolved | None:
    """Passes 1-6 for one draft whose cue names a speaker, in order; the first that decides
    wins. None when no pass decides (the mention is kept, unresolved)."""
    tok = d.speaker_token
    assert tok is not None and d.speaker is not None
    if tok.lower_ in lx.RELATIVE_PRONOUNS and tok.head.dep_ == "relcl":
        tok = tok.head.head  # "Don Fowler, who said ...": the clause's antecedent
    description = unnamed_source(tok, text[d.speaker[0] : d.speaker[1]])
    if description is not None:
        return Resolved(None, UNRESOLVED_CONFIDENCE, "unnamed_source", description)
    if several_speakers(tok):
        return Resolved(None, UNRESOLVED_CONFIDENCE, "several")
    off = d.speaker_offset
    return (
        name_match(tok, off, index)
        or name_untagged(tok, d, index, salience)
        or acronym(tok, d, index, salience)
        or apposition(tok, off, index)
        or document_author(tok, d, index, salience)
        or name_inside(tok, off, index)
        or pronoun(tok, d, salience)
        or role_match(text, tok, index)
        or definite_subject(tok, d, index, salience)
    )


def lookahead(
    text: str,
    d: Draft,
    drafts: list[Draft],
    decided: list[Resolved | None],
    i: int,
) -> Resolved | None:
    """Pass 7: a lede's "Putin's spokesman" or "state media" is named in the paragraphs that
    follow: the next speaker named with the same cue, within a few paragraphs. A person so
    described looks forward only in the lede, before anyone has spoken: later, "the 39-year-old
    founder" is someone already introduced, not the next person quoted."""
    tok = d.speaker_token
    assert tok is not None and d.speaker is not None
    wants = _described_type(tok)
    if wants is None:
        return None
    if wants == "person" and any(x.basis == "cue" for x in drafts[:i]):
        return None
    if wants == "person" and _names_beyond_possessor(tok):
        return None  # "the 39-year-old founder of Studiocomix Press": someone the article knows
    for j in range(i + 1, len(drafts)):
        later = drafts[j]
        if later.paragraph - d.paragraph > LOOKAHEAD_PARAGRAPHS:
            break
        res = decided[j]
        if (
            later.basis == "cue"
            and res is not None
            and res.cluster is not None
            and res.cluster.type == wants
            and res.by in ("name_match", "name_inside")
            and later.cue is not None
            and d.cue is not None
            and _same_cue(text, later.cue, d.cue)
        ):
            return resolved(res.cluster, "lookahead")
    return None


def _same_cue(text: str, a: tuple[int, int], b: tuple[int, int]) -> bool:
    return text[a[0] : a[1]].lower()[:4] == text[b[0] : b[1]].lower()[:4]
