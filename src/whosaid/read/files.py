"""Reading articles from files and folders, with a clear outcome for every bad input.

Text files are decoded as UTF-8 when they are valid UTF-8, else as Windows-1252 (a superset of
Latin-1 for printable text, and what legacy news exports use); binary files are refused. A file
that is UTF-8 but cut inside its last character loses only that character; one that is UTF-8
with a bad byte further in is refused, saying where, rather than read as Windows-1252 mojibake.
"""

from __future__ import annotations

import datetime as dt
import errno
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
    text = _decoded(raw, source)
    controls = sum(1 for c in text[:65536] if ord(c) < 32 and c not in "\t\n\r\f")
    if controls > _BINARY_CONTROL_SHARE * min(len(text), 65536):
        raise BinaryInput(
            "this looks like a binary file (many control characters), not an "
            "article. Give whosaid plain text or HTML.",
            source=source,
        )
    # Normalise line ends so offsets count one character per line break on every platform.
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _decoded(raw: bytes, source: str | None) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        bad = exc
    prefix = raw[: bad.start]
    # Valid multi-byte UTF-8 before the first bad byte: the file is UTF-8 (Windows-1252 text
    # almost never forms such sequences), so reading it as Windows-1252 would turn every
    # accented letter into two ("JÃ¼rgen").
    is_utf8 = not prefix.isascii() or bad.reason == "unexpected end of data"
    if not is_utf8:
        for encoding in ("cp1252", "latin-1"):
            try:
                return raw.decode(encoding)
            except UnicodeDecodeError:
                continue
    if bad.reason == "unexpected end of data" and bad.end == len(raw):
        return prefix.decode("utf-8-sig")  # cut inside its last character: that one is lost
    raise UnreadableInput(
        f"the file is UTF-8 up to byte {bad.start:,} of {len(raw):,}, where it has a byte "
        f"that is not ({bad.reason}); whosaid does not guess the rest. Convert it to valid "
        "UTF-8 (for example `iconv -f utf-8 -t utf-8 -c`, which drops the bad bytes), or "
        "re-export it from its source.",
        source=source,
    )


def is_symlink_loop(path: Path) -> bool:
    """Whether ``path`` is a symbolic link that leads back to itself."""
    if not path.is_symlink():
        return False
    try:
        path.resolve(strict=True)
    except RuntimeError:  # Python before 3.13 reports a loop so
        return True
    except OSError as exc:
        return exc.errno == errno.ELOOP
    return False


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
    if is_symlink_loop(path):
        raise UnreadableInput(
            "this is a loop of symbolic links (following it leads back to it), not a file; "
            "fix or remove the link.",
            source=source,
        )
    if path.is_dir():
        raise UnreadableInput(
            "this is a folder; give its files, or use it as a batch input.", source=source
        )
    text = decode(read_bytes(path, max_bytes), source=source)
    if is_html_path(path) or looks_like_html(text):
        return Article(html=text, source=source, published=published)
    return Article(text=text, source=source, published=published)


def expand_paths(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files as given, and the files of folders (recursively, sorted, hidden ones skipped).
    A loop of symbolic links in a folder is yielded too, so that reading it reports it."""
    for p in paths:
        path = Path(p)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                rel = child.relative_to(path)
                if any(part.startswith(".") for part in rel.parts):
                    continue
                if child.is_file() or is_symlink_loop(child):
                    yield child
        else:
            yield path


__all__ = ["InputError", "decode", "expand_paths", "read_article", "read_bytes"]
