"""Speaker resolution against the GenderGapTracker's hand annotation (``ggt-dev``).

Scored as a reader would judge it (issue 10, item 7). Each gold quote has a span and
``reference``, the name of who said it. A gold quote is **found** when one predicted quote's
content covers at least half of its non-space characters (the best such prediction is the one
compared). Each found quote then has exactly one of three outcomes:

- **right**: whosaid gave a name and it names the reference, or whosaid named nobody and the
  reference is itself a description ("a senior Democratic aide") that the kept mention or
  ``unnamed`` says too;
- **named wrongly**: whosaid gave a name and it is not the reference (the false attribution a
  journalist might publish);
- **left unnamed**: whosaid named nobody where the annotators name somebody (or described them
  differently).

A predicted name names the reference when they are equal after normalisation (accents and case
folded, punctuation, leading honorifics and determiners and a company's trailing legal suffix
dropped: "TransCanada Corp." is "TransCanada"), or the predicted name leaves
out only middle names ("Jose Alvarez" for "Jose Luis Alvarez"), or the reference is a shorter
form of the predicted name that no other reference of the article shares ("Trudeau" written by
the annotators, "Justin Trudeau" given). A bare surname given as a name is *not* the full name:
whosaid's names are meant to be full names. A mention as written ("he", "the agency") is never a
name.

The annotators' files are the text as their extractor saw it: line breaks became ".\\n " and
curly double quotes became straight ones, so some paragraphs end in a stray period.
"""

from __future__ import annotations

import itertools
import json
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from whosaid.evaluation import DataNotFound
from whosaid.model import Analysis, Article, Quote

if TYPE_CHECKING:
    from whosaid.pipeline import Pipeline

# Determiners too: "the premier" and "premier" are one speaker.
HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame", "lord",
                        "lady", "rev", "hon", "the", "a", "an"})  # fmt: skip
FOUND_SHARE = 0.5  # of the gold quote's non-space characters
# A company's legal suffix names no other company: "TransCanada Corp." names "TransCanada".
LEGAL_SUFFIXES = frozenset({"co", "corp", "corporation", "inc", "incorporated", "ltd", "limited",
                            "llc", "plc", "ag", "sa", "nv", "gmbh"})  # fmt: skip


def name_words(name: str) -> tuple[str, ...]:
    """The words of a name, normalised: accents and case folded, punctuation, leading
    honorifics and a trailing legal suffix dropped ("Dr. José Álvarez" -> ("jose", "alvarez"),
    "Samsung Electronics Co." -> ("samsung", "electronics"))."""
    folded = unicodedata.normalize("NFKD", name)
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch)).casefold()
    words = re.findall(r"[a-z0-9]+", folded.replace("'s ", " ").replace("’s ", " "))
    while words and words[0] in HONORIFICS:
        words.pop(0)
    while len(words) > 1 and words[-1] in LEGAL_SUFFIXES:
        words.pop()
    return tuple(words)


