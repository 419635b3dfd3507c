"""Readers for collections of articles: JSONL and Reuters-21578 SGML, as small adapters.

Each reader yields ``Article``s, and an ``Outcome`` (with its reason and a message) in place of
an article it cannot read, so one bad line or record never stops a corpus. ``iter_inputs``
dispatches on the file name: ``.jsonl`` (also ``.jsonl.gz``), ``.sgm`` (Reuters-21578), anything
else one article per file (text or HTML, as ``read.files`` reads it).
"""

from __future__ import annotations

import datetime as dt
import gzip
import html
import json
import re
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path

from whosaid.errors import WhosaidError
from whosaid.model import Article, Outcome
from whosaid.read.files import expand_paths, read_article

REUTERS_OUTLET = "Reuters"

_RECORD = re.compile(r"<REUTERS\b([^>]*)>(.*?)</REUTERS>", re.S)
_NEWID = re.compile(r'NEWID="(\d+)"')
_DATE = re.compile(r"<DATE>\s*(\d{1,2})-([A-Za-z]{3})-(\d{2,4})")
_TITLE = re.compile(r"<TITLE>(.*?)</TITLE>", re.S)
_BODY = re.compile(r"<BODY>(.*?)</BODY>", re.S)
# The wire's control characters (&#2;, &#3;, &#5; ...) are transmission codes, not text.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_MONTHS = {
    m: i
    for i, m in enumerate(
        ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"), 1
    )
}


def is_jsonl(path: Path) -> bool:
    suffixes = [s.lower() for s in path.suffixes]
    return bool(suffixes) and (suffixes[-1] == ".jsonl" or suffixes[-2:] == [".jsonl", ".gz"])


def is_reuters(path: Path) -> bool:
    return path.suffix.lower() == ".sgm"


def _sgml_text(raw: str) -> str:
    """SGML content as plain text: entities unescaped, wire control codes dropped."""
    return _CONTROL.sub("", html.unescape(raw)).strip()


def _reuters_date(record: str) -> dt.date | None:
    m = _DATE.search(record)
    if not m:
        return None
    day, month, year = int(m.group(1)), _MONTHS.get(m.group(2).upper()), int(m.group(3))
    if month is None:
        return None
    try:
        return dt.date(year if year > 99 else 1900 + year, month, day)
    except ValueError:
        return None


def parse_reuters(text: str, name: str) -> Iterator[Article]:
    """The stories with a body in one Reuters-21578 SGML file; ``source`` is ``NAME#NEWID``."""
    for m in _RECORD.finditer(text):
        attrs, record = m.group(1), m.group(2)
        body = _BODY.search(record)
        if body is None:  # briefs and unprocessed items carry only a title
            continue
        content = _sgml_text(body.group(1))
        if not content:
            continue
        newid = _NEWID.search(attrs)
        title = _TITLE.search(record)
        yield Article(
            text=content,
            source=f"{name}#{newid.group(1) if newid else m.start()}",
            published=_reuters_date(record),
            outlet=REUTERS_OUTLET,
            title=_sgml_text(title.group(1)) if title else None,
        )


def read_reuters(path: Path) -> Iterator[Article | Outcome]:
    """Stories from a Reuters-21578 ``.sgm`` file, decoded leniently (ASCII with stray bytes)."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        yield Outcome(str(path), reason="unreadable", message=f"{path}: cannot read ({exc}).")
        return
    # Latin-1 maps every byte to a character, so a stray byte never stops the file.
    yield from parse_reuters(raw.decode("latin-1"), path.name)


def _jsonl_article(record: object, source: str) -> Article:
    """One JSONL record as an Article; raises ValueError saying what is wrong with it."""
    if not isinstance(record, dict):
        raise ValueError("the line is not a JSON object")
    text, page = record.get("text"), record.get("html")
    if (text is None) == (page is None):
        raise ValueError('the object needs exactly one of "text" or "html"')
    if not isinstance(text if text is not None else page, str):
        raise ValueError('"text"/"html" must be a string')
    published = record.get("published")
    day = None
    if published is not None:
        try:
            day = dt.date.fromisoformat(str(published).strip()[:10])
        except ValueError:
            raise ValueError(
                f'"published" is {published!r}, not an ISO date (YYYY-MM-DD)'
            ) from None
    fields = {k: record.get(k) for k in ("url", "outlet", "title")}
    bad = [k for k, v in fields.items() if v is not None and not isinstance(v, str)]
    if bad:
        raise ValueError(f"{', '.join(bad)} must be a string")
    return Article(
        text=text,
        html=page,
        source=str(record.get("id") or record.get("source") or source),
        url=fields["url"],
        published=day,
        outlet=fields["outlet"],
        title=fields["title"],
    )


def read_jsonl(path: Path) -> Iterator[Article | Outcome]:
    """One article per line: ``text`` or ``html``, optional ``url``, ``published``, ``outlet``,
    ``title`` (and ``id``/``source``, else ``FILE:LINE``); a bad line is a ``bad_jsonl`` Outcome."""
    opener = gzip.open if path.suffix.lower() == ".gz" else open
    try:
        with opener(path, "rb") as fh:
            for n, raw in enumerate(fh, 1):
                source = f"{path}:{n}"
                if not raw.strip():
                    continue
                try:
                    yield _jsonl_article(json.loads(raw), source)
                except (ValueError, UnicodeDecodeError) as exc:
                    yield Outcome(
                        source,
                        reason="bad_jsonl",
                        message=f"{path} line {n}: {exc}. Each line must be one JSON object "
                        'such as {"text": "...", "published": "2023-09-14", "outlet": "..."}.',
                    )
    except (OSError, EOFError, zlib.error) as exc:
        yield Outcome(str(path), reason="unreadable", message=f"{path}: cannot read ({exc}).")


def iter_inputs(
    paths: Iterable[str | Path], max_bytes: int, published: dt.date | None = None
) -> Iterator[Article | Outcome]:
    """Articles from files and folders (recursively), whatever their format, in a stable order;
    an input that cannot be read becomes an Outcome saying why."""
    for arg in paths:
        if not Path(arg).exists() and not Path(arg).is_symlink():  # a loop: reported below
            yield Outcome(
                str(arg), reason="not_found", message=f"{arg}: no such file or folder; check it."
            )
            continue
        for path in expand_paths([arg]):
            if is_jsonl(path):
                yield from read_jsonl(path)
            elif is_reuters(path):
                yield from read_reuters(path)
            else:
                try:
                    yield read_article(path, max_bytes, published=published)
                except WhosaidError as exc:
                    yield Outcome(str(path), reason=exc.reason, message=str(exc))


def count_inputs(paths: Iterable[str | Path]) -> int:
    """A quick estimate of how many articles ``iter_inputs`` will yield, for a progress bar."""
    total = 0
    for arg in paths:
        if not Path(arg).exists() and not Path(arg).is_symlink():  # a loop: reported below
            total += 1
            continue
        for path in expand_paths([arg]):
            try:
                if is_jsonl(path):
                    opener = gzip.open if path.suffix.lower() == ".gz" else open
                    with opener(path, "rb") as fh:
                        total += sum(1 for line in fh if line.strip())
                elif is_reuters(path):
                    total += path.read_bytes().count(b"<BODY>")
                else:
                    total += 1
            except (OSError, EOFError, zlib.error):
                total += 1
    return total
