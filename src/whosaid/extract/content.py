"""Content spans: what a cue's frame reports.

Rule 2 of ``quotes``: a quoted object, the clausal complement (also on the channel), a noun
phrase claimed or denied, an infinitive of intent, the quotations next to the frame, both sides
of an aside, the sentence before a cue that closes it, the rest after a fronted "according to
X,". Ranges are paragraph-local characters, trimmed and widened to the whole quotations they cut
into; ``_kind`` says whether a content is direct, indirect or mixed.

The names keep their leading underscore: they are the internals of quote finding, shared by the
modules of ``extract`` that find quotes, not an API.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from whosaid.annotate.nlp import text_of
from whosaid.extract import lexicon as lx
from whosaid.extract.cues import _participle_governor
from whosaid.extract.marks import Quoted, word_count
from whosaid.model import QuoteKind

_TRIM_LEAD = " \t\n,;:—–-"
_TRIM_TAIL = " \t\n,;:—–-"


def _content_around(
    doc: Doc,
    sent: Span,
    frame: tuple[int, int],
    quoted: list[Quoted],
    used: set[int],
    cue: Token | None,
) -> list[tuple[int, int]]:
    """Character ranges (paragraph-local) of what the frame reports."""
    f_start = doc[frame[0]].idx
    f_end = doc[frame[1] - 1].idx + len(doc[frame[1] - 1])
    # 1. a clausal complement found by the parser, or a quoted object ('praised the "..."')
    obj = _quoted_object(cue, quoted) if cue is not None else None
    if obj is not None:
        return _with_quotes(text_of(doc), [obj], quoted, used)
    # 0. a cue inserted in its sentence ("It is on Trudeau's watch, Scheer said, that ..."):
    # the parser hangs it on the clause it interrupts, and what was said is on both sides
    aside = _aside(doc, frame, sent, cue) if cue is not None and cue.dep_ == "parataxis" else None
    if aside is not None:
        return _with_quotes(text_of(doc), aside, quoted, used)
    comp = _complement(cue) if cue is not None else None
    if comp is not None:
        sub = list(comp.subtree)
        a, b = sub[0].idx, sub[-1].idx + len(sub[-1])
        b = max(b, _further_clauses_end(cue, comp)) if cue is not None else b
        # 'When told of it, he said, "..."': a quotation opening right after the frame is what
        # was said, whatever the tagger hung before it
        opens_after = re.match(r"[ ,:]*[\"“‘'«„]", text_of(doc)[f_end:]) is not None
        if b <= f_start and not opens_after and _joined_before(text_of(doc), sent, a, f_start):
            a = sent.start_char  # "X was to escort her, but Y whisked her away, a source said"
        if a >= f_end or (b <= f_start and not opens_after):
            return _with_quotes(text_of(doc), [(a, b)], quoted, used)
    # A participle cue ("..., adding that ...") has only a clause, an infinitive or quotes for
    # content: "left, slamming the door" and "left, saying." report nothing.
    participle = cue is not None and _participle_governor(cue) is not None
    # 1a. what a claim or an admission is about: "claimed vast wealth", "acknowledged their
    # uphill battle" (PolNeAR's noun-phrase contents; "said goodbye" is not among these verbs)
    topic = _topic_object(cue) if cue is not None and not participle else None
    if topic is not None:
        return _with_quotes(text_of(doc), [topic], quoted, used)
    # 1b. an intention or a call: "plans to reduce costs", "called on police to release it"
    wanted = _wanted(cue) if cue is not None else None
    if wanted is not None:
        return _with_quotes(text_of(doc), [wanted], quoted, used)
    # 2. quotations right next to the frame: '"...," she said, "..."'
    pieces = _adjacent_quotes(text_of(doc), f_start, f_end, sent, quoted, used)
    if pieces or participle:
        return pieces
    # 2b. a frame set off by commas inside the sentence: "If it fails, Mr. Castaneda argues,
    # there are other tools." What was said is on both sides.
    aside = _aside(doc, frame, sent, cue)
    if aside is not None:
        return _with_quotes(text_of(doc), aside, quoted, used)
    # 3. the frame closes the sentence: everything before it is what was said
    s_start, s_end = sent.start_char, sent.end_char
    tail = text_of(doc)[f_end:s_end].strip(' \t\n.!?"”’»)')
    if not tail and word_count(text_of(doc)[s_start:f_start]) >= 3:
        return _with_quotes(text_of(doc), [(s_start, f_start)], quoted, used)
    # 4. "according to X, ..." / "X said: ..." opening the sentence (after a "But" or "And")
    head = text_of(doc)[s_start:f_start].strip(" ,")
    lead = text_of(doc)[f_end:s_end]
    opens = not head or head.lower() in lx.SENTENCE_LINKS
    if opens and lead[:2].strip() in (",", ":") and word_count(lead) >= 3:
        end = _next_report_start(doc, frame[1], sent.end) or s_end
        return _with_quotes(text_of(doc), [(f_end, end)], quoted, used)
    return []


def _can_speak(tok: Token) -> bool:
    """A name, a personal pronoun, or a noun for people or an organisation ("the threat will
    continue to evolve" reports nothing)."""
    if tok.pos_ == "PROPN":
        return True
    if tok.pos_ == "PRON":
        return tok.lower_ in lx.PERSON_PRONOUNS or tok.lower_ in lx.GROUP_PRONOUNS
    lemma = tok.lemma_.lower()
    return tok.pos_ == "NOUN" and (lemma in lx.PERSON_NOUNS or lemma in lx.ORG_NOUNS)


def _next_report_start(doc: Doc, after: int, end: int) -> int | None:
    """Where a second report in the rest of the sentence begins: "According to EHS, the
    target is met in 90 per cent of cases but Chapman says that's not what the union sees."
    The second speaker's clause, set against the first by "but" or "while", is not the first
    one's: the offset of that conjunction, or None when there is no such report."""
    for t in doc[after:end]:
        if t.lemma_.lower() not in lx.SPEECH_VERBS or t.pos_ != "VERB":
            continue
        subjects = [c for c in t.children if c.dep_ == "nsubj" and c.i > after]
        if not subjects or not _can_speak(subjects[0]):
            continue
        first = subjects[0].left_edge
        before = doc[first.i - 1] if first.i - 1 >= after else None
        # only a report set against the first is another speaker's: in "According to police,
        # the man told officers he was lost" the man's words are part of the police's account
        if before is not None and before.lower_ in lx.CONTRASTIVE_LINKS:
            return before.idx
    return None


def _aside(
    doc: Doc, frame: tuple[int, int], sent: Span, cue: Token | None
) -> list[tuple[int, int]] | None:
    """Both sides of a frame set off by commas inside its sentence, when it is an aside."""
    text = text_of(doc)
    f_start = doc[frame[0]].idx
    f_end = doc[frame[1] - 1].idx + len(doc[frame[1] - 1])
    before = text[sent.start_char : f_start].rstrip()
    after = text[f_end : sent.end_char].lstrip()
    if not (
        before.endswith(",")
        and after.startswith(",")
        and word_count(before) >= 2
        and word_count(after) >= 2
        and _parenthetical(doc, frame, sent, cue)
    ):
        return None
    left = (sent.start_char, sent.start_char + len(before) - 1)
    right = (sent.end_char - len(after) + 1, sent.end_char)
    if _first_word(after[1:]) in lx.COORDINATORS:
        return [left]  # "..., he said, and talks could drag on": the writer's clause again
    return [left, right]


def _first_word(text: str) -> str:
    words = text.split(maxsplit=1)
    return words[0].lower() if words else ""


def _further_clauses_end(cue: Token, comp: Token) -> int:
    """Where the last clause of one report ends, when the parser hung its clauses on the cue
    one by one ("says he drank too much, used drugs and was ...", "said the plant would close
    and that jobs would go"): further complements after the first, and a conjoined "that"
    clause, are part of what was said."""
    end = comp.right_edge.idx + len(comp.right_edge)
    for c in cue.children:
        if c.i <= comp.i:
            continue
        further = c.dep_ == "ccomp" or (
            c.dep_ == "conj" and any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children)
        )
        if further:
            end = max(end, c.right_edge.idx + len(c.right_edge))
    return end


