"""Every miss and false alarm of a system on one article, explained for a developer to read."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from whosaid.evaluation.brat import GoldArticle
from whosaid.evaluation.scoring import Relation, Spans, is_speech_cue, kind_of, span_text

# --- errors, for a developer to read -------------------------------------------------------


def _chars(spans: Spans) -> set[int]:
    return {i for s, e in spans for i in range(s, e)}


def _edge(diff: str) -> str:
    """A coarse name for the text by which two span edges differ."""
    d = diff.strip().lower()
    if not d:
        return "space"
    if d in ("that", ", that"):
        return "'that'"
    if all(not ch.isalnum() for ch in d):
        return "marks/punctuation " + repr(d[:3])
    n = len(d.split())
    return "1-3 words" if n <= 3 else "4+ words"


def boundary_diagnosis(text: str, gold: Spans, pred: Spans) -> str:
    """How a predicted content differs from the gold content it overlaps."""
    parts = []
    if len(gold) != len(pred):
        parts.append(f"pieces gold {len(gold)} vs pred {len(pred)}")
    gs, ge, ps, pe = gold[0][0], gold[-1][1], pred[0][0], pred[-1][1]
    if gs != ps:
        who = "pred starts earlier" if ps < gs else "pred starts later"
        parts.append(f"{who} by {_edge(text[min(gs, ps) : max(gs, ps)])}")
    if ge != pe:
        who = "pred ends later" if pe > ge else "pred ends earlier"
        parts.append(f"{who} by {_edge(text[min(ge, pe) : max(ge, pe)])}")
    return ", ".join(parts) or "same outer edges, inner pieces differ"


def _describe(text: str, r: Relation) -> dict[str, Any]:
    return {
        "content": span_text(text, r.content),
        "content_spans": [list(p) for p in r.content],
        "cue": span_text(text, r.cue) if r.cue else None,
        "source": span_text(text, r.source) if r.source else None,
        "kind": kind_of(text, r.content),
        "speech_cue": is_speech_cue(text, r.cue),
    }


def article_errors(article: GoldArticle, pred: Sequence[Relation]) -> dict[str, Any]:
    """Every gold relation not matched exactly (with the closest prediction and what went wrong)
    and every prediction that overlaps no gold content (a false alarm)."""
    text = article.text
    misses, false_alarms = [], []
    for g in article.gold:
        gchars = _chars(g.content)
        best = max(pred, key=lambda p: len(gchars & _chars(p.content)), default=None)
        if best is None or not gchars & _chars(best.content):
            misses.append({"error": "missed", "problems": ["missed"], "gold": _describe(text, g)})
            continue
        if best.triple == g.triple:
            continue
        problems = []
        if best.content != g.content:
            problems.append(
                "content boundary: " + boundary_diagnosis(text, g.content, best.content)
            )
        if best.cue != g.cue:
            problems.append("cue missing" if not best.cue else "cue wrong")
        if best.source != g.source:
            problems.append(
                "source missing"
                if not best.source
                else "source given where gold has none"
                if not g.source
                else "source wrong"
            )
        misses.append(
            {
                "error": "; ".join(problems),
                "problems": problems,
                "gold": _describe(text, g),
                "pred": _describe(text, best),
            }
        )
    gold_chars = _chars(tuple(p for g in article.gold for p in g.content))
    for p in pred:
        if not _chars(p.content) & gold_chars:
            false_alarms.append({"error": "false alarm", "pred": _describe(text, p)})
    return {"article": article.name, "misses": misses, "false_alarms": false_alarms}


def error_classes(errors: Sequence[dict[str, Any]]) -> Counter[str]:
    """How often each kind of error occurs (each problem of a partial match counted once)."""
    counts: Counter[str] = Counter()
    for art in errors:
        for m in art["misses"]:
            if m["error"] == "missed":
                g = m["gold"]
                counts[f"missed ({g['kind']}, {'speech' if g['speech_cue'] else 'other'} cue)"] += 1
            else:
                counts.update(m["problems"])
        counts["false alarm"] += len(art["false_alarms"])
    return counts
