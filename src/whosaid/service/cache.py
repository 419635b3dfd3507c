"""The answer cache: recent read answers, kept until the store changes, and the ASGI
middleware that serves a kept answer before routing."""

from __future__ import annotations

import json
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any
from urllib.parse import parse_qsl

from fastapi import Request
from fastapi.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from whosaid.service.params import API
from whosaid.service.readers import Readers
from whosaid.service.views import json_response

CACHE_SIZE = int(os.environ.get("WHOSAID_CACHE_SIZE", "1024"))  # answers; 0 turns it off

_SEEN = "whosaid.cache"  # the scope entry where CachedAnswers leaves the key and version


class PageCache:
    """Recent read answers, dropped as soon as the store changes.

    Readers of a corpus ask the same questions again (a dashboard's queries, a page's next and
    previous buttons), and a search costs a few milliseconds of the database per call;
    answering a repeat from memory keeps latency flat under concurrent load. The store's
    version (``Reader.version``) changes with every commit, so an answer is never served after
    the data it came from has changed.
    """

    def __init__(self, readers: Readers, size: int = CACHE_SIZE) -> None:
        self.readers = readers
        self.size = size
        self._answers: OrderedDict[str, tuple[Hashable, bytes]] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def version(self) -> Hashable | None:
        """The store's version now; ``None`` when it cannot be read (nothing is kept then)."""
        return self.readers.version()

    def lookup(self, key: str, version: Hashable) -> bytes | None:
        """The answer kept for ``key`` if the store is still at ``version``, else None."""
        with self._lock:
            found = self._answers.get(key)
            if found is None or found[0] != version:
                return None
            self._answers.move_to_end(key)
            self.hits += 1
            return found[1]

    def answer(self, request: Request, compute: Callable[[], dict[str, Any]]) -> Response:
        """The JSON answer to this request, computed and kept. A kept answer is served by
        ``CachedAnswers`` before the request gets here, so this only runs on a miss; it keeps
        the answer under the key and store version the middleware saw before computing."""
        seen = request.scope.get(_SEEN)  # left there by CachedAnswers
        if self.size <= 0 or seen is None:
            return json_response(compute())
        key, version = seen
        self.misses += 1
        body = json.dumps(compute(), ensure_ascii=False).encode()
        with self._lock:
            self._answers[key] = (version, body)
            self._answers.move_to_end(key)
            while len(self._answers) > self.size:
                self._answers.popitem(last=False)
        return Response(body, media_type="application/json")

    def clear(self) -> None:
        with self._lock:
            self._answers.clear()


def cache_key(path: str, query_string: bytes) -> str:
    """One key for every spelling of the same question (parameters in any order), computed
    the same way in the route that stores an answer and in the middleware that serves it."""
    pairs = parse_qsl(query_string.decode("latin-1"), keep_blank_values=True)
    return path + "?" + str(sorted(pairs))


class CachedAnswers:
    """ASGI middleware: a GET the answer cache holds is answered before routing.

    A kept answer still went through FastAPI's routing, parameter validation and response
    machinery on every repeat, which is most of a cache hit's cost; under 16 concurrent clients
    on two cores that CPU set the tail latency. Only answers a route stored (so valid requests
    with a 200 answer) are served here, and only while the store is unchanged.
    """

    def __init__(self, app: ASGIApp, cache: PageCache) -> None:
        self.app = app
        self.cache = cache

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        cache = self.cache
        if (
            cache.size > 0
            and scope["type"] == "http"
            and scope["method"] == "GET"
            and scope["path"].startswith(API)
        ):
            version = cache.version()
            if version is not None:
                key = cache_key(scope["path"], scope.get("query_string", b""))
                body = cache.lookup(key, version)
                scope[_SEEN] = (key, version)  # a miss: the route keeps its answer under these
                if body is not None:
                    await _send_json(send, body)
                    return
        await self.app(scope, receive, send)


async def _send_json(send: Send, body: bytes) -> None:
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
    ]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": body})
