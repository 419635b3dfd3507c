"""HTML input: body as paragraphs and headings, metadata, and every bad page a clear outcome."""

from __future__ import annotations

import datetime as dt
import gzip
import json

import pytest
from click.testing import CliRunner

from whosaid.cli import main
from whosaid.config import Settings
from whosaid.errors import EmptyInput, InputTooLarge, NoArticleFound
from whosaid.model import Article
from whosaid.read.files import read_article
from whosaid.read.html import (
    clean_byline,
    clean_headline,
    declared_charset,
    decode_html,
    prepare_html,
    redecoded,
)

FILLER = (
    "The project has been discussed for a decade by residents, engineers and the regional "
    "authority, which paid for most of the work and will own the bridge once it opens."
)

PAGE = f"""<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8">
<title>Bridge to open in May | The Courier</title>
<meta property="og:site_name" content="The Courier">
<meta name="author" content="By Anne Reporter; Staff">
<meta property="article:published_time" content="2023-05-03T09:00:00Z">
</head><body>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
<article>
<h1>Bridge to open in May</h1>
<p>"We will open the bridge in May," Mayor Anne Hall said on Monday, standing by the river.</p>
<p>"It took us ten years.</p>
<p>"And it was worth every one of them," she said.</p>
<h2>Traffic</h2>
<p>{FILLER}</p>
<p>Engineers said last week that the final inspection went well. {FILLER}</p>
</article>
<footer>Copyright 2023 The Courier. All rights reserved.</footer>
</body></html>"""

SETTINGS = Settings()


def test_body_keeps_paragraphs_and_headings():
    prep = prepare_html(Article(html=PAGE, source="page.html"), SETTINGS)
    body = prep.body
    kinds = [(p.kind, body.text[p.start : p.end][:20]) for p in body.paragraphs]
    assert ("heading", "Traffic") in kinds
    assert [k for k, _ in kinds].count("paragraph") >= 4
    # Blocks are separated by blank lines; no menu or footer text.
    assert "\n\n" in body.text and "Sport" not in body.text and "rights reserved" not in body.text
    for p in body.paragraphs:
        segment = body.text[p.start : p.end]
        assert segment == segment.strip() and "\n\n" not in segment


def test_metadata():
    prep = prepare_html(Article(html=PAGE, source="page.html"), SETTINGS)
    assert prep.headline == "Bridge to open in May"
    assert prep.byline == ("Anne Reporter",)
    assert prep.outlet == "The Courier"
    assert prep.published == dt.date(2023, 5, 3)
    assert prep.language == "en"


def test_what_the_user_gives_wins():
    article = Article(
        html=PAGE, published=dt.date(2023, 5, 4), outlet="Courier Online", title="Given title"
    )
    prep = prepare_html(article, SETTINGS)
    assert (prep.published, prep.outlet, prep.headline) == (
        dt.date(2023, 5, 4),
        "Courier Online",
        "Given title",
    )


def test_analysis_offsets_refer_to_extracted_text(pipeline):
    analysis = pipeline.analyze(Article(html=PAGE, source="page.html"))
    assert analysis.text.startswith('"We will open the bridge') or "Bridge" in analysis.text
    assert analysis.published == "2023-05-03"
    for q in analysis.quotes:
        for s in q.content:
            assert analysis.text[s.start : s.end] == s.text
    for d in analysis.dates:
        assert analysis.text[d.start : d.end] == d.text
    # Dates are resolved against the page's own date: Monday before Wed 2023-05-03.
    assert ("Monday", "2023-05-01") in [(d.text, d.value) for d in analysis.dates]
    # A quote that runs over two paragraphs stays one quote, its pieces in both paragraphs.
    spanning = [q for q in analysis.quotes if "ten years" in q.content_text]
    assert spanning and "worth every one" in spanning[0].content_text


def test_headings_are_not_parsed_as_speech(pipeline):
    analysis = pipeline.analyze(Article(html=PAGE))
    heading = next(p for p in analysis.paragraphs if p.kind == "heading")
    assert not any(heading.start <= q.start < heading.end for q in analysis.quotes)


# --- metadata rules ---------------------------------------------------------------------------

BYLINES = [
    ("By Jane Doe", ("Jane Doe",)),
    ("Jane Doe and John Roe", ("Jane Doe", "John Roe")),
    ("Dylan Bailey; MS; RD; FAND", ("Dylan Bailey",)),  # credentials are not people
    ("By JANE DOE, Associated Press", ("Jane Doe",)),
    ("María José Núñez", ("María José Núñez",)),
    ("Staff", ()),
    ("Reuters Staff", ()),
    ("jane@example.com", ()),
    ("Updated 5 May 2023", ()),
    ("admin", ()),
    ("https://example.com/authors/jane", ()),
    (None, ()),
]


@pytest.mark.parametrize(("author", "expected"), BYLINES)
def test_byline(author, expected):
    assert clean_byline(author) == expected


HEADLINES = [
    ("Bridge to open | The Courier", "The Courier", [], "Bridge to open"),
    ("The Courier - Bridge to open", "The Courier", [], "Bridge to open"),
    ("Bridge to open - Courier", None, [], "Bridge to open"),
    ("Bridge to open | The Courier", "The Courier", ["Bridge to open"], "Bridge to open"),
    # a separator inside the headline itself stays when it is not the site's name
    ("Kim - Putin talks: what we know", "The Courier", [], "Kim - Putin talks: what we know"),
    ("Bridge to open", None, [], "Bridge to open"),
    (None, None, ["Only heading"], "Only heading"),
    (None, None, [], None),
]


