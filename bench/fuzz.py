"""The long fuzzing campaign: hostile article texts and HTML pages through the whole analysis.

    python bench/fuzz.py --inputs 100000 [--minutes M] [--seed 0] [--html-share 0.2] [--keep DIR]

Inputs come from the Hypothesis strategies of ``tests/fuzzing.py`` (quote marks of every
script, balanced, unbalanced and nested; RTL, combining marks, emoji, NUL and controls; long
paragraphs; thousands of tiny paragraphs; mutations of the bundled example; HTML with deep
nesting, broken markup, entities and huge attributes). Each is analysed and its invariants
checked. Printed: inputs, refusals by reason, exceptions, invariant failures, and the slowest
inputs per 1,000 characters. Failing inputs, and the five slowest, are written to ``--keep``
(default ``bench/out/fuzz``) to be added to ``tests/test_fuzz.py``'s regressions.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from fuzzing import article_text, html_page, run_one  # noqa: E402
from hypothesis import HealthCheck, Phase, given, seed, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from whosaid.model import Article  # noqa: E402
from whosaid.pipeline import Pipeline  # noqa: E402


class TimeUp(BaseException):
    """--minutes ran out (a BaseException, so Hypothesis does not take it for a failure)."""


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--inputs", type=int, default=200)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--html-share", type=float, default=0.2, help="share of HTML inputs")
    ap.add_argument("--keep", type=Path, default=ROOT / "bench" / "out" / "fuzz")
    ap.add_argument("--minutes", type=float, default=0, help="stop after this long (0: never)")
    ap.add_argument("--every", type=int, default=500, help="print a progress line this often")
    args = ap.parse_args(argv)

    pipeline = Pipeline()
    pipeline.analyze("Jane Smith said it.")  # load the model and the HTML reader first
    run_one(pipeline, Article(html="<html><body><p>Jane Smith said it.</p></body></html>"))
    outcomes: Counter[str] = Counter()
    slowest: list[
        tuple[float, float, int, str, str]
    ] = []  # (s per 1,000 chars, s, chars, kind, input)
    failures: list[dict] = []
    chars = 0
    began = time.perf_counter()
    share = max(0, min(100, round(args.html_share * 100)))
    kinds = st.integers(0, 99).flatmap(
        lambda k: (
            html_page().map(lambda h: ("html", h))
            if k < share
            else article_text().map(lambda t: ("text", t))
        )
    )

    stop_at = began + args.minutes * 60 if args.minutes > 0 else None

    @seed(args.seed)
    @settings(
        max_examples=args.inputs,
        deadline=None,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(kinds)
    def campaign(item: tuple[str, str]) -> None:
        nonlocal chars
        if stop_at is not None and time.perf_counter() > stop_at:
            raise TimeUp
        kind, value = item
        article = Article(html=value) if kind == "html" else Article(text=value)
        what, secs, wrong = run_one(pipeline, article)
        chars += len(value)
        outcomes[what.split(":")[0] if what != "ok" else "ok"] += 1
        if what.startswith("refused"):
            outcomes[what] += 1
        slowest.append((secs * 1000 / max(len(value), 1000), secs, len(value), kind, value))
        slowest.sort(reverse=True)
        del slowest[5:]
        if what.startswith("exception") or wrong:
            failures.append({"kind": kind, "input": value, "what": what, "wrong": wrong[:5]})
        done = sum(outcomes[k] for k in ("ok", "refused", "exception"))
        if done % args.every == 0:
            print(f"  {done:,} inputs, {time.perf_counter() - began:,.0f} s", flush=True)

    try:
        campaign()
    except TimeUp:
        print(f"stopped after {args.minutes:g} minutes, as --minutes asked")
    elapsed = time.perf_counter() - began
    done = sum(outcomes[k] for k in ("ok", "refused", "exception"))
    print(f"inputs: {done:,} ({chars:,} characters) in {elapsed:,.0f} s")
    print(f"analysed: {outcomes['ok']:,}")
    refusals = {k: v for k, v in outcomes.items() if k.startswith("refused:")}
    print(f"refused with a clear error: {outcomes['refused']:,} {refusals}")
    print(f"exceptions: {outcomes['exception']:,}")
    print(f"invariant failures: {sum(1 for f in failures if f['wrong']):,}")
    print("slowest per 1,000 characters:")
    for per, secs, n, kind, _ in slowest:
        print(f"  {per:8.3f} s per 1,000 chars  ({secs:.2f} s, {n:,} chars, {kind})")
    args.keep.mkdir(parents=True, exist_ok=True)
    slow_file = args.keep / f"slowest-seed{args.seed}.json"
    slow = [{"kind": k, "seconds": round(t, 3), "input": v} for _, t, _, k, v in slowest]
    slow_file.write_text(json.dumps(slow, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"slowest inputs written to {slow_file}")
    if failures:
        out = args.keep / f"failures-seed{args.seed}.json"
        out.write_text(json.dumps(failures, ensure_ascii=False, indent=1), encoding="utf-8")
        print(f"failing inputs written to {out}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
