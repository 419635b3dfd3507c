"""Running whosaid and the textacy baseline over article texts, and what each run cost.

A system can run in a child process of its own (``isolate``), so the peak memory reported is
that system's alone.
"""

from __future__ import annotations

import multiprocessing
import resource
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

from whosaid.config import DEFAULT_SETTINGS, Settings
from whosaid.evaluation.scoring import Relation, normalise
from whosaid.model import Analysis, Article

SYSTEMS = ("whosaid", "textacy")


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
