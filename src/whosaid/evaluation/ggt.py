"""Speaker resolution against the GenderGapTracker's hand annotation (``ggt-dev``).

Each gold quote has a span and ``reference``, the name of who said it. A gold quote is **found**
when one predicted quote's content covers at least half of its non-space characters (the best
such prediction is the one compared). Its **speaker is right** when the predicted name (or, for
a speaker whosaid left unresolved, the mention as written) names the reference:

- equal after normalisation: Unicode accents folded, case folded, punctuation dropped, leading
  honorifics (Mr, Mrs, Dr, ...) and determiners (the, a) dropped;
- or one is a shorter form of the other (the other's last words, "McCallum" for "Doug
  McCallum", or its first and last words), but only when that is unambiguous:
  no other reference in the same article has that shorter form too, so "Kim" is not right when
  the article quotes both Kim Jong Un and Kim Jong-dae.

The annotators' files are the text as their extractor saw it: line breaks became ".\\n " and
curly double quotes became straight ones, so some paragraphs end in a stray period.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from whosaid.evaluation import DataNotFound
from whosaid.model import Analysis, Quote

# Determiners too: "the premier" and "premier" are one speaker.
HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame", "lord",
                        "lady", "rev", "hon", "the", "a", "an"})  # fmt: skip
FOUND_SHARE = 0.5  # of the gold quote's non-space characters


def name_words(name: str) -> tuple[str, ...]:
    """The words of a name, normalised: accents and case folded, punctuation and leading
    honorifics dropped ("Dr. José Álvarez" -> ("jose", "alvarez"))."""
    folded = unicodedata.normalize("NFKD", name)
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch)).casefold()
    words = re.findall(r"[a-z0-9]+", folded.replace("'s ", " ").replace("’s ", " "))
    while words and words[0] in HONORIFICS:
        words.pop(0)
    return tuple(words)


def _shorter_form(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    """``short`` is ``long``'s last words ("McCallum") or its first and last ("Jose Alvarez"
    for "Jose Luis Alvarez")."""
    if not short or len(short) >= len(long):
        return False
    return long[-len(short) :] == short or (len(short) == 2 and short == (long[0], long[-1]))


def speaker_matches(predicted: str | None, reference: str, references: Sequence[str]) -> bool:
    """Does ``predicted`` name ``reference``? ``references`` are all the article's references,
    to decide whether a shorter form is ambiguous."""
    if not predicted:
        return False
    p, r = name_words(predicted), name_words(reference)
    if not p or not r:
        return False
    if p == r:
        return True
    others = {name_words(x) for x in references} - {r}
    if _shorter_form(p, r):  # "McCallum" for "Doug McCallum": only if no other McCallum
        return not any(_shorter_form(p, o) or o == p for o in others)
    if _shorter_form(r, p):  # "Doug McCallum" for a reference written "McCallum"
        return not any(o == p or _shorter_form(r, o) for o in others)
    return False


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
    """The name whosaid gives, or the mention as written when it left the speaker unresolved."""
    if q.speaker.name:
        return q.speaker.name
    return q.speaker.mention.text if q.speaker.mention else None


@dataclass(slots=True)
class GgtScore:
    gold: int = 0
    found: int = 0
    right: int = 0
    by_kind: dict[str, list[int]] = field(default_factory=dict)  # kind -> [gold, found, right]
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
            said = predicted_speaker(q)
            if speaker_matches(said, g.reference, refs):
                self.right += 1
                row[2] += 1
            else:
                self.wrong.append(
                    {
                        "article": art.id,
                        "quote": quote_text,
                        "reference": g.reference,
                        "predicted": said,
                        "mention": q.speaker.mention.text if q.speaker.mention else None,
                        "resolved": q.speaker.name is not None,
                    }
                )
