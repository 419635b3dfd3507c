"""Time and peak memory of the service for a request body at its size limit.

    python bench/service_limits.py [--fraction 0.05] [--limit BYTES] [--shapes one,tiny]

Two bodies of ``fraction`` x the service's body limit (default 5% for a short run; give
``--fraction 1`` for the figure at the limit itself): ``one``, one paragraph of prose with no
break; ``tiny``, 100,000 tiny paragraphs (scaled by the fraction too). Each is sent to
``POST /api/v1/extract`` of a fresh in-process service (the service's own time budget on) in a
process of its own, so the peak memory (RSS) printed is that request's: the model, the parse
and the answer. The status says whether it was analysed (200) or stopped by the budget (422
too_slow).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "putin-kim-cosmodrome.txt"


def body_of(shape: str, size: int, paragraphs: int = 100_000) -> str:
    """An article of about ``size`` bytes: one paragraph, or ``paragraphs`` tiny ones."""
    words = EXAMPLE.read_text(encoding="utf-8").split()
    if shape == "one":
        out, n, i = [], 0, 0
        while n < size - 20:
            w = words[i % len(words)]
            out.append(w)
            n += len(w.encode()) + 1
            i += 1
        return " ".join(out)
    count = max(1, paragraphs)
    per = max(4, size // count - 4)  # "\n\n" is four bytes of JSON
    paras = [(words[i % len(words)] * per)[: per - 1] + "." for i in range(count)]
    return "\n\n".join(paras)


def run_one(shape: str, size: int, paragraphs: int, limit: int, out: multiprocessing.Queue) -> None:
    from fastapi.testclient import TestClient

    from whosaid.service import create_app

    text = body_of(shape, size, paragraphs)
    payload = json.dumps({"text": text}, ensure_ascii=False).encode()
    while len(payload) > limit:  # JSON escapes (\", \n) made it longer: trim to the limit
        text = text[: len(text) - (len(payload) - limit) - 1]
        payload = json.dumps({"text": text}, ensure_ascii=False).encode()
    with TestClient(create_app(None, token="", max_body_bytes=limit)) as client:
        client.post("/api/v1/extract", json={"text": "Jane Smith said it."})  # load the model
        rss_loaded = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        start = time.perf_counter()
        r = client.post(
            "/api/v1/extract", content=payload, headers={"content-type": "application/json"}
        )
        seconds = time.perf_counter() - start
    reason = r.json().get("error", {}).get("reason", "") if r.status_code != 200 else ""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    out.put((shape, len(payload), text.count("\n\n") + 1, r.status_code, reason, seconds,
             rss_loaded / 1024, peak / 1024))  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    from whosaid.service.guards import DEFAULT_MAX_BODY

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--fraction", type=float, default=0.05, help="of the body limit (1: at it)")
    ap.add_argument("--limit", type=int, default=DEFAULT_MAX_BODY, help="the body limit, bytes")
    ap.add_argument("--shapes", default="one,tiny")
    args = ap.parse_args(argv)
    size = int(args.limit * args.fraction)
    print(f"body limit {args.limit:,} bytes; bodies of {size:,} bytes", flush=True)
    print(f"{'shape':<6}{'bytes':>12}{'paragraphs':>12}{'status':>8} {'reason':<10}"
          f"{'seconds':>9}{'MB model':>10}{'MB peak':>9}")  # fmt: skip
    ctx = multiprocessing.get_context("spawn")
    for shape in args.shapes.split(","):
        q: multiprocessing.Queue = ctx.Queue()
        paragraphs = round(100_000 * args.fraction)  # 100,000 at the limit
        p = ctx.Process(target=run_one, args=(shape, size, paragraphs, args.limit, q))
        p.start()
        p.join()
        if p.exitcode != 0:
            print(f"{shape:<6} failed (exit {p.exitcode})")
            continue
        sh, nbytes, paras, status, reason, secs, loaded, peak = q.get()
        print(f"{sh:<6}{nbytes:>12,}{paras:>12,}{status:>8} {reason:<10}{secs:>9.1f}"
              f"{loaded:>10.0f}{peak:>9.0f}", flush=True)  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
