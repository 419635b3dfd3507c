"""The publication date of a web page.

htmldate finds a page's date from many clues (meta tags, URL, visible text) and, asked for the
original date, returns the earliest one it trusts. It reads ``<meta>`` tags before JSON-LD, so
a page whose only date ``<meta>`` is ``article:modified_time`` gets its last update as its
publication date even when its JSON-LD says ``datePublished``; and it reads an ambiguous
numeric date such as "09.10.2024" day first. Both are checked here against what the page
declares, in its structured data, about when it was published and modified: htmldate has no
option for either, so whosaid reads the declarations itself (lxml and json, no new library).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

# ISO 8601 as pages write it: a date, optionally a time and an offset. The date is taken as
# written: a timestamp with a local offset ("2025-05-14T19:30:03-07:00") was published on the
# 14th where it was written, although it was already the 15th in UTC.
_ISO_DATE = re.compile(r"\s*(\d{4})-(\d{2})-(\d{2})(?:$|[T\s])")

# Names of <meta> tags (property, name or itemprop) that declare when the article was first
# published, and when it was last changed. Lower-cased.
_META_PUBLISHED = frozenset({
    "article:published_time", "og:published_time", "article:published", "datepublished",
    "pubdate", "publishdate", "publish-date", "publish_date", "publication_date",
    "dc.date.issued", "dcterms.issued", "sailthru.date", "parsely-pub-date",
})  # fmt: skip
_META_MODIFIED = frozenset({
    "article:modified_time", "og:updated_time", "og:modified_time", "datemodified",
    "last-modified", "lastmod", "dcterms.modified", "dc.date.modified",
})  # fmt: skip

# JSON-LD objects whose dates are the page's own: the article or the page that holds it, not
# a comment, a video, an image or a review embedded in it.
_LD_PAGE_TYPES = re.compile(r"(Article|Posting|WebPage|Blog|Report|CreativeWork|HowTo)$")


@dataclass(frozen=True, slots=True)
class DeclaredDates:
    """The dates a page's structured data gives for itself, most trusted first."""

    published: tuple[dt.date, ...]
    modified: tuple[dt.date, ...]


def parse_stamp(value: Any) -> dt.date | None:
    """The calendar date of an ISO 8601 date or timestamp as written (no conversion to UTC),
    or None for anything else ("03-09-2026" is ambiguous and is not guessed)."""
    if not isinstance(value, str):
        return None
    m = _ISO_DATE.match(value)
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def declared_dates(html: str) -> DeclaredDates:
    """Publication and modification dates from JSON-LD, then <meta> tags, then microdata
    (``itemprop="datePublished"``), each in page order, without repeats."""
    tree = _parse(html)
    return _declared(tree) if tree is not None else DeclaredDates((), ())


def _parse(html: str) -> Any:
    from lxml import html as lxml_html

    try:
        return lxml_html.fromstring(html)
    except Exception:  # lxml gives up on some pages; they declare and show nothing we can read
        return None


def _declared(tree: Any) -> DeclaredDates:
    published: list[dt.date] = []
    modified: list[dt.date] = []
    for kind, value in (*_json_ld_dates(tree), *_meta_dates(tree), *_microdata_dates(tree)):
        day = parse_stamp(value)
        target = published if kind == "published" else modified
        if day is not None and day not in target:
            target.append(day)
    return DeclaredDates(tuple(published), tuple(modified))


def _json_ld_dates(tree: Any) -> Iterator[tuple[str, Any]]:
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        try:
            data = json.loads(script.text or "")
        except ValueError:
            continue
        for obj in _ld_objects(data):
            yield "published", obj.get("datePublished")
            yield "modified", obj.get("dateModified")


def _ld_objects(data: Any) -> Iterator[dict[str, Any]]:
    """The JSON-LD objects typed as the article or its page, at any depth of lists/@graph."""
    if isinstance(data, list):
        for item in data:
            yield from _ld_objects(item)
    elif isinstance(data, dict):
        types = data.get("@type")
        names = types if isinstance(types, list) else [types]
        if any(isinstance(t, str) and _LD_PAGE_TYPES.search(t) for t in names):
            yield data
        if "@graph" in data:
            yield from _ld_objects(data["@graph"])


