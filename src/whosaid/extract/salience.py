"""Who the article is talking about at a given point: the antecedents of "he" and "the agency".

Written for whosaid because no coreference package works offline. The rule follows how news is
written: a pronoun or a definite description ("the affable proprietor", "the agency") refers to
the most recent person or organisation that was the *subject* of a clause before it, in the same
paragraph or the two before; names inside quotation marks do not count (a speaker talking about
someone does not make them the topic). A subject site is preferred over any other mention,
because a name in an object or a prepositional phrase is rarely picked up by a pronoun.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from spacy.tokens import Token

from whosaid.annotate.nlp import Parsed
from whosaid.extract import lexicon as lx
from whosaid.extract.entities import Cluster, EntityIndex
from whosaid.extract.marks import find_quoted

WINDOW_PARAGRAPHS = 2
# A paragraph ending in a running time ("... tells us about the opioid crisis. 10:43.") is the
# caption of an embedded video, not the article's prose: the people it names (often the
# outlet's own reporter) are not who the next "she said" is about.
# The time stands after a finished sentence, so "The vote is at 7:30." is no caption.
_VIDEO_CAPTION = re.compile(r"[.!?\"”]\s+\d{1,2}:\d{2}\.?\s*$")
_SUBJECT_DEPS = ("nsubj", "nsubjpass")
# The tagger's labels of the names a clause can be about (a person or an organisation).
_TOPIC_TAGS = frozenset({"PERSON", "ORG"})


@dataclass(frozen=True, slots=True)
class Site:
    """One mention of an entity outside quotation marks."""

    start: int
    paragraph: int
    cluster: Cluster
    subject: bool
    sentence: int = -1  # article offset of its sentence's start (-1: not known)


class Salience:
    """The mentions of an article in text order, queried backwards from a point."""

    def __init__(self, sites: list[Site], genders: dict[str, str] | None = None) -> None:
        self.sites = sorted(sites, key=lambda s: s.start)
        self._starts = [s.start for s in self.sites]
        self.genders = genders or {}  # cluster id -> "m" or "f", where the article makes it plain

    def other_gender(self, gender: str | None) -> frozenset[str]:
        """The ids of the people the article gives the gender other than ``gender``."""
        if gender is None:
            return frozenset()
        return frozenset(cid for cid, g in self.genders.items() if g != gender)

    @classmethod
    def build(
        cls, parsed: list[Parsed], index: EntityIndex, genders: dict[str, str] | None = None
    ) -> Salience:
        spans = sorted(index.by_offsets.items())
        starts = [a for (a, _), _ in spans]
        sites: list[Site] = []
        for n, para in enumerate(parsed):
            end = para.offset + len(para.text)
            if bisect.bisect_left(starts, end) == bisect.bisect_left(starts, para.offset):
                continue  # no name in this paragraph
            if _VIDEO_CAPTION.search(para.text):
                continue
            quoted = [(q.start, q.end) for q in find_quoted(para.text)]
            sentence_starts = [s.start_char for s in para.sents]
            before_verb = _pre_verbal_names(para)
            for tok in _tokens_in_names(para, starts, spans):
                at = para.offset + tok.idx
                i = bisect.bisect_right(starts, at) - 1
                if i < 0:
                    continue
                (a, b), cluster = spans[i]
                if not a <= at < b or any(qa < tok.idx < qb for qa, qb in quoted):
                    continue
                head_start = para.offset + tok.head.idx
                if a <= head_start < b and tok.head is not tok:
                    continue  # not the head of the name ("Kim" in "Kim Jong Un")
                sentence = sentence_starts[bisect.bisect_right(sentence_starts, tok.idx) - 1]
                subject = tok.dep_ in _SUBJECT_DEPS or tok.i in before_verb
                sites.append(Site(a, n, cluster, subject, para.offset + sentence))
        return cls(sites, genders)

    def add(self, site: Site) -> None:
        """Record a mention resolved later (a pronoun speaker), so the next pronoun sees it."""
        i = bisect.bisect_right(self._starts, site.start)
        self._starts.insert(i, site.start)
        self.sites.insert(i, site)

    def sites_between(self, start: int, end: int) -> list[Site]:
        """The mentions starting in [start, end), in text order."""
        lo = bisect.bisect_left(self._starts, start)
        hi = bisect.bisect_left(self._starts, end)
        return self.sites[lo:hi]

    def antecedent_site(
        self,
        before: int,
        paragraph: int,
        types: tuple[str, ...],
        *,
        subjects_only: bool = False,
        exclude: frozenset[str] = frozenset(),
        window: int = WINDOW_PARAGRAPHS,
        nearest: bool = False,
    ) -> Site | None:
        """The most recent subject of one of ``types`` before offset ``before``, within the
        window; failing a subject, the most recent mention (unless ``subjects_only``). With
        ``nearest``, the most recent mention whether subject or not."""
        fallback: Site | None = None
        i = bisect.bisect_left(self._starts, before) - 1
        while i >= 0:
            site = self.sites[i]
            i -= 1
            if paragraph - site.paragraph > window:
                break
            if site.cluster.type not in types or site.cluster.id in exclude:
                continue
            if site.subject or nearest:
                return site
            if fallback is None:
                fallback = site
        return None if subjects_only else fallback


# Dependencies of a name that is certainly not who a clause is about: a possessor ("Trump's
# lawyer") or the object of a preposition ("with Trump", "according to Trump").
_NOT_THE_TOPIC = ("poss", "pobj", "dative", "npadvmod")


def _tokens_in_names(
    para: Parsed, starts: list[int], spans: list[tuple[tuple[int, int], Cluster]]
) -> list[Token]:
    """The paragraph's tokens that start inside a name, in text order: only they can be a
    name's site, and a news paragraph's names are a few of its tokens (every token was looked
    up before). Names never run across a paragraph break (each is found in one paragraph's
    parse), so the paragraph's own names are all there is to look at."""
    off, end = para.offset, para.offset + len(para.text)
    picked: set[int] = set()
    for i in range(bisect.bisect_left(starts, off), bisect.bisect_left(starts, end)):
        (a, b), _ = spans[i]
        lo = bisect.bisect_left(para.starts, a - off)
        picked.update(range(lo, bisect.bisect_left(para.starts, b - off)))
    return [para.tokens[i] for i in sorted(picked)]


