"""HTML articles: the main text, headline, byline, outlet and publication date of a page.

trafilatura finds the article in the page (boilerplate, menus and comments go) and gives it as a
tree of blocks (``head``, ``p``, ``list``, ``quote``, ``table``); whosaid writes those blocks out
as paragraphs separated by blank lines, so the text a user reads in the JSON output is exactly
the text every offset refers to, headings stay headings and a quote that runs over several
paragraphs keeps its breaks. htmldate finds the publication date, checked against the dates
the page declares (read/pubdate.py); a date the user gives wins.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from whosaid.clean.text import boilerplate_reason
from whosaid.config import Settings
from whosaid.errors import EmptyInput, InputTooLarge, NoArticleFound, UnreadableInput
from whosaid.model import Article, Body, Paragraph, ParagraphKind, Prepared, Removed

# The charset a page declares: <meta charset="koi8-r"> or <meta http-equiv=... content="...;
# charset=shift_jis">. Only the first few kilobytes are searched, as browsers do.
# These two are only run over a page's first 4,096 and 20,000 characters (declared_charset,
# page_language): bounded whatever the page, as [^>]+ may scan to the next ">" for each "<meta".
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
_CHARSET_STR = re.compile(r"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
_HTML_LANG = re.compile(
    r"""<html[^>]*?\slang\s*=\s*["']?([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]+)?""", re.I
)
# Charsets that read the same as what read/files.py decodes with (UTF-8, else cp1252/Latin-1):
# a page declaring one of these needs no second look.
_LATIN_CHARSETS = {
    "utf-8", "utf8", "us-ascii", "ascii", "iso-8859-1", "latin-1", "latin1", "windows-1252",
    "cp1252", "iso-8859-15", "latin-9",
}  # fmt: skip
_WS = re.compile(r"\s+")
# Title separators between the headline and the site name: "Headline | Site", "Site - Headline".
_TITLE_SEPARATORS = (" | ", " - ", " – ", " — ", " :: ", " » ", " · ", " • ")


@dataclass(frozen=True, slots=True)
class PageMeta:
    """What the page says about itself."""

    headline: str | None
    byline: tuple[str, ...]
    outlet: str | None
    published: dt.date | None
    language: str | None


def declared_charset(head: bytes | str) -> str | None:
    """The charset named by the page's <meta> tag, lower-cased, or None."""
    if isinstance(head, bytes):
        m = _CHARSET.search(head[:4096])
        return m.group(1).decode("ascii", "replace").lower() if m else None
    m2 = _CHARSET_STR.search(head[:4096])
    return m2.group(1).lower() if m2 else None


def decode_html(raw: bytes, source: str | None = None) -> str:
    """Decode an HTML page: its declared charset when Python knows it, else like a text file."""
    from whosaid.read.files import decode

    charset = declared_charset(raw)
    if charset and charset not in _LATIN_CHARSETS and raw.strip():
        try:
            return raw.decode(charset).replace("\r\n", "\n").replace("\r", "\n")
        except (LookupError, UnicodeDecodeError):
            pass
    return decode(raw, source=source)


def redecoded(html: str) -> str:
    """The page read again in the charset it declares, when the reader took a legacy page
    (KOI8-R, Shift_JIS, windows-1251, ...) for Windows-1252.

    ``read/files.decode`` knows nothing of HTML: bytes that are not UTF-8 become cp1252 (or
    Latin-1) characters. Those map one to one back to the original bytes, so the page can be
    decoded again, correctly. A page whose text has characters beyond Latin-1 was decoded as
    UTF-8 and is left alone, as is pure ASCII, which reads the same in every such charset.
    """
    charset = declared_charset(html)
    if not charset or charset in _LATIN_CHARSETS or html.isascii():
        return html
    for legacy in ("cp1252", "latin-1"):
        try:
            raw = html.encode(legacy)
        except UnicodeEncodeError:
            continue
        try:
            return raw.decode(charset)
        except (LookupError, UnicodeDecodeError):
            return html
    return html


def _block_text(el: Any) -> str:
    return _WS.sub(" ", "".join(el.itertext())).strip()


_BLOCK_CHILDREN = {"p", "head", "list", "item", "quote", "table", "row", "cell", "code"}


def blocks(body: Any) -> Iterator[tuple[ParagraphKind, str]]:
    """The (kind, text) blocks of trafilatura's XML body, in order: headings, paragraphs, list
    items and table rows each on their own."""
    for el in body:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag == "head":
            text = _block_text(el)
            if text:
                yield "heading", text
        elif tag == "table":
            for row in el.iter("row"):
                cells = [_block_text(c) for c in row.iter("cell")]
                text = " ".join(c for c in cells if c)
                if text:
                    yield "paragraph", text
        elif tag in {"list", "quote", "item"} and any(
            isinstance(c.tag, str) and c.tag in _BLOCK_CHILDREN for c in el
        ):
            # recursive over trafilatura's output, not the page: 3,000 nested <blockquote><ul><li>
            # raise no RecursionError (checked), so the depth stays far from Python's limit
            yield from blocks(el)
        elif tag in {"graphic", "lb"}:
            continue
        else:
            text = _block_text(el)
            if text:
                yield "paragraph", text


