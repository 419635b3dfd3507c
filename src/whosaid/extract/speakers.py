"""Who said it: each quotation's speaker mention resolved to a person or organisation.

Resolution sees the whole article. In order:
1. A mention whose head is a name ("Putin", "state-run KCNA") is that entity.
2. A pronoun ("he", "she") is the most recent person who was the subject of a clause, outside
   quotation marks, in this paragraph or the two before (``salience``), and not one the article
   gives the other gender (``gender``).
3. A description ("the spokesman", "Putin's spokesman", "the agency") is the one person whose
   role, or the one organisation whose name, matches it; a definite one ("the affable
   proprietor") is else the most recent subject of its kind in earlier sentences; failing that,
   the next speaker the article names within a few paragraphs with the same cue (ledes describe
   a speaker the next paragraphs name), with lower confidence.
4. A quotation without a cue continues the previous paragraph's speaker; a short quoted fragment
   between two quotes of one speaker is that speaker's paraphrase.
Anything else stays unresolved: ``name`` is None and the mention is kept.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from whosaid.annotate.nlp import Parsed, text_of
from whosaid.extract import lexicon as lx
from whosaid.extract.entities import Cluster, EntityIndex
from whosaid.extract.gender import article_genders
from whosaid.extract.quotes import Draft
from whosaid.extract.roles import find_roles
from whosaid.extract.salience import Salience, Site
from whosaid.model import Entity, Party, Quote, Span, Speaker

LOOKAHEAD_PARAGRAPHS = 3


@dataclass(slots=True)
class Resolved:
    cluster: Cluster | None
    confidence: float


def attribute(
    text: str, parsed: list[Parsed], drafts: list[Draft], index: EntityIndex
) -> tuple[list[Quote], list[Entity]]:
    """Resolve every draft's speaker; return the quotes and the article's entities."""
    find_roles(text, parsed, index)
    salience = Salience.build(parsed, index, article_genders(text, parsed, index))
    resolved: list[Resolved | None] = [None] * len(drafts)
    # names, pronouns and descriptions that look back, in text order, so that a pronoun sees
    # the speakers resolved before it
    for i, d in enumerate(drafts):
        if d.basis == "cue" and d.speaker_token is not None:
            resolved[i] = _named_or_pronoun(text, d, index, salience) or _description(
                text, d, index, salience
            )
    # then descriptions that look forward to the next named speaker (a lede's "Putin's
    # spokesman" is named in the paragraphs that follow)
    for i, d in enumerate(drafts):
        if d.basis == "cue" and resolved[i] is None and d.speaker_token is not None:
            resolved[i] = _named_later(text, d, drafts, resolved, i)
    _continuations(drafts, resolved, salience)
    keep = _fragments(parsed, drafts, resolved)
    quotes = [
        _quote(text, d, r, index) for d, r, k in zip(drafts, resolved, keep, strict=True) if k
    ]
    return quotes, _entities(text, index)


# --- speakers named at the cue -----------------------------------------------------------------


def _named_or_pronoun(
    text: str, d: Draft, index: EntityIndex, salience: Salience
) -> Resolved | None:
    tok = d.speaker_token
    assert tok is not None and d.speaker is not None
    if tok.lower_ in lx.RELATIVE_PRONOUNS and tok.head.dep_ == "relcl":
        tok = tok.head.head  # "Don Fowler, who said ...": the clause's antecedent
    head_start = d.speaker_offset + tok.idx
    cluster = index.at(head_start, head_start + len(tok))
    if cluster is not None:
        return Resolved(cluster, 0.95)
    # "state-run KCNA", "the TASS news agency": a name inside the mention that is not a
    # possessive ("Putin's spokesman" is not Putin)
    for child in tok.children:
        if child.dep_ in ("compound", "amod", "nmod", "appos") and child.ent_type_:
            start = d.speaker_offset + child.idx
            c = index.at(start, start + len(child))
            if c is not None and c.type in ("person", "organization"):
                return Resolved(c, 0.85)
    if tok.lower_ in lx.PERSON_PRONOUNS or tok.lower_ in lx.GROUP_PRONOUNS:
        return _pronoun(tok, d, salience)
    return None


def _pronoun(tok: Token, d: Draft, salience: Salience) -> Resolved | None:
    if tok.lower_ in ("i", "we"):
        return None  # first person outside quotes is the writer
    types = ("person",) if tok.lower_ in lx.PERSON_PRONOUNS else ("organization",)
    at = d.speaker_offset + tok.idx
    # "she" is not a man the article called "he" or "Mr." (see gender.py)
    other = salience.other_gender(lx.PERSON_PRONOUNS.get(tok.lower_))
    # a subject nearby; else a subject further back (a long quotation between); else any mention
    cluster = (
        salience.antecedent(at, d.paragraph, types, subjects_only=True, exclude=other)
        or salience.antecedent(at, d.paragraph, types, subjects_only=True, window=6, exclude=other)
        or salience.antecedent(at, d.paragraph, types, exclude=other)
    )
    if cluster is None:
        return None
    salience.add(Site(at, d.paragraph, cluster, True))
    return Resolved(cluster, 0.8)


# --- speakers described, not named --------------------------------------------------------------


def _description(text: str, d: Draft, index: EntityIndex, salience: Salience) -> Resolved | None:
    """ "the spokesman", "the agency", "the affable proprietor": the person or organisation whose
    role or name matches, else the most recent subject of that kind in earlier sentences."""
    tok = d.speaker_token
    assert tok is not None
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
    if len(fits) == 1:
        return Resolved(fits[0], 0.75)
    if not _definite(tok):
        return None  # "a spokesperson", "officials": somebody not named, kept as written
    sentence_start = d.speaker_offset + tok.sent.start_char
    possessors = frozenset(c.id for c in _possessors(tok, d, index))
    cluster = salience.antecedent(
        sentence_start, d.paragraph, (wants,), subjects_only=True, exclude=possessors
    )
    return Resolved(cluster, 0.6) if cluster is not None else None


def _described_type(tok: Token) -> str | None:
    lemma, lower = tok.lemma_.lower(), tok.lower_
    if lemma in lx.PERSON_NOUNS or lower in lx.PERSON_NOUNS:
        return "person"
    if lemma in lx.ORG_NOUNS or lower in lx.ORG_NOUNS:
        return "organization"
    return None


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


def _named_later(
    text: str, d: Draft, drafts: list[Draft], resolved: list[Resolved | None], i: int
) -> Resolved | None:
    """A lede's "Putin's spokesman" or "state media" is named in the paragraphs that follow:
    the next speaker named with the same cue, within a few paragraphs."""
    tok = d.speaker_token
    assert tok is not None
    wants = _described_type(tok)
    if wants is None:
        return None
    for j in range(i + 1, len(drafts)):
        later = drafts[j]
        if later.paragraph - d.paragraph > LOOKAHEAD_PARAGRAPHS:
            break
        res = resolved[j]
        if (
            later.basis == "cue"
            and res is not None
            and res.cluster is not None
            and res.cluster.type == wants
            and res.confidence >= 0.85
            and later.cue is not None
            and d.cue is not None
            and _same_cue(text, later.cue, d.cue)
        ):
            return Resolved(res.cluster, 0.6)
    return None


def _same_cue(text: str, a: tuple[int, int], b: tuple[int, int]) -> bool:
    return text[a[0] : a[1]].lower()[:4] == text[b[0] : b[1]].lower()[:4]


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


# --- quotes without a cue ----------------------------------------------------------------------


def _continuations(
    drafts: list[Draft], resolved: list[Resolved | None], salience: Salience
) -> None:
    """A cue-less quotation continues the speaker of the quote just before it, when that quote
    is in the same or the previous paragraph; with no such quote, the person the previous
    paragraph was about ("Scheer was asked about the deal." then a paragraph of quotation)."""
    for i, d in enumerate(drafts):
        if d.basis != "continues":
            continue
        prev = _previous(drafts, i)
        if prev is None or d.paragraph - drafts[prev].paragraph > 1:
            cluster = salience.antecedent(d.start, d.paragraph, ("person",), subjects_only=True)
            if cluster is not None and any(
                s.cluster is cluster and d.paragraph - s.paragraph <= 1 for s in salience.sites
            ):
                resolved[i] = Resolved(cluster, 0.5)
            continue
        if d.paragraph - drafts[prev].paragraph <= 1:
            res = resolved[prev]
            if res is not None and res.cluster is not None:
                resolved[i] = Resolved(res.cluster, min(res.confidence, 0.7))
                d.speaker = drafts[prev].speaker
            elif drafts[prev].speaker is not None:
                d.speaker = drafts[prev].speaker  # the same unresolved mention, kept


def _previous(drafts: list[Draft], i: int) -> int | None:
    for j in range(i - 1, -1, -1):
        if drafts[j].basis != "fragment":
            return j
    return None


def _fragments(
    parsed: list[Parsed], drafts: list[Draft], resolved: list[Resolved | None]
) -> list[bool]:
    """Keep a short quoted fragment only as a paraphrase between two quotes of one speaker: it
    becomes a mixed quote of its whole sentence. Other fragments are scare quotes."""
    keep = [d.basis != "fragment" for d in drafts]
    for i, d in enumerate(drafts):
        if d.basis != "fragment":
            continue
        if any(k and _contains(o.content, d.content) for o, k in zip(drafts, keep, strict=True)):
            continue
        before = _neighbour(drafts, resolved, i, -1)
        after = _neighbour(drafts, resolved, i, +1)
        if before is None or after is None or before is not after:
            continue
        if any(
            drafts[j].paragraph == d.paragraph
            for j in range(len(drafts))
            if j != i and drafts[j].basis != "fragment"
        ):
            continue
        doc = parsed[d.paragraph].doc
        off = parsed[d.paragraph].offset
        a = d.content[0][0] - off
        sent = next((s for s in doc.sents if s.start_char <= a < s.end_char), None)
        if sent is None:
            continue
        start, end = off + sent.start_char, off + sent.end_char
        text = text_of(doc)
        while end > start and text[end - off - 1] in " .\n":
            end -= 1
        d.content = [(start, end)]
        resolved[i] = Resolved(before, 0.6)
        keep[i] = True
    return keep


def _neighbour(
    drafts: list[Draft], resolved: list[Resolved | None], i: int, step: int
) -> Cluster | None:
    j = i + step
    while 0 <= j < len(drafts) and drafts[j].basis == "fragment":
        j += step
    if not 0 <= j < len(drafts) or abs(drafts[j].paragraph - drafts[i].paragraph) != 1:
        return None
    res = resolved[j]
    return res.cluster if res is not None else None


def _contains(outer: list[tuple[int, int]], inner: list[tuple[int, int]]) -> bool:
    return any(a <= x and y <= b for a, b in outer for x, y in inner)


# --- records -------------------------------------------------------------------------------------


def _span(text: str, r: tuple[int, int]) -> Span:
    return Span(r[0], r[1], text[r[0] : r[1]])


def _quote(text: str, d: Draft, r: Resolved | None, index: EntityIndex) -> Quote:
    mention = _span(text, d.speaker) if d.speaker else None
    if r is not None and r.cluster is not None:
        speaker = Speaker(r.cluster.name, r.cluster.id, mention, r.confidence)
        if mention is not None and (mention.start, mention.end) not in r.cluster.mentions:
            r.cluster.mentions.append((mention.start, mention.end))
            if (
                d.speaker_token is not None
                and d.speaker_token.lemma_.lower() in lx.ROLE_NOUNS
                and "'s" in mention.text
            ):
                r.cluster.roles.append((mention.start, mention.end))
    else:
        speaker = Speaker(None, None, mention, 0.0 if mention is None else 0.3)
    return Quote(
        kind=d.kind,
        content=tuple(_span(text, c) for c in d.content),
        cue=_span(text, d.cue) if d.cue else None,
        speaker=speaker,
        via=tuple(p for v in d.via for p in _parties(text, v, index)),
        addressee=next(iter(_parties(text, d.addressee, index)), None) if d.addressee else None,
        act=d.act,
    )


def _parties(text: str, r: tuple[int, int], index: EntityIndex) -> list[Party]:
    """Outlets or addressees in a mention: "the TASS and RIA Novosti news agencies" is two."""
    named: list[Party] = []
    seen: set[str] = set()
    for (a, b), c in index.mentions_within(*r):
        if c.type in ("organization", "person") and c.id not in seen:
            seen.add(c.id)
            named.append(Party(c.name, _span(text, (a, b)), c.id))
    if named:
        return named
    words = text[r[0] : r[1]]
    name = words[4:] if words.lower().startswith("the ") else words
    return [Party(name, _span(text, r))]


def _entities(text: str, index: EntityIndex) -> list[Entity]:
    out = []
    for c in index.clusters:
        out.append(
            Entity(
                id=c.id,
                name=c.name,
                type=c.type,
                roles=tuple(_span(text, r) for r in sorted(set(c.roles))),
                mentions=tuple(_span(text, m) for m in sorted(set(c.mentions))),
            )
        )
    return out
