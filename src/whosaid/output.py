"""Partitioned output: analyses as files that pandas, DuckDB and Spark read directly.

Layout of ``--out DIR``::

    DIR/part-00000.jsonl          (or .parquet) analyses of input items 0 .. part_size-1
    DIR/part-00001.jsonl          analyses of input items part_size .. 2*part_size-1, ...
    DIR/_whosaid/layout.json      format and part size, checked when a run resumes
    DIR/_whosaid/part-00000.json  completion marker: counts, failures, a hash of the sources

Parts follow input order (the N-th input item always lands in part N // part_size), which is
what makes a run resumable: a part with a marker is skipped without analysing its articles again,
a part without one is written again from scratch. A part file appears only when it is complete
(written to a hidden temporary name, then renamed), so a reader globbing ``part-*.jsonl`` never
sees half a part, and a part is never written twice. Articles that failed are not rows; they are
listed, with reason and message, in their part's marker. ``_whosaid`` starts with an underscore
so Spark and Hive ignore it.

JSON lines rows are the ``whosaid/1`` objects of ``Analysis.to_dict``. Parquet rows have the same
fields with a fixed schema (``PARQUET_SCHEMA``): quotes, entities, dates, paragraphs and removed
spans are ``list<struct>`` columns, so every part has the same schema and DuckDB reads the folder
with ``read_parquet('DIR/part-*.parquet')`` and ``unnest(quotes)``.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import pyarrow as pa
import pyarrow.parquet as pq

from whosaid.errors import WhosaidError
from whosaid.model import SCHEMA, Article, Outcome, Quote

OutFormat = Literal["jsonl", "parquet"]
OUT_FORMATS: tuple[OutFormat, ...] = ("jsonl", "parquet")
META_DIR = "_whosaid"

_span = pa.struct([("start", pa.int64()), ("end", pa.int64()), ("text", pa.string())])
_party = pa.struct([("name", pa.string()), ("mention", _span), ("entity", pa.string())])
_speaker = pa.struct(
    [
        ("name", pa.string()),
        ("entity", pa.string()),
        ("mention", _span),
        ("confidence", pa.float64()),
        ("unnamed", pa.string()),
    ]
)
_quote = pa.struct(
    [
        ("kind", pa.string()),
        ("content", pa.list_(_span)),
        ("cue", _span),
        ("speaker", _speaker),
        ("via", pa.list_(_party)),
        ("addressee", _party),
        ("date", pa.string()),
        # ``act`` (speech, belief, intent, evidence) is being added to Quote; declared here as
        # soon as the model has it, so a part's rows always round-trip to whosaid/1.
        *([("act", pa.string())] if "act" in Quote.__dataclass_fields__ else []),
    ]
)
_entity = pa.struct(
    [
        ("id", pa.string()),
        ("name", pa.string()),
        ("type", pa.string()),
        ("roles", pa.list_(_span)),
        ("mentions", pa.list_(_span)),
    ]
)
_date = pa.struct(
    [
        ("start", pa.int64()),
        ("end", pa.int64()),
        ("text", pa.string()),
        ("value", pa.string()),
        ("granularity", pa.string()),
    ]
)
_paragraph = pa.struct([("start", pa.int64()), ("end", pa.int64()), ("kind", pa.string())])
# One row per article, the fields of whosaid/1 in the same order and with the same names.
PARQUET_SCHEMA = pa.schema(
    [
        ("schema", pa.string()),
        ("source", pa.string()),
        ("text", pa.string()),
        ("published", pa.string()),
        ("headline", pa.string()),
        ("byline", pa.list_(pa.string())),
        ("outlet", pa.string()),
        ("url", pa.string()),
        ("language", pa.string()),
        ("paragraphs", pa.list_(_paragraph)),
        (
            "removed",
            pa.list_(
                pa.struct([("start", pa.int64()), ("end", pa.int64()), ("reason", pa.string())])
            ),
        ),
        ("quotes", pa.list_(_quote)),
        ("entities", pa.list_(_entity)),
        ("dates", pa.list_(_date)),
    ]
)


class OutputMismatch(WhosaidError):
    """The output folder was written by a run with other inputs or other settings."""

    reason = "output_mismatch"


@dataclass(slots=True)
class WriteReport:
    """What a partitioned run did: parts written now, parts already complete, article counts."""

    parts_written: int = 0
    parts_skipped: int = 0
    analysed: int = 0
    failed: int = 0
    already_done: int = 0
    failures: dict[str, list[str]] = field(default_factory=dict)  # reason -> sources

    def line(self) -> str:
        """A one-line summary for standard error."""
        return (
            f"{self.analysed:,} analysed and {self.failed:,} failed in {self.parts_written} new "
            f"part(s); {self.parts_skipped} part(s) ({self.already_done:,} inputs) were already "
            "complete"
        )


def part_name(number: int, fmt: OutFormat) -> str:
    return f"part-{number:05d}.{fmt}"


def sources_digest(sources: Iterable[str | None]) -> str:
    """A hash of a part's input sources, in order: how a resumed run knows its inputs match."""
    h = hashlib.sha256()
    for s in sources:
        h.update((s or "").encode("utf-8", "surrogatepass") + b"\0")
    return h.hexdigest()


def source_of(item: Article | Outcome) -> str | None:
    return item.source


