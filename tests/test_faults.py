"""Faults that lose nothing: a full disk during a parallel ingest, a damaged store (truncated,
or a page overwritten in the middle), and a run of ``extract --out`` killed with SIGKILL."""

from __future__ import annotations

import hashlib
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from whosaid.cli import main
from whosaid.runs import ingest
from whosaid.store import Store
from whosaid.store.sqlite import integrity_problems


def write_articles(folder: Path, text: str, n: int) -> Path:
    """``n`` distinct articles (the example, each with a sentence of its own)."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (folder / f"a{i:03d}.txt").write_text(f"{text}\n\nStory number {i} ends here.\n", "utf-8")
    return folder


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def sound_store(tmp_path_factory, pipeline, example_text) -> Path:
    """A closed store of 12 articles (its write-ahead log folded into the file)."""
    root = tmp_path_factory.mktemp("faults")
    db = root / "sound.db"
    report = ingest([write_articles(root / "in", example_text, 12)], db, pipeline=pipeline)
    assert report.added == 12
    wal = Path(f"{db}-wal")  # readers of a WAL store may create an empty log, nothing more
    assert not wal.exists() or wal.stat().st_size == 0 or Path(f"{db}-wal").stat().st_size == 0
    return db


def truncated(src: Path, dst: Path) -> Path:
    data = src.read_bytes()
    dst.write_bytes(data[: len(data) // 2])
    return dst


def page_overwritten(src: Path, dst: Path) -> Path:
    data = bytearray(src.read_bytes())
    page = 4096
    middle = (len(data) // page // 2) * page
    data[middle : middle + page] = b"\xa5" * page
    dst.write_bytes(bytes(data))
    return dst


DAMAGE = [("truncated", truncated), ("page-overwritten", page_overwritten)]


@pytest.mark.parametrize(("name", "damage"), DAMAGE, ids=[n for n, _ in DAMAGE])
def test_a_damaged_store_is_reported_and_never_written(tmp_path, sound_store, name, damage):
    db = damage(sound_store, tmp_path / f"{name}.db")
    before = digest(db)
    assert integrity_problems(db)  # SQLite itself finds the damage
    runner = CliRunner()
    reads = [["search", "--db", str(db)], ["speakers", "--db", str(db)]]
    reads += [["show", str(i), "--db", str(db)] for i in range(1, 13)]
    failed = 0
    for args in reads:  # each read works, or says the store is damaged: never a traceback
        result = runner.invoke(main, args)
        if result.exit_code != 0:
            failed += 1
            assert isinstance(result.exception, SystemExit), result.output
            assert result.exit_code == 2, (args, result.output)
            assert str(db) in result.output, (args, result.output)
            assert "integrity check says" in result.output, (args, result.output)
    assert failed, "no read met the damage"
    (tmp_path / "more").mkdir()
    (tmp_path / "more" / "new.txt").write_text('"We will win," Jane Smith said.', "utf-8")
    result = runner.invoke(main, ["ingest", str(tmp_path / "more"), "--db", str(db),
                                  "--workers", "1"])  # fmt: skip
    assert result.exit_code == 2, result.output
    assert "integrity check says" in result.output
    assert digest(db) == before  # nothing was written to it
    wal = Path(f"{db}-wal")  # readers of a WAL store may create an empty log, nothing more
    assert not wal.exists() or wal.stat().st_size == 0


@pytest.mark.parametrize(("name", "damage"), DAMAGE, ids=[n for n, _ in DAMAGE])
def test_the_service_reports_a_damaged_store(tmp_path, sound_store, name, damage):
    db = damage(sound_store, tmp_path / f"{name}.db")
    with TestClient(create_app_for(db)) as client:
        routes = ["quotes", "quotes?q=space", "speakers"] + [f"articles/{i}" for i in range(1, 13)]
        answers = [client.get(f"/api/v1/{route}") for route in routes]
        assert {r.status_code for r in answers} <= {200, 404, 503}
        failed = [r for r in answers if r.status_code == 503]
        assert failed, [r.text for r in answers]
        for r in failed:
            err = r.json()["error"]
            assert err["reason"] == "store_unavailable" and "integrity check" in err["message"]
        health = client.get("/api/v1/health").json()
        assert health["status"] == "degraded" and health["store"].startswith("unreadable")


def create_app_for(db: Path):
    from whosaid.service import create_app

    return create_app(db, token="")


def test_a_sound_store_is_healthy(sound_store):
    assert integrity_problems(sound_store) == []
    with TestClient(create_app_for(sound_store)) as client:
        health = client.get("/api/v1/health").json()
        assert health["status"] == "ok" and health["store"] == "ok"


# The parallel run hands the workers chunks of 32 articles and runs a single chunk in this
# process, so a fault test with workers needs several chunks: 100 articles are 4, all in flight.
PARALLEL_ARTICLES = 100


def short_articles(folder: Path, n: int = PARALLEL_ARTICLES) -> Path:
    """``n`` short distinct articles with quotes: quick to analyse, quick to write."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        text = (
            f'"We will open bridge number {i} next year," Mayor Jane Smith said on Monday.\n\n'
            f"John Brown, the city's engineer, said the work on bridge {i} had begun.\n"
        )
        (folder / f"a{i:03d}.txt").write_text(text, "utf-8")
    return folder


