"""Search latency over a store (the Reuters one that bench/ingest_reuters.py builds).

    python bench/search_latency.py [--db bench/out/reuters.db] [--queries 200] [--limit 50]

Runs speaker, word, date-range and combined queries through ``whosaid.store.search`` on a
read-only connection and prints p50/p95/max in milliseconds per kind, beside a baseline: the
same questions answered by a plain scan of the ``quotes`` table (LIKE on the content and on the
speaker's name, a date function on the date), which is what the indexes and FTS5 replace. Each
query fetches one page (``--limit`` hits) as the CLI and the HTTP API do. Fails (exit 1) if a
kind's p95 is 50 ms or more.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from whosaid.store import SearchQuery, connect, search

ROOT = Path(__file__).resolve().parent.parent
TARGET_MS = 50.0


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def sample_inputs(conn: sqlite3.Connection, n: int, rng: random.Random) -> dict[str, list]:
    """Realistic arguments drawn from the store: speakers by how often they are quoted (as a
    user would look up names they saw), words from quotes, date ranges inside the corpus."""
    people = [
        r[0]
        for r in conn.execute(
            "SELECT p.name FROM quotes q JOIN people p ON p.id = q.person_id "
            "GROUP BY p.id ORDER BY COUNT(*) DESC LIMIT 500"
        )
    ]
    contents = [
        r[0] for r in conn.execute("SELECT content FROM quotes ORDER BY random() LIMIT 2000")
    ]
    words = [
        w.strip('",.()').lower()
        for c in contents
        for w in c.split()
        if len(w.strip('",.()')) > 4 and w.strip('",.()').isalpha()
    ]
    lo, hi = conn.execute("SELECT MIN(published), MAX(published) FROM quotes").fetchone()
    days = [r[0] for r in conn.execute("SELECT DISTINCT published FROM quotes ORDER BY 1")]
    if not people or not words or not days:
        sys.exit("the store has no quotes with speakers and dates; ingest a corpus first.")
    ranges = []
    for _ in range(n):
        a = rng.randrange(len(days))
        b = min(len(days) - 1, a + rng.randrange(1, 15))  # up to two weeks of news
        ranges.append((days[a], days[b]))
    return {
        "speaker": [rng.choice(people) for _ in range(n)],
        "words": [rng.choice(words) for _ in range(n)],
        "two words": [f"{rng.choice(words)} {rng.choice(words)}" for _ in range(n)],
        "date range": ranges,
        "span": [(lo, hi)],
    }


def store_query(kind: str, arg: object, limit: int) -> SearchQuery:
    if kind == "speaker":
        return SearchQuery(speaker=str(arg), limit=limit)
    if kind in ("words", "two words"):
        return SearchQuery(words=str(arg), limit=limit)
    if kind == "date range":
        since, until = arg  # type: ignore[misc]
        return SearchQuery(since=since, until=until, limit=limit)
    speaker, words, (since, until) = arg  # type: ignore[misc]
    return SearchQuery(speaker=speaker, words=words, since=since, until=until, limit=limit)


def baseline_sql(kind: str, arg: object, limit: int) -> tuple[str, list]:
    """The same question by scanning: what a table without indexes or FTS would cost."""
    base = "SELECT q.*, a.source FROM quotes q JOIN articles a ON a.id = q.article_id WHERE "
    order = " ORDER BY q.published DESC LIMIT ?"
    if kind == "speaker":
        return base + "lower(q.speaker) LIKE ?" + order, [f"%{str(arg).lower()}%", limit]
    if kind in ("words", "two words"):
        words = str(arg).split()
        cond = " AND ".join("lower(q.content) LIKE ?" for _ in words)
        return base + cond + order, [*(f"%{w}%" for w in words), limit]
    if kind == "date range":
        since, until = arg  # type: ignore[misc]
        return base + "date(q.published) BETWEEN ? AND ?" + order, [since, until, limit]
    speaker, words, (since, until) = arg  # type: ignore[misc]
    return (
        base + "lower(q.speaker) LIKE ? AND lower(q.content) LIKE ? "
        "AND date(q.published) BETWEEN ? AND ?" + order,
        [f"%{speaker.lower()}%", f"%{words}%", since, until, limit],
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--db", default=str(ROOT / "bench" / "out" / "reuters.db"))
    ap.add_argument("--queries", type=int, default=200, help="queries per kind")
    ap.add_argument("--limit", type=int, default=50, help="hits per page")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    if not Path(args.db).exists():
        sys.exit(f"no store at {args.db}; build it with python bench/ingest_reuters.py first.")

    rng = random.Random(args.seed)
    conn = connect(args.db)
    raw = sqlite3.connect(Path(args.db).resolve().as_uri() + "?mode=ro", uri=True)
    inputs = sample_inputs(conn, args.queries, rng)
    inputs["combined"] = [
        (s, w, r)
        for s, w, r in zip(inputs["speaker"], inputs["words"], inputs["date range"], strict=True)
    ]
    del inputs["span"]
    n_quotes = conn.execute("SELECT COUNT(*) FROM quotes").fetchone()[0]
    n_articles = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    print(f"store {args.db}: {n_articles} articles, {n_quotes} quotes; {args.queries} queries per")
    print(f"kind, one page of {args.limit} hits each; times in ms")
    print(
        f"{'query':<12}{'hits/q':>8}{'p50':>8}{'p95':>8}{'max':>8}"
        f"{'scan p50':>10}{'scan p95':>10}{'p95 ratio':>11}"
    )
    worst = 0.0
    for kind, values in inputs.items():
        # One warm-up pass so the page cache holds what the queries touch, as in a running service.
        for v in values[:5]:
            search(conn, store_query(kind, v, args.limit))
        times, base_times, hits = [], [], 0
        for v in values:
            q = store_query(kind, v, args.limit)
            times.append(timed(lambda q=q: hits_of(conn, q)))
            hits += len(search(conn, q))
            sql, params = baseline_sql(kind, v, args.limit)
            base_times.append(timed(lambda s=sql, p=params: raw.execute(s, p).fetchall()))
        p95 = pct(times, 95)
        worst = max(worst, p95) if kind != "combined" else worst
        print(
            f"{kind:<12}{hits / len(values):>8.1f}{statistics.median(times):>8.2f}{p95:>8.2f}"
            f"{max(times):>8.2f}{statistics.median(base_times):>10.2f}{pct(base_times, 95):>10.2f}"
            f"{pct(base_times, 95) / p95:>10.1f}x"
        )
    verdict = "under" if worst < TARGET_MS else "NOT under"
    print(f"speaker, word and date-range p95 {verdict} {TARGET_MS:.0f} ms (worst {worst:.2f} ms)")
    sys.exit(0 if worst < TARGET_MS else 1)


def hits_of(conn: sqlite3.Connection, q: SearchQuery) -> int:
    return len(search(conn, q))


if __name__ == "__main__":
    main()
