"""The long fuzzing campaign: hostile article texts and HTML pages through the whole analysis.

    python bench/fuzz.py --inputs 100000 [--jobs N] [--minutes M] [--seed 0] [--html-share 0.2]
                         [--keep DIR]

Inputs come from the Hypothesis strategies of ``tests/fuzzing.py`` (quote marks of every
script, balanced, unbalanced and nested; RTL, combining marks, emoji, NUL and controls; long
paragraphs; thousands of tiny paragraphs; mutations of the bundled example; HTML with deep
nesting, broken markup, entities and huge attributes). Each is analysed and its invariants
checked. Printed: inputs, refusals by reason, exceptions, invariant failures, and the slowest
inputs per 1,000 characters, in CPU time (what the input costs, whatever else the machine
runs). Failing inputs, and the five slowest, are written to ``--keep`` (default
``bench/out/fuzz``) to be added to ``tests/test_fuzz.py``'s regressions: each job writes its own
as it goes (a failure when found, the slowest at every progress line), so a
campaign stopped early keeps what it found.

``--jobs N`` runs N processes, job j with seed ``--seed + j`` and its share of ``--inputs``
(the seeds differ, so the jobs draw different inputs), and prints one report over all of them:
``--inputs 100000 --jobs 2 --seed 1`` is the campaign of seeds 1 and 2, 50,000 inputs each.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import sys
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from fuzzing import article_text, html_page, run_one  # noqa: E402
from hypothesis import HealthCheck, Phase, given, seed, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from whosaid.model import Article  # noqa: E402
from whosaid.pipeline import Pipeline  # noqa: E402

SLOWEST = 5  # how many of the slowest inputs are printed and kept

# (s per 1,000 chars, s, chars, kind, input)
Slow = tuple[float, float, int, str, str]


class TimeUp(BaseException):
    """--minutes ran out (a BaseException, so Hypothesis does not take it for a failure)."""


@dataclass(slots=True)
class Job:
    """What one process runs: its seed and its share of the inputs."""

    seed: int
    inputs: int
    html_share: float
    minutes: float
    every: int
    label: str  # prefixed to its progress lines ("" for a single job)
    keep: Path  # where its findings are written as they come (a stopped campaign keeps them)


@dataclass(slots=True)
class Result:
    """What a job found; results of several jobs add up with ``merge``."""

    seeds: list[int]
    outcomes: Counter[str] = field(default_factory=Counter)
    chars: int = 0
    seconds: float = 0.0
    timed_out: bool = False
    slowest: list[Slow] = field(default_factory=list)
    failures: list[dict] = field(default_factory=list)

    @property
    def done(self) -> int:
        return sum(self.outcomes[k] for k in ("ok", "refused", "exception"))

    def merge(self, other: Result) -> Result:
        return Result(
            seeds=self.seeds + other.seeds,
            outcomes=self.outcomes + other.outcomes,
            chars=self.chars + other.chars,
            seconds=max(self.seconds, other.seconds),  # the jobs run side by side
            timed_out=self.timed_out or other.timed_out,
            slowest=sorted(self.slowest + other.slowest, reverse=True)[:SLOWEST],
            failures=self.failures + other.failures,
        )


def run_job(job: Job) -> Result:
    """Generate and analyse ``job.inputs`` inputs from ``job.seed``, in this process."""
    pipeline = Pipeline()
    pipeline.analyze("Jane Smith said it.")  # load the model and the HTML reader first
    run_one(pipeline, Article(html="<html><body><p>Jane Smith said it.</p></body></html>"))
    result = Result(seeds=[job.seed])
    began = time.perf_counter()
    share = max(0, min(100, round(job.html_share * 100)))
    kinds = st.integers(0, 99).flatmap(
        lambda k: (
            html_page().map(lambda h: ("html", h))
            if k < share
            else article_text().map(lambda t: ("text", t))
        )
    )
    stop_at = began + job.minutes * 60 if job.minutes > 0 else None

    @seed(job.seed)
    @settings(
        max_examples=job.inputs,
        deadline=None,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(kinds)
    def campaign(item: tuple[str, str]) -> None:
        if stop_at is not None and time.perf_counter() > stop_at:
            raise TimeUp
        kind, value = item
        article = Article(html=value) if kind == "html" else Article(text=value)
        what, secs, wrong = run_one(pipeline, article)
        result.chars += len(value)
        result.outcomes[what.split(":")[0] if what != "ok" else "ok"] += 1
        if what.startswith("refused"):
            result.outcomes[what] += 1
        result.slowest.append((secs * 1000 / max(len(value), 1000), secs, len(value), kind, value))
        result.slowest.sort(reverse=True)
        del result.slowest[SLOWEST:]
        if what.startswith("exception") or wrong:
            failure = {"seed": job.seed, "kind": kind, "input": value, "what": what}
            result.failures.append(failure | {"wrong": wrong[:5]})
            write_failures(result, job.keep, quiet=True)
        if result.done % job.every == 0:
            elapsed = time.perf_counter() - began
            print(f"  {job.label}{result.done:,} inputs, {elapsed:,.0f} s", flush=True)
            write_slowest(result, job.keep, quiet=True)

    try:
        campaign()
    except TimeUp:
        result.timed_out = True
    result.seconds = time.perf_counter() - began
    return result


def jobs_of(args: argparse.Namespace) -> list[Job]:
    """``--jobs`` jobs with seeds ``--seed``, ``--seed + 1``, ... sharing ``--inputs``."""
    n = args.jobs
    return [
        Job(
            seed=args.seed + j,
            inputs=args.inputs // n + (1 if j < args.inputs % n else 0),
            html_share=args.html_share,
            minutes=args.minutes,
            every=args.every,
            label=f"[seed {args.seed + j}] " if n > 1 else "",
            keep=args.keep,
        )
        for j in range(n)
    ]


def run_jobs(jobs: list[Job]) -> Result:
    """Every job, each in a process of its own when there are several; their results added."""
    if len(jobs) == 1:
        return run_job(jobs[0])
    # spawn, not fork: each job loads its own model in a clean interpreter
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(len(jobs), mp_context=context) as pool:
        results = list(pool.map(run_job, jobs))
    total = results[0]
    for r in results[1:]:
        total = total.merge(r)
    return total


def print_report(result: Result, minutes: float) -> None:
    if result.timed_out:
        print(f"stopped after {minutes:g} minutes, as --minutes asked")
    if len(result.seeds) > 1:
        print("seeds: " + ", ".join(str(s) for s in result.seeds))
    print(f"inputs: {result.done:,} ({result.chars:,} characters) in {result.seconds:,.0f} s")
    print(f"analysed: {result.outcomes['ok']:,}")
    refusals = {k: v for k, v in result.outcomes.items() if k.startswith("refused:")}
    print(f"refused with a clear error: {result.outcomes['refused']:,} {refusals}")
    print(f"exceptions: {result.outcomes['exception']:,}")
    print(f"invariant failures: {sum(1 for f in result.failures if f['wrong']):,}")
    print("slowest per 1,000 characters, in CPU time:")
    for per, secs, n, kind, _ in result.slowest:
        print(f"  {per:8.3f} CPU s per 1,000 chars  ({secs:.2f} s, {n:,} chars, {kind})")


def kept_file(result: Result, folder: Path, what: str) -> Path:
    """``folder/{what}-seed1-2.json``, named after the seeds of ``result``, the folder made."""
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{what}-seed{'-'.join(str(s) for s in result.seeds)}.json"


def write_slowest(result: Result, folder: Path, quiet: bool = False) -> None:
    out = kept_file(result, folder, "slowest")
    slow = [{"kind": k, "seconds": round(t, 3), "input": v} for _, t, _, k, v in result.slowest]
    out.write_text(json.dumps(slow, ensure_ascii=False, indent=1), encoding="utf-8")
    if not quiet:
        print(f"slowest inputs written to {out}")


def write_failures(result: Result, folder: Path, quiet: bool = False) -> None:
    if result.failures:
        out = kept_file(result, folder, "failures")
        out.write_text(json.dumps(result.failures, ensure_ascii=False, indent=1), encoding="utf-8")
        if not quiet:
            print(f"failing inputs written to {out}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--inputs", type=int, default=200)
    ap.add_argument("--jobs", type=int, default=1, help="processes, each with its own seed")
    ap.add_argument("--seed", type=int, default=0, help="the seed (of the first job)")
    ap.add_argument("--html-share", type=float, default=0.2, help="share of HTML inputs")
    ap.add_argument("--keep", type=Path, default=ROOT / "bench" / "out" / "fuzz")
    ap.add_argument("--minutes", type=float, default=0, help="stop after this long (0: never)")
    ap.add_argument("--every", type=int, default=500, help="print a progress line this often")
    args = ap.parse_args(argv)
    if not 1 <= args.jobs <= args.inputs:
        ap.error(f"--jobs must be between 1 and --inputs ({args.inputs}), not {args.jobs}")
    result = run_jobs(jobs_of(args))
    print_report(result, args.minutes)
    write_slowest(result, args.keep)
    write_failures(result, args.keep)
    return 1 if result.failures else 0


if __name__ == "__main__":
    sys.exit(main())