def build_body(parts: list[tuple[ParagraphKind, str]]) -> Body:
    """The article text: blocks separated by blank lines, with boilerplate marked as removed
    by the same rules as plain text (newsletter sign-ups, share prompts, ...)."""
    pieces: list[str] = []
    paragraphs: list[Paragraph] = []
    removed: list[Removed] = []
    pos = 0
    for kind, text in parts:
        if pieces:
            pieces.append("\n\n")
            pos += 2
        start, end = pos, pos + len(text)
        pieces.append(text)
        pos = end
        reason = boilerplate_reason(text) if kind != "heading" else None
        if reason:
            removed.append(Removed(start, end, reason))
        else:
            paragraphs.append(Paragraph(start, end, kind))
    return Body("".join(pieces), tuple(paragraphs), tuple(removed))


def has_running_text(body: Body) -> bool:
    """Whether some paragraph reads as prose: eight words or more, three of them not
    capitalised (function words), or, in scripts without case or spaces (Chinese, Japanese),
    thirty letters. Menus, link lists and stray markup that extractors fall back to are
    capitalised labels or symbols, never sentences."""
    for p in body.paragraphs:
        if p.kind == "heading":
            continue
        words = body.text[p.start : p.end].split()
        uncased = sum(1 for w in words if w[0].isalpha() and not w[0].isupper())
        if len(words) >= 8 and uncased >= 3:
            return True
        caseless = sum(
            1 for c in body.text[p.start : p.end] if c.isalpha() and c.lower() == c.upper()
        )
        if caseless >= 30:
            return True
    return False


# --- metadata ---------------------------------------------------------------------------------

# Byline entries that are not a person: agency or desk credits, credentials ("MS", "RD"),
# e-mail addresses, dates, handles and the "By" that pages leave in.
_JUNK_AUTHOR = re.compile(
    r"@|https?:|www\.|\d|^(?:by|and|staff|editor|editors|admin|administrator|guest|"
    r"anonymous|unknown|author|reporter|correspondent|contributor|team|desk|newsroom|"
    r"news desk|staff writer|staff reporter|web desk|wire|wires|agencies|press release)$",
    re.I,
)
# A word that makes a byline entry a desk, not a person ("Reuters Staff", "Web Desk").
_JUNK_WORDS = frozenset(
    {"staff", "desk", "team", "newsroom", "editors", "editorial", "reporters", "wire", "wires",
     "agency", "agencies", "contributors", "admin", "updated", "published", "posted", "press",
     "news", "reuters", "afp", "ap", "bloomberg"}
)  # fmt: skip
_CREDENTIAL = re.compile(r"^(?:[A-Z]{2,6}|[A-Z][a-z]?\.?[A-Z]\.?|Ph\.?D\.?|Jr\.?|Sr\.?)$")
_BY = re.compile(r"^\s*(?:written\s+)?by\s+", re.I)


def clean_byline(author: str | None) -> tuple[str, ...]:
    """Person names from trafilatura's author field ("A; B", "By A and B"), junk dropped."""
    if not author:
        return ()
    names: list[str] = []
    for raw in re.split(r";|,|\band\b|&|\|", author):
        name = _BY.sub("", _WS.sub(" ", raw)).strip(" .-–—:")
        if not name or len(name) > 60 or _JUNK_AUTHOR.search(name) or _CREDENTIAL.match(name):
            continue
        if any(w.lower().strip(".") in _JUNK_WORDS for w in name.split()):
            continue
        words = name.split()
        # A name has at most a few words, and at least one that starts with a capital.
        if len(words) > 5 or not any(w[:1].isupper() for w in words):
            continue
        if name.isupper():  # "JANE DOE", as wire bylines print it
            name = name.title()
        if name not in names:
            names.append(name)
    return tuple(names)


def clean_headline(title: str | None, sitename: str | None, h1s: list[str]) -> str | None:
    """The headline: the page title without the site name around it ("Headline | Site"); an
    <h1> that the title starts with or equals is the headline as printed."""
    if not title:
        return h1s[0] if len(h1s) == 1 else None
    title = _WS.sub(" ", title).strip()
    for h in h1s:
        if h and (title == h or title.startswith(h)) and len(h) >= 0.5 * len(title):
            return h
    site = (sitename or "").strip().lower()
    for sep in _TITLE_SEPARATORS:
        if sep not in title:
            continue
        head, _, tail = title.rpartition(sep)
        if _names_site(tail, site):
            return head.strip()
        first, _, rest = title.partition(sep)
        if _names_site(first, site):
            return rest.strip()
    return title


