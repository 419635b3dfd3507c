"""Load on the HTTP API: latency percentiles and throughput for search and extract.

    python bench/load_api.py [--db bench/out/reuters.db] [--levels 1,4,16] [--seconds 8]
                             [--requests 3000] [--extract-levels 1,4,16] [--extract-requests 60]

The service runs in its own process (``whosaid serve``'s app under uvicorn, one process, bound
to 127.0.0.1 on a free port); this process drives it with N concurrent clients (httpx, asyncio)
for each level, bounded by ``--seconds`` and ``--requests`` per level. Search queries are a
fixed, seeded mix of the filters of ``whosaid search`` (words, speaker, words+since,
speaker+words, kind+words) over speakers and words the store holds. Extract posts the example
article.

Baselines, side by side: the same search queries answered by the store's library calls in
process (no HTTP, one client), and the same article analysed by ``Pipeline.analyze`` in
process; the ratios are what HTTP and concurrency add.

The store is ``--db`` (default bench/out/reuters.db, which bench/ingest_reuters.py builds);
if it is missing, ``--build N`` ingests the first N Reuters stories into it first.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "putin-kim-cosmodrome.txt"
WORDS = [
    "oil", "prices", "bank", "trade", "dollar", "rates", "market", "growth", "government",
    "company", "shares", "debt", "budget", "exports", "interest", "inflation", "tax", "profit",
    "wheat", "coffee", "currency", "deficit", "yen", "stake", "merger", "talks",
]  # fmt: skip


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve(db: str, port: int, cache_size: int | None) -> None:
    """The server process: the service app under uvicorn on 127.0.0.1."""
    import uvicorn

    from whosaid.service import create_app

    app = create_app(db, token="", cache_size=cache_size)
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)


def start_server(db: str, cache_size: int | None = None) -> tuple[subprocess.Popen, str]:
    port = free_port()
    cache = [] if cache_size is None else ["--cache-size", str(cache_size)]
    proc = subprocess.Popen(
        [sys.executable, __file__, "--serve", "--db", db, "--port", str(port), *cache],
        cwd=ROOT,
    )
    base = f"http://127.0.0.1:{port}"
    import httpx

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"the server exited with status {proc.returncode}")
        try:
            if httpx.get(base + "/api/v1/health", timeout=1).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    proc.kill()
    raise SystemExit("the server did not answer /api/v1/health within 60 s")


def search_mix(base: str, n: int, seed: int = 7) -> list[dict[str, Any]]:
    """``n`` search queries over speakers and words the store has, reproducibly mixed."""
    import httpx

    speakers = httpx.get(base + "/api/v1/speakers", params={"limit": 100}, timeout=30).json()
    names = [s["name"] for s in speakers["results"]] or ["Reuters"]
    rng = random.Random(seed)
    kinds = [
        lambda: {"words": rng.choice(WORDS)},
        lambda: {"speaker": rng.choice(names)},
        lambda: {"words": rng.choice(WORDS), "since": "1987-03"},
        lambda: {"speaker": rng.choice(names), "words": rng.choice(WORDS)},
        lambda: {"kind": "direct", "words": rng.choice(WORDS)},
    ]
    return [kinds[i % len(kinds)]() for i in range(n)]


async def drive(
    base: str,
    method: str,
    path: str,
    payloads: list[dict[str, Any]],
    clients: int,
    seconds: float,
    max_requests: int,
) -> dict[str, Any]:
    """``clients`` concurrent loops sending requests until the time or request budget ends."""
    import httpx

    latencies: list[float] = []
    errors: dict[int, int] = {}
    sent = 0
    stop_at = time.perf_counter() + seconds

    async def one_client(http: httpx.AsyncClient) -> None:
        nonlocal sent
        while sent < max_requests and time.perf_counter() < stop_at:
            body = payloads[sent % len(payloads)]
            sent += 1
            t0 = time.perf_counter()
            if method == "GET":
                r = await http.get(path, params=body)
            else:
                r = await http.post(path, json=body)
            latencies.append(time.perf_counter() - t0)
            if r.status_code != 200:
                errors[r.status_code] = errors.get(r.status_code, 0) + 1

    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=120) as http:
        started = time.perf_counter()
        await asyncio.gather(*(one_client(http) for _ in range(clients)))
        wall = time.perf_counter() - started
    return summary(latencies, wall, errors)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def summary(latencies: list[float], wall: float, errors: dict[int, int]) -> dict[str, Any]:
    return {
        "n": len(latencies),
        "p50": percentile(latencies, 0.50) * 1000,
        "p95": percentile(latencies, 0.95) * 1000,
        "p99": percentile(latencies, 0.99) * 1000,
        "rps": len(latencies) / wall if wall else 0.0,
        "errors": errors,
    }


def baseline_search(db: str, queries: list[dict[str, Any]], seconds: float) -> dict[str, Any]:
    """The same queries through the store's calls in process: what the service wraps."""
    from whosaid import store

    conn = store.connect(db)
    latencies: list[float] = []
    started = time.perf_counter()
    for params in queries:
        if time.perf_counter() - started > seconds:
            break
        query = store.SearchQuery.from_mapping({**params, "limit": 20})
        t0 = time.perf_counter()
        hits = store.search(conn, query)
        if hits:
            store.count(conn, query)
        latencies.append(time.perf_counter() - t0)
    return summary(latencies, time.perf_counter() - started, {})


