"""Reading articles from files and folders, with a clear outcome for every bad input.

Text files are decoded as UTF-8 when they are valid UTF-8, else as Windows-1252 (a superset of
Latin-1 for printable text, and what legacy news exports use); binary files are refused.
"""

from __future__ import annotations

import datetime as dt
import gzip
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path

from whosaid.errors import BinaryInput, EmptyInput, InputError, InputTooLarge, UnreadableInput
from whosaid.model import Article

TEXT_SUFFIXES = {".txt", ".text", ".md", ""}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
# Fraction of control characters above which a file is taken to be binary, not text.
_BINARY_CONTROL_SHARE = 0.05


def decode(raw: bytes, source: str | None = None) -> str:
    """Decode bytes to text: UTF-8 (with or without BOM), else cp1252, else Latin-1."""
    if not raw.strip():
        raise EmptyInput(
            "the file is empty (or only white space); there is nothing to analyse.", source=source
        )
    sample = raw[:65536]
    if b"\x00" in sample:
        raise BinaryInput(
            "this looks like a binary file (it contains NUL bytes), not an article."
            " Give whosaid plain text or HTML.",
            source=source,
        )
    for encoding in ("utf-8-sig", "cp1252", "latin-1"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    controls = sum(1 for c in text[:65536] if ord(c) < 32 and c not in "\t\n\r\f")
    if controls > _BINARY_CONTROL_SHARE * min(len(text), 65536):
        raise BinaryInput(
            "this looks like a binary file (many control characters), not an "
            "article. Give whosaid plain text or HTML.",
            source=source,
        )
    # Normalise line ends so offsets count one character per line break on every platform.
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_bytes(path: Path, max_bytes: int) -> bytes:
    """Read a file (gunzipping ``.gz``), refusing more than ``max_bytes`` of content."""
    source = str(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise UnreadableInput(f"cannot read the file ({exc.strerror}).", source=source) from exc
    if path.suffix != ".gz" and size > max_bytes:
        raise InputTooLarge(
            f"the file is {size / 1e6:.1f} MB, over the limit of {max_bytes / 1e6:.1f} MB per "
            "article. Raise it with --max-bytes or WHOSAID_MAX_BYTES if this really is one "
            "article.",
            source=source,
        )
    try:
        if path.suffix == ".gz":
            # Read one byte past the cap so a gzip bomb is refused, never expanded in full.
            with gzip.open(path, "rb") as fh:
                raw = fh.read(max_bytes + 1)
            if len(raw) > max_bytes:
                raise InputTooLarge(
                    f"the file expands to more than {max_bytes / 1e6:.1f} MB, the limit per "
                    "article. Raise it with --max-bytes or WHOSAID_MAX_BYTES if this really is "
                    "one article.",
                    source=source,
                )
            return raw
        return path.read_bytes()
    except (OSError, EOFError, zlib.error) as exc:  # BadGzipFile is an OSError
        raise UnreadableInput(f"cannot read the file ({exc}).", source=source) from exc


def is_html_path(path: Path) -> bool:
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    return bool(suffixes) and suffixes[-1] in HTML_SUFFIXES


def looks_like_html(text: str) -> bool:
    head = text[:2048].lstrip().lower()
    return head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in head)


def read_article(path: Path, max_bytes: int, published: dt.date | None = None) -> Article:
    """Read one file as an Article (text or HTML); raise an InputError saying what is wrong."""
    source = str(path)
    if path.is_dir():
        raise UnreadableInput(
            "this is a folder; give its files, or use it as a batch input.", source=source
        )
    text = decode(read_bytes(path, max_bytes), source=source)
    if is_html_path(path) or looks_like_html(text):
        return Article(html=text, source=source, published=published)
    return Article(text=text, source=source, published=published)


def expand_paths(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files as given, and the files of folders (recursively, sorted, hidden ones skipped)."""
    for p in paths:
        path = Path(p)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                rel = child.relative_to(path)
                if child.is_file() and not any(part.startswith(".") for part in rel.parts):
                    yield child
        else:
            yield path


__all__ = ["InputError", "decode", "expand_paths", "read_article", "read_bytes"]
