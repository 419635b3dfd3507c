"""Who said it: each quotation's speaker mention resolved to a person or organisation.

Resolution sees the whole article. A speaker named or described at its cue goes through the
coreference sieve of ``coref`` (unnamed sources first, then names, descriptions, pronouns, in
order of precision). Then:
- a quotation without a cue continues the previous paragraph's speaker;
- a short quoted fragment between two quotes of one speaker is that speaker's paraphrase.
Anything else stays unresolved: ``name`` is None and the mention is kept; an anonymous source
also says what the article says of it (``unnamed``).
"""

from __future__ import annotations

from dataclasses import replace

from whosaid.annotate.nlp import Parsed
from whosaid.extract import coref
from whosaid.extract import lexicon as lx
from whosaid.extract.coref import Resolved
from whosaid.extract.entities import Cluster, EntityIndex
from whosaid.extract.gender import article_genders
from whosaid.extract.quotes import Draft
from whosaid.extract.roles import find_roles
from whosaid.extract.salience import Salience
from whosaid.model import Entity, Party, Quote, Span, Speaker


def attribute(
    text: str, parsed: list[Parsed], drafts: list[Draft], index: EntityIndex
) -> tuple[list[Quote], list[Entity]]:
    """Resolve every draft's speaker; return the quotes and the article's entities."""
    find_roles(text, parsed, index)
    salience = Salience.build(parsed, index, article_genders(text, parsed, index))
    resolved: list[Resolved | None] = [None] * len(drafts)
    # passes 1-6 in text order, so that a pronoun sees the speakers resolved before it
    for i, d in enumerate(drafts):
        if d.basis == "cue" and d.speaker_token is not None:
            resolved[i] = coref.resolve_mention(text, d, index, salience)
    # pass 7: descriptions that look forward to the next named speaker (a lede's "Putin's
    # spokesman" is named in the paragraphs that follow)
    for i, d in enumerate(drafts):
        if d.basis == "cue" and resolved[i] is None and d.speaker_token is not None:
            resolved[i] = coref.lookahead(text, d, drafts, resolved, i)
    _continuations(drafts, resolved, salience)
    keep = _fragments(parsed, drafts, resolved)
    quotes = [
        _quote(text, d, r, index) for d, r, k in zip(drafts, resolved, keep, strict=True) if k
    ]
    return quotes, _entities(text, index)


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
            site = salience.antecedent_site(d.start, d.paragraph, ("person",), subjects_only=True)
            cluster = site.cluster if site is not None else None
            if cluster is not None and any(
                s.cluster is cluster and d.paragraph - s.paragraph <= 1 for s in salience.sites
            ):
                resolved[i] = coref.resolved(cluster, "topic")
            continue
        if d.paragraph - drafts[prev].paragraph <= 1:
            res = resolved[prev]
            if res is not None and res.cluster is not None:
                resolved[i] = coref.resolved(res.cluster, "continues", cap=res.confidence)
                d.speaker = drafts[prev].speaker
            elif res is not None and res.unnamed is not None:
                resolved[i] = res  # the same anonymous source goes on speaking
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
        para = parsed[d.paragraph]
        off = para.offset
        a = d.content[0][0] - off
        sent = next((s for s in para.sents if s.start_char <= a < s.end_char), None)
        if sent is None:
            continue
        start, end = off + sent.start_char, off + sent.end_char
        text = para.text
        while end > start and text[end - off - 1] in " .\n":
            end -= 1
        d.content = [(start, end)]
        resolved[i] = coref.resolved(before, "fragment")
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
    if r is not None and r.cluster is not None and r.confidence < coref.NAMING_FLOOR:
        r = None  # a coin toss is no name: left unresolved, mention kept
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
        unnamed = r.unnamed if r is not None else None
        confidence = 0.0 if mention is None else coref.UNRESOLVED_CONFIDENCE
        speaker = Speaker(None, None, mention, confidence, unnamed)
    return Quote(
        kind=d.kind,
        content=tuple(_span(text, c) for c in d.content),
        cue=_span(text, d.cue) if d.cue else None,
        speaker=speaker,
        via=tuple(p for v in d.via for p in _parties(text, v, index)),
        addressee=next(iter(_parties(text, d.addressee, index)), None) if d.addressee else None,
        act=d.act,
    )


def unname_below(quotes: list[Quote], min_confidence: float) -> list[Quote]:
    """The quotes with every speaker name less certain than ``min_confidence`` given as unnamed:
    the quote and its mention stay, the name goes (``whosaid extract --min-confidence``)."""
    if min_confidence <= 0:
        return quotes
    out = []
    for q in quotes:
        sp = q.speaker
        if sp.name is not None and sp.confidence < min_confidence:
            q = replace(q, speaker=Speaker(None, None, sp.mention, sp.confidence))
        out.append(q)
    return out


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