def write_partitioned(
    items: Iterable[Article | Outcome],
    out_dir: str | Path,
    analyse: Callable[[Iterable[Article | Outcome]], Iterator[Outcome]],
    fmt: OutFormat = "jsonl",
    part_size: int = 1000,
) -> WriteReport:
    """Analyse ``items`` with ``analyse`` (``run_parallel`` or ``run_in_process`` bound to its
    settings) into part files under ``out_dir``; resume a run that stopped part-way."""
    if fmt not in OUT_FORMATS:
        raise WhosaidError(f"unknown output format {fmt!r}; use one of {', '.join(OUT_FORMATS)}.")
    out = Path(out_dir)
    meta = out / META_DIR
    meta.mkdir(parents=True, exist_ok=True)
    _check_layout(meta, fmt, part_size)
    # A run killed while writing leaves a temporary file behind (parts are written under a
    # temporary name, then renamed): never a part, so it goes.
    for stale in [*out.glob(".*.tmp"), *meta.glob(".*.tmp")]:
        stale.unlink(missing_ok=True)
    markers = _read_markers(meta)
    report = WriteReport()
    owners: deque[int] = deque()  # part number of each item handed to ``analyse``, in order
    feed = _unfinished(items, part_size, markers, owners, report)
    current: int | None = None
    outcomes: list[Outcome] = []
    for outcome in analyse(feed):
        part = owners.popleft()  # ``analyse`` yields one Outcome per item, in order
        if current is not None and part != current:
            _finish_part(out, current, fmt, outcomes, report)
            outcomes = []
        current = part
        outcomes.append(outcome)
    if current is not None:
        _finish_part(out, current, fmt, outcomes, report)
    return report


def _unfinished(
    items: Iterable[Article | Outcome],
    part_size: int,
    markers: dict[int, dict[str, Any]],
    owners: deque[int],
    report: WriteReport,
) -> Iterator[Article | Outcome]:
    """The items of parts not yet complete. Items of complete parts are only checked against
    their marker (same sources, same order), never analysed again."""
    skipped: list[str | None] = []
    skipped_part = 0
    for index, item in enumerate(items):
        part = index // part_size
        if part in markers:
            skipped.append(source_of(item))
            skipped_part = part
            if index % part_size == part_size - 1:
                _check_marker(part, markers[part], skipped, report)
                skipped = []
            continue
        owners.append(part)
        yield item
    if skipped:  # the last part of the input, complete and shorter than part_size
        _check_marker(skipped_part, markers[skipped_part], skipped, report)


def _check_marker(
    part: int, marker: dict[str, Any], sources: list[str | None], report: WriteReport
) -> None:
    if marker["count"] != len(sources) or marker["sources_sha256"] != sources_digest(sources):
        raise OutputMismatch(
            f"part {part} in the output folder was written from other inputs "
            f"({marker['count']} items then, {len(sources)} now, or other files). Give the same "
            "inputs in the same order to resume, or write to a new --out folder."
        )
    report.parts_skipped += 1
    report.already_done += len(sources)


def _finish_part(
    out: Path, part: int, fmt: OutFormat, outcomes: list[Outcome], report: WriteReport
) -> None:
    """Write one complete part, then its marker; both atomically (temporary name, rename)."""
    rows = [o.analysis.to_dict() for o in outcomes if o.analysis is not None]
    failures = [
        {"source": o.source, "reason": o.reason, "message": o.message} for o in outcomes if not o.ok
    ]
    target = out / part_name(part, fmt)
    tmp = out / f".{target.name}.tmp"
    if fmt == "jsonl":
        with tmp.open("w", encoding="utf-8") as fh:
            for row in rows:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    else:
        pq.write_table(pa.Table.from_pylist(rows, schema=PARQUET_SCHEMA), tmp)
    os.replace(tmp, target)
    marker = {
        "part": target.name,
        "count": len(outcomes),
        "analysed": len(rows),
        "failures": failures,
        "sources_sha256": sources_digest(o.source for o in outcomes),
    }
    _write_json(out / META_DIR / f"part-{part:05d}.json", marker)
    report.parts_written += 1
    report.analysed += len(rows)
    report.failed += len(failures)
    for f in failures:
        report.failures.setdefault(f["reason"] or "error", []).append(f["source"] or "?")


def _check_layout(meta: Path, fmt: OutFormat, part_size: int) -> None:
    layout = {"schema": SCHEMA, "format": fmt, "part_size": part_size}
    path = meta / "layout.json"
    if path.exists():
        before = json.loads(path.read_text(encoding="utf-8"))
        if before != layout:
            raise OutputMismatch(
                f"{path.parent.parent} holds a run written with {before}, not {layout}. Resume "
                "with the same --format (and part size), or write to a new --out folder."
            )
        return
    _write_json(path, layout)


def _read_markers(meta: Path) -> dict[int, dict[str, Any]]:
    markers = {}
    for path in meta.glob("part-*.json"):
        markers[int(path.stem.split("-")[1])] = json.loads(path.read_text(encoding="utf-8"))
    return markers


def _write_json(path: Path, data: dict[str, Any]) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, path)


def read_partitioned(out_dir: str | Path) -> Iterator[dict[str, Any]]:
    """The analyses under ``out_dir`` as whosaid/1 dicts, in input order (for tests and
    scripts; other tools read the files directly)."""
    out = Path(out_dir)
    layout = json.loads((out / META_DIR / "layout.json").read_text(encoding="utf-8"))
    for path in sorted(out.glob(f"part-*.{layout['format']}")):
        if layout["format"] == "jsonl":
            with path.open(encoding="utf-8") as fh:
                yield from (json.loads(line) for line in fh)
        else:
            yield from pq.read_table(path).to_pylist()