# Run as `python -c`: the whosaid command line after PREAMBLE (a fault), in a process of its own.
CLI = """
import faulthandler
faulthandler.dump_traceback_later(int(sys.argv[2]))  # where it waits, if it hangs
from whosaid.cli import main
sys.argv = ["whosaid", *sys.argv[3:]]
main()
"""
# A file size limit of argv[1] bytes: a write past it fails (EFBIG), as on a full disk.
SIZE_LIMIT = """
import resource, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # fail the write instead of killing the process
limit = int(sys.argv[1])
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
"""
# The store's writer fails at its argv[1]-th batch with an error no layer below turns into a
# clear one (so it ends the command with a traceback), saying how many Dask futures are pending.
WRITE_FAILS = """
import errno, sys
import distributed
from whosaid.store import Store
fail_at, writes, write_batch = int(sys.argv[1]), [], Store.write_batch
def failing_write_batch(self, items):
    writes.append(1)
    if len(writes) == fail_at:
        client = distributed.default_client()  # raises ValueError when no cluster is up
        print(f"pending Dask futures: {len(client.futures)}", file=sys.stderr, flush=True)
        raise OSError(errno.ENOSPC, "No space left on device (injected)")
    return write_batch(self, items)
Store.write_batch = failing_write_batch
"""


def run_cli(
    preamble: str, arg: object, args: list[str], stdout: Path | None = None, timeout: int = 300
) -> subprocess.CompletedProcess:
    """``whosaid ARGS`` after ``preamble`` (given ``arg`` as argv[1]), standard output to
    ``stdout`` if given. A run that does not exit within ``timeout`` seconds fails the test; it
    is killed with its process group (its Dask workers with it)."""
    out = stdout.open("w") if stdout is not None else subprocess.PIPE
    child = subprocess.Popen(
        [sys.executable, "-c", preamble + CLI, str(arg), str(timeout - 20), *args],
        stdout=out, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )  # fmt: skip
    try:
        _, err = child.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(child.pid, signal.SIGKILL)
        _, err = child.communicate()
        pytest.fail(f"whosaid {' '.join(args)} did not exit after the fault: {err[-4000:]}")
    finally:
        if stdout is not None:
            out.close()  # type: ignore[union-attr]
    return subprocess.CompletedProcess(child.args, child.returncode, "", err)


def assert_rerun_resumes(db: Path, folder: Path, pipeline) -> None:
    """The store is consistent, holds part of the input, and a rerun with no fault stores the
    rest: every article once, the earlier ones kept."""
    assert integrity_problems(db) == []  # consistent and readable
    with Store.open(db, readonly=True) as store:
        stored_before = store.stored_keys()
    assert 0 < len(stored_before) < PARALLEL_ARTICLES, "the fault should stop the run part-way"
    report = ingest([folder], db, pipeline=pipeline)
    assert report.added == PARALLEL_ARTICLES - len(stored_before)
    assert report.existing == len(stored_before)
    with Store.open(db, readonly=True) as store:
        assert store.counts()["articles"] == PARALLEL_ARTICLES
        assert stored_before <= store.stored_keys()


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_a_full_disk_during_a_parallel_ingest_exits_promptly_and_loses_nothing(tmp_path, pipeline):
    folder = short_articles(tmp_path / "in")
    db = tmp_path / "store.db"
    ingest([], db)  # the empty store, written before the limit
    limit = db.stat().st_size + 160_000  # room for a few batches in the write-ahead log
    args = ["ingest", str(folder), "--db", str(db), "--workers", "2", "--batch-size", "2"]
    run = run_cli(SIZE_LIMIT, limit, args)
    assert run.returncode == 2, run.stderr
    assert "Traceback" not in run.stderr, run.stderr
    assert "could not write to the store" in run.stderr and str(db) in run.stderr
    assert_rerun_resumes(db, folder, pipeline)


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_a_write_error_while_dask_futures_are_pending_ends_the_ingest(tmp_path, pipeline):
    # The hang of issue 15: the write error left the run (its futures and its cluster) to the
    # garbage collector, which ran it only when the interpreter shut down, after Dask's event
    # loop had stopped, and Future.cancel waited for that loop forever.
    folder = short_articles(tmp_path / "in")
    db = tmp_path / "store.db"
    args = ["ingest", str(folder), "--db", str(db), "--workers", "2", "--batch-size", "2"]
    run = run_cli(WRITE_FAILS, 3, args)
    assert run.returncode != 0, run.stderr
    assert "No space left on device (injected)" in run.stderr, run.stderr
    pending = re.search(r"pending Dask futures: (\d+)", run.stderr)
    assert pending and int(pending[1]) > 0, run.stderr  # the path that hung: futures out
    assert_rerun_resumes(db, folder, pipeline)


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_a_full_disk_under_a_parallel_extract_to_standard_output_ends_it(tmp_path):
    # The same hang from `whosaid extract --workers 2 > FILE` on a full disk: the command's loop
    # stops at the failed write and leaves the run to the garbage collector.
    folder = short_articles(tmp_path / "in")
    out = tmp_path / "quotes.jsonl"
    args = ["extract", str(folder), "--format", "jsonl", "--workers", "2"]
    run = run_cli(SIZE_LIMIT, 20_000, args, stdout=out)
    assert run.returncode != 0, run.stderr
    assert "File too large" in run.stderr, run.stderr
    assert 0 < out.stat().st_size <= 20_000


