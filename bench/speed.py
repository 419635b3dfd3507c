"""Throughput and peak memory of whosaid against bare spaCy on the same texts.

    python bench/speed.py [--data DIR] [--n 300] [--repeat 2]

Runs over the first N PolNeAR train articles (real news, 2016). Three phases, each in a fresh
process of its own so its peak memory (RSS) is its own, run in turn ``--repeat`` times (the best
time of each counts, to damp noise from other work on the machine):

- ``spacy paragraphs``: ``nlp.pipe`` over the very paragraphs whosaid parses (whosaid's cleaning
  is done before the clock starts), same pipeline, same batch size: the fair baseline;
- ``spacy whole texts``: ``nlp.pipe`` over whole articles, for reference;
- ``whosaid``: ``Pipeline.analyze_many`` over the articles: cleaning, parsing and extraction.

The model is loaded before the clock starts in every phase. The overhead is whosaid's CPU time
over the paragraph baseline's, minus one (CPU time, because wall time on a shared machine
swings with whatever else runs; both are printed); the aim is under 15%.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import resource
import sys
import time
from pathlib import Path
from typing import Any

PHASES = ("spacy paragraphs", "spacy whole texts", "whosaid")


def read_texts(data_dir: Path, n: int) -> list[tuple[str, str]]:
    folder = data_dir / "polnear" / "train" / "text"
    if not folder.is_dir():
        raise SystemExit(
            f"error: {folder} is absent; this bench reads PolNeAR's train texts. Give the "
            "folder that holds polnear/ with --data DIR or WHOSAID_DATA."
        )
    paths = sorted(folder.glob("*.txt"))[:n]
    return [(p.stem, p.read_text(encoding="utf-8")) for p in paths]


def run_phase(phase: str, texts: list[tuple[str, str]]) -> dict[str, Any]:
    """One phase in this (child) process: seconds, peak RSS and what was produced."""
    from whosaid.annotate.nlp import load
    from whosaid.config import DEFAULT_SETTINGS
    from whosaid.model import Article
    from whosaid.pipeline import Pipeline, _body_paragraphs, prepare

    settings = DEFAULT_SETTINGS
    nlp = load(settings.model)
    produced = 0
    if phase == "whosaid":
        pipeline = Pipeline(settings)
        pipeline._nlp = nlp  # the model already loaded above
        articles = [Article(text=t, source=name) for name, t in texts]
        start, cpu = time.perf_counter(), time.process_time()
        for outcome in pipeline.analyze_many(articles):
            produced += len(outcome.analysis.quotes) if outcome.analysis else 0
    else:
        if phase == "spacy paragraphs":
            pieces = []
            for _, t in texts:
                body = prepare(Article(text=t), settings).body
                pieces += [body.text[p.start : p.end] for p in _body_paragraphs(body)]
        else:
            pieces = [t for _, t in texts]
        start, cpu = time.perf_counter(), time.process_time()
        for doc in nlp.pipe(pieces, batch_size=settings.batch_size):
            produced += len(doc)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    return {
        "seconds": seconds,
        "cpu": cpu,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "produced": produced,
    }


def in_child(phase: str, texts: list[tuple[str, str]]) -> dict[str, Any]:
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        return pool.apply(run_phase, (phase, texts))


def main() -> int:
    from whosaid.evaluation import default_data_dir

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=None, help="folder holding polnear/")
    parser.add_argument("--n", type=int, default=300, help="number of articles")
    parser.add_argument("--repeat", type=int, default=2, help="runs of each phase; best counts")
    args = parser.parse_args()
    texts = read_texts(args.data or default_data_dir(), args.n)
    words = sum(len(t.split()) for _, t in texts)
    best: dict[str, dict[str, Any]] = {}
    for _ in range(args.repeat):
        for phase in PHASES:  # interleaved, so a busy spell hits every phase alike
            r = in_child(phase, texts)
            if phase not in best:
                best[phase] = r
            for key in ("seconds", "cpu"):
                best[phase][key] = min(best[phase][key], r[key])
            best[phase]["peak_mb"] = max(best[phase]["peak_mb"], r["peak_mb"])
    base = best["spacy paragraphs"]["seconds"]
    base_cpu = best["spacy paragraphs"]["cpu"]
    load = os.getloadavg()[0]
    print(
        f"{len(texts)} PolNeAR train articles, {words:,} words; best of {args.repeat} runs; "
        f"{os.cpu_count()} CPUs, load average {load:.1f} at the end\n"
    )
    print(
        "| phase | wall s | CPU s | articles/s | words/s | peak RSS MB "
        "| wall vs spaCy paragraphs | CPU vs spaCy paragraphs |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for phase in PHASES:
        r = best[phase]
        print(
            f"| {phase} | {r['seconds']:.1f} | {r['cpu']:.1f} | {len(texts) / r['seconds']:.1f} "
            f"| {words / r['seconds']:,.0f} | {r['peak_mb']:.0f} | {r['seconds'] / base:.3f} "
            f"| {r['cpu'] / base_cpu:.3f} |"
        )
    overhead = best["whosaid"]["cpu"] / base_cpu - 1
    wall_overhead = best["whosaid"]["seconds"] / base - 1
    verdict = "within" if overhead < 0.15 else "OVER"
    print(
        f"\nwhosaid's cleaning and extraction on top of spaCy: {overhead:+.1%} of spaCy's own CPU "
        f"time ({wall_overhead:+.1%} wall) - {verdict} the 15% budget; "
        f"{best['whosaid']['produced']} quotes found."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
