"""The records of whosaid: start reading here.

Everything whosaid knows about an article is plain typed data in this module. Processing lives
elsewhere (``clean``, ``annotate``, ``extract``, ``store``); stages are functions that take and
return these records, so any of them can be tested, stored or sent over the wire on its own.

Every offset is a count of Unicode code points into ``Analysis.text`` (Python ``str`` indices),
the text all records refer to: the file the user gave, decoded, or the body whosaid extracted
from an HTML page. ``text[span.start:span.end] == span.text`` always holds.

The JSON form (``to_dict``/``from_dict``) is the contract ``whosaid/1`` documented in the README:
extend it, never rename a field.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal

SCHEMA = "whosaid/1"

QuoteKind = Literal["direct", "indirect", "mixed"]
EntityType = Literal["person", "organization", "place", "other"]
ParagraphKind = Literal["paragraph", "heading", "caption"]
# What the cue reports: words spoken or written ("said", "told", "according to"), a belief
# ("thinks"), an intention or appeal ("plans to", "called for"), or evidence ("the poll shows").
# News attribution corpora such as PolNeAR count all four; a reader after quotes filters "speech".
QuoteAct = Literal["speech", "belief", "intent", "evidence"]


@dataclass(frozen=True, slots=True)
class Span:
    """A piece of the text: ``text == analysis.text[start:end]``."""

    start: int
    end: int
    text: str

    @classmethod
    def of(cls, text: str, start: int, end: int) -> Span:
        return cls(start, end, text[start:end])

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Span:
        return cls(int(d["start"]), int(d["end"]), str(d["text"]))


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A block of the body. Headings and captions are kept apart from running text."""

    start: int
    end: int
    kind: ParagraphKind = "paragraph"

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "kind": self.kind}


@dataclass(frozen=True, slots=True)
class Removed:
    """A stretch of the text that is not part of the article, and why (``newsletter``, ...)."""

    start: int
    end: int
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "reason": self.reason}


@dataclass(frozen=True, slots=True)
class Speaker:
    """Who a quote is attributed to.

    ``mention`` is the speaker as written ("he", "Putin's spokesman"); ``name`` and ``entity``
    are what it resolves to. An unresolved speaker has ``name=None`` and keeps its mention:
    whosaid never presents a guess as certain. ``confidence`` is in [0, 1].

    ``unnamed`` is set when the article deliberately names nobody ("a senior official", "the
    source, who requested anonymity"): the description as a reader would say it. Such a speaker
    is never resolved to a named person, so ``name`` is then ``None``.
    """

    name: str | None
    entity: str | None
    mention: Span | None
    confidence: float = 0.0
    unnamed: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "entity": self.entity,
            "mention": self.mention.to_dict() if self.mention else None,
            "confidence": round(self.confidence, 3),
            "unnamed": self.unnamed,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Speaker:
        m = d.get("mention")
        return cls(
            d.get("name"),
            d.get("entity"),
            Span.from_dict(m) if m else None,
            float(d.get("confidence", 0.0)),
            d.get("unnamed"),
        )


@dataclass(frozen=True, slots=True)
class Party:
    """A relaying outlet (``via``) or an addressee: a name and where the article says it."""

    name: str
    mention: Span
    entity: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "mention": self.mention.to_dict(), "entity": self.entity}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Party:
        return cls(str(d["name"]), Span.from_dict(d["mention"]), d.get("entity"))


@dataclass(frozen=True, slots=True)
class Quote:
    """One attribution: what was said (``content``, one span or several pieces), by whom."""

    kind: QuoteKind
    content: tuple[Span, ...]
    cue: Span | None
    speaker: Speaker
    via: tuple[Party, ...] = ()
    addressee: Party | None = None
    date: str | None = None  # TimeML value of the day it was said, when the sentence says so
    act: QuoteAct = "speech"

    @property
    def start(self) -> int:
        return self.content[0].start

    @property
    def end(self) -> int:
        return self.content[-1].end

    @property
    def content_text(self) -> str:
        return " ".join(s.text for s in self.content)

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "content": [s.to_dict() for s in self.content],
            "cue": self.cue.to_dict() if self.cue else None,
            "speaker": self.speaker.to_dict(),
            "via": [p.to_dict() for p in self.via],
            "addressee": self.addressee.to_dict() if self.addressee else None,
            "date": self.date,
            "act": self.act,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Quote:
        return cls(
            kind=d["kind"],
            content=tuple(Span.from_dict(s) for s in d["content"]),
            cue=Span.from_dict(d["cue"]) if d.get("cue") else None,
            speaker=Speaker.from_dict(d["speaker"]),
            via=tuple(Party.from_dict(p) for p in d.get("via", [])),
            addressee=Party.from_dict(d["addressee"]) if d.get("addressee") else None,
            date=d.get("date"),
            act=d.get("act", "speech"),
        )