@pytest.mark.parametrize(("title", "site", "h1s", "expected"), HEADLINES)
def test_headline(title, site, h1s, expected):
    assert clean_headline(title, site, h1s) == expected


# --- bad input --------------------------------------------------------------------------------


def test_empty_page():
    with pytest.raises(EmptyInput, match="empty"):
        prepare_html(Article(html="  \n "), SETTINGS)


def test_page_without_article():
    nav_only = (
        "<html><head><title>Index</title></head><body><nav><ul>"
        + "".join(f"<li><a href='/s{i}'>Section {i}</a></li>" for i in range(40))
        + "</ul></nav></body></html>"
    )
    with pytest.raises(NoArticleFound, match="no article body found"):
        prepare_html(Article(html=nav_only, source="index.html"), SETTINGS)


def test_malformed_html_still_gives_the_article():
    broken = (
        '<html><body><div><p>"We are ready," the minister said on Tuesday <b>in Paris'
        f"<p>{FILLER}<div><p>{FILLER} <i>unclosed <table><tr><td>cell</body>"
    )
    prep = prepare_html(Article(html=broken), SETTINGS)
    assert "minister said on Tuesday" in prep.body.text


def test_garbage_markup_is_a_clear_outcome(pipeline):
    garbage = "<html><<<>>><body></div></div><p><</p>&&&;<script>var x=1;</script></html>"
    outcomes = list(pipeline.analyze_many([Article(html=garbage, source="garbage.html")]))
    assert outcomes[0].reason in ("no_article", "unreadable")
    assert "garbage.html" in (outcomes[0].message or "")


def test_too_large_page_as_string():
    with pytest.raises(InputTooLarge, match="over the limit"):
        prepare_html(Article(html=PAGE + " " * 2000), Settings(max_bytes=1000))


def test_30_mb_page_file_is_refused(tmp_path):
    big = tmp_path / "big.html"
    with big.open("wb") as fh:
        fh.write(b"<html><body><p>")
        fh.write(b"word " * (30 * 1024 * 1024 // 5))
    with pytest.raises(InputTooLarge, match="over the limit"):
        read_article(big, SETTINGS.max_bytes)


def test_gzip_bomb_is_capped(tmp_path):
    bomb = tmp_path / "bomb.html.gz"
    with gzip.open(bomb, "wb", compresslevel=9) as fh:
        chunk = b" " * (1024 * 1024)
        for _ in range(64):  # 64 MB of spaces, about 64 kB on disk
            fh.write(chunk)
    assert bomb.stat().st_size < 1_000_000
    with pytest.raises(InputTooLarge, match="expands to more than"):
        read_article(bomb, 1_000_000)


CYRILLIC = '"Мы откроем мост в мае", - заявила мэр Анна Холл в понедельник.'


@pytest.mark.parametrize("charset", ["windows-1251", "koi8-r"])
def test_legacy_encoding_declared_in_meta(tmp_path, charset):
    page = (
        f'<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">'
        f"</head><body><article><p>{CYRILLIC}</p><p>{CYRILLIC} {CYRILLIC}</p>"
        f"<p>{CYRILLIC} {CYRILLIC} {CYRILLIC}</p></article></body></html>"
    )
    path = tmp_path / "ru.html"
    path.write_bytes(page.encode(charset))
    # The file reader knows nothing of HTML and takes the bytes for cp1252 ...
    article = read_article(path, SETTINGS.max_bytes)
    assert CYRILLIC not in (article.html or "")
    # ... the HTML stage reads them again in the charset the page declares.
    assert CYRILLIC in prepare_html(article, SETTINGS).body.text
    assert CYRILLIC in decode_html(path.read_bytes())


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        ('<meta charset="koi8-r">', "koi8-r"),
        ("<meta http-equiv='Content-Type' content='text/html; charset=Shift_JIS'>", "shift_jis"),
        (b'<meta charset="utf-8">', "utf-8"),
        ("<p>charset=koi8-r in running text</p>", None),
        ("<html><head></head>", None),
    ],
)
def test_declared_charset(head, expected):
    assert declared_charset(head) == expected


def test_redecode_leaves_utf8_pages_alone():
    utf8_page = '<meta charset="windows-1251"><p>Привет, мир</p>'  # decoded as UTF-8 already
    assert redecoded(utf8_page) == utf8_page
    ascii_page = '<meta charset="koi8-r"><p>plain ascii</p>'
    assert redecoded(ascii_page) == ascii_page


def test_batch_goes_on_after_bad_pages(pipeline):
    articles = [
        Article(html=" ", source="empty.html"),
        Article(html="<html><body><nav>menu</nav></body></html>", source="nav.html"),
        Article(html=PAGE, source="good.html"),
    ]
    outcomes = list(pipeline.analyze_many(articles))
    assert [o.source for o in outcomes] == ["empty.html", "nav.html", "good.html"]
    assert [o.reason for o in outcomes] == ["empty", "no_article", None]
    assert outcomes[2].ok


def test_cli_on_html_files(tmp_path):
    (tmp_path / "good.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "empty.html").write_text("", encoding="utf-8")
    with gzip.open(tmp_path / "good2.html.gz", "wt", encoding="utf-8") as fh:
        fh.write(PAGE)
    result = CliRunner().invoke(main, ["extract", str(tmp_path), "--format", "jsonl"])
    assert result.exit_code == 1  # one skipped
    rows = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert len(rows) == 2
    for row in rows:
        assert row["headline"] == "Bridge to open in May"
        assert row["published"] == "2023-05-03"
        assert row["outlet"] == "The Courier"
        assert any(p["kind"] == "heading" for p in row["paragraphs"])
    assert "empty" in result.output
