"""How statements travel in Reuters-21578: variant groups, conflicts, relay edges, and what
variant grouping costs at ingest.

    python bench/travel.py [--data DIR] [--db bench/out/travel.db] [--limit N] [--reuse]
        [--files reut2-009.sgm ...] [--ingest-only] [--merge PART.db ...]

1. ingest: the stories with a body (the first ``--limit``) into a fresh store, in one process,
   timed (analysis and writes); ``--reuse`` keeps an existing --db and skips this;
   ``--files`` ingests only those files (several processes can ingest parts of the corpus side
   by side, each into its own --db, with ``--ingest-only``), and ``--merge`` then writes the
   parts' stored analyses into --db after its own, in order, as a later ingest would: the
   variant families and conflicts are the whole corpus's;
2. cost: the stored analyses written again into two fresh stores, in batches of 64 as ingest
   writes them, with variant grouping on and off; the difference is what grouping costs, and
   the ingest rate without it is the ingest's with that difference taken away;
3. what was found: variant families (two or more exact groups), the quotes in them, conflicts
   (statements credited to two or more speakers) and relay edges (and those through a relaying
   outlet);
4. a sample for checking by hand: ``--pairs`` variant pairs and ``--conflicts`` conflicts, drawn
   with a fixed seed, printed and written to ``<db>.sample.json``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sqlite3
import tempfile
import time
from itertools import islice
from pathlib import Path

from ingest_reuters import ROOT, data_dir  # the Reuters bench beside this one (bench/)


def ingest(files: list[str], db: Path, limit: int | None) -> tuple[int, int, float]:
    """Ingest into a fresh ``db``; returns (articles stored, quotes, seconds)."""
    from whosaid.pipeline import Pipeline
    from whosaid.read.formats import iter_inputs
    from whosaid.runs import ingest_items
    from whosaid.store import Store

    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    pipeline = Pipeline()
    _ = pipeline.nlp  # the model loads once per process, before the clock starts
    items = islice(iter_inputs(files, 20 * 1024 * 1024), limit)
    start = time.perf_counter()
    with Store.open(db) as store:
        report = ingest_items(store, items, pipeline, batch_size=64)
    return report.added, report.quotes, time.perf_counter() - start


def write_seconds(db: Path, variants: bool) -> float:
    """Seconds to write the analyses stored in ``db`` into a fresh store."""
    from whosaid.store import Store
    from whosaid.store.variants import _template

    items = stored_items(db)

    _template()  # datasketch imported before the clock starts, as in a running ingest
    with tempfile.TemporaryDirectory() as tmp, Store.open(Path(tmp) / "w.db") as store:
        store.variants = variants
        start = time.perf_counter()
        for i in range(0, len(items), 64):
            store.write_batch(items[i : i + 64])
        return time.perf_counter() - start


def clock(db: Path) -> tuple[int, int, int, float]:
    """(stories, quotes, stories timed, seconds) of a stored ingest, by the store's own clock:
    the first batch's commit to the last (so the first batch's stories are not counted)."""
    conn = sqlite3.connect(db.resolve().as_uri() + "?mode=ro", uri=True)
    articles = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    quotes = conn.execute("SELECT COUNT(*) FROM quotes").fetchone()[0]
    first, last, in_first = conn.execute(
        "SELECT MIN(ingested_at), MAX(ingested_at), "
        "(SELECT COUNT(*) FROM articles WHERE ingested_at = "
        "(SELECT MIN(ingested_at) FROM articles)) FROM articles"
    ).fetchone()
    conn.close()
    span = dt.datetime.fromisoformat(last) - dt.datetime.fromisoformat(first)
    return articles, quotes, articles - in_first, span.total_seconds()


def stored_items(db: Path) -> list:
    """The (key, Outcome) of every article stored in ``db``, in the order they were stored."""
    from whosaid.model import Analysis, Outcome

    src = sqlite3.connect(db.resolve().as_uri() + "?mode=ro", uri=True)
    items = []
    for key, text, body in src.execute("SELECT hash, text, analysis FROM articles ORDER BY id"):
        d = json.loads(body)
        d["text"] = text
        items.append((key, Outcome(d.get("source"), Analysis.from_dict(d))))
    src.close()
    return items


def merge(db: Path, parts: list[Path]) -> None:
    """Write the parts' stored analyses into ``db`` after its own, in batches of 64."""
    from whosaid.store import Store

    start = time.perf_counter()
    n = 0
    with Store.open(db) as store:
        for part in parts:
            items = stored_items(part)
            for i in range(0, len(items), 64):
                store.write_batch(items[i : i + 64])
            n += len(items)
    print(f"merged {n} stored analyses into {db.name} in {time.perf_counter() - start:.1f} s")