def _meta_dates(tree: Any) -> Iterator[tuple[str, Any]]:
    for meta in tree.iter("meta"):
        content = meta.get("content")
        for attr in ("property", "name", "itemprop"):
            # itemprop="dateCreated datePublished" lists several properties
            for name in (meta.get(attr) or "").lower().split():
                if name in _META_PUBLISHED:
                    yield "published", content
                elif name in _META_MODIFIED:
                    yield "modified", content


def _microdata_dates(tree: Any) -> Iterator[tuple[str, Any]]:
    for el in tree.xpath("//*[@itemprop][not(self::meta)]"):
        names = el.get("itemprop").split()
        value = el.get("datetime") or el.get("content")
        if "datePublished" in names:
            yield "published", value
        if "dateModified" in names:
            yield "modified", value


# --- what the page shows its readers ----------------------------------------------------------

_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip


def visible_text(html: str) -> str:
    """The page's text as a reader sees it: no scripts, styles or <head>, white space folded."""
    tree = _parse(html)
    return _visible(tree) if tree is not None else ""


def _visible(tree: Any) -> str:
    """The visible text of ``tree``; drops the invisible elements from it."""
    for el in tree.xpath("//script|//style|//noscript|//template|//head"):
        el.drop_tree()
    return " ".join(tree.text_content().split())


def _shown_pattern(day: dt.date) -> re.Pattern[str]:
    """The ways pages write ``day`` for readers: "December 5, 2025", "Dec. 5th, 2025",
    "5 Dec 2025", "2025-12-05", "12/05/2025" and "05.12.2025"."""
    name = _MONTHS[day.month - 1]
    short = "Sept?" if day.month == 9 else name[:3]
    month = rf"(?:{name}|{short}\.?)"
    d = rf"0?{day.day}(?:st|nd|rd|th)?"
    y = str(day.year)
    forms = (
        rf"(?<![a-z]){month}\s+{d},?\s+{y}",
        rf"{d}\s+(?:of\s+)?{month},?\s+{y}",
        rf"{y}-{day.month:02d}-{day.day:02d}",
        rf"0?{day.month}/0?{day.day}/{y}",
        rf"0?{day.day}\.0?{day.month}\.{y}",
    )
    # No digit, slash or dot glued to either end: "12/05/2025" is not in "112/05/20251".
    return re.compile(
        rf"(?:{'|'.join(forms[:1])}|(?<![\d/.-])(?:{'|'.join(forms[1:])}))(?![\d/]|[.-]\d)", re.I
    )


def shown_at(text: str, day: dt.date) -> int | None:
    """Where ``day`` first appears in the visible text, or None if the page never shows it."""
    m = _shown_pattern(day).search(text)
    return m.start() if m else None


# --- the choice -------------------------------------------------------------------------------


def checked_date(found: dt.date | None, declared: DeclaredDates, text: str) -> dt.date | None:
    """htmldate's original date ``found``, unless the page's own declarations show it misread:

    - ``found`` is a declared publication date with day and month swapped ("09.10.2024" read
      day first on a page that declares 2024-09-10): the declared date;
    - ``found`` is the declared last modification and the page declares an earlier first
      publication: the publication date, unless the page shows its readers the modification
      date before (or instead of) the publication date, as pages do that present themselves as
      "Updated <date>" (readers, and the people who date pages, take the shown date).
    """
    published = declared.published
    if not published or found in published:
        return found
    if found is None:
        return published[0]
    swapped = _day_month_swapped(found)
    if swapped is not None and swapped in published:
        return swapped
    if found in declared.modified:
        shown_published = shown_at(text, published[0])
        shown_modified = shown_at(text, found)
        if shown_modified is not None and (
            shown_published is None or shown_modified < shown_published
        ):
            return found
        return published[0]
    return found


def _day_month_swapped(day: dt.date) -> dt.date | None:
    if day.day > 12 or day.day == day.month:
        return None
    return dt.date(day.year, day.day, day.month)


def publication_date(html: str, found: dt.date | None) -> dt.date | None:
    """``checked_date`` for a page, parsed once; the visible text only when it is needed."""
    tree = _parse(html)
    if tree is None:
        return found
    declared = _declared(tree)
    if not declared.published or found in declared.published:
        return found
    return checked_date(found, declared, _visible(tree))
