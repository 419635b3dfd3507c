"""Ingest Reuters-21578 into a fresh store, then again, and print the figures.

    python bench/ingest_reuters.py [--data DIR] [--db bench/out/reuters.db] [--limit N]

Three runs, each in its own process so peak memory is its own:
  1. baseline: the bare pipeline (``analyze_many``, nothing stored) over the first
     ``--baseline`` stories, for the analysis rate the store's rate is compared with;
  2. ingest: every story with a body into a fresh database (or the first ``--limit``);
  3. again: the same ingest a second time, which must add nothing.
Prints stories/s, quotes found, database size, peak memory (max RSS) and the ratios.
``--writes-only`` instead times the store alone: the analyses of an existing --db rewritten
into a fresh store, so the store's share of the ingest time is known without the model.
Reads the data from --data, $WHOSAID_DATA/reuters21578 or ../shared/data/reuters21578.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sqlite3
import subprocess
import sys
import time
from itertools import islice
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def data_dir(arg: str | None) -> Path:
    if arg:
        return Path(arg)
    base = Path(os.environ.get("WHOSAID_DATA", ROOT.parent / "shared" / "data"))
    return base / "reuters21578"


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def child(mode: str, files: list[str], db: str, limit: int | None) -> dict:
    """One measured run, in this process; returns its figures."""
    from whosaid.pipeline import Pipeline
    from whosaid.read.formats import iter_inputs
    from whosaid.runs import ingest_items
    from whosaid.store import Store

    pipeline = Pipeline()
    _ = pipeline.nlp  # load the model before the clock starts: it is paid once per process
    items = islice(iter_inputs(files, 20 * 1024 * 1024), limit)
    start = time.perf_counter()
    if mode == "baseline":
        n = quotes = 0
        for outcome in pipeline.analyze_many(x for x in items if not hasattr(x, "reason")):
            n += 1
            quotes += len(outcome.analysis.quotes) if outcome.analysis else 0
        seconds = time.perf_counter() - start
        return {"articles": n, "quotes": quotes, "seconds": seconds, "peak_mb": peak_mb()}
    with Store.open(db) as store:
        report = ingest_items(store, items, pipeline, batch_size=64)
        counts = store.counts()
    return {
        "seen": report.seen,
        "added": report.added,
        "existing": report.existing,
        "failed": report.failures,
        "quotes": report.quotes,
        "seconds": time.perf_counter() - start,
        "peak_mb": peak_mb(),
        "counts": counts,
        "db_mb": sum(Path(db + s).stat().st_size for s in ("", "-wal") if Path(db + s).exists())
        / 1e6,
    }


def write_cost(source_db: str, n: int | None) -> None:
    """The store's own cost: the analyses already in ``source_db`` written again into a fresh
    store, in batches of 64 as ingest writes them, with no analysis at all."""
    import tempfile

    from whosaid.model import Analysis, Outcome
    from whosaid.store import Store

    src = sqlite3.connect(Path(source_db).resolve().as_uri() + "?mode=ro", uri=True)
    rows = src.execute("SELECT hash, text, analysis FROM articles ORDER BY id LIMIT ?", (n or -1,))
    items = []
    for key, text, body in rows:
        d = json.loads(body)
        d["text"] = text
        items.append((key, Outcome(d.get("source"), Analysis.from_dict(d))))
    with tempfile.TemporaryDirectory() as tmp, Store.open(Path(tmp) / "w.db") as store:
        start = time.perf_counter()
        for i in range(0, len(items), 64):
            store.write_batch(items[i : i + 64])
        seconds = time.perf_counter() - start
        quotes = store.counts()["quotes"]
    print(
        f"store writes only: {len(items)} articles ({quotes} quotes) in {seconds:.1f} s, "
        f"{len(items) / seconds:.0f} articles/s, {seconds / len(items) * 1000:.2f} ms per article"
    )


def run_child(mode: str, files: list[str], db: str, limit: int | None) -> dict:
    cmd = [sys.executable, __file__, "--child", mode, "--db", db, "--files", *files]
    if limit:
        cmd += ["--limit", str(limit)]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    ap.add_argument("--data")
    ap.add_argument("--db", default=str(ROOT / "bench" / "out" / "reuters.db"))
    ap.add_argument("--limit", type=int, help="only the first N stories (default: all)")
    ap.add_argument("--baseline", type=int, default=1000, help="stories for the baseline run")
    ap.add_argument("--keep", action="store_true", help="ingest into --db without deleting it")
    ap.add_argument(
        "--writes-only",
        action="store_true",
        help="only time the store's writes: rewrite the analyses in --db into a fresh store",
    )
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--files", nargs="*", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.files, args.db, args.limit)))
        return

    if args.writes_only:
        write_cost(args.db, args.limit)
        return

    folder = data_dir(args.data)
    files = sorted(str(p) for p in folder.glob("reut2-*.sgm"))
    if not files:
        sys.exit(f"no reut2-*.sgm files in {folder}; give --data or set WHOSAID_DATA.")
    db = Path(args.db)
    db.parent.mkdir(parents=True, exist_ok=True)
    if not args.keep:
        for suffix in ("", "-wal", "-shm"):
            Path(str(db) + suffix).unlink(missing_ok=True)

    base = run_child("baseline", files, str(db) + ".unused", args.baseline)
    first = run_child("ingest", files, str(db), args.limit)
    again = run_child("ingest", files, str(db), args.limit)

    base_rate = base["articles"] / base["seconds"]
    rate = first["added"] / first["seconds"]
    print(f"Reuters-21578 from {folder}, {len(files)} files; db {db}")
    print(f"{'run':<28}{'stories':>9}{'quotes':>9}{'seconds':>10}{'stories/s':>11}{'peak MB':>9}")
    print(
        f"{'baseline: analysis only':<28}{base['articles']:>9}{base['quotes']:>9}"
        f"{base['seconds']:>10.1f}{base_rate:>11.1f}{base['peak_mb']:>9.0f}"
    )
    print(
        f"{'ingest into a fresh db':<28}{first['added']:>9}{first['quotes']:>9}"
        f"{first['seconds']:>10.1f}{rate:>11.1f}{first['peak_mb']:>9.0f}"
    )
    print(
        f"{'same ingest again':<28}{again['added']:>9}{again['quotes']:>9}"
        f"{again['seconds']:>10.1f}{'-':>11}{again['peak_mb']:>9.0f}"
    )
    print(
        f"stories read {first['seen']}, stored {first['counts']['articles']} "
        f"(exact duplicates skipped: {first['existing']}), failed {first['failed']}"
    )
    print(f"store rate / analysis-only rate: {rate / base_rate:.2f}")
    print(f"database size: {first['db_mb']:.1f} MB; rows {first['counts']}")
    print(
        f"second run: added {again['added']}, skipped {again['existing']} as stored, "
        f"{again['seconds']:.1f} s; rows after it {again['counts']}"
    )
    same = again["counts"] == first["counts"] and again["added"] == 0
    print("second run added nothing: " + ("yes" if same else "NO"))


if __name__ == "__main__":
    main()