def _names_site(part: str, site: str) -> bool:
    """Whether a piece of the title is the site's name (or, with no site name known, looks
    like one: a short tail after a separator)."""
    part = part.strip().lower()
    if not part:
        return False
    if site:
        return part in site or site in part
    return len(part.split()) <= 3


def page_language(html: str, doc_language: str | None) -> str | None:
    if doc_language:
        return doc_language.split("-")[0].split("_")[0].lower()
    m = _HTML_LANG.search(html[:20000])
    return m.group(1).lower() if m else None


def page_date(html: str, url: str | None, trafilatura_date: str | None) -> dt.date | None:
    """The publication date: htmldate's original date (the first publication, not the last
    update) checked against the dates the page declares (``read/pubdate.py``), else
    trafilatura's; a page with none of them has none."""
    from htmldate import find_date

    from whosaid.read.pubdate import publication_date

    found = publication_date(html, _iso_day(_htmldate(find_date, html, url)))
    return found or _iso_day(trafilatura_date)


def _iso_day(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def _htmldate(find_date: Any, html: str, url: str | None) -> str | None:
    try:
        found = find_date(html, original_date=True, outputformat="%Y-%m-%d", url=url)
        return str(found) if found else None
    except Exception:  # htmldate raises on some malformed pages; the date is then unknown
        return None


def _h1_texts(html: str) -> list[str]:
    from lxml import html as lxml_html

    try:
        tree = lxml_html.fromstring(html)
    except Exception:
        return []
    return [t for t in (_WS.sub(" ", h.text_content()).strip() for h in tree.iter("h1")) if t]


# --- the stage --------------------------------------------------------------------------------


def extract_document(html: str, url: str | None, favor_recall: bool = False) -> Any:
    """trafilatura's extraction: main text as an XML tree plus metadata; None if no article."""
    import trafilatura

    try:
        return trafilatura.bare_extraction(
            html,
            url=url,
            favor_recall=favor_recall,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            include_formatting=True,
        )
    except Exception as exc:  # lxml gives up on some pages entirely
        raise UnreadableInput(
            f"the HTML could not be parsed ({type(exc).__name__}: {exc}). Check that the file "
            "is a web page; save it again from the browser if it was cut short."
        ) from exc


def prepare_html(article: Article, settings: Settings) -> Prepared:
    """Find the article in an HTML page: its body (paragraphs and headings) and metadata."""
    source = article.source
    html = article.html or ""
    if not html.strip():
        raise EmptyInput("the page is empty; there is nothing to analyse.", source=source)
    if len(html) > settings.max_bytes:
        raise InputTooLarge(
            f"the page has {len(html):,} characters, over the limit of {settings.max_bytes:,}. "
            "Raise it with --max-bytes or WHOSAID_MAX_BYTES if this really is one article.",
            source=source,
        )
    html = redecoded(html)
    doc, body = None, build_body([])
    # trafilatura's default balance first; a page where it finds no prose gets a second,
    # recall-oriented pass before whosaid says there is no article.
    for favor_recall in (False, True):
        try:
            doc = extract_document(html, article.url, favor_recall)
        except UnreadableInput as exc:
            raise UnreadableInput(exc.message, source=source) from exc
        parts = list(blocks(doc.body)) if doc is not None and doc.body is not None else []
        body = build_body(parts)
        if has_running_text(body):
            break
    if doc is None or not has_running_text(body):
        raise NoArticleFound(
            "no article body found in this page: it has no block of running text that "
            "trafilatura recognises as an article (an index page, a login wall, or a page "
            "built by JavaScript?). Give the article's own page, or its text.",
            source=source,
        )
    meta = page_meta(html, article, doc)
    return Prepared(
        article=article,
        body=body,
        headline=meta.headline,
        byline=meta.byline,
        outlet=meta.outlet,
        published=meta.published,
        language=meta.language,
    )


def page_meta(html: str, article: Article, doc: Any) -> PageMeta:
    """Headline, byline, outlet, date and language; what the user gave in ``article`` wins."""
    headline = article.title or clean_headline(doc.title, doc.sitename, _h1_texts(html))
    outlet = article.outlet or (doc.sitename or None)
    published = article.published or page_date(html, article.url or doc.url, doc.date)
    return PageMeta(
        headline=headline,
        byline=clean_byline(doc.author),
        outlet=outlet,
        published=published,
        language=page_language(html, doc.language),
    )
