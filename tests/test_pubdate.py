"""The publication date of a page: htmldate's answer checked against what the page declares."""

from __future__ import annotations

import datetime as dt

import pytest

from whosaid.read.html import page_date
from whosaid.read.pubdate import (
    DeclaredDates,
    checked_date,
    declared_dates,
    parse_stamp,
    shown_at,
    visible_text,
)

D = dt.date


def page(head: str = "", body: str = "") -> str:
    prose = "<p>" + "The council met on a rainy evening to discuss the budget at length. " * 5
    return f"<html><head>{head}</head><body><h1>Title</h1>{body}{prose}</p></body></html>"


def ld(**fields: str) -> str:
    pairs = ", ".join(f'"{k}": "{v}"' for k, v in fields.items())
    return f'<script type="application/ld+json">{{"@type": "NewsArticle", {pairs}}}</script>'


def meta(prop: str, value: str) -> str:
    return f'<meta property="{prop}" content="{value}">'


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-05-14", D(2025, 5, 14)),
        ("2025-05-14T19:30:03-07:00", D(2025, 5, 14)),  # the local date, not UTC's 15th
        ("2025-05-14T23:30:03+02:00", D(2025, 5, 14)),
        ("2025-05-14 08:33:24", D(2025, 5, 14)),
        ("03-09-2026", None),  # day or month first? not guessed
        ("May 14, 2025", None),
        ("2025-13-01", None),
        ("2025-05-140", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_stamp(value: str | None, expected: dt.date | None) -> None:
    assert parse_stamp(value) == expected


@pytest.mark.parametrize(
    ("html", "published", "modified"),
    [
        (page(ld(datePublished="2024-03-17T19:47:39+00:00", dateModified="2024-05-03")),
         (D(2024, 3, 17),), (D(2024, 5, 3),)),
        # JSON-LD comes first, then <meta>, without repeats
        (page(meta("article:published_time", "2022-05-26") + ld(datePublished="2025-12-01")),
         (D(2025, 12, 1), D(2022, 5, 26)), ()),
        (page(meta("article:published_time", "2024-10-08") + meta("og:updated_time", "2024-10-14")),
         (D(2024, 10, 8),), (D(2024, 10, 14),)),
        (page('<script type="application/ld+json">{"@graph": [{"@type": "WebPage", '
              '"datePublished": "2021-01-27"}]}</script>'), (D(2021, 1, 27),), ()),
        (page(body='<time itemprop="datePublished" datetime="2023-05-18">May 18</time>'),
         (D(2023, 5, 18),), ()),
        (page('<meta itemprop="dateCreated datePublished" content="2024-12-03T11:03:55-04:00">'),
         (D(2024, 12, 3),), ()),
        # negative: a comment's or a video's date is not the page's; nor is a date read wrongly
        (page('<script type="application/ld+json">{"@type": "Comment", '
              '"datePublished": "2021-01-27"}</script>'), (), ()),
        (page('<script type="application/ld+json">{"@type": "VideoObject", '
              '"uploadDate": "2021-01-27", "datePublished": "2021-01-27"}</script>'), (), ()),
        (page(meta("article:published_time", "03-09-2026")), (), ()),
        (page('<script type="application/ld+json">{"@type": "Article", "datePublished": '
              "</script>"), (), ()),
        (page(), (), ()),
    ],
)  # fmt: skip
def test_declared_dates(
    html: str, published: tuple[dt.date, ...], modified: tuple[dt.date, ...]
) -> None:
    assert declared_dates(html) == DeclaredDates(published, modified)


@pytest.mark.parametrize(
    ("text", "day", "expected"),
    [
        ("By Ann Lee Updated Dec. 5th, 2025 in News", D(2025, 12, 5), 19),
        ("Published on 5 December 2025", D(2025, 12, 5), 13),
        ("Posted 2025-12-05", D(2025, 12, 5), 7),
        ("Date: 12/05/2025", D(2025, 12, 5), 6),
        ("Date: 05.12.2025", D(2025, 12, 5), 6),
        ("Sept 5, 2025", D(2025, 9, 5), 0),
        ("July 30, 2019December 5, 2025", D(2025, 12, 5), 13),  # two dates run together
        # negative: another day, digits glued on, a month name inside a word
        ("Dec 15, 2025", D(2025, 12, 5), None),
        ("15 Dec 2025", D(2025, 12, 5), None),
        ("item 112/05/2025", D(2025, 12, 5), None),
        ("2025-12-050", D(2025, 12, 5), None),
        ("IndexDec 5, 2025", D(2025, 12, 5), None),
        ("December 5, 2024", D(2025, 12, 5), None),
    ],
)
def test_shown_at(text: str, day: dt.date, expected: int | None) -> None:
    assert shown_at(text, day) == expected


def test_visible_text_leaves_out_scripts_and_head() -> None:
    html = page(meta("article:published_time", "2024-10-08"), "<script>var d='2020-01-01'</script>")
    text = visible_text(html)
    assert "2020-01-01" not in text and "2024-10-08" not in text and "Title" in text


PUB, MOD = D(2024, 3, 17), D(2024, 5, 3)


@pytest.mark.parametrize(
    ("found", "declared", "text", "expected"),
    [
        # htmldate took the last update: the declared first publication wins ...
        (MOD, DeclaredDates((PUB,), (MOD,)), "", PUB),
        (MOD, DeclaredDates((PUB,), (MOD,)), "Published March 17, 2024. Updated May 3, 2024", PUB),
        # ... unless the page shows readers the update first, or only the update
        (MOD, DeclaredDates((PUB,), (MOD,)), "Updated May 3, 2024", MOD),
        (MOD, DeclaredDates((PUB,), (MOD,)), "Updated May 3, 2024. First published 17 March 2024",
         MOD),
        # a day and month read the wrong way round
        (D(2024, 10, 9), DeclaredDates((D(2024, 9, 10),), ()), "", D(2024, 9, 10)),
        # htmldate found nothing: the declaration
        (None, DeclaredDates((PUB,), ()), "", PUB),
        # negative: htmldate agrees with a declaration, or nothing is declared
        (PUB, DeclaredDates((PUB,), (MOD,)), "Updated May 3, 2024", PUB),
        (MOD, DeclaredDates((), (MOD,)), "", MOD),
        (None, DeclaredDates((), (MOD,)), "", None),
        # negative: a date that is neither declared nor a swap of one stays
        (D(2016, 7, 1), DeclaredDates((D(2024, 10, 8),), ()), "October 8, 2024", D(2016, 7, 1)),
        (D(2024, 10, 13), DeclaredDates((D(2024, 10, 9),), ()), "", D(2024, 10, 13)),
        (D(2024, 10, 10), DeclaredDates((D(2024, 9, 10),), ()), "", D(2024, 10, 10)),
    ],
)  # fmt: skip
def test_checked_date(
    found: dt.date | None, declared: DeclaredDates, text: str, expected: dt.date | None
) -> None:
    assert checked_date(found, declared, text) == expected


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        # htmldate reads <meta> before JSON-LD and would answer the modification date
        (page(ld(datePublished="2024-03-17T19:47:39+00:00", dateModified="2024-05-03")
              + meta("article:modified_time", "2024-05-03T10:57:58+00:00")), PUB),
        # shown "Updated May 3, 2024" and nothing else: the page dates itself by its update
        (page(ld(datePublished="2024-03-17", dateModified="2024-05-03")
              + meta("article:modified_time", "2024-05-03T10:57:58+00:00"),
              "<p class='date'>Updated May 3, 2024</p>"), MOD),
        # the local date of a timestamp with an offset, not its UTC date
        (page(meta("article:published_time", "2025-05-14T19:30:03-07:00")), D(2025, 5, 14)),
        (page(body="<p class='date'>Posted 09.10.2024 by Block</p>"
              + ld(datePublished="2024-09-10T16:07:00.000Z")), D(2024, 9, 10)),
        (page(meta("article:published_time", "2022-11-09")), D(2022, 11, 9)),
        (page(), None),
    ],
)  # fmt: skip
def test_page_date(html: str, expected: dt.date | None) -> None:
    assert page_date(html, None, None) == expected