def _joined_before(text: str, sent: Span, comp_start: int, f_start: int) -> bool:
    """Whether a clause before a trailing cue is the last of several joined ones ("X was to
    escort her, but Y whisked her away, another source said"): the cue reports them all. The
    parser hangs only the nearest on the cue."""
    head = text[sent.start_char : comp_start].rstrip()
    if _first_word(text[comp_start:f_start]) in lx.COORDINATORS:  # the "and" is in the clause
        return word_count(head) >= 3 and head.endswith((",", ";"))
    last = head.rsplit(None, 1)[-1].lower() if head else ""
    joined = head[: len(head) - len(last)].rstrip().endswith((",", ";"))
    return word_count(head) >= 4 and last in lx.COORDINATORS and joined


def _topic_object(cue: Token) -> tuple[int, int] | None:
    if cue.lemma_.lower() not in lx.TOPIC_VERBS or any(c.dep_ == "ccomp" for c in cue.children):
        return None
    for c in cue.children:
        if (
            c.dep_ in ("dobj", "obj")
            and c.i > cue.i
            and c.pos_ in ("NOUN", "PROPN")
            and c.right_edge.i - c.left_edge.i >= 1
        ):
            return c.left_edge.idx, c.right_edge.idx + len(c.right_edge)
    return None