def _pre_verbal_names(para: Parsed) -> set[int]:
    """Tokens of names that stand where a sentence's subject stands when the parse gave the
    sentence no subject name: the small model misparses a long subject ("Toronto city councillor
    and tenants advocate Josh Matlow told ...", "Director, security response at cybersecurity
    firm Symantec, Kevin Haley, agreed") and leaves the name as an object or an apposition of
    something else, though a reader knows the sentence is about that person. The name counts
    as a subject when it is the only name before the sentence's main verb, and neither a
    possessor nor the object of a preposition, and the verb's subject, if it has one, is a
    person noun such as that name's title (not "he", nor "complex" in "The new Bridgeview
    complex will have three rinks")."""
    out: set[int] = set()
    tokens = para.tokens
    for sent in para.sents:
        root = sent.root
        if root.pos_ not in ("VERB", "AUX"):
            continue
        names = [t for t in tokens[sent.start : root.i] if t.ent_type_ in _TOPIC_TAGS]
        if not names or not _subject_is_a_person_noun(root, names):
            continue
        heads = {t.i for t in names if t.head not in names or t.head is t}
        if len(heads) == 1:
            (i,) = heads
            if tokens[i].dep_ not in _NOT_THE_TOPIC:
                out.add(i)
    return out


def _subject_is_a_person_noun(root: Token, names: list[Token]) -> bool:
    """Whether the verb's subjects are all person nouns or titles (a capitalised untagged
    word is one: "Keeper of the Ruler's Seal, Syed Danial Syed Ahmad, said"), none a name
    or a pronoun."""
    for t in root.children:
        if t.dep_ not in _SUBJECT_DEPS:
            continue
        if t in names or t.ent_type_ or t.pos_ not in ("NOUN", "PROPN"):
            return False
        lemma = t.lemma_.lower()
        # a capitalised untagged head is a title too ("Keeper of the Ruler's Seal, Syed ...")
        if t.pos_ == "NOUN" and lemma not in lx.PERSON_NOUNS and lemma not in lx.TITLE_WORDS:
            return False
    return True
