"""One exception tree. Every message says what happened, why, and how to fix it.

Each error carries a short stable ``reason`` code, used in batch summaries, the store's
failure table and the HTTP API's error body, so programs can act on it without parsing prose.
"""

from __future__ import annotations


class WhosaidError(Exception):
    """Base of every error whosaid raises on purpose."""

    reason = "error"

    def __init__(self, message: str, *, source: str | None = None) -> None:
        self.source = source
        prefix = f"{source}: " if source else ""
        super().__init__(prefix + message)
        self.message = message


class InputError(WhosaidError):
    """The input cannot be analysed as it is (empty, binary, too large, unreadable)."""

    reason = "bad_input"


class EmptyInput(InputError):
    reason = "empty"


class BinaryInput(InputError):
    reason = "binary"


class InputTooLarge(InputError):
    reason = "too_large"


class TooSlow(InputError):
    """The article's analysis ran past the time budget (``Settings.time_budget_s``)."""

    reason = "too_slow"


class UnreadableInput(InputError):
    reason = "unreadable"


class NoArticleFound(InputError):
    reason = "no_article"


class FetchError(InputError):
    reason = "fetch_failed"


class ModelError(WhosaidError):
    """The spaCy pipeline named in the settings cannot be loaded or lacks a component."""

    reason = "model"


class QueryError(WhosaidError):
    """A search or store request is malformed (bad date, unknown field, bad syntax)."""

    reason = "bad_query"


class NotFound(WhosaidError):
    reason = "not_found"


class StoreError(WhosaidError):
    """The store file cannot be read or written: damaged (a garbled page, a truncated file) or
    on a full disk. Nothing is written to a damaged store."""

    reason = "store_unavailable"


class SchemaError(WhosaidError):
    """The database was written by a newer whosaid, or is not a whosaid database."""

    reason = "schema"
