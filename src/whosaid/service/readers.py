"""The service's readers of the store: one per thread, opened on first use, through the store
seam (``whosaid.store.open_reader``), so the service never knows which database it reads."""

from __future__ import annotations

import threading
from collections.abc import Hashable

from whosaid.errors import NotFound, WhosaidError
from whosaid.service.errors import ServiceError
from whosaid.store import Reader, open_reader


class Readers:
    """Read-only readers of the store at ``target`` (a file path or a ``postgresql://``
    address; ``None``: the service has no store), one per thread: a reader is not shared
    between threads, and several readers can answer at once."""

    def __init__(self, target: str | None) -> None:
        self.target = target
        self._local = threading.local()

    def reader(self) -> Reader:
        """This thread's reader; a 503 that says how to get a store when there is none."""
        existing: Reader | None = getattr(self._local, "reader", None)
        if existing is not None:
            return existing
        if self.target is None:
            raise ServiceError(
                503,
                "store_unavailable",
                "this service was started without a database; start it with "
                "`whosaid serve --db whosaid.db` to search a corpus.",
            )
        try:
            reader = open_reader(self.target)
        except NotFound as exc:
            raise ServiceError(503, "store_unavailable", str(exc)) from exc
        self._local.reader = reader
        return reader

    def version(self) -> Hashable | None:
        """The store's version as this thread's reader sees it; ``None`` while no store can be
        read (the route then answers why, and nothing is kept)."""
        if self.target is None:
            return None
        try:
            return self.reader().version()
        except WhosaidError:
            return None
