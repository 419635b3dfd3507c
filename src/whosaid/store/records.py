"""The store's records: what a query asks (``SearchQuery``) and what it answers (``Hit``,
``SpeakerCount``, ``StoredArticle``, ``QuoteGroup`` with its ``Variant``), and what a batch write
did (``WriteResult``). Plain frozen dataclasses with ``to_dict()``, the same on every backend.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from whosaid.errors import QueryError
from whosaid.model import Analysis

KINDS = ("direct", "indirect", "mixed")
# What a quote's cue reports (``Quote.act``). Readers after quotes want speech, so every query
# shows speech unless asked for another act or "all"; attribution corpora count all four.
ACTS = ("speech", "belief", "intent", "evidence")
ACT_CHOICES = ("all", *ACTS)
MAX_LIMIT = 1000


# -- records ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SearchQuery:
    """Filters for ``search``; all optional, combined with AND.

    ``speaker``: a full name, an alias, or whole words of a name ("Peskov"); ``words``: words
    in the quote (a "quoted phrase" must appear as written); ``mentions``: an entity named
    inside the quote; ``since``/``until``: the article's date, inclusive (``YYYY``, ``YYYY-MM``
    or ``YYYY-MM-DD``); ``outlet``: the article's outlet; ``via``: an outlet that relayed the
    quote; ``kind``: direct, indirect or mixed; ``act``: what the cue reports (speech, the
    default; belief, intent, evidence, or all). ``min_confidence``: a speaker name less certain
    than this is shown as unresolved (its mention kept), and does not count for ``speaker``.
    Results come newest first (``order="date"`` for oldest first), ``limit`` at a time from
    ``offset``.
    """

    speaker: str | None = None
    words: str | None = None
    mentions: str | None = None
    since: str | None = None
    until: str | None = None
    outlet: str | None = None
    via: str | None = None
    kind: str | None = None
    limit: int = 50
    offset: int = 0
    order: str = "newest"
    act: str = "speech"
    min_confidence: float | None = None

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any]) -> SearchQuery:
        """A query from loose values (an HTTP query string, a JSON body); an unknown field or a
        value of the wrong type is a QueryError naming the valid fields."""
        names = {f.name for f in fields(cls)}
        unknown = sorted(set(values) - names)
        if unknown:
            raise QueryError(
                f"unknown search field {', '.join(unknown)}; the fields are "
                f"{', '.join(sorted(names))}."
            )
        clean: dict[str, Any] = {}
        for k, v in values.items():
            if v is None or v == "":
                continue
            if k in ("limit", "offset"):
                try:
                    clean[k] = int(v)
                except (TypeError, ValueError):
                    raise QueryError(f"{k} must be a whole number, not {v!r}.") from None
            elif k == "min_confidence":
                clean[k] = _confidence(v)
            else:
                clean[k] = str(v)
        return cls(**clean)


@dataclass(frozen=True, slots=True)
class Hit:
    """One quotation found, with its article, offsets (into the article's text) and date."""

    quote_id: int
    group_id: int
    article_id: int
    article_hash: str
    source: str | None
    title: str | None
    outlet: str | None
    published: str | None
    kind: str
    content: str
    start: int
    end: int
    spans: list[list[int]]
    speaker: str | None
    speaker_mention: str | None
    person_id: int | None
    cue: str | None
    via: list[str]
    addressee: str | None
    date: str | None
    occurrences: int
    act: str = "speech"
    unnamed: str | None = None
    confidence: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class SpeakerCount:
    """A person (or organisation) quoted in the store, with counts and what articles say."""

    person_id: int
    name: str
    type: str
    quotes: int
    articles: int
    first: str | None
    last: str | None
    aliases: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    outlets: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class StoredArticle:
    """An article as stored: its metadata, its full analysis, and its quotes as hits."""

    article_id: int
    hash: str
    source: str | None
    url: str | None
    outlet: str | None
    title: str | None
    published: str | None
    analysis: Analysis
    quotes: list[Hit]

    def to_dict(self) -> dict[str, Any]:
        return {
            "article_id": self.article_id,
            "hash": self.hash,
            "source": self.source,
            "url": self.url,
            "outlet": self.outlet,
            "title": self.title,
            "published": self.published,
            "analysis": self.analysis.to_dict(),
            "quotes": [h.to_dict() for h in self.quotes],
        }


@dataclass(frozen=True, slots=True)
class Variant:
    """Another wording of the same statement (trimmed, extended, reworded) in one article, with
    its changes against the earliest wording: ``{"op": "delete"|"insert"|"replace", "old",
    "new"}`` word by word."""

    quote_id: int
    group_id: int
    article_id: int
    outlet: str | None
    published: str | None
    speaker: str | None
    content: str
    changes: list[dict[str, Any]]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class QuoteGroup:
    """One quote across articles: first seen, the outlets that carried it, each occurrence,
    and its variants (other wordings of the statement, oldest first)."""

    group_id: int
    content: str
    first_seen: str | None
    outlets: list[str]
    occurrences: list[Hit]
    variants: list[Variant] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "group_id": self.group_id,
            "content": self.content,
            "first_seen": self.first_seen,
            "outlets": self.outlets,
            "occurrences": [h.to_dict() for h in self.occurrences],
            "variants": [v.to_dict() for v in self.variants],
        }


def _confidence(value: Any) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        number = float("nan")
    if not 0.0 <= number <= 1.0:  # also refuses NaN
        raise QueryError(f"min_confidence must be a number from 0 to 1, not {value!r}.")
    return number


@dataclass(slots=True)
class WriteResult:
    """What one ``write_batch`` did."""

    added: int = 0  # articles stored
    existing: int = 0  # articles already in the store (same content hash)
    failed: int = 0  # failures recorded (or already recorded)
    quotes: int = 0  # quotes stored with the added articles
