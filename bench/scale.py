"""Scale benchmark: Reuters-21578 replayed to any number of articles, on 1 and N workers.

    python bench/scale.py --articles 10000 --modes inprocess dask2 --sample-every 1000

Reuters-21578 has 19,043 stories with a body. Beyond those the corpus is REPLAYED with light
variation: round r (r >= 1) shifts every digit of the text by r (mod 10), moves the publication
date r weeks later and suffixes the source with ``~r``, so no two articles are the same text but
the language, lengths and quote density stay those of the real corpus.

Modes: ``inprocess`` is ``--workers 1`` (the baseline: no cluster, the pipeline in this process);
``daskN`` is a LocalCluster of N single-threaded worker processes, as ``--workers N`` runs. For
each mode it prints, every ``--sample-every`` articles, the rate so far and every worker's
current and peak RSS (so memory can be seen to stay flat as the corpus grows), then a table:
articles/s, words/s, the ratio to the baseline, the scaling efficiency (rate / (N x baseline
rate)), the peak RSS per worker and the projected articles per day. It also prints the load
average, because other processes on a shared machine take cores from the workers.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from whosaid.config import DEFAULT_SETTINGS  # noqa: E402
from whosaid.model import Article, Outcome  # noqa: E402
from whosaid.runs import local_client, run_in_process, run_parallel  # noqa: E402

REUTERS_STORIES = 19_043
_SHIFT = [
    str.maketrans("0123456789", "".join(str((d + r) % 10) for d in range(10))) for r in range(10)
]


def data_dir(arg: str | None) -> Path:
    return Path(arg or os.environ.get("WHOSAID_DATA") or ROOT.parent / "shared" / "data")


def reuters(folder: Path) -> list[Article]:
    """Every Reuters story with a body, with the store engineer's reader when it exists."""
    try:
        from whosaid.read.formats import read_reuters
    except ImportError:  # pragma: no cover - the reader predates this bench in the repository
        sys.exit("whosaid.read.formats.read_reuters is missing; update the repository.")
    stories: list[Article] = []
    for path in sorted(folder.glob("reut2-*.sgm")):
        stories.extend(x for x in read_reuters(path) if isinstance(x, Article))
    return stories


def replayed(stories: list[Article], n: int) -> Iterator[Article]:
    """``n`` articles: the real stories, then varied replays of them (see the module doc)."""
    for i in range(n):
        r, story = divmod(i, len(stories))
        base = stories[story]
        if r == 0:
            yield base
            continue
        yield Article(
            text=(base.text or "").translate(_SHIFT[r % 10]),
            source=f"{base.source}~{r}",
            published=base.published + dt.timedelta(weeks=r) if base.published else None,
            outlet=base.outlet,
            title=base.title,
        )


@dataclass
class Result:
    mode: str
    workers: int
    articles: int = 0
    words: int = 0
    quotes: int = 0
    failed: int = 0
    seconds: float = 0.0
    startup: float = 0.0
    cpu: float = 0.0  # CPU seconds of every process of the run, during the run
    peak_rss_mb: list[float] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return self.articles / self.seconds if self.seconds else 0.0

    @property
    def cpu_rate(self) -> float:
        """Articles per CPU second: what the run costs, whatever else the machine is doing."""
        return self.articles / self.cpu if self.cpu else 0.0

    @property
    def word_rate(self) -> float:
        return self.words / self.seconds if self.seconds else 0.0


def _rss_now_and_peak() -> tuple[float, float]:
    """This process's current RSS and its high-water mark (VmHWM), in MB. Not ru_maxrss: Linux
    carries that across fork and exec, so a worker would report its parent's peak."""
    now = peak = 0.0
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                now = int(line.split()[1]) / 1e3
            elif line.startswith("VmHWM:"):
                peak = int(line.split()[1]) / 1e3
    return now, peak


def _own_rss() -> dict[str, tuple[float, float]]:
    return {"main": _rss_now_and_peak()}


def cpu_seconds() -> float:
    """CPU time (user + system) of this process and every process under it (workers, nannies)."""
    import psutil

    me = psutil.Process()
    total = sum(me.cpu_times()[:2])
    for child in me.children(recursive=True):
        with contextlib.suppress(psutil.Error):  # a process that ended meanwhile
            total += sum(child.cpu_times()[:2])
    return total


def run_mode(
    mode: str, stories: list[Article], n: int, sample_every: int, ingest_db: Path | None = None
) -> Result:
    workers = 1 if mode == "inprocess" else int(mode.removeprefix("dask"))
    result = Result(mode, workers)
    t0 = time.perf_counter()
    if mode == "inprocess":
        from whosaid.pipeline import default_pipeline

        _ = default_pipeline(DEFAULT_SETTINGS).nlp
        result.startup = time.perf_counter() - t0
        _measure(
            result,
            run_in_process(replayed(stories, n), DEFAULT_SETTINGS),
            n,
            sample_every,
            _own_rss,
        )
        result.peak_rss_mb = [_own_rss()["main"][1]]
        return result
    with local_client(workers) as client:
        from whosaid.runs import warm_up

        client.run(warm_up, DEFAULT_SETTINGS)
        result.startup = time.perf_counter() - t0

        def sample() -> dict[str, tuple[float, float]]:
            got = client.run(_rss_now_and_peak)
            return {f"w{i}": v for i, (_, v) in enumerate(sorted(got.items()))} | _own_rss()

        if ingest_db is not None:
            _ingest(result, stories, n, sample_every, sample, client, ingest_db)
        else:
            outcomes = run_parallel(replayed(stories, n), DEFAULT_SETTINGS, client=client)
            _measure(result, outcomes, n, sample_every, sample)
        result.peak_rss_mb = [
            peak for _, (_, peak) in sorted(client.run(_rss_now_and_peak).items())
        ]
    return result