def _parenthetical(doc: Doc, frame: tuple[int, int], sent: Span, cue: Token | None) -> bool:
    """Whether a frame inside commas is an aside ("If it fails, Mr. Castaneda argues, there are
    other tools"; "Some of those concerns, according to security experts, include ..."): a short
    frame around a reporting verb or "according to", with no other cue in the sentence."""
    according = cue is None and doc[frame[0]].lower_ == lx.ACCORDING_TO[0]
    if not according and (cue is None or cue.lemma_.lower() not in lx.SPEECH_VERBS):
        return False
    if frame[1] - frame[0] > 8:
        return False
    return not any(
        t.pos_ == "VERB" and t.lemma_.lower() in lx.SPEECH_VERBS and not frame[0] <= t.i < frame[1]
        for t in sent
    )


def _wanted(cue: Token) -> tuple[int, int] | None:
    """What an intention or call is about: the infinitive of "plans to ...", "urged X to ...",
    and the object of "called for ..." / "called on X to ..."."""
    lemma = cue.lemma_.lower()
    if lemma not in lx.INTENT_VERBS:
        return None
    for c in cue.children:
        if c.i < cue.i:
            continue
        if c.dep_ == "xcomp" and any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children):
            end = c.right_edge
            # "to share a currency and rely on one another": a bare verb coordinated with the
            # infinitive is part of it, even when the tagger hangs it on the main verb
            for x in cue.children:
                if x.dep_ == "conj" and x.tag_ == "VB" and x.i > end.i:
                    end = x.right_edge
            return c.left_edge.idx, end.idx + len(end)
        if lemma == "call" and c.dep_ == "prep" and c.lower_ in ("for", "on"):
            end = c.right_edge
            pobj = next((g for g in c.children if g.dep_ == "pobj"), None)
            if pobj is None:
                return None
            for x in cue.children:  # "called on police to release the video"
                if x.dep_ == "xcomp" and x.i > c.i:
                    end = x.right_edge
            return pobj.left_edge.idx, end.idx + len(end)
    return None


def _quoted_object(cue: Token, quoted: list[Quoted]) -> tuple[int, int] | None:
    """'praised the "strengthening of cooperation"', 'called the ruling a "huge win"': an object
    (with its predicate) that holds a quotation is what was said; so does the "as" of
    'described the scene as "chaos all around"'."""
    objs = [c for c in cue.children if c.dep_ in ("dobj", "obj", "oprd") and c.i > cue.i]
    if objs:
        objs += [c for c in cue.children if c.dep_ == "prep" and c.lower_ == "as" and c.i > cue.i]
    if not objs:
        return None
    a = min(c.left_edge.idx for c in objs)
    last = max(objs, key=lambda c: c.right_edge.i).right_edge
    b = last.idx + len(last)
    if any(q.start < b and a < q.end for q in quoted):
        return a, b
    return None


