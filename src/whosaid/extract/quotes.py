"""Finding quotations and their cues, paragraph by paragraph.

The output is a list of ``Draft`` records: content, cue, the speaker mention as written, the
relaying outlet and the addressee, all as article offsets. Who the speaker *is* is decided later
by ``speakers.attribute``, which sees the whole article.

Rules, in the order they apply:
1. A cue is a reporting verb outside quote marks that has a subject (``lexicon.CUE_LEMMAS``:
   speech, belief, intent and evidence verbs, each act kept on the quote), "according to X", or
   a name and a colon opening a paragraph ("WALLACE: ..."). Words inside a quotation are never
   cues ("said goodbye" in a quote). A reporting participle without a subject reports what its
   clause's subject said ("the mayor said, adding that ...", "rejected it, saying ...").
1a. Never a quote: a rubric in capitals ("ECB WATCH:", "LOOK:"), a teaser for another story
   ("READ MORE: ..."), content that is only its frame ("the Bank of England said"), and an
   intention in a clause of background, which is the writer's framing ("as Putin seeks to ...").
2. Its content is, in turn: a quoted object ('praised the "..."'); the clausal complement the
   parser found ("said that ...", also on the channel: "said in a statement that ..."); a noun
   phrase claimed or denied ("denied the allegations"); an infinitive of intent ("plans to ...");
   the quotation next to the frame ('"...," she said'); both sides of a short aside ("If it
   fails, he argued, ...", "It is on Trudeau's watch, Scheer said, that ..."); else, when the
   cue closes the sentence ("..., Putin said."), the stretch of the sentence before it, every
   joined clause of it; after a fronted "According to X," the rest of the sentence.
3. "X quoted Y as saying": Y is the speaker and X relays it (``via``); "Y told X": X is the
   addressee; "according to footage broadcast on Russian TV" after a cue relays it too.
4. A quotation without a cue after a cued one in its paragraph is another piece of it; one left
   open at a paragraph's end goes on in the next paragraph that opens with a quote mark; one on
   its own is kept when it is long enough to be speech, its speaker the previous paragraph's
   (``speakers``) or left unresolved. A short quoted fragment inside prose is a scare quote
   unless it sits between two quotes of one speaker.

The parts live in their own modules, each importing only those before it: quote marks in
``marks``, the cue grammar (rules 1 and 3: cues, speakers, relays, addressees, the frame) in
``cues``, content spans (rule 2) in ``content``; this module assembles them into ``Draft``
records and holds the rules on what is never a quote (1a) and on quotations without a cue (4).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from whosaid.annotate.nlp import Parsed, text_of
from whosaid.extract import lexicon as lx
from whosaid.extract.content import (
    _complement,
    _content_around,
    _kind,
    _topic_object,
    _with_quotes,
)
from whosaid.extract.cues import (
    _according_to_after,
    _act,
    _addressee,
    _cue_end,
    _cue_start,
    _cues,
    _frame_bounds,
    _fronted_source_end,
    _mention,
    _participle_governor,
    _span_bounds,
    _speaker_and_relay,
)
from whosaid.extract.marks import Quoted, _inside_mask, find_quoted, word_count
from whosaid.model import QuoteAct, QuoteKind

Offsets = tuple[int, int]


@dataclass(slots=True)
class Draft:
    """A quotation found in one paragraph, before its speaker is resolved."""

    paragraph: int
    content: list[Offsets]
    kind: QuoteKind
    cue: Offsets | None = None
    speaker: Offsets | None = None  # the mention as written
    speaker_token: Token | None = None
    speaker_offset: int = 0  # paragraph offset of speaker_token's doc
    via: list[Offsets] = field(default_factory=list)
    addressee: Offsets | None = None
    # How the speaker is known: "cue" (named at the cue), "continues" (the previous
    # paragraph's speaker), "fragment" (a paraphrase between two quotes), or "none".
    basis: str = "cue"
    act: QuoteAct = "speech"
    open_end: bool = False  # the last content piece is a quote left open at paragraph end
    confidence: float = 0.9

    @property
    def start(self) -> int:
        return self.content[0][0]


def find_quotes(text: str, parsed: list[Parsed]) -> list[Draft]:
    """Every quotation in the article, in text order."""
    drafts: list[Draft] = []
    for index, para in enumerate(parsed):
        if para.paragraph.kind != "paragraph":
            continue
        drafts.extend(_paragraph_quotes(index, para, drafts))
    _join_open_quotes(drafts)
    drafts.sort(key=lambda d: d.start)
    return drafts


# --- one paragraph -------------------------------------------------------------------------


def _paragraph_quotes(index: int, para: Parsed, before: list[Draft]) -> list[Draft]:
    doc, off = para.doc, para.offset
    if _is_teaser(doc):
        return []
    quoted = find_quoted(text_of(doc))
    inside = _inside_mask(para.starts, quoted)
    drafts: list[Draft] = []
    used: set[int] = set()  # indices of quoted stretches already given to a cue
    labelled = _speaker_label(index, off, doc, quoted, used)
    if labelled is not None:
        drafts.append(labelled)
    for cue in _cues(para.tokens, inside):
        draft = _attribute_cue(index, off, doc, cue, quoted, used)
        if draft is not None and not any(_overlaps(draft.content, d.content) for d in drafts):
            drafts.append(draft)
    for extra in _uncued_quotes(index, para, quoted, used, drafts, before):
        host = _host_in_paragraph(drafts, extra)
        if host is None:
            drafts.append(extra)
        else:
            # '"...," he said. "..."': the quotation goes on after its cue, one quote in pieces
            host.content.append(extra.content[0])
            host.open_end = extra.open_end
            if host.kind == "indirect":
                host.kind = "mixed"
    return drafts


def _host_in_paragraph(drafts: list[Draft], extra: Draft) -> Draft | None:
    """The cue-attributed quote that a cue-less quotation later in the paragraph continues."""
    if extra.basis != "continues":
        return None
    before = [d for d in drafts if d.content[-1][1] <= extra.start]
    if not before or len(before) != len(drafts):
        return None  # a cue after it in the paragraph may own it instead
    host = max(before, key=lambda d: d.content[-1][1])
    return host if host.basis == "cue" else None


def _label_end(doc: Doc) -> int | None:
    """The index of the colon of a label opening the paragraph ("WALLACE:", "READ MORE:")."""
    if ":" not in text_of(doc)[:120]:  # most paragraphs: no need to look at tokens
        return None
    colon = next((t for t in doc[:6] if t.text == ":"), None)
    return None if colon is None or colon.i == 0 else colon.i


def _is_teaser(doc: Doc) -> bool:
    """Whether the paragraph is a teaser for another article: "READ MORE: ...", "WATCH: ..."."""
    end = _label_end(doc)
    return end is not None and all(t.lower_ in lx.TEASER_WORDS for t in doc[:end])


def _headline_case(text: str) -> bool:
    """Whether ``text`` is written as a headline ("Shocking Photos Of GOP Candidate's Rally Are
    Going Viral"): most of its words capitalised. Such a line is a title or a teaser, never
    what someone said."""
    found = re.findall(r"[^\W\d_][\w'’-]*", text)
    if len(found) < 4:
        return False
    return sum(w[0].isupper() for w in found) >= 0.8 * len(found)


def _speaker_label(
    index: int, off: int, doc: Doc, quoted: list[Quoted], used: set[int]
) -> Draft | None:
    """A paragraph opened by a name and a colon is that speaker's words, as in transcripts and
    interviews ("WALLACE: Let's start with ...", "Rush Limbaugh: Hillary is ..."). Only a named
    person or organisation, or a name in capitals, counts: "Update:" and "Note:" do not."""
    end = _label_end(doc)
    if end is None:
        return None
    colon = doc[end]
    name = doc[0:end]
    is_named = all(t.ent_type_ in ("PERSON", "ORG") for t in name)
    is_caps = all(t.is_alpha and t.is_upper and len(t) > 1 for t in name)
    if not (is_named or is_caps) or any(t.lower_ in lx.LABEL_WORDS for t in name):
        return None  # "ECB WATCH:", "LOOK:" are rubrics
    start = colon.idx + 1
    if not is_named and _headline_case(text_of(doc)[start:]):
        return None  # a rubric in capitals before a headline is a teaser, not a transcript
    if not is_named and _reports_speech(doc[end + 1 :]):
        return None  # "EARNINGS: Samsung said ...": a wire rubric; the paragraph's cue speaks
    content = _with_quotes(text_of(doc), [(start, len(text_of(doc)))], quoted, used)
    if not content or word_count(text_of(doc)[start:]) < 3:
        return None
    return Draft(
        paragraph=index,
        content=[(off + a, off + b) for a, b in content],
        kind=_kind(text_of(doc), content, quoted),
        cue=(off + colon.idx, off + colon.idx + 1),
        speaker=(off + name.start_char, off + name.end_char),
        speaker_token=name.root,
        speaker_offset=off,
        confidence=0.8,
    )


def _reports_speech(rest: Span) -> bool:
    """Whether the words after a capitals label report someone's speech in the third person,
    with a noun or a name as the subject ("Japan said", "forecasters expected"): a transcript's
    speaker talks in the first person ("I said", "they said we could"), a wire rubric ("FED
    TALK:", "EARNINGS:") introduces a reported paragraph with its own cue."""
    return any(
        t.lemma_ in lx.SPEECH_VERBS
        and any(c.dep_ == "nsubj" and c.pos_ in ("PROPN", "NOUN") for c in t.children)
        for t in rest
    )


def _attribute_cue(
    index: int, off: int, doc: Doc, cue: Token, quoted: list[Quoted], used: set[int]
) -> Draft | None:
    via: list[Offsets] = []
    addressee: Offsets | None = None
    source_end: int | None = None  # token index where the speaker mention must stop
    if cue.lower_ == "according":
        to = doc[cue.i + 1]
        obj = next((c for c in to.children if c.dep_ == "pobj"), None)
        if obj is None:
            return None
        speaker_tok = obj
        cue_span = doc[cue.i : cue.i + 2]
        source_end = _fronted_source_end(cue, obj)
        frame = _span_bounds([cue, to, *(t for t in obj.subtree if t.i < source_end)])
        content = _content_around(doc, cue.sent, frame, quoted, used, cue=None)
    else:
        found, relay = _speaker_and_relay(cue)
        if found is None:
            return None
        if (
            cue.lemma_.lower() in lx.EVIDENCE_VERBS
            and _complement(cue) is None
            and _topic_object(cue) is None
        ):
            return None  # "the poll shows a lead" reports no statement; "shows that ..." does
        speaker_tok = found
        if relay is not None:
            via.append(_offsets(off, _mention(relay)))
        addr = _addressee(cue)
        if addr is not None:
            addressee = _offsets(off, _mention(addr))
        relayed = _according_to_after(cue)
        if relayed is not None:
            via.append(_offsets(off, _mention(relayed)))
        cue_span = doc[_cue_start(cue) : _cue_end(cue)]
        # a participle's subject is its governor's, far from it: the frame is the cue alone
        own = _participle_governor(cue) is None
        frame = _frame_bounds(cue, speaker_tok if own else None)
        content = _content_around(doc, cue.sent, frame, quoted, used, cue=cue)
    if not content:
        return None
    belief = _act(cue) == "belief"
    pieces = [(off + a, off + b) for a, b in content]
    kind = _kind(text_of(doc), content, quoted)
    if belief and kind == "indirect" and speaker_tok.pos_ not in ("PROPN", "PRON"):
        return None  # "analysts expect rates to rise" is a forecast, not a report of speech
    if kind == "indirect" and _writers_framing(cue):
        return None
    mention = _mention(speaker_tok, full=True)
    if source_end is not None and mention.end > source_end:
        mention = doc[mention.start : source_end]
    if _only_frame(text_of(doc), content, cue_span, mention):
        return None
    return Draft(
        paragraph=index,
        content=pieces,
        kind=kind,
        cue=_offsets(off, cue_span),
        speaker=_offsets(off, mention),
        speaker_token=speaker_tok,
        speaker_offset=off,
        via=via,
        addressee=addressee,
        open_end=any(not q.closed and q.end == content[-1][1] for q in quoted),
        act=_act(cue),
        confidence=0.7 if belief else 0.9,
    )


def _writers_framing(cue: Token) -> bool:
    """Whether an intention cue is the writer's framing of the news rather than a report of
    what someone said: in a clause of background ("Kim is visiting Russia as Putin seeks to
    bolster alliances", "while the party hopes to win"), nobody is quoted."""
    if _act(cue) != "intent" or cue.dep_ != "advcl":
        return False
    return any(c.dep_ == "mark" and c.lower_ in lx.FRAMING_MARKS for c in cue.children)


def _only_frame(text: str, content: list[Offsets], cue: Span, mention: Span) -> bool:
    """Whether the content is nothing but the frame ("the Bank of England said"): content that
    holds its own cue, or has fewer than two words besides the speaker's, says nothing."""
    if any(a < cue.end_char and cue.start_char < b for a, b in content):
        return True
    words = 0
    for a, b in content:
        m0, m1 = max(a, mention.start_char), min(b, mention.end_char)
        if m0 >= m1:
            words += word_count(text[a:b])
        else:  # the content outside the speaker's mention
            words += word_count(text[a:m0]) + word_count(text[m1:b])
        if words >= 2:
            return False
    return True


def _offsets(off: int, span: Span) -> Offsets:
    return off + span.start_char, off + span.end_char


def _overlaps(a: list[Offsets], b: list[Offsets]) -> bool:
    return any(x0 < y1 and y0 < x1 for x0, x1 in a for y0, y1 in b)


# --- quotations without a cue ----------------------------------------------------------------


def _uncued_quotes(
    index: int,
    para: Parsed,
    quoted: list[Quoted],
    used: set[int],
    drafts: list[Draft],
    before: list[Draft],
) -> list[Draft]:
    text, off = para.text, para.offset
    out: list[Draft] = []
    covered = [(a - off, b - off) for d in drafts for a, b in d.content]
    for i, q in enumerate(quoted):
        if i in used or any(a <= q.start and q.end <= b for a, b in covered):
            continue
        a, b = q.inner
        words = word_count(text[a:b])
        # A short sentence in quote marks right after a cued quote goes on with it ('"Here he
        # is," she said. "Donald's here."'); on its own it is too short to be taken for speech.
        after_cue = any(d.basis == "cue" and d.content[-1][1] - off <= q.start for d in drafts)
        if _embedded(para, q) or (words < lx.MIN_FREE_QUOTE_WORDS and not after_cue):
            out.append(
                Draft(
                    index, [(off + q.start, off + q.end)], "mixed", basis="fragment", confidence=0.5
                )
            )
            continue
        out.append(
            Draft(
                index,
                [(off + q.start, off + q.end)],
                "direct",
                basis="continues",
                open_end=not q.closed,
                confidence=0.75,
            )
        )
    return out


def _embedded(para: Parsed, q: Quoted) -> bool:
    """Whether a quotation sits inside a sentence of the writer's own words ('could become a
    "destabilising force in the region", and ...'), rather than standing as a sentence."""
    text = para.text
    sents = para.sents
    first = next((s for s in sents if s.start_char <= q.start < s.end_char), None)
    last = next((s for s in sents if s.start_char < q.end <= s.end_char), None)
    before = text[first.start_char : q.start] if first is not None else ""
    after = text[q.end : last.end_char] if last is not None else ""
    # the tagger misses sentence ends before some quote marks ("Mr. Obama said. ''It won't")
    if _ENDS_SENTENCE.search(before):
        before = ""
    return word_count(before) > 0 or word_count(after) > 0


_ENDS_SENTENCE = re.compile(r"[.!?][\"'”’»]*\s+$")


def _join_open_quotes(drafts: list[Draft]) -> None:
    """A quotation left open at a paragraph's end continues in the next paragraph when that one
    opens with a quotation: they are one quote in several pieces, over as many paragraphs as it
    runs. Pieces gather in the chain's first draft, or in the draft whose cue names the speaker."""
    by_para: dict[int, list[Draft]] = {}
    for d in drafts:
        by_para.setdefault(d.paragraph, []).append(d)
    holder: dict[int, Draft] = {}  # id of a draft emptied into another -> the one holding it
    for d in sorted(drafts, key=lambda x: x.start):
        if not d.open_end:
            continue
        nxt = by_para.get(d.paragraph + 1, [])
        first = min(nxt, key=lambda x: x.start) if nxt else None
        if first is None or first.basis not in ("continues", "cue"):
            continue
        head = holder.get(id(d), d)
        if first.basis == "continues":
            head.content.extend(first.content)
            head.open_end = first.open_end
            first.content = []
            holder[id(first)] = head
        elif head.basis == "continues":
            first.content[:0] = head.content
            head.content = []
            for key, value in list(holder.items()):
                if value is head:
                    holder[key] = first
    drafts[:] = [d for d in drafts if d.content]
