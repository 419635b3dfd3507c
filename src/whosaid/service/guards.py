"""What keeps the service safe by default: a cap on request bodies, a token for writes, and a
refusal to fetch private addresses."""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import urlsplit

from fastapi import HTTPException, Request

from whosaid.service.errors import RefusedURL, ServiceError, error_response

TOKEN_ENV = "WHOSAID_API_TOKEN"
MAX_BODY_ENV = "WHOSAID_MAX_BODY_BYTES"
# 2 MB: a body at the limit peaks under 1 GB of memory (python bench/service_limits.py --fraction
# 1); no news article comes near it (a long one is 50 kB of text).
DEFAULT_MAX_BODY = 2 * 1024 * 1024

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


def too_large_message(limit: int) -> str:
    return (
        f"the request body is over the limit of {limit:,} bytes. Send a smaller article, or "
        f"start the service with a higher limit (whosaid serve --max-body-bytes, or "
        f"{MAX_BODY_ENV})."
    )


class BodyLimit:
    """ASGI middleware refusing request bodies over ``limit`` bytes with a 413.

    Written as raw ASGI rather than a Starlette BaseHTTPMiddleware because the body has to be
    counted as it streams in: a chunked upload has no Content-Length to check up front.
    """

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _content_length(scope)
        if declared is not None and declared > self.limit:
            response = error_response(413, "too_large", too_large_message(self.limit))
            await response(scope, receive, send)
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    # FastAPI re-raises an HTTPException from body reading, so this reaches the
                    # one error handler and gets the usual JSON shape.
                    raise HTTPException(413, too_large_message(self.limit))
            return message

        await self.app(scope, counted, send)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


def require_token(expected: str | None) -> Callable[[Request], None]:
    """A FastAPI dependency: the request must carry ``Authorization: Bearer <token>``.

    With no token configured, writes are off altogether: an open write route on a service
    someone started for reading is the unsafe default we avoid.
    """

    def check(request: Request) -> None:
        if not expected:
            raise ServiceError(
                403,
                "writes_disabled",
                f"writes are disabled on this service because no token is set. Start it with "
                f"{TOKEN_ENV}=<a long random string> in the environment and send the token as "
                f"'Authorization: Bearer <token>'.",
            )
        header = request.headers.get("authorization", "")
        scheme, _, given = header.partition(" ")
        if scheme.lower() != "bearer" or not given.strip():
            raise ServiceError(
                401,
                "unauthorized",
                "this route writes to the database and needs the service's token; send it as "
                f"'Authorization: Bearer <token>' (the value of {TOKEN_ENV} where the service "
                "runs).",
            )
        if not hmac.compare_digest(given.strip().encode(), expected.encode()):
            raise ServiceError(
                403,
                "forbidden",
                f"the token sent is not the service's token; check {TOKEN_ENV} where the "
                "service runs.",
            )

    return check


def refuse_private_url(url: str) -> None:
    """Raise ``RefusedURL`` unless ``url`` is http(s) and its host resolves only to public
    addresses.

    A service that fetches URLs for its callers must not become their way into the private
    network it runs in (SSRF). The fetcher (``fetch_article(..., allow_private=False)``) checks
    again at each redirect; this check up front gives the caller a 400 with its own reason.
    """
    from whosaid.read.url import is_public_host

    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise RefusedURL(
            f"{url!r} is not an http(s) URL with a host; give a full URL such as "
            "https://example.com/news/article.html."
        )
    if not is_public_host(parts.hostname):
        raise RefusedURL(
            f"{url!r} points to a private, loopback, link-local or reserved address; the "
            "service only fetches public web pages. Fetch the page yourself and send its HTML "
            "instead."
        )
