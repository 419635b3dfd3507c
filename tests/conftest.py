"""Shared fixtures: one pipeline for the whole run, the example article, the data folder."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from whosaid.pipeline import Pipeline

# The store's backends (``backend``, ``new_target``: SQLite and PostgreSQL), for any test module.
pytest_plugins = ["backends"]

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "putin-kim-cosmodrome.txt"
EXPECTED = ROOT / "examples" / "putin-kim-cosmodrome.expected.json"


def data_dir() -> Path:
    """The evaluation data: $WHOSAID_DATA, else ../shared/data beside the repository."""
    return Path(os.environ.get("WHOSAID_DATA", ROOT.parent / "shared" / "data"))


def require_data(name: str) -> Path:
    """The data set folder ``name``, or skip the test saying what is missing and why."""
    path = data_dir() / name
    if not path.is_dir():
        pytest.skip(
            f"{path} is absent: this test needs the evaluation data set {name!r} "
            "(set WHOSAID_DATA to the folder holding it)"
        )
    return path


@pytest.fixture(scope="session")
def pipeline() -> Pipeline:
    return Pipeline()


@pytest.fixture(scope="session")
def example_text() -> str:
    return EXAMPLE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def expected() -> dict:
    return json.loads(EXPECTED.read_text(encoding="utf-8"))
