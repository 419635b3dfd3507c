"""Names that moved when the layout followed the flow (issue 11) still resolve from their old
homes, with a DeprecationWarning that names the new one; unknown names still fail."""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest

import whosaid.runs

MOVED = [
    ("whosaid.store", "ingest"),
    ("whosaid.store", "ingest_items"),
    ("whosaid.store", "IngestReport"),
    ("whosaid.batch", "run_parallel"),
    ("whosaid.batch", "ingest_parallel"),
    ("whosaid.batch", "extract_to_dir"),
    ("whosaid.batch", "ProgressState"),
]


@pytest.mark.parametrize(("old", "name"), MOVED)
def test_a_moved_name_warns_and_is_the_new_one(old: str, name: str) -> None:
    module = importlib.import_module(old)
    with pytest.warns(DeprecationWarning, match=f"from whosaid.runs import {name}"):
        value = getattr(module, name)
    assert value is getattr(whosaid.runs, name)


@pytest.mark.parametrize("old", ["whosaid.store", "whosaid.batch", "whosaid.runs"])
def test_an_unknown_name_is_still_an_attribute_error(old: str) -> None:
    module = importlib.import_module(old)
    with pytest.raises(AttributeError, match="no_such_name"):
        _ = module.no_such_name


def test_from_runs_import_ingest_is_the_function_not_its_module() -> None:
    from whosaid.runs import ingest

    assert callable(ingest) and ingest.__module__ == "whosaid.runs.ingest"


def test_importing_the_store_or_the_ingest_run_loads_no_analysis() -> None:
    code = (
        "import sys\n"
        "import whosaid.store, whosaid.runs\n"
        "from whosaid.runs import ingest, IngestReport\n"
        "print(sorted(m for m in ('spacy', 'whosaid.pipeline', 'distributed') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"