def regroup(db: Path) -> None:
    """Forget every variant family and band key, and place the groups again (the backfill
    that opening the store for writing runs)."""
    from whosaid.store import Store

    conn = sqlite3.connect(db)
    conn.execute("UPDATE quote_groups SET variant_id = NULL")
    conn.execute("DELETE FROM variant_bands")
    conn.commit()
    conn.close()
    start = time.perf_counter()
    Store.open(db).close()
    print(f"regrouped the stored quote groups in {time.perf_counter() - start:.1f} s")


def found(db: Path) -> dict[str, object]:
    from whosaid.store import conflicts, relays
    from whosaid.store.sqlite import connect

    conn = connect(db)
    families = conn.execute(
        "SELECT variant_id, COUNT(*) FROM quote_groups GROUP BY variant_id HAVING COUNT(*) >= 2"
    ).fetchall()
    in_families = conn.execute(
        "SELECT COUNT(*) FROM quotes q JOIN quote_groups g ON g.id = q.group_id WHERE "
        "g.variant_id IN (SELECT variant_id FROM quote_groups GROUP BY variant_id "
        "HAVING COUNT(*) >= 2)"
    ).fetchone()[0]
    all_conflicts = []
    while batch := conflicts(conn, limit=1000, offset=len(all_conflicts)):
        all_conflicts += batch
        if len(batch) < 1000:
            break
    graph = relays(conn)
    through = sum(
        1 for (a, b) in graph.links if a.startswith("outlet:") and b.startswith("outlet:")
    )
    exact_shared = conn.execute(
        "SELECT COUNT(*) FROM quote_groups WHERE occurrences >= 2"
    ).fetchone()[0]
    vias = conn.execute("SELECT COUNT(DISTINCT quote_id) FROM quote_via").fetchone()[0]
    return {
        "conn": conn,
        "families": families,
        "in_families": in_families,
        "conflicts": all_conflicts,
        "graph": graph,
        "through": through,
        "exact_shared": exact_shared,
        "vias": vias,
    }


def title_of(conn: sqlite3.Connection, article_id: int) -> str:
    row = conn.execute("SELECT title, source FROM articles WHERE id = ?", (article_id,)).fetchone()
    return " ".join(str(row[0] or row[1]).split())


def sample(
    conn: sqlite3.Connection, families: list, conflicts: list, pairs: int, n: int, seed: int
) -> dict:
    """Variant pairs (the family's first wording and another) and conflicts, seeded."""
    rng = random.Random(seed)
    picked = rng.sample(families, min(pairs, len(families)))
    out_pairs = []
    for family, _ in picked:
        rows = conn.execute(
            "SELECT id, content FROM quote_groups WHERE variant_id = ? ORDER BY id", (family,)
        ).fetchall()
        first, other = rows[0], rng.choice(rows[1:])
        out_pairs.append({"family": family, "first": first[1], "variant": other[1]})
    out_conflicts = [
        {
            "statement": c.statement,
            "versions": [
                {
                    "speaker": v.speaker,
                    "contents": sorted({a["content"] for a in v.articles})[:2],
                    "articles": [f"{a['id']}: {title_of(conn, a['id'])}" for a in v.articles[:3]],
                }
                for v in c.versions
            ],
        }
        for c in rng.sample(conflicts, min(n, len(conflicts)))
    ]
    return {"pairs": out_pairs, "conflicts": out_conflicts}


