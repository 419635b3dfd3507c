"""Fetching URLs, against a local HTTP server started here (127.0.0.1 only, a free port)."""

from __future__ import annotations

import gzip
import http.server
import sys
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest

from whosaid.config import Settings
from whosaid.errors import BinaryInput, EmptyInput, FetchError, InputTooLarge
from whosaid.read.url import _CheckedRedirects, fetch_article, is_public_host

PAGE = (
    b"<html><head><meta charset='utf-8'><title>Bridge to open | The Courier</title></head>"
    b'<body><article><h1>Bridge to open</h1><p>"We will open the bridge in May," Mayor Anne '
    b"Hall said on Monday, standing by the river with engineers from the city council."
    b"</p></article></body></html>"
)
BOMB = gzip.compress(b"<html>" + b" " * 5_000_000)  # 5 MB of spaces in ~5 kB


class _QuietServer(http.server.ThreadingHTTPServer):
    """The test server, without a traceback when a client hangs up first: the timeout and
    size-cap tests close the connection on purpose, and the server's write then fails."""

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:  # keep the test output quiet
        pass

    def _send(self, code: int, body: bytes, ctype: str = "text/html; charset=utf-8", **hdr: str):
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in hdr.items():
            self.send_header(k.replace("_", "-"), v)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        routes = {
            "/article": lambda: self._send(200, PAGE),
            "/text": lambda: self._send(200, b"Plain words, said Ann.", "text/plain"),
            "/latin": lambda: self._send(
                200, "Café, dit-il.".encode("cp1252"), "text/plain; charset=windows-1252"
            ),
            "/image": lambda: self._send(200, b"\x89PNG\r\n\x1a\n", "image/png"),
            "/big": lambda: self._send(200, b"<html>" + b"x" * 200_000),
            "/bomb": lambda: self._send(200, BOMB, Content_Encoding="gzip"),
            "/empty": lambda: self._send(200, b"   "),
            "/moved": lambda: self._send(302, b"", Location="/article"),
        }
        if self.path == "/slow":
            time.sleep(2)
            self._send(200, PAGE)
        elif self.path == "/stream-big":
            # No Content-Length: the cap must stop the download while it is being read.
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            for _ in range(40):
                self.wfile.write(b"y" * 10_000)
        elif self.path in routes:
            routes[self.path]()
        else:
            self._send(404, b"no such page")


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = _QuietServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


SMALL = Settings(max_bytes=100_000)


def test_fetches_html_page(server):
    article = fetch_article(server + "/article", SMALL)
    assert article.html is not None and "Anne Hall" in article.html
    assert article.url == server + "/article" and article.source == server + "/article"


def test_follows_redirect_and_records_final_url(server):
    article = fetch_article(server + "/moved", SMALL)
    assert article.url == server + "/article"


def test_plain_text_becomes_text_article(server):
    article = fetch_article(server + "/text", SMALL)
    assert article.text == "Plain words, said Ann." and article.html is None


def test_charset_from_header(server):
    assert fetch_article(server + "/latin", SMALL).text == "Café, dit-il."


@pytest.mark.parametrize(
    ("path", "error", "message"),
    [
        ("/missing", FetchError, "404"),
        ("/image", BinaryInput, "image/png"),
        ("/big", InputTooLarge, "larger than the limit"),
        ("/stream-big", InputTooLarge, "larger than the limit"),
        ("/bomb", InputTooLarge, "larger than the limit"),
        ("/empty", EmptyInput, "empty"),
    ],
)
def test_failures_say_what_happened(server, path, error, message):
    with pytest.raises(error, match=message) as info:
        fetch_article(server + path, SMALL)
    assert server + path in str(info.value)  # the message names the URL


def test_timeout(server):
    started = time.monotonic()
    with pytest.raises(FetchError, match=r"no answer within 0\.5 seconds"):
        fetch_article(server + "/slow", SMALL, timeout=0.5)
    assert time.monotonic() - started < 1.9


def test_connection_refused_is_clear():
    import socket

    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(FetchError, match="could not connect"):
        fetch_article(f"http://127.0.0.1:{port}/", SMALL, timeout=2)


def test_not_http_is_refused():
    with pytest.raises(FetchError, match="not an http"):
        fetch_article("ftp://127.0.0.1/file", SMALL)


def test_private_addresses_refused_when_asked(server):
    with pytest.raises(FetchError, match="private, loopback or link-local"):
        fetch_article(server + "/article", SMALL, allow_private=False)


@pytest.mark.parametrize(
    ("host", "public"),
    [
        ("127.0.0.1", False),
        ("10.1.2.3", False),
        ("192.168.0.10", False),
        ("169.254.169.254", False),  # cloud metadata
        ("::1", False),
        ("fe80::1", False),
        ("0.0.0.0", False),
        ("8.8.8.8", True),
        ("2001:4860:4860::8888", True),
    ],
)
def test_public_host_rule(host, public):
    assert is_public_host(host) is public


def test_redirect_to_private_address_refused():
    import urllib.request
    from email.message import Message

    handler = _CheckedRedirects(allow_private=False)
    request = urllib.request.Request("http://8.8.8.8/")
    with pytest.raises(FetchError, match="private"):
        handler.redirect_request(request, None, 302, "Found", Message(), "http://127.0.0.1/x")  # type: ignore[arg-type]
    # With private addresses allowed (the CLI), the same redirect is followed.
    assert (
        _CheckedRedirects(True)
        .redirect_request(
            request,
            None,
            302,
            "Found",
            Message(),
            "http://127.0.0.1/x",  # type: ignore[arg-type]
        )
        .full_url
        == "http://127.0.0.1/x"
    )


def test_cli_extracts_from_url(server):
    from click.testing import CliRunner

    from whosaid.cli import main

    result = CliRunner().invoke(main, ["extract", server + "/article", "--published", "2023-05-03"])
    assert result.exit_code == 0, result.output
    import json

    out = json.loads(result.stdout)
    assert out["url"] == server + "/article"
    assert out["headline"] == "Bridge to open"
    assert any(d["text"] == "Monday" and d["value"] == "2023-05-01" for d in out["dates"])


def test_cli_reports_failed_url(server):
    from click.testing import CliRunner

    from whosaid.cli import main

    result = CliRunner().invoke(main, ["extract", server + "/missing"])
    assert result.exit_code == 2
    assert "404" in result.output and "fetch_failed" in result.output
