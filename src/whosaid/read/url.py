"""Fetching articles from URLs: a timeout, a size cap, and a clear error for every failure.

The standard library's ``urllib`` does the job (one GET, redirects, a timeout) without adding a
dependency; trafilatura's own fetcher would hide status codes and sizes behind ``None``.

``allow_private=False`` (for the HTTP service) refuses hosts that resolve to loopback, private,
link-local or otherwise non-public addresses, also when a redirect leads there, so a request
cannot be turned against the machine whosaid runs on or its network.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import socket
import urllib.error
import urllib.request
import zlib
from email.message import Message
from typing import IO, Any
from urllib.parse import urlsplit

from whosaid.config import Settings
from whosaid.errors import BinaryInput, EmptyInput, FetchError, InputTooLarge
from whosaid.model import Article

DEFAULT_TIMEOUT = 20.0  # seconds, for connecting and for each read
MAX_REDIRECTS = 5
USER_AGENT = "whosaid/0.1 (+https://example.invalid/whosaid; news quotation extractor)"
_CHUNK = 65536
_TEXT_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "application/xml", "text/xml")


def is_public_host(host: str) -> bool:
    """Whether every address ``host`` resolves to is a public one (not loopback, private,
    link-local, multicast, reserved or unspecified)."""
    try:
        infos = socket.getaddrinfo(host, None)
    except OSError:
        return False  # a name that does not resolve now cannot be shown to be public
    for info in infos:
        addr = ipaddress.ip_address(str(info[4][0]).split("%")[0])
        if not addr.is_global or addr.is_multicast:
            return False
    return True


def _check_url(url: str, allow_private: bool) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError(
            f"{url!r} is not an http(s) URL; give a URL that starts with http:// or https://.",
            source=url,
        )
    if not allow_private and not is_public_host(parts.hostname):
        raise FetchError(
            f"the host {parts.hostname!r} is a private, loopback or link-local address, which "
            "this service does not fetch. Give the URL of a public web page.",
            source=url,
        )


class _CheckedRedirects(urllib.request.HTTPRedirectHandler):
    """Follows at most MAX_REDIRECTS redirects, each to a URL allowed by the same rules."""

    max_redirections = MAX_REDIRECTS

    def __init__(self, allow_private: bool) -> None:
        super().__init__()
        self.allow_private = allow_private

    def redirect_request(
        self, req: Any, fp: IO[bytes], code: int, msg: str, headers: Any, newurl: str
    ) -> Any:
        _check_url(newurl, self.allow_private)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _read_capped(resp: Any, max_bytes: int, url: str) -> bytes:
    """The body, refused as soon as it (or its decompressed form) passes ``max_bytes``."""
    too_large = InputTooLarge(
        f"the page is larger than the limit of {max_bytes / 1e6:.1f} MB per article. Raise it "
        "with --max-bytes or WHOSAID_MAX_BYTES if this really is one article.",
        source=url,
    )
    length = resp.headers.get("Content-Length")
    if length and length.isdecimal() and int(length) > max_bytes:  # not isdigit: "²"
        raise too_large
    encoding = (resp.headers.get("Content-Encoding") or "").lower()
    inflate = zlib.decompressobj(zlib.MAX_WBITS | 32) if encoding in ("gzip", "deflate") else None
    out = bytearray()
    while chunk := resp.read(_CHUNK):
        # Decompress with a cap so a compression bomb stops at the limit, never in memory.
        data = inflate.decompress(chunk, max_bytes + 1 - len(out)) if inflate else chunk
        out += data
        if len(out) > max_bytes:
            raise too_large
    return bytes(out)


def _decode(raw: bytes, content_type: str | None, url: str) -> str:
    from whosaid.read.html import decode_html

    msg = Message()
    msg["Content-Type"] = content_type or "text/html"
    charset = msg.get_content_charset()
    if charset:
        try:
            return raw.decode(charset).replace("\r\n", "\n").replace("\r", "\n")
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_html(raw, source=url)


def fetch_article(
    url: str,
    settings: Settings,
    published: dt.date | None = None,
    *,
    allow_private: bool = True,
    timeout: float = DEFAULT_TIMEOUT,
) -> Article:
    """GET ``url`` and return it as an Article (HTML, or text for text/plain); raise a
    FetchError (or InputTooLarge, BinaryInput, EmptyInput) that says what went wrong."""
    _check_url(url, allow_private)
    # No proxy from the environment: the address checks above must be about where we connect.
    opener = urllib.request.build_opener(
        urllib.request.ProxyHandler({}), _CheckedRedirects(allow_private)
    )
    request = urllib.request.Request(
        url,
        headers={"User-Agent": USER_AGENT, "Accept": "text/html,text/plain;q=0.9,*/*;q=0.1"},
    )
    try:
        with opener.open(request, timeout=timeout) as resp:
            final_url = resp.geturl()
            content_type = resp.headers.get("Content-Type")
            mime = (content_type or "text/html").split(";")[0].strip().lower()
            if mime not in _TEXT_TYPES:
                raise BinaryInput(
                    f"the server sent {mime!r}, not a web page or text. Give the URL of the "
                    "article's page.",
                    source=url,
                )
            raw = _read_capped(resp, settings.max_bytes, url)
    except urllib.error.HTTPError as exc:
        raise FetchError(
            f"the server answered {exc.code} {exc.reason}. Check the URL in a browser; "
            "if the page needs a login, save it from the browser and give the file.",
            source=url,
        ) from exc
    except TimeoutError as exc:
        raise FetchError(
            f"no answer within {timeout:g} seconds. Try again later, or save the page and "
            "give the file.",
            source=url,
        ) from exc
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, TimeoutError):
            raise FetchError(
                f"no answer within {timeout:g} seconds. Try again later, or save the page and "
                "give the file.",
                source=url,
            ) from exc
        raise FetchError(
            f"could not connect ({reason}). Check the URL and the network.", source=url
        ) from exc
    except (OSError, zlib.error) as exc:
        raise FetchError(f"the download failed ({exc}). Try again later.", source=url) from exc
    if not raw.strip():
        raise EmptyInput("the server sent an empty page; there is nothing to analyse.", source=url)
    text = _decode(raw, content_type, url)
    if mime == "text/plain":
        return Article(text=text, source=url, url=final_url, published=published)
    return Article(html=text, source=url, url=final_url, published=published)
