"""Speaker resolution on GenderGapTracker's 48 hand-annotated dev articles.

    python bench/eval_ggt.py [--data DIR] [--show N]

For each gold quote: is it found (a predicted quote covers at least half of it), and if so, is
the speaker right, named wrongly (a name given and it is the wrong person) or left unnamed (rules
in ``whosaid.evaluation.ggt``)? Prints the shares, by kind, next to GGT's own published figure;
a reliability table (per band of ``speaker.confidence``, the share of names given that are
right); and N examples of wrong speakers and missed quotes to read.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from whosaid.errors import WhosaidError
from whosaid.evaluation import default_data_dir
from whosaid.evaluation.ggt import load_ggt, score_ggt
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
    start = time.perf_counter()
    score, skipped = score_ggt(articles, pipeline)
    for message in skipped:
        print(f"skipped {message}", file=sys.stderr)
    seconds = time.perf_counter() - start

    def pct(n: int, d: int) -> str:
        return f"{n / d:.1%}" if d else "–"

    print(f"GGT dev: {len(articles)} articles, {score.gold} gold quotes, {seconds:.1f} s\n")
    print("| quotes | gold | found | speaker right, of found | named wrongly, of found "
          "| left unnamed, of found | speaker right, of all |")  # fmt: skip
    print("|---|---|---|---|---|---|---|")
    f, g = score.found, score.gold
    print(f"| all | {g} | {pct(f, g)} | {pct(score.right, f)} | {pct(score.named_wrongly, f)} "
          f"| {pct(score.unnamed, f)} | {pct(score.right, g)} |")  # fmt: skip
    for label, (kg, kf, kr) in sorted(score.by_kind.items()):
        print(f"| {label} | {kg} | {pct(kf, kg)} | {pct(kr, kf)} | | | {pct(kr, kg)} |")
    print(
        f"| GGT's own extractor (published; speaker span overlap, of its matched quotes) "
        f"| | | {GGT_PUBLISHED_SPEAKER_MATCH:.1%} | | | |"
    )
    print("\nreliability of the names given (speaker.confidence):\n")
    print("| confidence | names given | right |")
    print("|---|---|---|")
    for band, n, ok in score.reliability():
        print(f"| {band} | {n} | {pct(ok, n)} |")
    unresolved = sum(not w["resolved"] for w in score.wrong)
    print(f"\nwrong speakers: {len(score.wrong)} ({unresolved} left unnamed by whosaid, "
          f"{score.named_wrongly} named wrongly)")  # fmt: skip
    for w in score.wrong[: args.show]:
        flag = "NAMED WRONGLY" if w["resolved"] else "unnamed"
        print(f"  [{flag} {w['confidence']:.2f}] gold {w['reference']!r} / whosaid "
              f"{w['predicted']!r} (mention {w['mention']!r}): {w['quote'][:90]!r}")  # fmt: skip
    print(f"\nmissed quotes: {len(score.missed)}")
    for m in score.missed[: args.show]:
        print(f"  [{m['kind']}] {m['reference']}: {m['quote'][:100]!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
