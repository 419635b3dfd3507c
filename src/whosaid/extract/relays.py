"""Relays and addressees the cue grammar leaves out, completed on the finished quotes.

``quotes`` finds "X quoted Y as saying" and "Y told X"; this pass reads the sentence around each
quote's speaker and cue for the other ways news gives a statement's path, and resolves each
party like a speaker, to the outlet the article names:

- "X, quoted by Y, said" / "X was quoted by Y as saying": Y relays it (``via``);
- "Y reported, citing X" / "Y, citing X, said": X is the source and Y relays it; when X is an
  outlet too ("Yonhap, citing KCNA, said"), both relay it, nearest the speaker first (KCNA, then
  Yonhap);
- "per NPR's Feng": NPR relays it;
- "when contacted by Reuters", "in an email to The Associated Press", "in an interview with
  the BBC": the outlet is the addressee;
- a description ("told the official news agency") is the agency's name when the article gives
  one ("the official news agency PAP"), else the description as one line ("official news
  agency", never a line break inside it).

Word lists are in ``relay_lexicon`` below, each with the reason it is there.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import replace
from itertools import accumulate

from whosaid.model import Entity, Party, Quote, Removed, Span, Speaker

_NOT_WORD = re.compile(r"[\W_]+")


def normal_key(name: str) -> str:
    """A name compared without case or punctuation ("Tass", "TASS")."""
    return _NOT_WORD.sub(" ", name.casefold()).strip()


# -- word lists ---------------------------------------------------------------------------------

# Nouns that make a phrase a news outlet ("the official news agency", "the local daily"); the
# capitalised words around them are its name ("the PAP news agency", "the daily al-Qabas").
MEDIA_NOUNS = frozenset(
    {
        "agency",
        "newspaper",
        "paper",
        "daily",
        "weekly",
        "magazine",
        "journal",
        "television",
        "tv",
        "radio",
        "broadcaster",
        "wire",
        "service",
        "network",
        "station",
        "channel",
        "newsletter",
        "website",
        "tabloid",
    }
)
# Words that describe an outlet without naming it: "the official (semi-official, state-run,
# local) news agency". They are dropped from a name and kept in a description.
MEDIA_DESCRIPTORS = frozenset(
    {
        "the",
        "official",
        "semi-official",
        "semiofficial",
        "state",
        "state-run",
        "state-owned",
        "government",
        "government-run",
        "local",
        "national",
        "news",
        "business",
        "financial",
        "leading",
        "influential",
        "party",
        "an",
        "a",
    }
)
# Channels a statement is addressed through: "in an email to AP", "in an interview with the BBC".
ADDRESS_CHANNELS = (
    "e-mail",
    "email",
    "interview",
    "telephone interview",
    "phone interview",
    "letter",
    "statement",
    "message",
    "text message",
    "note",
    "call",
)

# A phrase that names a party: up to the next clause break. Reuters wraps lines inside a
# sentence, so whitespace of any kind separates words.
_NP = r"(?P<np>(?:the\s+)?[^\s,.;:\"“”()]+(?:\s+[^\s,.;:\"“”()]+){0,6}?)"
_END = r"(?=\s*[,.;:\"“”]|\s+(?:as|said|says|told|that|on|in|when|which|who)\b|\s*$)"
# A named party: "by telephone", "with the help of" name a means, not an outlet.
_NAMED_NP = r"(?P<np>(?:the\s+)?[A-Z][^\s,.;:\"“”()]*(?:\s+[^\s,.;:\"“”()]+){0,6}?)"
QUOTED_BY = re.compile(r"\bquoted\s+by\s+" + _NP + _END, re.IGNORECASE)
CITING = re.compile(r"\s*,?\s*citing\s+" + _NAMED_NP + _END)
PER = re.compile(r"\bper\s+(?P<np>(?:the\s+)?[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*){0,3})['’]s\s")
CONTACTED_BY = re.compile(r"\b(?:[Ww]hen\s+|[Ii]f\s+)?contacted\s+by\s+" + _NAMED_NP + _END)
CHANNEL_TO = re.compile(
    r"\b[Ii]n\s+an?\s+(?:" + "|".join(re.escape(c) for c in ADDRESS_CHANNELS) + r")\s+"
    r"(?:to|with)\s+" + _NAMED_NP + _END,
)
# "the official news agency PAP", "the PAP news agency": where an article names its outlets.
_CAP = r"[A-Z][\w&'-]*(?:\s+[A-Z][\w&'-]*){0,3}"
_MEDIA = r"(?:news\s+agency|agency|newspaper|daily|weekly|magazine|television|radio)"
OUTLET_AFTER = re.compile(r"\b" + _MEDIA + r",?\s+(?P<name>" + _CAP + r")")
OUTLET_BEFORE = re.compile(r"(?P<name>" + _CAP + r")\s+" + _MEDIA + r"\b")
PASSIVE_QUOTED = re.compile(
    # A name's words have no full stop, so the name never reaches back into the sentence
    # before ("... the United States.\n He was quoted by").
    r"(?P<who>\b(?:[A-Z][\w'-]*(?:\s+(?:[A-Z][\w'-]*|al-[\w-]+|bin|de|van|von)){0,5}|[Hh]e|[Ss]he"
    # or a description: "a Chinese bank official was quoted by the China Daily as saying"
    r"|(?:[Aa]n?|[Tt]he)\s+[\w-]+(?:\s+[\w-]+){0,3}))"
    r"\s*,?\s+(?:was|were|has\s+been|had\s+been|is)\s+(?P<cue>quoted\s+by\s+"
    + _NP
    + r"\s+as\s+saying)\s*(?:that\s+|:\s*|,\s*)?"
)
AS_SAYING = re.compile(
    r"\s+[^\s,.;:]+(?:\s+[^\s,.;:]+){0,4}?\s+as\s+(?:saying|telling\s+\w+)\s*(?:that\s+|:\s*|,\s*)?"
)
NAME_BEFORE = re.compile(r"(?P<np>[A-Z][\w&'-]*(?:\s+[A-Z][\w&'-]*){0,3})\s*$")
APPOSITION = re.compile(r",\s*(?P<name>[A-Z][\w&'-]*(?:\s+[A-Z][\w&'-]*){0,3})\s*,")
_SENTENCE_END = re.compile(r"[.!?][\"”’']?(?=\s+[A-Z\"“])|\n\s*\n")
_PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*(?:\.[^\S\n]*)?\n")
_NOT_NAMES = frozenset({"The", "A", "An", "It", "He", "She", "They", "In", "On", "But", "And"})


# -- the pass -----------------------------------------------------------------------------------


def complete(
    text: str, quotes: list[Quote], entities: list[Entity], removed: Sequence[Removed] = ()
) -> list[Quote]:
    """The quotes with the relays and addressees their sentences give added, and every party's
    name resolved to an outlet the article names (or written on one line). ``removed`` is what
    the cleaning removed from ``text``: what "as saying" introduces never runs into it."""
    outlets = named_outlets(text)
    cut = _Removed(removed)
    quotes = _passive_relays(text, quotes, entities, outlets, cut)
    quotes = [_active_relay_content(text, q, cut) for q in quotes]
    return [_complete(text, q, entities, outlets) for q in quotes]


def _active_relay_content(text: str, q: Quote, cut: _Removed) -> Quote:
    """ "The newspaper quoted him as saying that ...": what was said is after "as saying";
    a content found before the cue is the relaying outlet's phrase, not speech."""
    if q.cue is None or q.cue.text.lower() not in ("quoted", "cited") or q.end > q.cue.start:
        return q
    m = AS_SAYING.match(text, q.cue.end)
    if m is None or m.end() >= _paragraph_end(text, q.cue.end, cut):
        return q
    _, end = _sentence(text, m.end())
    end = min(end, _paragraph_end(text, m.end(), cut))
    while end > m.end() and text[end - 1] in " \n.":
        end -= 1
    if end - m.end() < 10:
        return q
    return replace(q, content=(Span.of(text, m.end(), end),), kind="indirect")


