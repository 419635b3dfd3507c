"""The context-manager half that every backend's reader and writer share (``store.base``)."""

from __future__ import annotations

from types import TracebackType
from typing import Self


class Closing:
    """What every backend's reader and writer share: ``with`` closes it on the way out."""

    def close(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
