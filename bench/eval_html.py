"""HTML body, headline and date extraction on the WCXB dev article pages, side by side with bare
``trafilatura.extract``.

    python bench/eval_html.py [--data DIR] [--limit N] [--workers 2]

DIR defaults to $WHOSAID_DATA or ../shared/data (relative to the repository root); the pages
are DIR/wcxb-articles-dev/html/NNNN.html.gz, the truth DIR/wcxb-articles-dev/ground-truth/.

Scores, as the WCXB benchmark defines them:
- body word F1: bag-of-words F1 between the lowercased ``\\w+`` tokens of the extracted body
  and ``main_content``, averaged over pages (a page with nothing extracted scores 0);
- headline: exact match after white-space and case normalisation, and a lenient match (equal
  after dropping punctuation, or one contains the other);
- date: the page's publication date equals ``publish_date``, over the pages that have one.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import sys
import time
from collections import Counter
from multiprocessing import Pool
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
_WORD = re.compile(r"\w+")


def data_dir(arg: str | None) -> Path:
    return Path(arg or os.environ.get("WHOSAID_DATA") or REPO.parent / "shared" / "data")


def word_f1(predicted: str, truth: str) -> float:
    p = Counter(_WORD.findall(predicted.lower()))
    t = Counter(_WORD.findall(truth.lower()))
    common = sum((p & t).values())
    if not common:
        return 0.0
    precision, recall = common / sum(p.values()), common / sum(t.values())
    return 2 * precision * recall / (precision + recall)


def norm(s: str | None) -> str:
    return " ".join((s or "").split()).casefold()


def lenient(a: str | None, b: str | None) -> bool:
    x, y = (" ".join(_WORD.findall(norm(s))) for s in (a, b))
    return bool(x and y) and (x == y or x in y or y in x)


def score_page(path: Path) -> dict[str, Any]:
    """Every system's output for one page, scored."""
    import trafilatura
    from htmldate import find_date

    from whosaid.config import Settings
    from whosaid.errors import WhosaidError
    from whosaid.model import Article
    from whosaid.read.html import decode_html, prepare_html

    truth_path = path.parent.parent / "ground-truth" / (path.name.split(".")[0] + ".json")
    gt = json.loads(truth_path.read_text())["ground_truth"]
    with gzip.open(path) as fh:
        raw = fh.read()
    html = decode_html(raw)
    url = json.loads(truth_path.read_text()).get("url")
    out: dict[str, Any] = {"has_date": bool(gt.get("publish_date"))}
    if "main_content" not in gt:
        return {"skipped": True}

    t0 = time.perf_counter()
    bare = trafilatura.extract(html) or ""
    out["t_bare"] = time.perf_counter() - t0
    out["f1_bare"] = word_f1(bare, gt["main_content"])

    t0 = time.perf_counter()
    try:
        # The page's URL goes with it, as when whosaid fetches it (htmldate reads dates in URLs).
        prep = prepare_html(Article(html=html, source=str(path), url=url), Settings())
        body = prep.body
        text = "\n\n".join(body.text[p.start : p.end] for p in body.paragraphs)
        headline, published = prep.headline, prep.published
    except WhosaidError as exc:
        text, headline, published = "", None, None
        out["error"] = exc.reason
    out["t_ours"] = time.perf_counter() - t0
    out["f1_ours"] = word_f1(text, gt["main_content"])
    out["title_exact"] = norm(headline) == norm(gt.get("title"))
    out["title_lenient"] = lenient(headline, gt.get("title"))
    meta = trafilatura.extract_metadata(html)
    out["title_bare_exact"] = norm(meta.title if meta else None) == norm(gt.get("title"))
    out["title_bare_lenient"] = lenient(meta.title if meta else None, gt.get("title"))
    if out["has_date"]:
        want = gt["publish_date"][:10]
        out["date_ours"] = bool(published) and published.isoformat() == want
        out["date_bare"] = bool(meta and meta.date) and meta.date[:10] == want
        try:
            hd = find_date(html, original_date=True, outputformat="%Y-%m-%d", url=url)
        except Exception:
            hd = None
        out["date_htmldate"] = hd == want
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", help="the shared data folder (default: ../shared/data)")
    ap.add_argument("--limit", type=int, help="score only the first N pages")
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    folder = data_dir(args.data) / "wcxb-articles-dev" / "html"
    if not folder.is_dir():
        sys.exit(f"no WCXB pages in {folder}; give the shared data folder with --data DIR.")
    pages = sorted(folder.glob("*.html.gz"))[: args.limit]
    t0 = time.perf_counter()
    with Pool(args.workers) as pool:
        rows = pool.map(score_page, pages, chunksize=8)
    wall = time.perf_counter() - t0
    skipped = sum(1 for r in rows if r.get("skipped"))
    rows = [r for r in rows if not r.get("skipped")]
    n = len(rows)
    dated = [r for r in rows if r["has_date"]]

    def mean(key: str, rs: list[dict[str, Any]]) -> float:
        return sum(float(r[key]) for r in rs) / max(len(rs), 1)

    errors = Counter(r.get("error") for r in rows if r.get("error"))
    print(
        f"WCXB dev articles: {n} pages scored ({skipped} without main_content left out), "
        f"{len(dated)} with a publish_date ({wall:.0f} s wall)"
    )
    print(f"{'':34}{'whosaid':>10}{'trafilatura.extract':>22}{'ratio':>8}")
    for label, ours, bare in (
        ("body word F1 (mean)", "f1_ours", "f1_bare"),
        ("headline exact", "title_exact", "title_bare_exact"),
        ("headline lenient", "title_lenient", "title_bare_lenient"),
    ):
        a, b = mean(ours, rows), mean(bare, rows)
        print(f"{label:34}{a:>10.3f}{b:>22.3f}{a / b if b else 0:>8.3f}")
    a, b = mean("date_ours", dated), mean("date_bare", dated)
    print(f"{'publication date accuracy':34}{a:>10.3f}{b:>22.3f}{a / b if b else 0:>8.3f}")
    print(f"{'  (htmldate original_date alone)':34}{mean('date_htmldate', dated):>10.3f}")
    right = sum(1 for r in dated if r["date_ours"])
    print(
        f"{'  whosaid dates right':34}{right:>10} of {len(dated)} ({100 * right / len(dated):.1f}%)"
    )
    a, b = mean("t_ours", rows) * 1000, mean("t_bare", rows) * 1000
    print(f"{'ms per page (one core)':34}{a:>10.1f}{b:>22.1f}{a / b if b else 0:>8.3f}")
    if errors:
        print("whosaid refused:", ", ".join(f"{k} {v}" for k, v in errors.most_common()))


if __name__ == "__main__":
    main()
