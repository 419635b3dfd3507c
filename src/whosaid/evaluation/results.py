"""Scores of each run against gold, human agreement, and the floors of the CI quality gate."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from whosaid.evaluation.brat import GoldArticle
from whosaid.evaluation.scoring import ScoreSheet
from whosaid.evaluation.systems import SystemRun

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
