"""Run whosaid (and the textacy baseline) over PolNeAR, score, and report.

``evaluate`` is the one entry point: the ``whosaid eval polnear`` command, ``bench/`` and the CI
quality gate all call it. Systems can run in a child process each (``isolate=True``), so the
peak memory reported is that system's own; the gate runs in-process, where a test can break the
extraction on purpose and see the score fall.

The parts live in their own modules, each importing only those before it: running the systems
in ``systems``, each miss explained in ``misses``, scores, human agreement and the gate's floors
in ``results``, the tables and files in ``report``; this module puts them together.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from whosaid.config import DEFAULT_SETTINGS, Settings
from whosaid.evaluation.brat import load_split
from whosaid.evaluation.misses import article_errors, boundary_diagnosis, error_classes
from whosaid.evaluation.report import (
    REFERENCE_POINTS,
    format_error_summary,
    format_report,
    write_outputs,
)
from whosaid.evaluation.results import (
    Agreement,
    Evaluation,
    agreement,
    below_floors,
    floor_values,
    score_run,
)
from whosaid.evaluation.systems import (
    SYSTEMS,
    SystemRun,
    predict_textacy,
    predict_whosaid,
    relations_from_analysis,
    run_system,
)

# The names the command, the gate and the tests import from here, now at home in the modules
# above.
__all__ = [
    "REFERENCE_POINTS",
    "SYSTEMS",
    "Agreement",
    "Evaluation",
    "SystemRun",
    "agreement",
    "article_errors",
    "below_floors",
    "boundary_diagnosis",
    "error_classes",
    "evaluate",
    "floor_values",
    "format_error_summary",
    "format_report",
    "predict_textacy",
    "predict_whosaid",
    "relations_from_analysis",
    "run_system",
    "score_run",
    "write_outputs",
]


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