def _ingest(result: Result, stories, n: int, every: int, sample, client, db: Path) -> None:
    """The same run as ``whosaid ingest --workers N``: workers analyse, this process is the single
    store writer; RSS of every worker and of the writer is printed every ``every`` articles."""
    from whosaid.runs import ProgressState, ingest_parallel
    from whosaid.store.sqlite import Store

    start = time.perf_counter()
    cpu_start = cpu_seconds()

    class Sampler(ProgressState):
        """The ingest's progress sink: also counts words and quotes, and prints samples."""

        def add(self, outcome: Outcome) -> None:
            super().add(outcome)
            _count(result, outcome)
            _report(result, start, every, n, sample)

    with Store.open(db) as store:
        report = ingest_parallel(
            store, replayed(stories, n), DEFAULT_SETTINGS, client=client, progress=Sampler(total=n)
        )
    result.seconds = time.perf_counter() - start
    result.cpu = cpu_seconds() - cpu_start
    print(
        f"  stored {report.added:,} articles, {report.quotes:,} quotes; "
        f"database {db.stat().st_size / 1e6:.0f} MB",
        flush=True,
    )


def _count(result: Result, outcome: Outcome) -> None:
    result.articles += 1
    if outcome.analysis is not None:
        result.words += len(outcome.analysis.text.split())
        result.quotes += len(outcome.analysis.quotes)
    else:
        result.failed += 1


def _report(result: Result, start: float, every: int, n: int, sample) -> None:
    """Every ``every`` articles (and at the end): the rate so far and each process's RSS."""
    if result.articles % every == 0 or result.articles == n:
        result.seconds = time.perf_counter() - start
        rss = "  ".join(f"{k} {now:.0f}/{peak:.0f}" for k, (now, peak) in sample().items())
        print(
            f"  [{result.mode}] {result.articles:>7,} articles  {result.rate:6.1f}/s  "
            f"RSS MB now/peak: {rss}  load {os.getloadavg()[0]:.1f}",
            flush=True,
        )


def _measure(result: Result, outcomes: Iterator[Outcome], n: int, every: int, sample) -> None:
    start = time.perf_counter()
    cpu_start = cpu_seconds()
    for outcome in outcomes:
        _count(result, outcome)
        _report(result, start, every, n, sample)
    result.seconds = time.perf_counter() - start
    result.cpu = cpu_seconds() - cpu_start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--articles", type=int, default=100_000)
    ap.add_argument(
        "--modes",
        nargs="+",
        default=["inprocess", "dask2"],
        help="inprocess (the 1-worker baseline) and/or daskN",
    )
    ap.add_argument("--sample-every", type=int, default=1000)
    ap.add_argument("--data", help="the data folder (default $WHOSAID_DATA or ../shared/data)")
    ap.add_argument(
        "--ingest",
        type=Path,
        metavar="DB",
        help="daskN modes store every article in this (new) SQLite store, as `whosaid ingest "
        "--workers N` does, instead of discarding the records",
    )
    args = ap.parse_args()
    if args.ingest is not None and args.ingest.exists():
        sys.exit(f"{args.ingest} exists: give a new file, so that every article is stored.")
    folder = data_dir(args.data) / "reuters21578"
    if not folder.is_dir():
        sys.exit(f"{folder} is absent: this benchmark needs Reuters-21578 (set WHOSAID_DATA).")
    stories = reuters(folder)
    rounds = -(-args.articles // len(stories))
    print(
        f"Reuters-21578: {len(stories):,} stories; {args.articles:,} articles = "
        f"{rounds} round(s), replayed with light variation beyond the first "
        f"({os.cpu_count()} cores, load {os.getloadavg()[0]:.1f} at start)"
    )
    results = []
    for mode in args.modes:
        print(f"{mode}:", flush=True)
        results.append(run_mode(mode, stories, args.articles, args.sample_every, args.ingest))
    base = results[0]
    print()
    print(
        f"{'mode':<10} {'workers':>7} {'articles':>9} {'start s':>7} {'run s':>7} {'art/s':>6} "
        f"{'words/s':>7} {'x base':>6} {'effic.':>6} {'CPU s':>7} {'art/CPU-s':>9} "
        f"{'CPU effic.':>10} {'peak RSS MB/worker':>18} {'art/day':>10}"
    )
    for r in results:
        ratio = r.rate / base.rate if base.rate else 0.0
        eff = ratio * base.workers / r.workers
        cpu_eff = r.cpu_rate / base.cpu_rate if base.cpu_rate else 0.0
        rss = ",".join(f"{x:.0f}" for x in r.peak_rss_mb)
        print(
            f"{r.mode:<10} {r.workers:>7} {r.articles:>9,} {r.startup:>7.1f} {r.seconds:>7.1f} "
            f"{r.rate:>6.1f} {r.word_rate:>7.0f} {ratio:>6.2f} {eff:>6.2f} {r.cpu:>7.1f} "
            f"{r.cpu_rate:>9.2f} {cpu_eff:>10.2f} {rss:>18} {r.rate * 86400:>10,.0f}"
        )
    print(
        "effic. = wall-clock rate / (workers x baseline rate); CPU effic. = articles per CPU "
        "second / the baseline's (the parallel overhead, independent of other load on the "
        "machine); art/day = art/s x 86,400."
    )
    print(f"load average at the end: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
