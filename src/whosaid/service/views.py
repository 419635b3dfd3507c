"""How the routes shape the store's answers: pages of results, a quote's journey with its
wording changes, a speaker's timeline with counts per period."""

from __future__ import annotations

import datetime as dt
import difflib
import json
from collections import Counter
from typing import TYPE_CHECKING, Any

from fastapi.responses import Response

if TYPE_CHECKING:
    from whosaid.store import QuoteGroup, Reader

TIMELINE_CAP = 10_000  # quotes counted into one timeline chart
FILL_GAPS_UNDER = 400  # periods; longer day-by-day ranges are drawn without empty bars


def json_response(body: dict[str, Any]) -> Response:
    return Response(json.dumps(body, ensure_ascii=False).encode(), media_type="application/json")


def page(results: list[Any], limit: int, offset: int, **extra: Any) -> dict[str, Any]:
    """One page of results with what a client needs to ask for the next."""
    return {
        **extra,
        "limit": limit,
        "offset": offset,
        "next_offset": offset + limit if len(results) == limit else None,
        "results": [r.to_dict() for r in results],
    }


def word_changes(first: str, later: str) -> list[tuple[str, str]]:
    """How ``later`` rewords ``first``, word by word: ``(op, words)`` with op ``equal``,
    ``insert`` or ``delete``, in reading order (a replacement is a delete then an insert)."""
    a, b = first.split(), later.split()
    ops: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            ops.append(("equal", " ".join(a[i1:i2])))
            continue
        if i2 > i1:
            ops.append(("delete", " ".join(a[i1:i2])))
        if j2 > j1:
            ops.append(("insert", " ".join(b[j1:j2])))
    return ops


def journey(group: QuoteGroup) -> dict[str, Any]:
    """A quote group as a journey: first seen, then each pickup with its wording changes."""
    body = group.to_dict()
    first = group.occurrences[0].content if group.occurrences else group.content
    for n, (hit, out) in enumerate(zip(group.occurrences, body["occurrences"], strict=True)):
        out["role"] = "first" if n == 0 else "pickup"
        out["same_wording"] = hit.content == first
        out["changes"] = [] if out["same_wording"] else word_changes(first, hit.content)
    return body


def period_of(day: str, period: str) -> str:
    if period == "week":  # ISO weeks (Monday first), "2023-W37"; they sort as they follow
        year, week, _ = dt.date.fromisoformat(day[:10]).isocalendar()
        return f"{year:04d}-W{week:02d}"
    return {"year": day[:4], "month": day[:7], "day": day[:10]}[period]


def periods_between(first: str, last: str, period: str) -> list[str]:
    """Every period from ``first`` to ``last`` inclusive, so a chart shows quiet stretches."""
    out: list[str] = []
    if period == "year":
        return [str(y) for y in range(int(first), int(last) + 1)]
    if period == "month":
        y, m = int(first[:4]), int(first[5:7])
        while f"{y:04d}-{m:02d}" <= last:
            out.append(f"{y:04d}-{m:02d}")
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        return out
    if period == "week":
        d = dt.date.fromisocalendar(int(first[:4]), int(first[6:]), 1)
        while (key := period_of(d.isoformat(), "week")) <= last:
            out.append(key)
            d += dt.timedelta(days=7)
        return out
    d, end = dt.date.fromisoformat(first), dt.date.fromisoformat(last)
    while d <= end:
        out.append(d.isoformat())
        d += dt.timedelta(days=1)
    return out


def timeline_points(days: list[str], period: str) -> list[dict[str, Any]]:
    counts = Counter(period_of(d, period) for d in days)
    if not counts:
        return []
    keys = sorted(counts)
    span = periods_between(keys[0], keys[-1], period)
    if len(span) <= FILL_GAPS_UNDER:
        keys = span
    return [{"period": k, "count": counts.get(k, 0)} for k in keys]


def timeline_body(
    reader: Reader,
    name: str,
    since: str | None,
    until: str | None,
    period: str,
    limit: int,
    offset: int,
    act: str = "speech",
) -> dict[str, Any]:
    """A speaker's timeline: counts per period over (up to TIMELINE_CAP of) their quotes, and
    one page of the quotes, oldest first."""
    counted: list[str] = []
    seen = 0
    while seen < TIMELINE_CAP:
        chunk = reader.timeline(name, since=since, until=until, limit=1000, offset=seen, act=act)
        seen += len(chunk)
        counted += [h.published for h in chunk if h.published]
        if len(chunk) < 1000:
            break
    undated = seen - len(counted)
    hits = reader.timeline(name, since=since, until=until, limit=limit, offset=offset, act=act)
    body = page(hits, limit, offset)
    body.update(
        speaker=name,
        period=period,
        total=seen,
        undated=undated,
        complete=seen < TIMELINE_CAP,
        points=timeline_points(counted, period),
    )
    return body