def _passive_relays(
    text: str, quotes: list[Quote], entities: list[Entity], outlets: list[str], cut: _Removed
) -> list[Quote]:
    """ "X was quoted by Y as saying ...": a quote of X relayed by Y. The parser reads the
    passive poorly (no quote, or one with the frame inside its content and the wrong
    speaker), so the sentence's quote is made here and replaces any that overlaps it."""
    made: list[Quote] = []
    for m in PASSIVE_QUOTED.finditer(text):
        if m.end() >= _paragraph_end(text, m.start("cue"), cut):
            continue  # "as saying" ends its paragraph: what follows is not what was said
        _, end = _sentence(text, m.end())
        end = min(end, _paragraph_end(text, m.end(), cut))
        while end > m.end() and text[end - 1] in " \n.":
            end -= 1
        if end - m.end() < 10:
            continue
        content = Span.of(text, m.end(), end)
        who = Span.of(text, *m.span("who"))
        relay = _party(text, m, entities, outlets)
        marks = sum(content.text.count(c) for c in '"“”')
        kind = (
            "direct" if marks >= 2 and content.text[0] in '"“' else "mixed" if marks else "indirect"
        )
        made.append(
            Quote(
                kind=kind,  # type: ignore[arg-type]
                content=(content,),
                cue=Span.of(text, *m.span("cue")),
                speaker=_speaker_named(text, who, entities, quotes),
                via=(relay,),
            )
        )
    if not made:
        return quotes
    kept = [
        q
        for q in quotes
        if not any(q.start < n.end and n.cue and n.cue.start < q.end for n in made)
    ]
    return sorted(kept + made, key=lambda q: q.start)


