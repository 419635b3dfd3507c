"""Speaker resolution on GenderGapTracker's 48 hand-annotated dev articles.

    python bench/eval_ggt.py [--data DIR] [--show N]

For each gold quote: is it found (a predicted quote covers at least half of it), and if so, is
the speaker right (the predicted name names the gold ``reference``; rules in
``whosaid.evaluation.ggt``)? Prints the shares, by kind, next to GGT's own published figure, and
N examples of wrong speakers and missed quotes to read.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from whosaid.errors import WhosaidError
from whosaid.evaluation import default_data_dir
from whosaid.evaluation.ggt import GgtScore, load_ggt
from whosaid.model import Article
from whosaid.pipeline import Pipeline

GGT_PUBLISHED_SPEAKER_MATCH = 0.865  # their extractor, speaker span overlap (data README)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=None, help="folder holding ggt-dev/")
    parser.add_argument("--show", type=int, default=10, help="examples of each error to print")
    args = parser.parse_args()
    try:
        articles = load_ggt(args.data or default_data_dir())
    except WhosaidError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    pipeline = Pipeline()
    pipeline.nlp  # noqa: B018 - load outside the timed part
    score = GgtScore()
    start = time.perf_counter()
    outcomes = pipeline.analyze_many(Article(text=a.text, source=a.id) for a in articles)
    for art, outcome in zip(articles, outcomes, strict=True):
        if outcome.analysis is None:
            print(f"skipped {art.id}: {outcome.message}", file=sys.stderr)
            continue
        score.add(art, outcome.analysis)
    seconds = time.perf_counter() - start

    def pct(n: int, d: int) -> str:
        return f"{n / d:.1%}" if d else "–"

    print(f"GGT dev: {len(articles)} articles, {score.gold} gold quotes, {seconds:.1f} s\n")
    print("| quotes | gold | found | speaker right, of found | speaker right, of all |")
    print("|---|---|---|---|---|")
    rows = [("all", [score.gold, score.found, score.right]), *sorted(score.by_kind.items())]
    for label, (g, f, r) in rows:
        print(f"| {label} | {g} | {pct(f, g)} | {pct(r, f)} | {pct(r, g)} |")
    print(
        f"| GGT's own extractor (published; speaker span overlap, of its matched quotes) "
        f"| | | {GGT_PUBLISHED_SPEAKER_MATCH:.1%} | |"
    )
    unresolved = sum(not w["resolved"] for w in score.wrong)
    print(f"\nwrong speakers: {len(score.wrong)} ({unresolved} left unresolved by whosaid)")
    for w in score.wrong[: args.show]:
        print(f"  gold {w['reference']!r} / whosaid {w['predicted']!r} "
              f"(mention {w['mention']!r}): {w['quote'][:90]!r}")  # fmt: skip
    print(f"\nmissed quotes: {len(score.missed)}")
    for m in score.missed[: args.show]:
        print(f"  [{m['kind']}] {m['reference']}: {m['quote'][:100]!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
