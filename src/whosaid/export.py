"""Analyses in the formats other tools load: CSV rows (one per quote) and brat standoff.

CSV: ``QUOTE_COLUMNS``, one row per quote, the article's fields repeated on each row. Where a
column is also in ``whosaid search --format csv`` it has the same name and the same value for
the same quote (``source``, ``kind``, ``content``, ``start``, ``end``, ``spans``, ``speaker``,
``speaker_mention``, ``cue``, ``via``, ``addressee``, ``date``, ...), so a spreadsheet made from
either lines up; the offset columns are named as in the store (``cue_start``, ``speaker_start``).
Lists are written as search writes them: names joined by ``"; "``, offset pairs as JSON.

brat: an article's text as ``NAME.txt`` and its quotes as ``NAME.ann``, in PolNeAR's scheme
(``whosaid.evaluation.brat`` reads it): ``Source`` (the speaker as written), ``Cue`` and
``Content`` spans, and an ``Attribution`` event tying them, whose trigger is the cue as in
PolNeAR (``Attribution-no-source`` when there is no speaker mention). brat draws a span inside
one line, so a piece of content that runs over a line break is written as fragments, which
readers merge back (they are separated only by white space). ``annotation.conf`` beside the
files tells brat and INCEpTION the types.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from whosaid.clean.text import trimmed_lines
from whosaid.model import Analysis, Quote

QUOTE_COLUMNS: tuple[str, ...] = (
    "source",
    "title",
    "outlet",
    "published",
    "kind",
    "act",
    "content",
    "start",
    "end",
    "spans",
    "speaker",
    "speaker_entity",
    "unnamed",
    "speaker_mention",
    "speaker_start",
    "speaker_end",
    "confidence",
    "cue",
    "cue_start",
    "cue_end",
    "via",
    "addressee",
    "date",
)

# The types of PolNeAR's scheme, for brat's and INCEpTION's configuration. ``Content+`` lets an
# event have several contents, which brat writes as ``Content``, ``Content2``, ... (PolNeAR has a
# few); whosaid writes one Content span with fragments. A quote without a cue is triggered by its
# speaker mention or its content, hence the optional Cue.
BRAT_CONF = """\
[entities]
Source
Cue
Content
[relations]
[events]
Attribution\tSource:Source, Cue?:Cue, Content+:Content
Attribution-no-source\tCue?:Cue, Content+:Content
[attributes]
"""


def quote_row(a: Analysis, q: Quote) -> dict[str, Any]:
    """One quote as a CSV row (``QUOTE_COLUMNS``): plain values, lists already flattened."""
    mention = q.speaker.mention
    return {
        "source": a.source,
        "title": a.headline,
        "outlet": a.outlet,
        "published": a.published,
        "kind": q.kind,
        "act": q.act,
        "content": q.content_text,  # as the store keeps it, so search's column matches
        "start": q.start,
        "end": q.end,
        "spans": json.dumps([[s.start, s.end] for s in q.content]),
        "speaker": q.speaker.name,
        "speaker_entity": q.speaker.entity,
        "unnamed": q.speaker.unnamed,
        "speaker_mention": mention.text if mention else None,
        "speaker_start": mention.start if mention else None,
        "speaker_end": mention.end if mention else None,
        "confidence": round(q.speaker.confidence, 3),
        "cue": q.cue.text if q.cue else None,
        "cue_start": q.cue.start if q.cue else None,
        "cue_end": q.cue.end if q.cue else None,
        "via": "; ".join(p.name for p in q.via),
        "addressee": q.addressee.name if q.addressee else None,
        "date": q.date,
    }


def quote_rows(analyses: Iterable[Analysis]) -> Iterable[dict[str, Any]]:
    for a in analyses:
        for q in a.quotes:
            yield quote_row(a, q)


class CsvWriter:
    """Quote rows to a text stream, the header first; rows are written as analyses come, so a
    long run streams."""

    def __init__(self, stream: io.TextIOBase | Any) -> None:
        self._writer = csv.DictWriter(stream, fieldnames=QUOTE_COLUMNS, lineterminator="\n")
        self._writer.writeheader()

    def write(self, a: Analysis) -> int:
        rows = list(quote_rows([a]))
        self._writer.writerows(rows)
        return len(rows)


# -- brat ------------------------------------------------------------------------------------


def _fragments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``text[start:end]`` cut at line breaks, each piece trimmed: brat spans stay in a line."""
    return trimmed_lines(text, start, end)


