"""Roles of people: what the article says they are.

Three constructions carry a role in news prose:
- a title before the name, inside the same noun phrase ("State Department spokesman Matthew
  Miller", "North Korea's leader Kim Jong Un");
- an apposition after it ("Kim Jong-dae, a former MP and visiting scholar at ...");
- a copula with the person as subject ("Yi So-Yeon became the first Korean sent into space").
A description without a name ("the North Korean leader") is given to the one person whose known
role has the same head noun and a compatible modifier.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from whosaid.annotate.nlp import Parsed
from whosaid.extract import lexicon as lx
from whosaid.extract.entities import Cluster, EntityIndex

_COPULAS = frozenset({"be", "become", "remain"})


def find_roles(text: str, parsed: list[Parsed], index: EntityIndex) -> None:
    """Attach role spans (article offsets) to the person clusters of ``index``."""
    for para in parsed:
        for ent in para.ents:
            if ent.label_ != "PERSON":
                continue
            cluster = index.at(para.offset + ent.start_char, para.offset + ent.end_char)
            if cluster is None or cluster.type != "person":
                continue
            for span in (_title_before(ent), _apposition_after(ent), _copula_role(ent)):
                if span is not None:
                    _add_role(cluster, (para.offset + span.start_char, para.offset + span.end_char))
    _descriptions(text, parsed, index)


def _add_role(cluster: Cluster, role: tuple[int, int]) -> None:
    if role[1] > role[0] and role not in cluster.roles:
        cluster.roles.append(role)


def _title_before(ent: Span) -> Span | None:
    """Tokens before the name that attach into it: its titles and their modifiers.

    Either they hang on the name ("President Putin", "Russia's President Vladimir Putin") or the
    name is in apposition to them ("North Korea's leader Kim Jong Un")."""
    doc = ent.doc
    root = ent.root
    if (
        root.dep_ == "appos"
        and root.head.i < ent.start
        and root.head.lemma_.lower() in lx.ROLE_NOUNS | lx.TITLE_WORDS
    ):
        left = root.head.left_edge.i
        if ent.start - left <= 8:
            return _strip(doc[left : ent.start])
    i = ent.start - 1
    while i >= 0:
        t = doc[i]
        if (t.is_punct and t.text not in ("-",)) or not _attaches_into(t, ent):
            break
        i -= 1
    start = i + 1
    if start >= ent.start:
        return None
    span = _without_given_names(doc[start : ent.start])
    if not any(
        t.pos_ in ("NOUN", "PROPN")
        and (
            t.lower_ in lx.TITLE_WORDS
            or t.lower_ in lx.ROLE_NOUNS
            or t.lemma_.lower() in lx.ROLE_NOUNS
        )
        for t in span
    ):
        return None
    return span


def _without_given_names(span: Span) -> Span:
    """A title without the given names the tagger left out of the name: "U.S. Trade
    Representative Clayton\nYeutter" tags only "Yeutter", and "Clayton" is no part of the role."""
    doc = span.doc
    end = span.end
    while end > span.start and (
        doc[end - 1].is_space
        or (
            doc[end - 1].pos_ == "PROPN"
            and doc[end - 1].is_title
            and doc[end - 1].lower_.rstrip(".") not in lx.TITLE_WORDS
            and doc[end - 1].lemma_.lower() not in lx.ROLE_NOUNS
        )
    ):
        end -= 1
    return doc[span.start : end]


def _attaches_into(t: Token, ent: Span) -> bool:
    """Whether ``t``'s head chain reaches the name before passing it or the sentence root."""
    head = t.head
    for _ in range(8):
        if ent.start <= head.i < ent.end:
            return True
        if head.i >= ent.end or head == head.head:
            return False
        head = head.head
    return False


def _apposition_after(ent: Span) -> Span | None:
    doc = ent.doc
    for c in ent.root.children:
        if c.dep_ == "appos" and c.i >= ent.end and doc[ent.end].text != "(":
            sub = list(c.subtree)
            role = _strip(doc[sub[0].i : sub[-1].i + 1])
            if sum(t.is_alpha for t in role) >= 1 and len(role.text) > 2:
                return role
    # The parser often misses the apposition after an inverted cue ('said Kim Jong-dae, a former
    # MP ...'); a comma, then a noun phrase whose head is a role noun, is one too.
    if ent.end + 1 < len(doc) and doc[ent.end].text == ",":
        j = ent.end + 1
        k = j
        while (
            k < len(doc)
            and doc[k].text not in (",", ".", ";", ":", '"', "“", "”")
            and doc[k].pos_ != "VERB"
        ):
            k += 1
        span = doc[j:k]
        if (
            1 <= len(span) <= 20
            and any(t.lemma_.lower() in lx.ROLE_NOUNS for t in span)
            and span[0].lower_ in {"a", "an", "the", "former", "senior"} | lx.ROLE_NOUNS
        ):
            return _strip(span)
        # "researcher at the Sejong Institute" runs past prepositions up to the next comma
        if span and span[0].lemma_.lower() in lx.ROLE_NOUNS:
            return _strip(span)
    return None


def _copula_role(ent: Span) -> Span | None:
    root = ent.root
    if root.dep_ != "nsubj" or root.head.lemma_ not in _COPULAS:
        return None
    attr = next(
        (
            c
            for c in root.head.children
            if c.dep_ == "attr"
            and c.pos_ in ("NOUN", "PROPN")
            and any(g.dep_ == "det" for g in c.children)
        ),
        None,
    )
    if attr is None:
        return None
    sub = list(attr.subtree)
    return _strip(ent.doc[sub[0].i : sub[-1].i + 1])


def _strip(span: Span) -> Span:
    doc = span.doc
    a, b = span.start, span.end
    while a < b and (doc[a].is_punct or doc[a].is_space):
        a += 1
    while b > a and (doc[b - 1].is_punct or doc[b - 1].is_space):
        b -= 1
    return doc[a:b]


def _descriptions(text: str, parsed: list[Parsed], index: EntityIndex) -> None:
    """'the North Korean leader' -> the person whose role is 'North Korea's leader'."""
    people = [c for c in index.clusters if c.type == "person" and c.roles]
    if not people:
        return
    for para in parsed:
        # spaCy builds noun chunks with a walk in Python over the whole paragraph; most
        # paragraphs have no role noun at all, which a look at the lemmas tells more cheaply
        if not any(t.lemma_.lower() in lx.ROLE_NOUNS for t in para.tokens):
            continue
        for chunk in para.doc.noun_chunks:
            head = chunk.root
            if (
                head.lemma_.lower() not in lx.ROLE_NOUNS
                or head.ent_type_
                or chunk[0].lower_ != "the"
                or any(t.ent_type_ == "PERSON" for t in chunk)
            ):
                continue
            start, end = para.offset + chunk.start_char, para.offset + chunk.end_char
            fits = [c for c in people if _role_fits(text, c, chunk)]
            if len(fits) == 1:
                _add_role(fits[0], (start, end))
                fits[0].mentions.append((start, end))


def _role_fits(text: str, cluster: Cluster, chunk: Span) -> bool:
    head = chunk.root.lemma_.lower()
    mods = {
        t.lower_[:5]
        for t in chunk
        if t.i != chunk.root.i and t.is_alpha and t.lower_ not in ("the", "a", "an")
    }
    for a, b in cluster.roles:
        words = [w.strip("'’s,").lower() for w in text[a:b].split()]
        if head in {w.rstrip("s") for w in words} | set(words) and (
            not mods or mods & {w[:5] for w in words}
        ):
            return True
    return False
