"""The CI quality gate: whosaid must never get worse on PolNeAR or GGT's speakers silently.

Runs the PolNeAR evaluation on a fixed subset of the dev split (the first articles by name, as
recorded in quality_floors.json; about 10 s here) and fails when a guarded F1 falls below its
floor. A second test breaks the extraction on purpose and checks that the gate catches it. A
third scores speakers on GenderGapTracker dev strictly (``whosaid.evaluation.ggt``): the share of
found quotes whose speaker is right has a floor, the share named wrongly a ceiling.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import require_data

from whosaid.evaluation.attribution import Evaluation, below_floors, evaluate, floor_values
from whosaid.evaluation.ggt import load_ggt, score_ggt
from whosaid.pipeline import Pipeline

FLOORS = json.loads((Path(__file__).parent / "quality_floors.json").read_text(encoding="utf-8"))

pytestmark = [pytest.mark.data, pytest.mark.slow]


def run_gate_subset() -> Evaluation:
    polnear = require_data("polnear")
    return evaluate(
        polnear.parent,
        split=FLOORS["split"],
        limit=FLOORS["limit"],
        systems=("whosaid",),
        isolate=False,  # in this process, so a test can break the extraction
        agreement_splits=(),
    )


def test_quality_does_not_fall_below_the_floors() -> None:
    ev = run_gate_subset()
    sheet = ev.sheets["whosaid"]
    assert sheet.gold_relations > 400, "the gate subset should hold hundreds of gold relations"
    print({k: round(v, 4) for k, v in floor_values(sheet).items()})
    failures = below_floors(sheet, FLOORS["floors"])
    assert not failures, "\n".join(failures)


def test_gate_fails_when_extraction_is_broken(monkeypatch: pytest.MonkeyPatch) -> None:
    # Break the quote finder: no quotation is found at all. The gate must report it.
    monkeypatch.setattr("whosaid.extract.quotes.find_quotes", lambda text, parsed: [])
    failures = below_floors(run_gate_subset().sheets["whosaid"], FLOORS["floors"])
    assert {f.split()[0] for f in failures} == set(FLOORS["floors"])


def _ggt_figures(pipeline: Pipeline) -> dict[str, float]:
    ggt = require_data("ggt-dev")
    score, skipped = score_ggt(load_ggt(ggt.parent), pipeline)
    assert not skipped, skipped
    assert score.found > 500, "ggt-dev should give hundreds of found quotes"
    return {
        "speaker_right_of_found": score.right / score.found,
        "named_wrongly_of_found": score.named_wrongly / score.found,
    }


def test_ggt_speakers_stay_within_their_bounds(pipeline: Pipeline) -> None:
    # Strict speaker scoring on GGT dev: right must not fall, named wrongly must not rise.
    figures = _ggt_figures(pipeline)
    print({k: round(v, 4) for k, v in figures.items()})
    bounds = FLOORS["ggt"]
    low = [f"{k} {figures[k]:.4f} < floor {v}" for k, v in bounds["floors"].items()
           if figures[k] < v]  # fmt: skip
    high = [f"{k} {figures[k]:.4f} > ceiling {v}" for k, v in bounds["ceilings"].items()
            if figures[k] > v]  # fmt: skip
    assert not low + high, "\n".join(low + high)