def baseline_extract(text: str, n: int) -> dict[str, Any]:
    from whosaid.pipeline import Pipeline

    pipeline = Pipeline()
    pipeline.analyze(text)  # load the model before the clock starts, as the service has
    latencies: list[float] = []
    started = time.perf_counter()
    for _ in range(n):
        t0 = time.perf_counter()
        pipeline.analyze(text, "2023-09-14")
        latencies.append(time.perf_counter() - t0)
    return summary(latencies, time.perf_counter() - started, {})


def row(label: str, s: dict[str, Any], base: dict[str, Any] | None) -> str:
    ratio = f"{s['p50'] / base['p50']:>7.2f}x" if base and base["p50"] else "       -"
    errs = ", ".join(f"{k}: {v}" for k, v in sorted(s["errors"].items())) or "0"
    return (
        f"{label:<22}{s['n']:>7}{s['p50']:>9.1f}{s['p95']:>9.1f}{s['p99']:>9.1f}"
        f"{s['rps']:>9.1f}{ratio}   {errs}"
    )


def build(db: Path, n: int, data: Path) -> None:
    """A store of the first ``n`` Reuters stories, through the store's own ingest."""
    from itertools import islice

    from whosaid.pipeline import Pipeline
    from whosaid.read.formats import iter_inputs
    from whosaid.runs import ingest_items
    from whosaid.store import Store

    files = sorted((data / "reuters21578").glob("*.sgm"))
    if not files:
        raise SystemExit(f"no Reuters .sgm files under {data / 'reuters21578'}; give --data.")
    print(f"building {db} from the first {n} Reuters stories...", file=sys.stderr)
    db.parent.mkdir(parents=True, exist_ok=True)
    with Store.open(db) as s:
        ingest_items(s, islice(iter_inputs(files, 20 * 1024 * 1024), n), Pipeline())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", default=str(ROOT / "bench" / "out" / "reuters.db"))
    ap.add_argument("--levels", default="1,4,16", help="concurrent clients for search")
    ap.add_argument("--seconds", type=float, default=8.0, help="per level, at most")
    ap.add_argument("--requests", type=int, default=3000, help="per level, at most")
    ap.add_argument("--extract-levels", default="1,4,16")
    ap.add_argument("--extract-requests", type=int, default=60, help="per level, at most")
    ap.add_argument("--build", type=int, default=3000, help="stories to ingest if --db is absent")
    ap.add_argument(
        "--data",
        default=os.environ.get("WHOSAID_DATA", str(ROOT.parent / "shared" / "data")),
    )
    ap.add_argument("--json", help="also write the figures to this file")
    ap.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--port", type=int, default=0, help=argparse.SUPPRESS)
    ap.add_argument("--cache-size", type=int, default=None, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.serve:
        serve(args.db, args.port, args.cache_size)
        return

    db = Path(args.db)
    if not db.exists():
        build(db, args.build, Path(args.data))
    proc, base = start_server(str(db))
    results: dict[str, Any] = {"db": str(db)}
    try:
        import httpx

        health = httpx.get(base + "/api/v1/health").json()
        quotes = httpx.get(base + "/api/v1/quotes", params={"limit": 1}).json()["total"]
        print(f"service {base} over {db} ({quotes:,} quotes), model {health['model']}")
        queries = search_mix(base, 5000)
        header = f"{'':<22}{'n':>7}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'req/s':>9}"
        print(f"\nsearch (GET /api/v1/quotes, 20 per page)\n{header}{'p50/base':>9}   errors")
        base_s = baseline_search(str(db), queries, args.seconds)
        print(row("in-process baseline", base_s, None))
        results["search_baseline"] = base_s
        for level in [int(x) for x in args.levels.split(",")]:
            s = asyncio.run(
                drive(base, "GET", "/api/v1/quotes", queries, level, args.seconds, args.requests)
            )
            results[f"search_c{level}"] = s
            print(row(f"http, {level:>2} clients", s, base_s))

        text = EXAMPLE.read_text(encoding="utf-8")
        payload = [{"text": text, "published": "2023-09-14"}]
        print(f"\nextract (POST /api/v1/extract, the example, {len(text):,} chars)")
        print(f"{header}{'p50/base':>9}   errors")
        base_e = baseline_extract(text, 10)
        print(row("in-process baseline", base_e, None))
        results["extract_baseline"] = base_e
        for level in [int(x) for x in args.extract_levels.split(",")]:
            s = asyncio.run(
                drive(
                    base,
                    "POST",
                    "/api/v1/extract",
                    payload,
                    level,
                    args.seconds * 2,
                    args.extract_requests,
                )
            )
            results[f"extract_c{level}"] = s
            print(row(f"http, {level:>2} clients", s, base_e))
        cache = httpx.get(base + "/api/v1/health").json()["cache"]
        print(f"\nanswer cache: {cache['hits']:,} hits, {cache['misses']:,} misses")
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    # The same search load with the answer cache off: what SQLite itself sustains.
    top = max(int(x) for x in args.levels.split(","))
    proc, base = start_server(str(db), cache_size=0)
    try:
        s = asyncio.run(
            drive(base, "GET", "/api/v1/quotes", queries, top, args.seconds, args.requests)
        )
        results[f"search_c{top}_nocache"] = s
        print(f"\nsearch, answer cache off\n{header}{'p50/base':>9}   errors")
        print(row(f"http, {top:>2} clients", s, base_s))
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    for name in ("search_c16", "search_c16_nocache"):
        if name in results:
            p95 = results[name]["p95"]
            verdict = "meets" if p95 < 100 else "MISSES"
            print(f"{name}: p95 {p95:.1f} ms ({verdict} the 100 ms target)")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
