"""Span matching and precision, recall and F1 for attribution relations.

An attribution relation has three parts, each a set of character spans into the article text:
the content (what was said), the cue ("said", "according to") and the source (the speaker as
written). Spans are compared after the same normalisation on both sides (``normalise``): white
space trimmed from each piece, pieces sorted, and pieces separated only by white space merged, so
a quote split by its cue is one content in two pieces on either side.

Two ways of matching, both micro-averaged over all articles:

- **exact**: a predicted part counts when an identical normalised span set is in the gold set of
  the same article. Each article's parts are compared as sets of distinct spans, so a mention
  that two predicted quotes share is one prediction, not two.
- **overlap**: partial credit in the manner of BBC Citron's ``evaluate`` (overlapping amount over
  predicted amount for precision, over gold amount for recall, summed over the corpus). Citron
  counts tokens; we count non-white-space characters, which weighs a span by its length like
  tokens do without needing a tokeniser that both sides agree on, and we count each character
  once per article (as a set), so overlapping predictions cannot earn a character twice.

``relation`` F1 counts a relation only when its content, cue and source all match exactly (a
relation without a source matches only a prediction without one).

Breakdowns (by kind, speech cues) restrict one side at a time: precision over the predictions in
the subset against all gold parts, recall over the gold parts in the subset against all
predictions. A subset is decided by the same rule on both sides (``kind_of``, ``is_speech_cue``),
applied to each side's own text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

Piece = tuple[int, int]
Spans = tuple[Piece, ...]  # normalised; () when the part is absent
FieldName = Literal["content", "cue", "source"]
FIELDS: tuple[FieldName, ...] = ("content", "cue", "source")
Kind = Literal["direct", "mixed", "indirect"]
KINDS: tuple[Kind, ...] = ("direct", "mixed", "indirect")


@dataclass(frozen=True, slots=True)
class Relation:
    """One attribution, gold or predicted, as normalised span sets. It always has content:
    an attribution with nothing attributed cannot be matched, so readers drop it."""

    content: Spans
    cue: Spans = ()
    source: Spans = ()

    def __post_init__(self) -> None:
        if not self.content:
            raise ValueError("a Relation needs at least one content span")

    def part(self, name: FieldName) -> Spans:
        return self.content if name == "content" else self.cue if name == "cue" else self.source

    @property
    def triple(self) -> tuple[Spans, Spans, Spans]:
        return (self.content, self.cue, self.source)


def normalise(text: str, pieces: Iterable[Piece]) -> Spans:
    """Trim white space from each piece, drop empty ones, sort, and merge pieces that touch or
    are separated only by white space."""
    trimmed: list[list[int]] = []
    for start, end in sorted(pieces):
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end <= start:
            continue
        if trimmed and (start <= trimmed[-1][1] or not text[trimmed[-1][1] : start].strip()):
            trimmed[-1][1] = max(trimmed[-1][1], end)
        else:
            trimmed.append([start, end])
    return tuple((s, e) for s, e in trimmed)


def span_text(text: str, spans: Spans, sep: str = " … ") -> str:
    return sep.join(text[s:e] for s, e in spans)


# --- kinds and speech cues -----------------------------------------------------------------

_DOUBLE_MARKS = '"“”„«»'
_OPENING = '"“„«'
_CLOSING = '"”»'


def kind_of(text: str, spans: Spans) -> Kind:
    """Direct when every piece is a quotation (opens with a double quote mark and closes with
    one, or, as the paragraphs of a long quote do, opens with one and has no other), mixed when
    some double quote mark is inside, indirect when there is none. Single marks are left out:
    they are mostly apostrophes, and headline scare quotes."""
    pieces = [text[s:e] for s, e in spans]
    if not any(ch in _DOUBLE_MARKS for p in pieces for ch in p):
        return "indirect"
    for p in pieces:
        opens = p[:1] in _OPENING
        closes = p[-1:] in _CLOSING and len(p) > 1
        inner_marks = sum(ch in _DOUBLE_MARKS for ch in p[1:])
        if not (opens and (closes or inner_marks == 0)):
            return "mixed"
    return "direct"


# The speech-cue subset: cues that report speech or writing, as opposed to PolNeAR's polls,
# documents, beliefs and intentions. One place, every inflection written out, so the subset is
# the same for gold, whosaid and the baseline. Matched word by word on the lower-cased cue, so
# "has said", "did not say" and "told reporters" count.
_IRREGULAR = {
    "say": ("say", "says", "said", "saying"),
    "tell": ("tell", "tells", "told", "telling"),
    "write": ("write", "writes", "wrote", "written", "writing"),
    "quote": ("quote", "quotes", "quoted", "quoting"),
    "state": ("state", "states", "stated", "stating"),
}
_REGULAR = [
    "add",
    "acknowledge",
    "admit",
    "announce",
    "argue",
    "ask",
    "assert",
    "claim",
    "comment",
    "confirm",
    "declare",
    "deny",
    "explain",
    "insist",
    "note",
    "predict",
    "promise",
    "recall",
    "remark",
    "repeat",
    "reply",
    "report",
    "respond",
    "suggest",
    "testify",
    "tweet",
    "warn",
    "vow",
]


def _inflections(lemma: str) -> tuple[str, ...]:
    if lemma.endswith("e"):
        return (lemma, lemma + "s", lemma + "d", lemma[:-1] + "ing")
    if lemma.endswith("y") and lemma not in ("say",):
        return (lemma, lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing")
    return (lemma, lemma + "s", lemma + "ed", lemma + "ing")


SPEECH_CUE_FORMS: dict[str, str] = {
    form: lemma
    for lemma, forms in [*_IRREGULAR.items(), *((lm, _inflections(lm)) for lm in _REGULAR)]
    for form in forms
}
_WORD = re.compile(r"[a-z]+")


def speech_cue_lemma(cue_text: str) -> str | None:
    """The speech lemma of a cue ("has said" -> "say"), "according to", or None."""
    low = cue_text.lower()
    if "according to" in low:
        return "according to"
    for word in _WORD.findall(low):
        if word in SPEECH_CUE_FORMS:
            return SPEECH_CUE_FORMS[word]
    return None


def is_speech_cue(text: str, spans: Spans) -> bool:
    return bool(spans) and speech_cue_lemma(span_text(text, spans, " ")) is not None


# --- counting ------------------------------------------------------------------------------


@dataclass(slots=True)
class PRF:
    """Micro-averaged precision and recall: ``hit_p`` of ``pred`` predictions were right and
    ``hit_r`` of ``gold`` gold items were found (equal for exact match; for overlap they are
    characters)."""

    hit_p: int = 0
    pred: int = 0
    hit_r: int = 0
    gold: int = 0

    def add(self, other: PRF) -> None:
        self.hit_p += other.hit_p
        self.pred += other.pred
        self.hit_r += other.hit_r
        self.gold += other.gold

    @property
    def precision(self) -> float:
        return self.hit_p / self.pred if self.pred else 0.0

    @property
    def recall(self) -> float:
        return self.hit_r / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "hit_p": self.hit_p,
            "pred": self.pred,
            "hit_r": self.hit_r,
            "gold": self.gold,
        }


Selector = Callable[[Relation], bool]


def _everything(_: Relation) -> bool:
    return True


def exact_counts(
    gold: Sequence[Relation],
    pred: Sequence[Relation],
    key: Callable[[Relation], object],
    gold_sel: Selector = _everything,
    pred_sel: Selector = _everything,
) -> PRF:
    """Exact-match counts for one article; ``key`` picks what is compared (a part or the
    triple). A relation whose part is absent (no cue, no source) gives no item for that part."""
    gold_all = {key(r) for r in gold if key(r)}
    pred_all = {key(r) for r in pred if key(r)}
    gold_sub = {key(r) for r in gold if gold_sel(r) and key(r)}
    pred_sub = {key(r) for r in pred if pred_sel(r) and key(r)}
    return PRF(
        hit_p=len(pred_sub & gold_all),
        pred=len(pred_sub),
        hit_r=len(gold_sub & pred_all),
        gold=len(gold_sub),
    )


def _chars(text: str, spans: Iterable[Spans]) -> set[int]:
    return {i for ss in spans for s, e in ss for i in range(s, e) if not text[i].isspace()}


def overlap_counts(
    text: str,
    gold: Sequence[Relation],
    pred: Sequence[Relation],
    part: FieldName,
    gold_sel: Selector = _everything,
    pred_sel: Selector = _everything,
) -> PRF:
    """Character-overlap counts for one article and one part (see the module docstring)."""
    gold_all = _chars(text, (r.part(part) for r in gold))
    pred_all = _chars(text, (r.part(part) for r in pred))
    gold_sub = _chars(text, (r.part(part) for r in gold if gold_sel(r)))
    pred_sub = _chars(text, (r.part(part) for r in pred if pred_sel(r)))
    return PRF(
        hit_p=len(pred_sub & gold_all),
        pred=len(pred_sub),
        hit_r=len(gold_sub & pred_all),
        gold=len(gold_sub),
    )


# --- a whole score sheet -------------------------------------------------------------------

SUBSETS: tuple[str, ...] = ("all", *KINDS, "speech")


def selector(text: str, subset: str) -> Selector:
    """Which relations of an article belong to ``subset`` (decided on the relation's own text)."""
    if subset == "all":
        return _everything
    if subset == "speech":
        return lambda r: is_speech_cue(text, r.cue)
    return lambda r: kind_of(text, r.content) == subset


def metric_names() -> list[str]:
    """``content_exact``, ``content_overlap``, ..., ``relation_exact``."""
    return [f"{p}_{m}" for p in FIELDS for m in ("exact", "overlap")] + ["relation_exact"]


@dataclass(slots=True)
class ScoreSheet:
    """Counts for every metric and subset, added up article by article."""

    counts: dict[str, dict[str, PRF]] = field(
        default_factory=lambda: {s: {m: PRF() for m in metric_names()} for s in SUBSETS}
    )
    articles: int = 0
    gold_relations: int = 0
    predicted_relations: int = 0

    def add_article(self, text: str, gold: Sequence[Relation], pred: Sequence[Relation]) -> None:
        self.articles += 1
        self.gold_relations += len(gold)
        self.predicted_relations += len(pred)
        for subset in SUBSETS:
            sel = selector(text, subset)
            row = self.counts[subset]
            for p in FIELDS:
                row[f"{p}_exact"].add(exact_counts(gold, pred, _part_key(p), sel, sel))
                row[f"{p}_overlap"].add(overlap_counts(text, gold, pred, p, sel, sel))
            row["relation_exact"].add(exact_counts(gold, pred, _triple, sel, sel))

    def get(self, metric: str, subset: str = "all") -> PRF:
        return self.counts[subset][metric]

    def f1(self, metric: str, subset: str = "all") -> float:
        return self.get(metric, subset).f1

    def to_dict(self) -> dict[str, object]:
        return {
            "articles": self.articles,
            "gold_relations": self.gold_relations,
            "predicted_relations": self.predicted_relations,
            "scores": {
                s: {m: prf.to_dict() for m, prf in row.items()} for s, row in self.counts.items()
            },
        }


def _part_key(p: FieldName) -> Callable[[Relation], Spans]:
    return lambda r: r.part(p)


def _triple(r: Relation) -> tuple[Spans, Spans, Spans]:
    return r.triple
