"""Run whosaid (and the textacy baseline) over PolNeAR, score, and report.

``evaluate`` is the one entry point: the ``whosaid eval polnear`` command, ``bench/`` and the CI
quality gate all call it. Systems can run in a child process each (``isolate=True``), so the
peak memory reported is that system's own; the gate runs in-process, where a test can break the
extraction on purpose and see the score fall.
"""

from __future__ import annotations

import json
import multiprocessing
import resource
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from whosaid.config import DEFAULT_SETTINGS, Settings
from whosaid.evaluation.brat import GoldArticle, load_split
from whosaid.evaluation.scoring import (
    KINDS,
    Relation,
    ScoreSheet,
    Spans,
    is_speech_cue,
    kind_of,
    normalise,
    span_text,
)
from whosaid.model import Analysis, Article

SYSTEMS = ("whosaid", "textacy")

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


@dataclass(slots=True)
class SystemRun:
    """What one system predicted for each article, and what it cost."""

    name: str
    predictions: dict[str, list[Relation]]
    seconds: float
    words: int
    peak_rss_mb: float | None = None  # measured only when the system ran in its own process
    failures: list[str] = field(default_factory=list)

    @property
    def articles_per_s(self) -> float:
        return len(self.predictions) / self.seconds if self.seconds else 0.0

    @property
    def words_per_s(self) -> float:
        return self.words / self.seconds if self.seconds else 0.0


# --- predicting ----------------------------------------------------------------------------


def relations_from_analysis(a: Analysis) -> list[Relation]:
    """whosaid's quotes as relations: content pieces, the cue, the speaker mention as written."""
    out = []
    for q in a.quotes:
        content = normalise(a.text, [(s.start, s.end) for s in q.content])
        if not content:
            continue
        cue = normalise(a.text, [(q.cue.start, q.cue.end)]) if q.cue else ()
        m = q.speaker.mention
        source = normalise(a.text, [(m.start, m.end)]) if m else ()
        out.append(Relation(content, cue, source))
    return out


def _word_count(texts: Sequence[tuple[str, str]]) -> int:
    return sum(len(t.split()) for _, t in texts)


def predict_whosaid(
    texts: Sequence[tuple[str, str]], settings: Settings = DEFAULT_SETTINGS
) -> SystemRun:
    """Run whosaid's pipeline over (name, text) pairs; the model is loaded before timing."""
    from whosaid.pipeline import Pipeline

    pipeline = Pipeline(settings)
    pipeline.nlp  # noqa: B018 - load the model outside the timed part
    articles = [Article(text=t, source=name) for name, t in texts]
    predictions: dict[str, list[Relation]] = {}
    failures = []
    start = time.perf_counter()
    for (name, text), outcome in zip(texts, pipeline.analyze_many(articles), strict=True):
        if outcome.analysis is None or outcome.analysis.text != text:
            # No analysis, or offsets into some other text than the file's: nothing to score.
            failures.append(f"{name}: {outcome.reason or 'text changed'}")
            predictions[name] = []
            continue
        predictions[name] = relations_from_analysis(outcome.analysis)
    seconds = time.perf_counter() - start
    return SystemRun("whosaid", predictions, seconds, _word_count(texts), failures=failures)


def predict_textacy(
    texts: Sequence[tuple[str, str]], model: str = DEFAULT_SETTINGS.model
) -> SystemRun:
    """Run the textacy baseline over (name, text) pairs with the same spaCy pipeline."""
    from whosaid.annotate.nlp import load
    from whosaid.evaluation.baseline import textacy_relations

    nlp = load(model)
    predictions: dict[str, list[Relation]] = {}
    failures = []
    start = time.perf_counter()
    for name, text in texts:
        relations, failed = textacy_relations(nlp, text)
        predictions[name] = relations
        if failed:
            failures.append(name)
    seconds = time.perf_counter() - start
    return SystemRun("textacy", predictions, seconds, _word_count(texts), failures=failures)


def _run_in_child(system: str, texts: list[tuple[str, str]], settings: Settings) -> SystemRun:
    run = (
        predict_whosaid(texts, settings)
        if system == "whosaid"
        else predict_textacy(texts, settings.model)
    )
    # Linux reports ru_maxrss in KiB: the peak of this child alone, model included.
    run.peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return run