def cost(db: Path, articles: int, seconds: float) -> None:
    """The ingest rate with and without variant grouping: the stored analyses written again
    into fresh stores with grouping on and off, the difference taken from the ingest's time."""
    on = write_seconds(db, variants=True)
    off = write_seconds(db, variants=False)
    print(f"store writes: {on:.1f} s with variant grouping, {off:.1f} s without")
    rate_on = articles / seconds
    rate_off = articles / (seconds - (on - off))
    print(
        f"ingest rate: {rate_on:.2f} stories/s with variant grouping, {rate_off:.2f} "
        f"without; grouping costs {(on - off) / seconds:.1%} of the ingest time"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    ap.add_argument("--data")
    ap.add_argument("--db", default=str(ROOT / "bench" / "out" / "travel.db"))
    ap.add_argument("--limit", type=int, help="only the first N stories (default: all)")
    ap.add_argument("--reuse", action="store_true", help="use the stored --db, do not ingest")
    ap.add_argument("--files", nargs="+", help="only these reut2-*.sgm files (names in --data)")
    ap.add_argument("--ingest-only", action="store_true", help="stop after the ingest")
    ap.add_argument(
        "--merge", nargs="+", default=[], help="with --reuse: add these stores' analyses to --db"
    )
    ap.add_argument(
        "--no-cost", action="store_true", help="do not time the writes with grouping on and off"
    )
    ap.add_argument(
        "--found-only",
        action="store_true",
        help="only what the stored --db holds (after --merge and --regroup ran on it)",
    )
    ap.add_argument("--pairs", type=int, default=30)
    ap.add_argument("--conflicts", type=int, default=20)
    ap.add_argument("--seed", type=int, default=14, help="for the hand-check sample")
    ap.add_argument(
        "--regroup",
        action="store_true",
        help="with --reuse: place every stored quote group again under the current rules",
    )
    args = ap.parse_args()
    db = Path(args.db)
    db.parent.mkdir(parents=True, exist_ok=True)
    folder = data_dir(args.data)
    if args.found_only:
        args.reuse, args.no_cost = True, True  # what the stored --db holds, as it stands
        conn = sqlite3.connect(db)
        n, q = conn.execute(
            "SELECT COUNT(*), (SELECT COUNT(*) FROM quotes) FROM articles"
        ).fetchone()
        conn.close()
        print(f"stored: {n} stories, {q} quotes")
    elif not args.reuse:
        names = args.files or ["reut2-*.sgm"]
        files = sorted({str(p) for n in names for p in folder.glob(n)})
        if not files:
            raise SystemExit(f"no reut2-*.sgm files in {folder}; give --data or set WHOSAID_DATA.")
        articles, quotes, seconds = ingest(files, db, args.limit)
        print(f"ingest: {articles} stories, {quotes} quotes in {seconds:.1f} s")
        if args.ingest_only:
            return
    else:
        articles, quotes, seconds = 0, 0, 0.0
        for part in [db, *map(Path, args.merge)]:
            a, q, timed, span = clock(part)
            print(
                f"stored in {part.name}: {a} stories, {q} quotes; {timed} of them ingested in "
                f"{span:.0f} s by the store's clock ({timed / span:.2f} stories/s)"
            )
            articles, quotes, seconds = articles + timed, quotes + q, seconds + span
        if args.merge:
            print(f"together: {articles} stories timed over {seconds:.0f} s of ingest")
            merge(db, [Path(m) for m in args.merge])
    if args.reuse and args.regroup and not args.found_only:
        regroup(db)
    if args.no_cost:
        print("the cost of variant grouping was not measured (--no-cost)")
    else:
        cost(db, articles, seconds)
    f = found(db)
    graph = f["graph"]
    print(
        f"quote groups carried by 2+ articles (exact): {f['exact_shared']}; variant families "
        f"(2+ exact groups): {len(f['families'])} holding {f['in_families']} quotes"  # type: ignore[arg-type]
    )
    print(f"conflicts (one statement, 2+ speakers): {len(f['conflicts'])}")  # type: ignore[arg-type]
    print(
        f"relay graph: {len(graph.nodes)} nodes, {len(graph.links)} edges, {f['through']} "  # type: ignore[attr-defined]
        f"between outlets; quotes with a relaying outlet: {f['vias']}"
    )
    picked = sample(
        f["conn"],  # type: ignore[arg-type]
        f["families"],  # type: ignore[arg-type]
        f["conflicts"],  # type: ignore[arg-type]
        args.pairs,
        args.conflicts,
        args.seed,
    )
    out = Path(str(db) + ".sample.json")
    out.write_text(json.dumps(picked, ensure_ascii=False, indent=2))
    for i, p in enumerate(picked["pairs"], 1):
        first, variant = (" ".join(p[k].split()) for k in ("first", "variant"))
        print(f"pair {i}: {first!r}\n   vs: {variant!r}")
    for i, c in enumerate(picked["conflicts"], 1):
        print(f"conflict {i}: {' '.join(c['statement'].split())!r}")
        for v in c["versions"]:
            print(f"   {v['speaker']}: {' | '.join(' '.join(x.split()) for x in v['contents'])!r}")
            print(f"      in {'; '.join(v['articles'])}")
    print(f"sample written to {out}")


if __name__ == "__main__":
    main()
