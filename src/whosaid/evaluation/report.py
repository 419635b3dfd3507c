"""The markdown tables ``whosaid eval polnear`` prints, and the files it writes."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from whosaid.evaluation.misses import error_classes
from whosaid.evaluation.results import Evaluation
from whosaid.evaluation.scoring import KINDS, ScoreSheet

# Published reference points (issue 3). CofeNet and CoreNLP are on PolNeAR's test split under
# CofeNet's per-paragraph token scoring; the others are document-level character spans.
REFERENCE_POINTS: tuple[tuple[str, dict[str, float]], ...] = (
    (
        "CofeNet, BERT tagger (test split, token scoring)",
        {"content": 0.729, "cue": 0.753, "source": 0.832},
    ),
    ("Stanford CoreNLP (test split, token scoring)", {"content": 0.175, "source": 0.139}),
    ("GGT-style rules on spaCy (char spans)", {"content": 0.38, "cue": 0.49, "source": 0.57}),
    ("human agreement, as published (char spans)", {"content": 0.62, "cue": 0.59, "source": 0.72}),
)


# --- printing ------------------------------------------------------------------------------


def _f(x: float | None) -> str:
    return "–" if x is None else f"{x:.3f}"


def _prf(p: Any) -> str:
    return f"{p.precision:.2f} / {p.recall:.2f} / {p.f1:.2f}"


def format_report(ev: Evaluation) -> str:
    """The markdown tables the command prints."""
    n_words = sum(len(a.text.split()) for a in ev.articles)
    lines = [
        f"PolNeAR {ev.split}: {len(ev.articles)} articles, {n_words:,} words, "
        f"{ev.gold_relations:,} gold relations (one fixed annotator per article).",
        "",
        "| system | content F1 exact | content F1 overlap | cue F1 exact | source F1 exact "
        "| relation F1 exact | direct content F1 | speech-cue content F1 | articles/s "
        "| words/s | peak RSS MB |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name, run in ev.runs.items():
        failed = f" ({len(run.failures)} articles failed)" if run.failures else ""
        rss = f"{run.peak_rss_mb:.0f}" if run.peak_rss_mb else "–"
        speed = f"{run.articles_per_s:.2f} | {run.words_per_s:,.0f} | {rss}"
        lines.append(_score_row(name + failed, ev.sheets[name], speed))
    for ag in ev.agreements:
        label = f"human agreement, {ag.label}: {ag.articles} articles, {ag.pairs} pairs"
        lines.append(_score_row(label, ag.sheet, "– | – | –"))
    for label, ref in REFERENCE_POINTS:
        lines.append(
            f"| {label} | {_f(ref.get('content'))} | | {_f(ref.get('cue'))} "
            f"| {_f(ref.get('source'))} | | | | | | |"
        )
    for name in ev.runs:
        lines += ["", *_detail_table(name, ev.sheets[name])]
    return "\n".join(lines)


def _score_row(label: str, s: ScoreSheet, tail: str) -> str:
    cells = [
        s.f1("content_exact"),
        s.f1("content_overlap"),
        s.f1("cue_exact"),
        s.f1("source_exact"),
        s.f1("relation_exact"),
        s.f1("content_exact", "direct"),
        s.f1("content_exact", "speech"),
    ]
    return f"| {label} | " + " | ".join(_f(c) for c in cells) + f" | {tail} |"


def _detail_table(name: str, s: ScoreSheet) -> list[str]:
    subsets = ("all", *KINDS, "speech")
    lines = [
        f"{name}: precision / recall / F1 by gold kind and for speech cues "
        f"({s.predicted_relations:,} predicted relations)",
        "",
        "| metric | " + " | ".join(subsets) + " |",
        "|---|" + "---|" * len(subsets),
    ]
    for metric in ("content_exact", "content_overlap", "cue_exact", "cue_overlap",
                   "source_exact", "source_overlap", "relation_exact"):  # fmt: skip
        lines.append(f"| {metric} | " + " | ".join(_prf(s.get(metric, x)) for x in subsets) + " |")
    n = {x: s.get("content_exact", x).gold for x in subsets}
    lines.append("| gold contents | " + " | ".join(str(n[x]) for x in subsets) + " |")
    return lines


def format_error_summary(ev: Evaluation, top: int = 12) -> str:
    lines = []
    for name, errs in ev.errors.items():
        lines.append(f"{name}: most frequent errors")
        for problem, n in error_classes(errs).most_common(top):
            lines.append(f"  {n:5d}  {problem}")
    return "\n".join(lines)


def write_outputs(ev: Evaluation, out: Path) -> list[Path]:
    """report.json, and per system errors-SYSTEM.jsonl (one article a line) and a readable
    errors-SYSTEM.txt."""
    out.mkdir(parents=True, exist_ok=True)
    written = [out / "report.json"]
    written[0].write_text(json.dumps(ev.to_dict(), indent=2, ensure_ascii=False) + "\n", "utf-8")
    for name, errs in ev.errors.items():
        jsonl = out / f"errors-{name}.jsonl"
        jsonl.write_text(
            "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in errs), encoding="utf-8"
        )
        txt = out / f"errors-{name}.txt"
        txt.write_text(_readable_errors(errs), encoding="utf-8")
        written += [jsonl, txt]
    return written


def _readable_errors(errs: Sequence[dict[str, Any]]) -> str:
    def show(label: str, d: dict[str, Any]) -> str:
        return (
            f"    {label}: [{d['kind']}] {d['content']!r}\n"
            f"          cue={d['cue']!r} source={d['source']!r}"
        )

    out = []
    for art in errs:
        if not art["misses"] and not art["false_alarms"]:
            continue
        out.append(f"# {art['article']}")
        for m in art["misses"]:
            out.append(f"  - {m['error']}")
            out.append(show("gold", m["gold"]))
            if "pred" in m:
                out.append(show("pred", m["pred"]))
        for f in art["false_alarms"]:
            out.append("  - false alarm")
            out.append(show("pred", f["pred"]))
        out.append("")
    return "\n".join(out)