def run_system(
    system: str, texts: list[tuple[str, str]], settings: Settings, isolate: bool
) -> SystemRun:
    """Run one system, in a fresh process of its own when ``isolate`` (to measure its memory)."""
    if system not in SYSTEMS:
        raise ValueError(f"unknown system {system!r}; choose from {', '.join(SYSTEMS)}")
    if not isolate:
        return (
            predict_whosaid(texts, settings)
            if system == "whosaid"
            else predict_textacy(texts, settings.model)
        )
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        return pool.apply(_run_in_child, (system, texts, settings))


# --- scoring -------------------------------------------------------------------------------


def score_run(articles: Sequence[GoldArticle], run: SystemRun) -> ScoreSheet:
    sheet = ScoreSheet()
    for a in articles:
        sheet.add_article(a.text, a.gold, run.predictions.get(a.name, []))
    return sheet


@dataclass(slots=True)
class Agreement:
    """Annotators against each other: the fixed annotator as gold, each other as prediction."""

    label: str
    sheet: ScoreSheet
    articles: int
    pairs: int


def agreement(articles: Sequence[GoldArticle], label: str) -> Agreement:
    sheet = ScoreSheet()
    n_articles = 0
    for a in articles:
        others = [k for k in a.annotations if k != a.annotator]
        n_articles += bool(others)
        for other in others:
            sheet.add_article(a.text, a.gold, a.annotations[other])
    return Agreement(label, sheet, n_articles, sheet.articles)


# --- errors, for a developer to read -------------------------------------------------------


def _chars(spans: Spans) -> set[int]:
    return {i for s, e in spans for i in range(s, e)}


def _edge(diff: str) -> str:
    """A coarse name for the text by which two span edges differ."""
    d = diff.strip().lower()
    if not d:
        return "space"
    if d in ("that", ", that"):
        return "'that'"
    if all(not ch.isalnum() for ch in d):
        return "marks/punctuation " + repr(d[:3])
    n = len(d.split())
    return "1-3 words" if n <= 3 else "4+ words"


def boundary_diagnosis(text: str, gold: Spans, pred: Spans) -> str:
    """How a predicted content differs from the gold content it overlaps."""
    parts = []
    if len(gold) != len(pred):
        parts.append(f"pieces gold {len(gold)} vs pred {len(pred)}")
    gs, ge, ps, pe = gold[0][0], gold[-1][1], pred[0][0], pred[-1][1]
    if gs != ps:
        who = "pred starts earlier" if ps < gs else "pred starts later"
        parts.append(f"{who} by {_edge(text[min(gs, ps) : max(gs, ps)])}")
    if ge != pe:
        who = "pred ends later" if pe > ge else "pred ends earlier"
        parts.append(f"{who} by {_edge(text[min(ge, pe) : max(ge, pe)])}")
    return ", ".join(parts) or "same outer edges, inner pieces differ"


def _describe(text: str, r: Relation) -> dict[str, Any]:
    return {
        "content": span_text(text, r.content),
        "content_spans": [list(p) for p in r.content],
        "cue": span_text(text, r.cue) if r.cue else None,
        "source": span_text(text, r.source) if r.source else None,
        "kind": kind_of(text, r.content),
        "speech_cue": is_speech_cue(text, r.cue),
    }


def article_errors(article: GoldArticle, pred: Sequence[Relation]) -> dict[str, Any]:
    """Every gold relation not matched exactly (with the closest prediction and what went wrong)
    and every prediction that overlaps no gold content (a false alarm)."""
    text = article.text
    misses, false_alarms = [], []
    for g in article.gold:
        gchars = _chars(g.content)
        best = max(pred, key=lambda p: len(gchars & _chars(p.content)), default=None)
        if best is None or not gchars & _chars(best.content):
            misses.append({"error": "missed", "problems": ["missed"], "gold": _describe(text, g)})
            continue
        if best.triple == g.triple:
            continue
        problems = []
        if best.content != g.content:
            problems.append(
                "content boundary: " + boundary_diagnosis(text, g.content, best.content)
            )
        if best.cue != g.cue:
            problems.append("cue missing" if not best.cue else "cue wrong")
        if best.source != g.source:
            problems.append(
                "source missing"
                if not best.source
                else "source given where gold has none"
                if not g.source
                else "source wrong"
            )
        misses.append(
            {
                "error": "; ".join(problems),
                "problems": problems,
                "gold": _describe(text, g),
                "pred": _describe(text, best),
            }
        )
    gold_chars = _chars(tuple(p for g in article.gold for p in g.content))
    for p in pred:
        if not _chars(p.content) & gold_chars:
            false_alarms.append({"error": "false alarm", "pred": _describe(text, p)})
    return {"article": article.name, "misses": misses, "false_alarms": false_alarms}