def _complement(cue: Token) -> Token | None:
    for c in cue.children:
        if c.dep_ == "ccomp":
            return c
    lemma = cue.lemma_.lower()
    for c in cue.children:
        if c.i < cue.i:
            continue
        # "said having Karlsson back was a boost": a gerund clause the tagger calls xcomp
        if c.dep_ == "xcomp" and c.tag_ == "VBG" and lemma in lx.SPEECH_VERBS:
            return c
        # "said in a statement that the king would be sworn in": the clause hangs on the channel
        if c.dep_ == "prep":
            for pobj in c.children:
                if pobj.dep_ == "pobj" and pobj.lemma_.lower() in lx.CHANNEL_NOUNS:
                    for g in pobj.children:
                        if g.dep_ in ("acl", "ccomp") and any(
                            m.dep_ == "mark" and m.lower_ == "that" for m in g.children
                        ):
                            return g
    if cue.lemma_ == "say" or cue.lemma_.lower() in lx.RELAY_VERBS:
        # "quoted X as saying that ...": the complement hangs on "saying"
        for c in cue.subtree:
            if c.lemma_ == "say" and c is not cue:
                for g in c.children:
                    if g.dep_ == "ccomp":
                        return g
    return None


def _adjacent_quotes(
    text: str, f_start: int, f_end: int, sent: Span, quoted: list[Quoted], used: set[int]
) -> list[tuple[int, int]]:
    found: list[tuple[int, int]] = []
    for i, q in enumerate(quoted):
        if i in used:
            continue
        gap_before = text[q.end : f_start] if q.end <= f_start else None
        gap_after = text[f_end : q.start] if q.start >= f_end else None
        before = gap_before is not None and len(gap_before.strip(" ,;:—–-")) == 0
        after = gap_after is not None and len(gap_after.strip(" ,;:—–-")) == 0
        # A quotation before the frame must be in its sentence ('"...," he said'); one right
        # after it is its content even when the tagger ended the sentence at the comma
        # ('he said, "..."').
        in_sentence = sent.start_char - 2 <= q.end and q.start <= sent.end_char + 2
        if (before and (in_sentence or q.start <= sent.start_char <= q.end)) or after:
            used.add(i)
            found.append((q.start, q.end))
    return sorted(found)


def _with_quotes(
    text: str, ranges: list[tuple[int, int]], quoted: list[Quoted], used: set[int]
) -> list[tuple[int, int]]:
    """Trim ``ranges`` and widen them to whole quotations they cut into."""
    out: list[tuple[int, int]] = []
    for a, b in ranges:
        for i, q in enumerate(quoted):
            if q.start < b and a < q.end:
                a, b = min(a, q.start), max(b, q.end)
                used.add(i)
        a, b = _trim(text, a, b)
        a = _skip_lead_in(text, a, b)
        if b > a and word_count(text[a:b]) >= 2:
            out.append((a, b))
    return out


_LEAD_IN = re.compile(r"((?:[\w'’-]+\s+){0,3}[\w'’-]+),\s+")


def _skip_lead_in(text: str, a: int, b: int) -> int:
    """Drop a short sentence adverbial before reported speech ("Details aside, ...",
    "As it stands, ..."): it is the writer's framing, not what was said. Conditions and
    "that" clauses ("If elected, he would ...") are part of the content and stay."""
    if a >= b or text[a] in lx.ALL_MARKS:
        return a
    m = _LEAD_IN.match(text, a, b)
    if m is None or m.group(1).split()[0].lower() in lx.CONTENT_OPENERS:
        return a
    rest = text[m.end() : b]
    if _first_word(rest) in lx.COORDINATORS:
        return a  # "Prices rose sharply, and ...": a clause joined to the next, not a lead-in
    if any(w.lower() in lx.SUBJECT_PRONOUNS for w in m.group(1).split()):
        return a  # "he drank too much, used drugs ...": a clause with its subject, not a lead-in
    return m.end() if word_count(rest) >= 4 else a


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a] in _TRIM_LEAD:
        a += 1
    while b > a and text[b - 1] in _TRIM_TAIL:
        b -= 1
    # reported speech leaves out its final period; a closed quotation keeps its marks
    if b > a and text[b - 1] in ".!?" and text[a] not in lx.ALL_MARKS:
        b -= 1
    return a, b


def _kind(text: str, content: list[tuple[int, int]], quoted: list[Quoted]) -> QuoteKind:
    whole = all(any(q.start == a and q.end == b for q in quoted) for a, b in content)
    if whole:
        return "direct"
    if any(q.start < b and a < q.end for a, b in content for q in quoted):
        return "mixed"
    return "indirect"
