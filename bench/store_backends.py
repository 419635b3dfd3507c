"""SQLite and PostgreSQL side by side: Reuters-21578 ingest rate with one and two writer
processes, the store's writes alone, and search latency, in one run.

    python bench/store_backends.py --postgres postgresql://USER@HOST:PORT/DB [--stories 300]
        [--writes 2000] [--queries 200] [--data DIR]

1. ingest: the first ``--stories`` Reuters stories with a body (NEWID order), analysed and
   stored by one process, then by two processes at once, each taking every other story, into
   a fresh store on each backend. The rate is stories stored over the slowest process's time
   (each process loads the model before its clock starts).
2. writes only: the analyses of the first ``--writes`` stories (from ``--source``, a store
   ``bench/ingest_reuters.py`` built; else those of step 1) rewritten into a fresh store by one
   and by two writer processes, in batches of 64 as ingest writes: the store's own cost.
3. search: ``bench/search_latency.py``'s queries (speaker, words, date range, combined, one
   page of 50 hits) on the one-writer stores of step 2, p50 and p95 per backend.

Each PostgreSQL store is a schema of its own in the ``--postgres`` database, dropped at the end.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from itertools import islice
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ingest_reuters import data_dir
from search_latency import pct, sample_inputs, store_query, timed

ROOT = Path(__file__).resolve().parent.parent
BATCH = 64


def stories(files: list[str], n: int) -> list:
    """The first ``n`` stories with a body (a story without one is a failure Outcome)."""
    from whosaid.read.formats import iter_inputs

    return list(
        islice((x for x in iter_inputs(files, 20 * 1024 * 1024) if not hasattr(x, "reason")), n)
    )


def warm_up() -> None:
    """What the first write would load before the clock starts: datasketch (seconds to import,
    scipy) and the MinHash permutations, paid once per process whatever the backend."""
    from whosaid.store.variants import _template

    _template()


def child_ingest(target: str, files: list[str], n: int, share: int, of: int) -> dict:
    from whosaid.pipeline import Pipeline
    from whosaid.store import ingest_items, open_writer

    pipeline = Pipeline()
    _ = pipeline.nlp  # the model loads before the clock starts: paid once per process
    warm_up()
    mine = stories(files, n)[share::of]
    with open_writer(target) as writer:
        start = time.perf_counter()
        report = ingest_items(writer, mine, pipeline, batch_size=BATCH)  # type: ignore[arg-type]
        seconds = time.perf_counter() - start
    return {"added": report.added, "existing": report.existing, "seconds": seconds}


def analyses(source: str, n: int) -> list:
    """``(key, Outcome)`` for the first ``n`` articles stored at ``source``."""
    from whosaid.model import Analysis, Outcome
    from whosaid.store import open_reader

    with open_reader(source) as reader:
        rows = reader.conn.execute(
            "SELECT hash, text, analysis FROM articles ORDER BY id LIMIT ?", (n,)
        ).fetchall()
    out = []
    for key, text, body in rows:
        d = json.loads(body)
        d["text"] = text
        out.append((key, Outcome(d.get("source"), Analysis.from_dict(d))))
    return out


def child_writes(target: str, source: str, n: int, share: int, of: int) -> dict:
    from whosaid.store import open_writer

    items = analyses(source, n)[share::of]
    warm_up()
    with open_writer(target) as writer:
        start = time.perf_counter()
        added = 0
        for i in range(0, len(items), BATCH):
            added += writer.write_batch(items[i : i + BATCH]).added
        seconds = time.perf_counter() - start
    return {"added": added, "existing": 0, "seconds": seconds}


def run_together(args: list[list[str]]) -> list[dict]:
    """Start one child per argument list at once; their figures, when all are done."""
    procs = [
        subprocess.Popen(
            [sys.executable, __file__, "--child", *a], stdout=subprocess.PIPE, text=True
        )
        for a in args
    ]
    outs = [p.communicate()[0] for p in procs]
    for p in procs:
        if p.returncode != 0:
            sys.exit(f"a child failed (exit {p.returncode})")
    return [json.loads(o.strip().splitlines()[-1]) for o in outs]


class Targets:
    """Fresh stores: files in a temporary folder, schemas in the PostgreSQL database."""

    def __init__(self, dsn: str) -> None:
        self.dsn = dsn
        self.folder = Path(tempfile.mkdtemp(prefix="store-backends-"))
        self.schemas: list[str] = []

    def new(self, backend: str) -> str:
        if backend == "sqlite":
            return str(self.folder / f"{uuid.uuid4().hex[:8]}.db")
        import psycopg

        name = f"bench_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(self.dsn, autocommit=True) as conn:
            conn.execute(f"CREATE SCHEMA {name}")
        self.schemas.append(name)
        sep = "&" if "?" in self.dsn else "?"
        return f"{self.dsn}{sep}options={quote(f'-csearch_path={name}')}"

    def drop(self) -> None:
        import shutil

        import psycopg

        with psycopg.connect(self.dsn, autocommit=True) as conn:
            for name in self.schemas:
                conn.execute(f"DROP SCHEMA IF EXISTS {name} CASCADE")
        shutil.rmtree(self.folder, ignore_errors=True)


def rate_row(label: str, writers: int, figures: list[dict]) -> tuple[str, float]:
    added = sum(f["added"] for f in figures)
    seconds = max(f["seconds"] for f in figures)
    line = f"{label:<12}{writers:>8}{added:>9}{seconds:>10.1f}{added / seconds:>11.1f}"
    return line, added / seconds


def search_table(targets: dict[str, str], n: int) -> None:
    from whosaid.store import open_reader, search

    readers = {b: open_reader(t) for b, t in targets.items()}
    rng = random.Random(7)
    inputs = sample_inputs(readers["sqlite"].conn, n, rng)
    inputs["combined"] = list(
        zip(inputs["speaker"], inputs["words"], inputs["date range"], strict=True)
    )
    del inputs["span"]
    head = "".join(f"{b + ' p50':>16}{b + ' p95':>16}" for b in readers)
    print(f"{'query':<12}{'hits/q':>8}{head}")
    for kind, values in inputs.items():
        cells, hits = [], {}
        for backend, reader in readers.items():
            for v in values[:5]:  # warm-up, as in a running service
                reader.search(store_query(kind, v, 50))
            times = []
            found = 0
            for v in values:
                q = store_query(kind, v, 50)
                times.append(timed(lambda q=q, r=reader: r.search(q)))
                found += len(search(reader.conn, q))
            hits[backend] = found
            cells.append(f"{statistics.median(times):>16.2f}{pct(times, 95):>16.2f}")
        same = len(set(hits.values())) == 1
        print(f"{kind:<12}{hits['sqlite'] / len(values):>8.1f}{''.join(cells)}"
              + ("" if same else f"  hits differ: {hits}"))  # fmt: skip
    for r in readers.values():
        r.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--postgres", help="postgresql://... of a database to use (required)")
    ap.add_argument("--data")
    ap.add_argument("--stories", type=int, default=300, help="stories for the ingest runs")
    ap.add_argument("--writes", type=int, default=2000, help="articles for the writes-only runs")
    ap.add_argument("--source", help="a store whose analyses the writes-only runs rewrite")
    ap.add_argument("--queries", type=int, default=200, help="search queries per kind")
    ap.add_argument("--child", nargs="*", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child is not None:
        mode, target, *rest = args.child
        if mode == "ingest":
            n, share, of, *files = rest
            print(json.dumps(child_ingest(target, files, int(n), int(share), int(of))))
        else:
            source, n, share, of = rest
            print(json.dumps(child_writes(target, source, int(n), int(share), int(of))))
        return

    if not args.postgres:
        sys.exit("give --postgres postgresql://USER@HOST:PORT/DB, a database the bench may use.")
    folder = data_dir(args.data)
    files = sorted(str(p) for p in folder.glob("reut2-*.sgm"))
    if not files:
        sys.exit(f"no reut2-*.sgm files in {folder}; give --data or set WHOSAID_DATA.")
    targets = Targets(args.postgres)
    try:
        backends = ("sqlite", "postgresql")
        print(f"Reuters-21578 from {folder}: the first {args.stories} stories with a body")
        print("ingest (analysis and store; rate = stories stored / slowest writer's seconds)")
        print(f"{'backend':<12}{'writers':>8}{'stories':>9}{'seconds':>10}{'stories/s':>11}")
        first_store = None
        for backend in backends:
            for writers in (1, 2):
                target = targets.new(backend)
                figures = run_together(
                    [["ingest", target, str(args.stories), str(i), str(writers), *files]
                     for i in range(writers)]
                )  # fmt: skip
                print(rate_row(backend, writers, figures)[0], flush=True)
                first_store = first_store or target
        source = args.source or first_store
        assert source is not None
        print(f"\nwrites only: the analyses of the first {args.writes} articles of {source}")
        print(f"{'backend':<12}{'writers':>8}{'articles':>9}{'seconds':>10}{'articles/s':>11}")
        one_writer: dict[str, str] = {}
        for backend in backends:
            for writers in (1, 2):
                target = targets.new(backend)
                figures = run_together(
                    [["writes", target, source, str(args.writes), str(i), str(writers)]
                     for i in range(writers)]
                )  # fmt: skip
                print(rate_row(backend, writers, figures)[0], flush=True)
                one_writer.setdefault(backend, target)
        print(f"\nsearch over the one-writer stores: {args.queries} queries per kind, one page of "
              "50 hits; ms")  # fmt: skip
        search_table(one_writer, args.queries)
    finally:
        targets.drop()


if __name__ == "__main__":
    main()
