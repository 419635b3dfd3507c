"""Date finding and resolution on TimeBank 1.2 + AQUAINT (TimeML, document dates given), side by
side with ``dateparser.search.search_dates`` given the same document dates.

    python bench/eval_dates.py [--data DIR] [--limit N] [--errors K]

DIR defaults to $WHOSAID_DATA or ../shared/data; the documents are DIR/timebank-aquaint/
{TimeBank,AQUAINT}/*.tml. Scores, on the gold TIMEX3 of type DATE inside <TEXT>:
- finding: precision, recall and F1 by overlap (a prediction is right when it overlaps a gold
  DATE; each gold DATE is found at most once);
- value: as TempEval-3 scores attributes, a prediction counts when it overlaps a gold DATE and
  its value equals the gold value; value precision = counted / predictions, recall = counted /
  gold, and value accuracy = counted / overlapping predictions.
dateparser gives timestamps, not TimeML values: its value is scored as the day (YYYY-MM-DD) and,
leniently, as the gold value's own granularity (a hit for "last year" = 1997 when the timestamp
falls in 1997), which favours it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Gold:
    start: int
    end: int
    value: str


@dataclass(frozen=True)
class Doc:
    name: str
    text: str
    dct: dt.date
    dates: list[Gold]
    others: list[tuple[int, int]]  # gold TIME, DURATION and SET expressions


def data_dir(arg: str | None) -> Path:
    return Path(arg or os.environ.get("WHOSAID_DATA") or REPO.parent / "shared" / "data")


def load(path: Path) -> Doc:
    """The plain text of <TEXT>, with the gold TIMEX3 offsets into it."""
    root = ET.parse(path).getroot()
    dct_el = root.find("DCT/TIMEX3")
    assert dct_el is not None
    dct = dt.date.fromisoformat(dct_el.get("value", "")[:10])
    text_el = root.find("TEXT")
    assert text_el is not None
    parts: list[str] = []
    dates: list[Gold] = []
    others: list[tuple[int, int]] = []
    pos = 0

    def walk(el: ET.Element) -> None:
        nonlocal pos
        start = pos
        if el.text:
            parts.append(el.text)
            pos += len(el.text)
        for child in el:
            walk(child)
            if child.tail:
                parts.append(child.tail)
                pos += len(child.tail)
        if el.tag == "TIMEX3":
            if el.get("type") == "DATE":
                dates.append(Gold(start, pos, el.get("value", "")))
            else:
                others.append((start, pos))

    walk(text_el)
    return Doc(path.name, "".join(parts), dct, dates, others)


@dataclass
class Score:
    predicted: int = 0
    found: int = 0  # predictions overlapping a gold DATE
    gold_found: int = 0  # gold DATEs overlapped by some prediction
    value_right: int = 0
    value_lenient: int = 0
    gold: int = 0
    seconds: float = 0.0

    def prf(self, right: int, recall_right: int | None = None) -> tuple[float, float, float]:
        p = right / self.predicted if self.predicted else 0.0
        r = (recall_right if recall_right is not None else right) / self.gold if self.gold else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def granular_match(gold: str, day: str) -> bool:
    """A dateparser day counted right when it falls in the gold value's period."""
    if len(gold) in (4, 7, 10) and gold[:4].isdigit():
        return day.startswith(gold)
    return False


def score_doc(
    doc: Doc, preds: list[tuple[int, int, str | None]], score: Score, errors: list[str] | None
) -> None:
    score.gold += len(doc.dates)
    used: set[int] = set()
    for start, end, value in preds:
        score.predicted += 1
        hits = [i for i, g in enumerate(doc.dates) if start < g.end and g.start < end]
        if not hits:
            if errors is not None:
                errors.append(f"FP  {doc.name}: {doc.text[start:end]!r} -> {value}")
            continue
        score.found += 1
        i = next((i for i in hits if i not in used), hits[0])
        used.add(i)
        gold = doc.dates[i]
        if value == gold.value:
            score.value_right += 1
        elif errors is not None:
            errors.append(
                f"VAL {doc.name} ({doc.dct}): {doc.text[start:end]!r} -> {value}, "
                f"gold {doc.text[gold.start : gold.end]!r} = {gold.value}"
            )
        if value == gold.value or (value and granular_match(gold.value, value)):
            score.value_lenient += 1
    score.gold_found += len(used)
    if errors is not None:
        for i, g in enumerate(doc.dates):
            if i not in used:
                errors.append(f"FN  {doc.name}: {doc.text[g.start : g.end]!r} = {g.value}")