KILLED_EXTRACT = """
import sys
from whosaid.runs import extract_to_dir
from whosaid.read.formats import iter_inputs
extract_to_dir(iter_inputs([sys.argv[1]], 10_000_000), sys.argv[2], workers=1, part_size=2,
               progress=False)
"""


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_extract_out_killed_with_sigkill_leaves_no_partial_part_and_resumes(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(40):
        (folder / f"a{i:03d}.txt").write_text(f'"We will win {i}," Jane Smith said.\n', "utf-8")
    out = tmp_path / "out"
    child = subprocess.Popen([sys.executable, "-c", KILLED_EXTRACT, str(folder), str(out)])
    meta = out / "_whosaid"
    deadline = time.monotonic() + 240
    while len(list(meta.glob("part-*.json"))) < 3:  # some parts done, more on the way
        assert child.poll() is None, "the run ended before it could be killed"
        assert time.monotonic() < deadline, "no part was written"
        time.sleep(0.05)
    child.send_signal(signal.SIGKILL)
    child.wait()
    parts = sorted(p.name for p in out.glob("part-*"))
    markers = sorted(p.stem for p in meta.glob("part-*.json"))
    # every part file present is whole: a marker says so, or it is rewritten on resume
    assert set(parts) >= {f"{m}.jsonl" for m in markers}
    done = subprocess.run([sys.executable, "-c", KILLED_EXTRACT, str(folder), str(out)],
                          capture_output=True, text=True, timeout=300)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert not list(out.rglob(".*.tmp"))  # no temporary file left
    rows = [json.loads(line) for p in sorted(out.glob("part-*.jsonl")) for line in p.open()]
    assert sorted(r["source"] for r in rows) == sorted(str(p) for p in folder.iterdir())
    assert len(rows) == 40  # the same rows as one clean run: each article once


DECODING = [
    # (bytes, the text read, or None: refused with the byte offset)
    ("Jürgen Müller said: «Ja».".encode(), "Jürgen Müller said: «Ja»."),
    # UTF-8 cut inside its last character: only that character is lost
    ("Jürgen Müller sagte: „Ja“".encode()[:-1], "Jürgen Müller sagte: „Ja"),
    ("Jürgen said ü".encode()[:-1], "Jürgen said "),
    # legacy Windows-1252 stays Windows-1252
    ("Jürgen Müller said “yes”.\n".encode("cp1252"), "Jürgen Müller said “yes”.\n"),
    # UTF-8 with a bad byte inside is refused, never read as mojibake ("JÃ¼rgen")
    ("Jürgen Müller".encode() + b"\xff" + " said: “Yes.”".encode(), None),
]  # fmt: skip


@pytest.mark.parametrize(("raw", "text"), DECODING)
def test_decoding_is_utf8_or_windows_1252_never_a_silent_guess(raw, text):
    from whosaid.errors import UnreadableInput
    from whosaid.read.files import decode

    if text is None:
        with pytest.raises(UnreadableInput, match=r"UTF-8 up to byte 15 of"):
            decode(raw, "f.txt")
    else:
        assert decode(raw, "f.txt") == text
        assert "Ã" not in decode(raw, "f.txt")


def test_symlink_loops_are_reported_as_loops(tmp_path):
    from whosaid.read.formats import iter_inputs

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text('"We will win," Jane Smith said.', "utf-8")
    (folder / "loop-a.txt").symlink_to(folder / "loop-b.txt")
    (folder / "loop-b.txt").symlink_to(folder / "loop-a.txt")
    (tmp_path / "self.txt").symlink_to(tmp_path / "self.txt")
    got = {Path(o.source).name: o for o in iter_inputs([folder, tmp_path / "self.txt"], 10**6)}
    assert set(got) == {"good.txt", "loop-a.txt", "loop-b.txt", "self.txt"}
    assert got["good.txt"].text is not None
    for name in ("loop-a.txt", "loop-b.txt", "self.txt"):
        assert got[name].reason == "unreadable" and "loop of symbolic links" in got[name].message