class _Ann:
    """An ``.ann`` file being written: numbered ``T`` and ``E`` lines."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lines: list[str] = []
        self.t = 0
        self.e = 0

    def span(self, label: str, pieces: Iterable[tuple[int, int]]) -> str | None:
        frags = [f for s, e in pieces for f in _fragments(self.text, s, e)]
        if not frags:
            return None
        self.t += 1
        offsets = ";".join(f"{s} {e}" for s, e in frags)
        shown = " ".join(self.text[s:e] for s, e in frags)
        self.lines.append(f"T{self.t}\t{label} {offsets}\t{shown}")
        return f"T{self.t}"

    def event(self, kind: str, trigger: str, args: list[tuple[str, str]]) -> None:
        self.e += 1
        roles = " ".join(f"{role}:{ref}" for role, ref in args)
        self.lines.append(f"E{self.e}\t{kind}:{trigger} {roles}")


def brat_ann(a: Analysis) -> str:
    """The ``.ann`` standoff of an analysis' quotes, offsets into ``a.text``."""
    ann = _Ann(a.text)
    for q in a.quotes:
        content = ann.span("Content", [(s.start, s.end) for s in q.content])
        if content is None:
            continue
        args = [("Content", content)]
        cue = ann.span("Cue", [(q.cue.start, q.cue.end)]) if q.cue else None
        if cue:
            args.append(("Cue", cue))
        mention = q.speaker.mention
        source = ann.span("Source", [(mention.start, mention.end)]) if mention else None
        if source:
            args.append(("Source", source))
        kind = "Attribution" if source else "Attribution-no-source"
        # PolNeAR's trigger is the cue; a quote without one (a paragraph continuing the last
        # speaker) is triggered by its speaker mention, else its own content.
        anchor = q.cue or mention
        pieces = [(anchor.start, anchor.end)] if anchor else [(s.start, s.end) for s in q.content]
        trigger = ann.span(kind, pieces)
        if trigger:
            ann.event(kind, trigger, args)
    return "".join(line + "\n" for line in ann.lines)


def brat_name(source: str | None, taken: set[str]) -> str:
    """A file name for an article, from its source (``dir/story.txt`` -> ``story``), unique
    among ``taken`` (which it joins)."""
    stem = Path(source).name if source else "article"
    for ext in (".gz", ".html", ".htm", ".txt", ".jsonl", ".sgm"):
        stem = stem.removesuffix(ext)
    base = re.sub(r"[^\w.-]+", "_", stem).strip("._") or "article"
    name, n = base, 1
    while name in taken:
        n += 1
        name = f"{base}-{n}"
    taken.add(name)
    return name


def write_brat(a: Analysis, out_dir: Path, name: str) -> tuple[Path, Path]:
    """Write ``NAME.txt`` and ``NAME.ann`` (and ``annotation.conf`` once) into ``out_dir``.
    The text is written byte for byte as analysed (no newline translation), so offsets hold."""
    out_dir.mkdir(parents=True, exist_ok=True)
    conf = out_dir / "annotation.conf"
    if not conf.exists():
        conf.write_text(BRAT_CONF, encoding="utf-8")
    txt, ann = out_dir / f"{name}.txt", out_dir / f"{name}.ann"
    with txt.open("w", encoding="utf-8", newline="") as fh:
        fh.write(a.text)
    with ann.open("w", encoding="utf-8", newline="") as fh:
        fh.write(brat_ann(a))
    return txt, ann