@dataclass(frozen=True, slots=True)
class Entity:
    """A person, organisation or place, with every mention and the roles the article gives."""

    id: str
    name: str
    type: EntityType
    roles: tuple[Span, ...] = ()
    mentions: tuple[Span, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "type": self.type,
            "roles": [s.to_dict() for s in self.roles],
            "mentions": [s.to_dict() for s in self.mentions],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Entity:
        return cls(
            id=str(d["id"]),
            name=str(d["name"]),
            type=d["type"],
            roles=tuple(Span.from_dict(s) for s in d.get("roles", [])),
            mentions=tuple(Span.from_dict(s) for s in d.get("mentions", [])),
        )


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date expression in the body, resolved against the publication date.

    ``value`` is TimeML style (``2023-09-13``, ``2023-09``, ``2022``, ``2023-W37``) or ``None``
    when it could not be resolved (no publication date known, or too vague).
    """

    start: int
    end: int
    text: str
    value: str | None
    granularity: str | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "value": self.value,
            "granularity": self.granularity,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> DateMention:
        return cls(
            int(d["start"]), int(d["end"]), str(d["text"]), d.get("value"), d.get("granularity")
        )


@dataclass(frozen=True, slots=True)
class Article:
    """What goes in: a text or an HTML page, and whatever is known about it."""

    text: str | None = None
    html: str | None = None
    source: str | None = None  # a path, URL or id, as the user gave it
    url: str | None = None
    published: dt.date | None = None
    outlet: str | None = None
    title: str | None = None

    def __post_init__(self) -> None:
        if (self.text is None) == (self.html is None):
            raise ValueError("An Article needs exactly one of text= or html=.")
        if isinstance(self.published, str):  # an ISO date given as text is taken as a date
            try:
                day = dt.date.fromisoformat(self.published.strip()[:10])
            except ValueError as exc:
                raise ValueError(
                    f"published={self.published!r} is not an ISO date; give YYYY-MM-DD or a "
                    "datetime.date."
                ) from exc
            object.__setattr__(self, "published", day)


@dataclass(frozen=True, slots=True)
class Body:
    """The article's text with its structure: what ``clean`` returns."""

    text: str
    paragraphs: tuple[Paragraph, ...]
    removed: tuple[Removed, ...] = ()


@dataclass(frozen=True, slots=True)
class Prepared:
    """An article after reading and cleaning, before the model sees it."""

    article: Article
    body: Body
    headline: str | None = None
    byline: tuple[str, ...] = ()
    outlet: str | None = None
    published: dt.date | None = None
    language: str | None = None


@dataclass(frozen=True, slots=True)
class Analysis:
    """What comes out: every record whosaid found in one article."""

    text: str
    source: str | None = None
    published: str | None = None  # ISO date
    headline: str | None = None
    byline: tuple[str, ...] = ()
    outlet: str | None = None
    url: str | None = None
    language: str | None = None
    paragraphs: tuple[Paragraph, ...] = ()
    removed: tuple[Removed, ...] = ()
    quotes: tuple[Quote, ...] = ()
    entities: tuple[Entity, ...] = ()
    dates: tuple[DateMention, ...] = ()
    schema: str = SCHEMA

    def entity(self, entity_id: str) -> Entity | None:
        return next((e for e in self.entities if e.id == entity_id), None)

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": self.schema,
            "source": self.source,
            "text": self.text,
            "published": self.published,
            "headline": self.headline,
            "byline": list(self.byline),
            "outlet": self.outlet,
            "url": self.url,
            "language": self.language,
            "paragraphs": [p.to_dict() for p in self.paragraphs],
            "removed": [r.to_dict() for r in self.removed],
            "quotes": [q.to_dict() for q in self.quotes],
            "entities": [e.to_dict() for e in self.entities],
            "dates": [d.to_dict() for d in self.dates],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Analysis:
        return cls(
            schema=d.get("schema", SCHEMA),
            source=d.get("source"),
            text=d["text"],
            published=d.get("published"),
            headline=d.get("headline"),
            byline=tuple(d.get("byline", [])),
            outlet=d.get("outlet"),
            url=d.get("url"),
            language=d.get("language"),
            paragraphs=tuple(
                Paragraph(p["start"], p["end"], p["kind"]) for p in d.get("paragraphs", [])
            ),
            removed=tuple(Removed(r["start"], r["end"], r["reason"]) for r in d.get("removed", [])),
            quotes=tuple(Quote.from_dict(q) for q in d.get("quotes", [])),
            entities=tuple(Entity.from_dict(e) for e in d.get("entities", [])),
            dates=tuple(DateMention.from_dict(x) for x in d.get("dates", [])),
        )


@dataclass(frozen=True, slots=True)
class Outcome:
    """The result of one article in a batch: an analysis, or the reason there is none.

    ``reason`` is a short stable code (``empty``, ``binary``, ``too_large``, ``unreadable``,
    ``no_article``, ...); ``message`` says what happened and how to fix it.
    """

    source: str | None
    analysis: Analysis | None = None
    reason: str | None = None
    message: str | None = None

    @property
    def ok(self) -> bool:
        return self.analysis is not None

    def to_dict(self) -> dict[str, Any]:
        if self.analysis is not None:
            return self.analysis.to_dict()
        return {
            "schema": SCHEMA,
            "source": self.source,
            "error": {"reason": self.reason, "message": self.message},
        }


@dataclass(slots=True)
class BatchSummary:
    """Counts for a batch run: how many were done and, for the rest, why not."""

    done: int = 0
    skipped: dict[str, list[str]] = field(default_factory=dict)  # reason -> sources

    def add(self, outcome: Outcome) -> None:
        if outcome.ok:
            self.done += 1
        else:
            self.skipped.setdefault(outcome.reason or "error", []).append(outcome.source or "?")

    @property
    def failed(self) -> int:
        return sum(len(v) for v in self.skipped.values())