def _shorter_form(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    """``short`` is ``long``'s last words ("McCallum") or its first and last ("Jose Alvarez"
    for "Jose Luis Alvarez")."""
    if not short or len(short) >= len(long):
        return False
    return long[-len(short) :] == short or _without_middle(short, long)


def _without_middle(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    """``short`` is ``long`` without its middle names: still the full name of that person."""
    return len(short) == 2 and len(long) > 2 and short == (long[0], long[-1])


def speaker_matches(predicted: str | None, reference: str, references: Sequence[str]) -> bool:
    """Does the name ``predicted`` name ``reference``? ``references`` are all the article's
    references, to decide whether the annotators' shorter form is ambiguous. A bare surname
    predicted for a full reference does not name it."""
    if not predicted:
        return False
    p, r = name_words(predicted), name_words(reference)
    if not p or not r:
        return False
    if p == r or _without_middle(p, r):
        return True
    others = {name_words(x) for x in references} - {r}
    if _shorter_form(r, p):  # "Doug McCallum" for a reference written "McCallum"
        return not any(o == p or _shorter_form(r, o) for o in others)
    return False


# Words that may stand lowercase inside a proper name ("Parole Board of Canada", "Ludwig van
# Beethoven", "Tore Sohlberg and Lehla Abreder"); any other lowercase word makes a reference a
# description ("a senior Democratic aide", "Surrey staff").
NAME_PARTICLES = frozenset({"of", "and", "for", "de", "du", "des", "la", "le", "van", "von",
                            "der", "den", "da", "di", "dos", "bin", "ibn", "al", "el"})  # fmt: skip
# Words a description opens with that a name never does.
DESCRIPTION_OPENERS = frozenset({"the", "a", "an", "some", "several", "many", "most", "two",
                                 "three", "both", "all", "other", "one"})  # fmt: skip
# Words that say nothing about who: left out when two descriptions are compared.
_FILLER = HONORIFICS | {"of", "with", "and", "who", "that", "to", "in", "on", "for", "at", "by",
                        "s", "some", "several", "many", "both", "all"}  # fmt: skip


def is_description(reference: str) -> bool:
    """Whether the annotators' reference describes an unnamed speaker rather than naming one:
    it opens with a determiner or quantifier, or has a lowercase word that is not a particle."""
    words = reference.split()
    if not words:
        return False
    if words[0].lower() in DESCRIPTION_OPENERS:
        return True
    return any(w[:1].islower() and w.lower() not in NAME_PARTICLES for w in words)


def _content_words(text: str) -> set[str]:
    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch)).casefold()
    words = re.findall(r"[a-z0-9]+", folded)
    return {w.removesuffix("s") for w in words if w not in _FILLER}


def description_matches(said: str | None, reference: str) -> bool:
    """Does the description whosaid kept (mention or ``unnamed``) say what the annotators'
    description says? Every content word of one is in the other ("a senior Democratic aide"
    and "a senior Democratic aide who spoke on condition of anonymity")."""
    if not said or not is_description(reference):
        return False
    got, want = _content_words(said), _content_words(reference)
    if not got or not want:
        return False
    return want <= got or got <= want


def unresolved_right(q: Quote, reference: str) -> bool:
    """An unnamed speaker is right only where the reference is a description it matches."""
    sp = q.speaker
    said = [sp.unnamed, sp.mention.text if sp.mention else None]
    return any(description_matches(s, reference) for s in said)


@dataclass(frozen=True, slots=True)
class GoldQuote:
    start: int
    end: int
    reference: str
    speaker: tuple[int, int] | None


@dataclass(frozen=True, slots=True)
class GgtArticle:
    id: str
    outlet: str
    text: str
    quotes: tuple[GoldQuote, ...]


def load_ggt(data_dir: Path) -> list[GgtArticle]:
    folder = data_dir / "ggt-dev"
    gold = folder / "gold.jsonl"
    if not gold.is_file():
        raise DataNotFound(
            f"GenderGapTracker's dev annotation is not at {gold}. Give the folder that holds "
            "ggt-dev/ with --data DIR or the WHOSAID_DATA environment variable."
        )
    out = []
    for line in gold.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        text = (folder / "articles" / f"{row['id']}.txt").read_text(encoding="utf-8")
        # One gold quote has no span (its text was not located): it cannot be scored.
        quotes = tuple(
            GoldQuote(q["quote"][0], q["quote"][1], q["reference"], _pair(q["speaker"]))
            for q in row["quotes"]
            if q["quote"]
        )
        out.append(GgtArticle(row["id"], row.get("outlet", ""), text, quotes))
    return out


def _pair(value: list[int] | None) -> tuple[int, int] | None:
    return (int(value[0]), int(value[1])) if value else None


def _nonspace(text: str, start: int, end: int) -> set[int]:
    return {i for i in range(start, end) if not text[i].isspace()}