def error_classes(errors: Sequence[dict[str, Any]]) -> Counter[str]:
    """How often each kind of error occurs (each problem of a partial match counted once)."""
    counts: Counter[str] = Counter()
    for art in errors:
        for m in art["misses"]:
            if m["error"] == "missed":
                g = m["gold"]
                counts[f"missed ({g['kind']}, {'speech' if g['speech_cue'] else 'other'} cue)"] += 1
            else:
                counts.update(m["problems"])
        counts["false alarm"] += len(art["false_alarms"])
    return counts


# --- the whole evaluation ------------------------------------------------------------------


@dataclass(slots=True)
class Evaluation:
    split: str
    articles: list[GoldArticle]
    runs: dict[str, SystemRun]
    sheets: dict[str, ScoreSheet]
    errors: dict[str, list[dict[str, Any]]]
    agreements: list[Agreement]

    @property
    def gold_relations(self) -> int:
        return sum(len(a.gold) for a in self.articles)

    def to_dict(self) -> dict[str, Any]:
        return {
            "split": self.split,
            "articles": len(self.articles),
            "gold_relations": self.gold_relations,
            "systems": {
                name: {
                    "seconds": round(run.seconds, 3),
                    "articles_per_s": round(run.articles_per_s, 2),
                    "words_per_s": round(run.words_per_s, 1),
                    "peak_rss_mb": round(run.peak_rss_mb, 1) if run.peak_rss_mb else None,
                    "failures": run.failures,
                    **self.sheets[name].to_dict(),
                }
                for name, run in self.runs.items()
            },
            "human_agreement": [
                {
                    "label": ag.label,
                    "articles": ag.articles,
                    "pairs": ag.pairs,
                    **ag.sheet.to_dict(),
                }
                for ag in self.agreements
            ],
        }


def evaluate(
    data_dir: Path,
    split: str = "dev",
    limit: int | None = None,
    systems: Sequence[str] = SYSTEMS,
    settings: Settings = DEFAULT_SETTINGS,
    isolate: bool = True,
    agreement_splits: Sequence[str] = ("train",),
) -> Evaluation:
    """Score ``systems`` on the first ``limit`` articles (by name) of a PolNeAR split.

    Human agreement is measured on the doubly annotated articles among them, and on all the
    doubly annotated articles of ``agreement_splits`` (a steadier figure: dev has only two)."""
    articles = load_split(data_dir, split, limit)
    texts = [(a.name, a.text) for a in articles]
    runs = {s: run_system(s, texts, settings, isolate) for s in systems}
    sheets = {s: score_run(articles, run) for s, run in runs.items()}
    errors = {
        s: [article_errors(a, run.predictions.get(a.name, [])) for a in articles]
        for s, run in runs.items()
    }
    agreements = [agreement(articles, f"{split} ({'first ' + str(limit) if limit else 'all'})")]
    for other in agreement_splits:
        if other != split:
            extra = [a for a in load_split(data_dir, other) if len(a.annotations) > 1]
            agreements.append(agreement(extra, other))
    return Evaluation(split, articles, runs, sheets, errors, agreements)


# --- floors (the CI gate) ------------------------------------------------------------------


def floor_values(sheet: ScoreSheet) -> dict[str, float]:
    """The figures the quality gate guards."""
    return {
        "content_exact_f1": sheet.f1("content_exact"),
        "cue_exact_f1": sheet.f1("cue_exact"),
        "source_exact_f1": sheet.f1("source_exact"),
        "content_overlap_f1": sheet.f1("content_overlap"),
        "relation_exact_f1": sheet.f1("relation_exact"),
    }


def below_floors(sheet: ScoreSheet, floors: dict[str, float]) -> list[str]:
    """One message per guarded figure under its floor; empty when the gate passes."""
    values = floor_values(sheet)
    return [
        f"{name} is {values[name]:.4f}, below its floor of {floor:.4f}: a change made "
        "extraction worse on PolNeAR dev. Run `whosaid eval polnear --out DIR` and read "
        "DIR/errors-whosaid.txt to see which relations it lost."
        for name, floor in sorted(floors.items())
        if values[name] < floor
    ]


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