def _speaker_named(text: str, who: Span, entities: list[Entity], before: list[Quote]) -> Speaker:
    """The speaker a mention names: the entity with the longest mention inside it; a pronoun
    is the speaker of the nearest quote before it; else unresolved."""
    inside = [
        (m.end - m.start, e)
        for e in entities
        if e.type in ("person", "organization")
        for m in e.mentions
        if who.start <= m.start and m.end <= who.end
    ]
    if inside:
        e = max(inside, key=lambda x: x[0])[1]
        return Speaker(e.name, e.id, who, 0.8)
    if who.text.lower() in ("he", "she"):
        prior = [q for q in before if q.end <= who.start and q.speaker.name]
        if prior:
            last = prior[-1].speaker
            return Speaker(last.name, last.entity, who, 0.5)
    return Speaker(None, None, who, 0.3)


def _complete(text: str, q: Quote, entities: list[Entity], outlets: list[str]) -> Quote:
    start, end = _sentence(text, _anchor(q))
    via = list(q.via)
    addressee = q.addressee
    speaker = q.speaker
    after_speaker = q.speaker.mention.end if q.speaker.mention else None
    for m in QUOTED_BY.finditer(text, start, end):
        via = _add(via, _party(text, m, entities, outlets))
    if after_speaker is not None:
        cited = CITING.match(text, after_speaker, end) or (
            CITING.match(text, q.cue.end, end) if q.cue else None
        )
        if cited is not None and speaker.mention is not None:
            source = _party(text, cited, entities, outlets)
            relay = Party(_name(speaker.mention.text, outlets), speaker.mention, speaker.entity)
            outlet = _is_outlet(source.name, source.mention.text, outlets)
            # "citing China as a market", "citing strong demand": a reason, not a source.
            if outlet or _is_person(source, entities):
                q = _without_citing(text, q, cited)
                # Two agencies both relay it, nearest the speaker first, and the sentence does
                # not say whose statement it is; a cited person is the speaker.
                via = _add(_add(via, source), relay) if outlet else _add(via, relay)
                speaker = (
                    Speaker(None, None, speaker.mention, 0.3)
                    if outlet
                    else _speaker_of(text, source, entities)
                )
    if not via and q.cue is not None and q.cue.text.lower() in ("quoted", "cited"):
        # '"...," PAP quoted Baka as saying': the name just before the cue relays it.
        before = NAME_BEFORE.search(text, max(start, q.cue.start - 80), q.cue.start)
        if before is not None:
            via = _add(via, _party(text, before, entities, outlets))
    for m in PER.finditer(text, start, end):
        via = _add(via, _party(text, m, entities, outlets))
    if addressee is None:
        found = CONTACTED_BY.search(text, start, end) or CHANNEL_TO.search(text, start, end)
        if found is not None:
            addressee = _party(text, found, entities, outlets)
    via = [_resolved(text, p, outlets) for p in via]
    addressee = _resolved(text, addressee, outlets) if addressee else None
    if via == list(q.via) and addressee == q.addressee and speaker == q.speaker:
        return q
    return replace(q, via=tuple(via), addressee=addressee, speaker=speaker)


