"""The query commands and ``whosaid --version`` start without importing spaCy (about 1.5 s of
every start): checked through ``sys.modules`` in a fresh interpreter. The time itself is
printed by ``bench/startup.py``."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

# Modules only the analysis (or the store's writer: numpy, datasketch) needs; none may be
# imported by a command that does not analyse.
HEAVY = (
    "spacy",
    "thinc",
    "whosaid.pipeline",
    "distributed",
    "fastapi",
    "trafilatura",
    "numpy",
    "datasketch",
)

RUN_COMMAND = """
import json, sys
from whosaid.cli import main
code = None
try:
    main(sys.argv[1:], prog_name="whosaid")
except SystemExit as exit:
    code = exit.code
heavy = HEAVY
print(json.dumps({"code": code, "heavy": sorted(
    m for m in sys.modules if any(m == h or m.startswith(h + ".") for h in heavy))}))
""".replace("HEAVY", repr(HEAVY))


def imported_by(args: list[str]) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", RUN_COMMAND, *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def empty_store(tmp_path_factory) -> Path:
    from whosaid.store import Store

    path = tmp_path_factory.mktemp("startup") / "whosaid.db"
    Store.open(path).close()
    return path


@pytest.mark.parametrize(
    "args",
    [
        ["--version"],
        ["--help"],
        ["search", "satellites", "--speaker", "Peskov"],
        ["speakers"],
        ["shared"],
        ["show", "1"],
    ],
)
def test_command_imports_no_analysis(args, empty_store) -> None:
    if args[0] not in ("--version", "--help"):
        args = [*args, "--db", str(empty_store)]
    result = imported_by(args)
    assert result["code"] in (0, 1, 2, None)
    assert result["heavy"] == [], f"whosaid {' '.join(args)} imported {result['heavy']}"


def test_the_library_api_still_loads_the_pipeline_on_first_use() -> None:
    code = (
        "import sys, whosaid\n"
        "assert 'spacy' not in sys.modules\n"
        "from whosaid import Article, Settings, analyze\n"
        "assert 'spacy' in sys.modules and callable(analyze)\n"
        "assert whosaid.Pipeline.__name__ == 'Pipeline' and Article and Settings\n"
        "try:\n    whosaid.nothing\nexcept AttributeError as e:\n    print(e)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "has no attribute 'nothing'" in out.stdout