def whosaid_preds(doc: Doc) -> list[tuple[int, int, str | None]]:
    from whosaid.extract.dates import resolve_dates

    return [(d.start, d.end, d.value) for d in resolve_dates(doc.text, doc.dct)]


def dateparser_preds(doc: Doc) -> list[tuple[int, int, str | None]]:
    from dateparser.search import search_dates

    base = dt.datetime.combine(doc.dct, dt.time(12))
    found = search_dates(doc.text, languages=["en"], settings={"RELATIVE_BASE": base}) or []
    out: list[tuple[int, int, str | None]] = []
    pos = 0
    for substring, when in found:
        start = doc.text.find(substring, pos)
        if start < 0:
            continue
        pos = start + len(substring)
        out.append((start, pos, when.date().isoformat()))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", help="the shared data folder (default: ../shared/data)")
    ap.add_argument("--limit", type=int, help="score only the first N documents")
    ap.add_argument("--errors", type=int, default=0, help="print K of whosaid's errors")
    ap.add_argument("--no-dateparser", action="store_true", help="skip the (slow) baseline")
    args = ap.parse_args()
    folder = data_dir(args.data) / "timebank-aquaint"
    paths = sorted(folder.glob("TimeBank/*.tml")) + sorted(folder.glob("AQUAINT/*.tml"))
    if not paths:
        sys.exit(f"no TimeML documents in {folder}; give the shared data folder with --data DIR.")
    docs = [load(p) for p in paths[: args.limit]]
    systems = {"whosaid": whosaid_preds}
    if not args.no_dateparser:
        systems["dateparser"] = dateparser_preds
    scores = {name: Score() for name in systems}
    errors: list[str] = []
    for name, predict in systems.items():
        for doc in docs:
            t0 = time.perf_counter()
            preds = predict(doc)
            scores[name].seconds += time.perf_counter() - t0
            score_doc(doc, preds, scores[name], errors if name == "whosaid" else None)
    ours = scores["whosaid"]
    print(
        f"TimeBank+AQUAINT: {len(docs)} documents, {ours.gold} gold DATE expressions "
        "(document dates given)"
    )
    header = f"{'':30}" + "".join(f"{n:>14}" for n in systems)
    if "dateparser" in systems:
        header += f"{'ratio':>9}"
    print(header)
    rows = [
        ("found: precision", lambda s: s.prf(s.found, s.gold_found)[0]),
        ("found: recall", lambda s: s.prf(s.found, s.gold_found)[1]),
        ("found: F1", lambda s: s.prf(s.found, s.gold_found)[2]),
        ("value accuracy (of found)", lambda s: s.value_right / s.found if s.found else 0.0),
        ("value precision", lambda s: s.prf(s.value_right)[0]),
        ("value recall", lambda s: s.prf(s.value_right)[1]),
        ("value F1 (TempEval-3)", lambda s: s.prf(s.value_right)[2]),
        ("value F1, gold granularity", lambda s: s.prf(s.value_lenient)[2]),
        ("ms per document", lambda s: 1000 * s.seconds / max(len(docs), 1)),
    ]
    for label, fn in rows:
        vals = [fn(scores[n]) for n in systems]
        line = f"{label:30}" + "".join(f"{v:>14.3f}" for v in vals)
        if len(vals) == 2:
            line += f"{(vals[0] / vals[1] if vals[1] else float('inf')):>9.2f}"
        print(line)
    if args.errors:
        kinds = Counter(e.split()[0] for e in errors)
        print(f"\nwhosaid errors: {dict(kinds)}")
        for e in errors[: args.errors]:
            print(e)


if __name__ == "__main__":
    main()