def best_prediction(
    text: str, gold: GoldQuote, quotes: Sequence[Quote]
) -> tuple[Quote | None, float]:
    """The predicted quote covering most of ``gold``, and the share of gold characters covered."""
    want = _nonspace(text, gold.start, gold.end)
    best, share = None, 0.0
    for q in quotes:
        got = set().union(*(_nonspace(text, s.start, s.end) for s in q.content)) & want
        if want and len(got) / len(want) > share:
            best, share = q, len(got) / len(want)
    return best, share


def predicted_speaker(q: Quote) -> str | None:
    """The name whosaid gives, else what it says of an unnamed speaker, else the mention."""
    if q.speaker.name:
        return q.speaker.name
    if q.speaker.unnamed:
        return q.speaker.unnamed
    return q.speaker.mention.text if q.speaker.mention else None


@dataclass(slots=True)
class GgtScore:
    gold: int = 0
    found: int = 0
    right: int = 0
    named_wrongly: int = 0  # a name was given and it is the wrong person
    unnamed: int = 0  # no name given
    by_kind: dict[str, list[int]] = field(default_factory=dict)  # kind -> [gold, found, right]
    # (confidence, right) of every name given, for the reliability table
    named: list[tuple[float, bool]] = field(default_factory=list)
    wrong: list[dict[str, Any]] = field(default_factory=list)
    missed: list[dict[str, Any]] = field(default_factory=list)

    def add(self, art: GgtArticle, a: Analysis) -> None:
        from whosaid.evaluation.scoring import kind_of

        refs = [q.reference for q in art.quotes]
        for g in art.quotes:
            kind = kind_of(art.text, ((g.start, g.end),))
            row = self.by_kind.setdefault(kind, [0, 0, 0])
            self.gold += 1
            row[0] += 1
            q, share = best_prediction(art.text, g, a.quotes)
            quote_text = art.text[g.start : g.end]
            if q is None or share < FOUND_SHARE:
                self.missed.append({"article": art.id, "kind": kind, "quote": quote_text,
                                    "reference": g.reference})  # fmt: skip
                continue
            self.found += 1
            row[1] += 1
            if q.speaker.name:
                ok = speaker_matches(q.speaker.name, g.reference, refs)
                self.named.append((q.speaker.confidence, ok))
                self.named_wrongly += not ok
            else:
                ok = unresolved_right(q, g.reference)
                self.unnamed += 1
            if ok:
                self.right += 1
                row[2] += 1
                continue
            self.wrong.append(
                {
                    "article": art.id,
                    "quote": quote_text,
                    "reference": g.reference,
                    "predicted": predicted_speaker(q),
                    "mention": q.speaker.mention.text if q.speaker.mention else None,
                    "resolved": q.speaker.name is not None,
                    "confidence": q.speaker.confidence,
                }
            )

    def reliability(
        self, bands: Sequence[float] = (0.0, 0.5, 0.7, 0.8, 0.9)
    ) -> list[tuple[str, int, int]]:
        """Per confidence band, lowest first: (label, names given, names right)."""
        edges = [*bands, 1.0001]
        out = []
        for lo, hi in itertools.pairwise(edges):
            inside = [ok for c, ok in self.named if lo <= c < hi]
            label = f"{lo:.2f}-{min(hi, 1.0):.2f}"
            out.append((label, len(inside), sum(inside)))
        return out


def score_ggt(articles: Sequence[GgtArticle], pipeline: Pipeline) -> tuple[GgtScore, list[str]]:
    """Run ``pipeline`` on every article and score it; also the messages of articles skipped."""
    score, skipped = GgtScore(), []
    outcomes = pipeline.analyze_many(Article(text=a.text, source=a.id) for a in articles)
    for art, outcome in zip(articles, outcomes, strict=True):
        if outcome.analysis is None:
            skipped.append(f"{art.id}: {outcome.message}")
            continue
        score.add(art, outcome.analysis)
    return score, skipped