def _without_citing(text: str, q: Quote, cited: re.Match[str]) -> Quote:
    """A content that begins inside ", citing X, that ..." starts after it: the citation is
    frame, not what was said."""
    first = q.content[0]
    if not cited.start() <= first.start < cited.end():
        return q
    start = cited.end()
    m = re.compile(r"[\s,]*(?:that\s+)?").match(text, start)
    start = m.end() if m else start
    if start >= first.end:
        return q
    return replace(q, content=(Span.of(text, start, first.end), *q.content[1:]))


def _anchor(q: Quote) -> int:
    if q.cue is not None:
        return q.cue.start
    if q.speaker.mention is not None:
        return q.speaker.mention.start
    return q.start


class _Removed:
    """The stretches the cleaning removed, sorted, for a look-up by binary search."""

    def __init__(self, removed: Sequence[Removed]) -> None:
        spans = sorted((r.start, r.end) for r in removed)
        self.starts = [a for a, _ in spans]
        self.reach = list(accumulate((b for _, b in spans), max))  # furthest end so far

    def next_start(self, at: int) -> int | None:
        """``at`` itself when it lies in a removed stretch, else where the next one begins."""
        i = bisect_right(self.starts, at)
        if i and self.reach[i - 1] > at:
            return at
        return self.starts[i] if i < len(self.starts) else None


def _paragraph_end(text: str, at: int, cut: _Removed | None = None) -> int:
    """Where the paragraph holding offset ``at`` ends: at a blank line, at a scraper's " ."
    line between paragraphs, or where a stretch the cleaning removed begins (a line of stray
    quote marks between two lines, "Sign up to our free newsletters"). What "as saying"
    introduces never runs into the next paragraph nor into removed text."""
    m = _PARAGRAPH_BREAK.search(text, at)
    end = m.start() if m else len(text)
    removed = cut.next_start(at) if cut is not None else None
    return end if removed is None else min(end, removed)


def _sentence(text: str, at: int) -> tuple[int, int]:
    """The bounds of the sentence around offset ``at`` (a paragraph break ends one too)."""
    start = 0
    for m in _SENTENCE_END.finditer(text, max(0, at - 600), at):
        start = m.end()
    after = _SENTENCE_END.search(text, at)
    return start, after.end() if after else len(text)


def _add(via: list[Party], party: Party) -> list[Party]:
    key = normal_key(party.name)
    if not key or any(normal_key(p.name) == key for p in via):
        return via
    return [*via, party]


def _party(text: str, m: re.Match[str], entities: list[Entity], outlets: list[str]) -> Party:
    """The party a matched phrase names: the entity with the longest mention inside it (so
    "Finance Minister Kiichi Miyazawa" is the minister, not "Finance"), else its name."""
    a, b = m.span("np")
    inside = [
        (mention.end - mention.start, e)
        for e in entities
        if e.type in ("organization", "person")
        for mention in e.mentions
        if a <= mention.start and mention.end <= b
    ]
    if inside:
        e = max(inside, key=lambda x: x[0])[1]
        return Party(e.name, Span.of(text, a, b), e.id)
    return Party(_name(text[a:b], outlets), Span.of(text, a, b))


def _speaker_of(text: str, party: Party, entities: list[Entity]) -> Speaker:
    """The cited source as the speaker: the entity it names, else unresolved."""
    if party.entity is not None:
        return Speaker(party.name, party.entity, party.mention, 0.7)
    return Speaker(None, None, party.mention, 0.3)


def _words(phrase: str) -> list[str]:
    return phrase.split()


def _name(phrase: str, outlets: list[str]) -> str:
    """An outlet's name from a phrase: the capitalised words after the media noun ("the local
    daily al-Qabas" -> al-Qabas), else its capitalised words that are not description ("the
    official PAP news agency" -> PAP), else the article's one named agency for a bare
    description, else the description on one line without "the"."""
    words = _words(phrase)
    if words and words[0].lower() == "the":
        words = words[1:]
    media = [i for i, w in enumerate(words) if w.lower() in MEDIA_NOUNS]
    if media and media[-1] < len(words) - 1 and not words[media[-1]][0].isupper():
        return " ".join(words[media[-1] + 1 :])
    names = [
        w
        for w in words
        if (w[0].isupper() or w[:3].lower() == "al-")
        and w.lower() not in MEDIA_DESCRIPTORS | MEDIA_NOUNS
    ]
    if names and not media:
        return " ".join(words)
    if names:
        # "the China Daily": a capitalised media noun is part of the name.
        if words[media[-1]][0].isupper():
            return " ".join(words)
        return " ".join(names)
    if media and len(outlets) == 1:
        return outlets[0]
    return " ".join(words)


def _resolved(text: str, p: Party, outlets: list[str]) -> Party:
    """A party's name as an outlet: an outlet phrase not resolved to an entity is cut to its
    name ("the Irish magazine Business and Finance"); a description takes the name in
    apposition after it ("The Iranian news agency, IRNA,") or the article's one named outlet;
    any name is put on one line."""
    name = " ".join(p.name.split())
    words = name.lower().split()
    if any(w in MEDIA_NOUNS for w in words):
        appos = APPOSITION.match(text, p.mention.end)
        name = appos.group("name") if appos else " ".join(_name(name, outlets).split())
        words = name.lower().split()
    if words and all(w in MEDIA_DESCRIPTORS | MEDIA_NOUNS for w in words):
        name = outlets[0] if len(outlets) == 1 else name
    return p if name == p.name else replace(p, name=name)


def _is_person(p: Party, entities: list[Entity]) -> bool:
    return p.entity is not None and any(e.id == p.entity and e.type == "person" for e in entities)


def _is_outlet(name: str, phrase: str, outlets: list[str]) -> bool:
    """Whether a cited party is a news outlet: a media noun in the phrase, one of the outlets
    the article names, or an agency-style acronym (KCNA, TASS)."""
    key = normal_key(name)
    return (
        any(w.lower() in MEDIA_NOUNS for w in _words(phrase))
        or any(normal_key(o) == key for o in outlets)
        or bool(re.fullmatch(r"[A-Z]{3,6}", name))
    )


def named_outlets(text: str) -> list[str]:
    """The outlets an article names beside a media noun ("news agency PAP", "the Asahi
    newspaper"), each once, in order."""
    found: list[tuple[int, str]] = []
    taken: list[tuple[int, int]] = []
    # A name after the media noun first: "the Kuwait news agency KUNA" is KUNA, not Kuwait.
    for m in OUTLET_AFTER.finditer(text):
        found.append((m.start(), m.group("name")))
        taken.append(m.span())
    for m in OUTLET_BEFORE.finditer(text):
        if not any(a < m.end() and m.start() < b for a, b in taken):
            found.append((m.start(), m.group("name")))
    seen: dict[str, str] = {}
    for _, name in sorted(found):
        name = " ".join(w for w in name.split() if w not in _NOT_NAMES)
        if name and normal_key(name) not in seen:
            seen[normal_key(name)] = name
    return list(seen.values())
