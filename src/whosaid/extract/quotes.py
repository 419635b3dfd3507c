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
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from whosaid.annotate.nlp import Parsed, text_of
from whosaid.extract import lexicon as lx
from whosaid.extract.marks import Quoted, find_quoted, word_count
from whosaid.model import QuoteAct, QuoteKind

Offsets = tuple[int, int]
_TRIM_LEAD = " \t\n,;:—–-"
_TRIM_TAIL = " \t\n,;:—–-"


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
    inside = _inside_mask(doc, quoted)
    drafts: list[Draft] = []
    used: set[int] = set()  # indices of quoted stretches already given to a cue
    labelled = _speaker_label(index, off, doc, quoted, used)
    if labelled is not None:
        drafts.append(labelled)
    for cue in _cues(doc, inside):
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


def _inside_mask(doc: Doc, quoted: list[Quoted]) -> list[bool]:
    mask = [False] * len(doc)
    for q in quoted:
        a, b = q.inner
        for t in doc:
            if a <= t.idx < b:
                mask[t.i] = True
    return mask


def _cues(doc: Doc, inside: list[bool]) -> Iterable[Token]:
    """Reporting verbs outside quotations, and the "according" of "according to"."""
    for t in doc:
        if inside[t.i]:
            continue
        if t.lower_ == lx.ACCORDING_TO[0] and t.i + 1 < len(doc) and doc[t.i + 1].lower_ == "to":
            yield t
        elif t.pos_ in ("VERB", "AUX") and t.lemma_.lower() in lx.CUE_LEMMAS:
            # "saying" in "quoted X as saying" belongs to the relay verb's frame.
            if t.lemma_ == "say" and _relay_head(t) is not None:
                continue
            yield t


def _relay_head(t: Token) -> Token | None:
    """For "saying" in "quoted X as saying", the relay verb ("quoted")."""
    head = t.head
    if head.lower_ == "as" and head.head.lemma_.lower() in lx.RELAY_VERBS:
        return head.head
    if head.lemma_.lower() in lx.RELAY_VERBS and t.dep_ in ("advcl", "xcomp", "pcomp"):
        return head
    return None


def _subject(v: Token) -> Token | None:
    for c in v.children:
        if c.dep_ in ("nsubj", "nsubjpass", "csubj"):
            return c
    # "He said ... and added ...": a conjoined or controlled verb shares its head's subject.
    if v.dep_ in ("conj", "xcomp") and v.head.pos_ in ("VERB", "AUX"):
        return _subject(v.head)
    governor = _participle_governor(v)
    if governor is not None:
        return _subject(governor)
    return None


def _participle_governor(v: Token) -> Token | None:
    """For a reporting participle with no subject of its own, the verb whose subject said it:
    "the mayor said, adding that ...", "the judge rejected it, saying ...", "he responded by
    saying ...". The participle's clause reports what that subject said."""
    if v.tag_ != "VBG" or v.lemma_.lower() not in lx.PARTICIPLE_CUES:
        return None
    if v.dep_ == "advcl" and v.head.pos_ in ("VERB", "AUX"):
        # "Lamenting their fate, Mexicans often say ...": before a reporting verb, the
        # participle is the manner of that report, and the report is the cue
        if v.i < v.head.i and v.head.lemma_.lower() in lx.SPEECH_VERBS:
            return None
        return v.head
    if (
        v.dep_ == "pcomp"
        and v.head.dep_ == "prep"
        and v.head.lower_ in ("by", "after", "before", "while", "in")
        and v.head.head.pos_ in ("VERB", "AUX")
    ):
        return v.head.head
    return None


def _mention(tok: Token, full: bool = False) -> Span:
    """The noun phrase of ``tok`` as written. A speaker (``full``) keeps what the article says
    about them ("Schiff, 56, who has served on the committee"), as PolNeAR marks sources; an
    outlet or addressee is the bare noun phrase."""
    drop = (
        {"punct", "advcl", "cc", "conj"}
        if full
        else {"appos", "relcl", "acl", "punct", "advcl", "prep", "cc", "conj"}
    )
    keep_prep = tok.pos_ not in ("PROPN", "PRON")  # "spokesman for the ministry" keeps its prep
    left, right = tok.i, tok.i
    for c in tok.children:
        if c.dep_ in drop and not (keep_prep and c.dep_ == "prep" and c.i > tok.i):
            continue
        sub = list(c.subtree)
        left = min(left, sub[0].i)
        right = max(right, sub[-1].i)
    # conj of names: "Putin and Kim said" -> the whole coordination is the mention
    for c in tok.children:
        if c.dep_ == "conj" and c.pos_ in ("PROPN", "NOUN"):
            right = max(right, c.right_edge.i)
    doc = tok.doc
    # "Even China, ...": a focusing adverb before the noun phrase is not part of the mention
    while left < right and (doc[left].is_punct or (doc[left].dep_ == "advmod" and left < tok.i)):
        left += 1
    while right > left and doc[right].is_punct and doc[right].text != ")":
        right -= 1
    span = doc[left : right + 1]
    if (
        span.text.count("(") > span.text.count(")")
        and right + 1 < len(doc)
        and doc[right + 1].text == ")"
    ):
        right += 1  # "Rep. Gwen Moore (D-Wis.)": the parenthesis closes inside the mention
    # A mention with an apposition or clause is closed by its comma: "Schiff, 56, who ..., said"
    if (
        full
        and right > tok.i
        and right + 1 < len(doc)
        and doc[right + 1].text == ","
        and any(t.text == "," for t in doc[tok.i : right + 1])
    ):
        right += 1
    return doc[left : right + 1]


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


def _fronted_source_end(cue: Token, obj: Token) -> int:
    """Where the source of "according to" ends. Fronted ("According to Rush Limbaugh, the move
    reeks of fear"), the parser may hang the whole sentence on the name as an apposition; the
    source then ends at the last comma of that subtree, and what follows is what was said."""
    doc, sent = cue.doc, cue.sent
    end = obj.right_edge.i + 1
    last = sent.end - 1
    while last > obj.i and doc[last].is_punct:
        last -= 1
    opens = all(t.is_punct or t.dep_ in ("cc", "advmod") for t in doc[sent.start : cue.i])
    if not opens or obj.right_edge.i < last:  # "But according to X, ..." opens it too
        return end
    commas = [t.i for t in obj.subtree if t.text == "," and t.i > obj.i]
    return commas[-1] if commas else end


def _cue_start(cue: Token) -> int:
    """Auxiliaries and adverbs right before the verb belong to the cue ("has said", "also
    said", "isn't saying"), as PolNeAR marks cues."""
    doc = cue.doc
    # "continues to insist", "appeared to suggest": the governing verb is part of the cue
    if (
        cue.dep_ == "xcomp"
        and cue.head.i == cue.i - 2
        and doc[cue.i - 1].lower_ == "to"
        and cue.head.pos_ in ("VERB", "AUX")
    ):
        return _cue_start(cue.head)
    i = cue.i
    while (
        i > 0
        and doc[i - 1].head == cue
        and (
            doc[i - 1].dep_ in ("aux", "auxpass", "neg")
            or (doc[i - 1].dep_ == "advmod" and doc[i - 1].pos_ == "ADV")
        )
    ):
        i -= 1
    return i


def _cue_end(cue: Token) -> int:
    """The channel right after the verb belongs to the cue ("said in a statement", "told
    reporters in an interview with CNN"), and so does a colon that opens the quotation."""
    doc = cue.doc
    end = cue.i + 1
    for c in sorted(cue.children, key=lambda t: t.i):
        if c.i != end:
            continue
        if c.dep_ == "npadvmod" and c.ent_type_ in ("DATE", "TIME"):
            end = c.right_edge.i + 1  # "said Friday"
        elif c.dep_ == "prt":
            end = c.i + 1  # "points out", "went on"
        elif c.dep_ == "prep" and cue.lemma_ == "call" and c.lower_ in ("for", "on"):
            end = c.i + 1  # "called for", "called on"
        elif c.dep_ == "prep":
            pobj = next((g for g in c.children if g.dep_ == "pobj"), None)
            if pobj is not None and pobj.lemma_.lower() in lx.CHANNEL_NOUNS:
                end = pobj.i + 1  # "said in a recent interview", not "... in Honolulu"
    if end < len(doc) and doc[end].text == ":":
        end += 1
    return end


def _act(cue: Token) -> QuoteAct:
    lemma = cue.lemma_.lower()
    if cue.lower_ == "according" or lemma in lx.SPEECH_VERBS:
        return "speech"
    if lemma in lx.INTENT_VERBS:
        return "intent"
    if lemma in lx.EVIDENCE_VERBS:
        return "evidence"
    return "belief"


def _speaker_and_relay(cue: Token) -> tuple[Token | None, Token | None]:
    """The speaker of ``cue``, and the outlet relaying it when the cue is "quoted X as"."""
    lemma = cue.lemma_.lower()
    if lemma in lx.RELAY_VERBS:
        obj = next((c for c in cue.children if c.dep_ in ("dobj", "obj")), None)
        subj = _subject(cue)
        if obj is not None:
            return obj, subj
        # "Peskov was quoted as saying": the passive subject is the speaker, "by X" relays.
        if subj is not None and subj.dep_ == "nsubjpass":
            agent = next((c for c in cue.children if c.dep_ == "agent"), None)
            pobj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent else None
            return subj, pobj
        return None, None
    subj = _subject(cue)
    if subj is not None and subj.is_punct:
        subj = _inverted_subject(cue)
    if subj is None or subj.dep_ == "nsubjpass" or subj.dep_ == "csubj":
        return None, None  # "it was said that ..." names nobody
    if subj.lower_ in ("there", "this", "what") or not any(ch.isalpha() for ch in subj.text):
        return None, None  # expletives and question words are not speakers
    if subj.lower_ in lx.RELATIVE_PRONOUNS and subj.head.dep_ != "relcl":
        return None, None  # "that" and "which" as subjects outside a relative clause
    return subj, None


def _inverted_subject(cue: Token) -> Token | None:
    """'"...,’’ says the founder': the model took the closing marks for the subject of the
    inverted cue; the speaker is the noun phrase right after the cue."""
    after = [c for c in cue.children if c.i > cue.i and not c.is_punct]
    first = min(after, key=lambda c: c.i, default=None)
    if first is not None and first.pos_ in ("NOUN", "PROPN") and first.dep_ in _INVERTED_DEPS:
        return first
    return None


_INVERTED_DEPS = ("dobj", "attr", "npadvmod", "nsubj", "appos")


def _according_to_after(cue: Token) -> Token | None:
    """'Kim said, according to footage broadcast on Russian TV': the medium that relays it."""
    sent = cue.sent
    for t in sent:
        if (
            t.i > cue.i
            and t.lower_ == "according"
            and t.i + 1 < sent.end
            and t.doc[t.i + 1].lower_ == "to"
        ):
            obj = next((c for c in t.doc[t.i + 1].children if c.dep_ == "pobj"), None)
            if obj is None:
                return None
            for d in obj.subtree:
                if (
                    d.dep_ == "pobj"
                    and d.head.lower_ in ("on", "by", "from", "in")
                    and d.pos_ in ("PROPN", "NOUN")
                ):
                    return d
            return obj
    return None


def _addressee(cue: Token) -> Token | None:
    lemma = cue.lemma_.lower()
    for c in cue.children:
        if (
            lemma in lx.ADDRESS_VERBS
            and c.dep_ in ("dobj", "dative", "obj", "iobj")
            and c.pos_ in ("PROPN", "NOUN", "PRON")
        ):
            return c
        if c.dep_ in ("prep", "dative") and c.lower_ in lx.ADDRESSEE_PREPS:
            pobj = next((g for g in c.children if g.dep_ == "pobj"), None)
            if pobj is not None:
                return pobj
    return None


def _frame_bounds(cue: Token, subj: Token | None) -> tuple[int, int]:
    """Token range of the attribution frame: speaker, cue and what hangs on the cue that is not
    content (auxiliaries, adverbs, "on Wednesday", "to reporters", the object of "told")."""
    toks = [cue, *(subj.subtree if subj is not None else ())]
    for c in cue.children:
        if c.dep_ == "mark" and c.lower_ == "as" and subj is not None and c.i < subj.i:
            toks.append(c)  # "as Mr. Bown observed, ..."
        if c.dep_ in (
            "aux",
            "auxpass",
            "neg",
            "advmod",
            "npadvmod",
            "prt",
            "dative",
            "dobj",
            "obj",
            "iobj",
            "agent",
        ) or (c.dep_ == "prep" and c.i > cue.i):
            if c.dep_ == "dobj" and c.i < cue.i:
                continue
            channel = c.dep_ == "prep" and any(
                g.dep_ == "pobj" and g.lemma_.lower() in lx.CHANNEL_NOUNS for g in c.children
            )
            toks.extend(_without_clauses(c) if channel else c.subtree)
    # keep the frame contiguous around the cue: stray far-away tokens are not frame
    return _span_bounds(toks)


def _without_clauses(tok: Token) -> list[Token]:
    """``tok``'s subtree without the clauses hanging in it: in "said in a statement that the
    king would be sworn in", the frame is "in a statement", the clause is what was said."""
    out = [tok]
    for c in tok.children:
        if c.dep_ not in ("acl", "ccomp", "relcl"):
            out.extend(_without_clauses(c))
    return out


def _span_bounds(toks: Iterable[Token]) -> tuple[int, int]:
    idx = [t.i for t in toks]
    return min(idx), max(idx) + 1


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
        return _with_quotes(text_of(doc), [(f_end, s_end)], quoted, used)
    return []


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
        if _embedded(para.doc, q) or (words < lx.MIN_FREE_QUOTE_WORDS and not after_cue):
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


def _embedded(doc: Doc, q: Quoted) -> bool:
    """Whether a quotation sits inside a sentence of the writer's own words ('could become a
    "destabilising force in the region", and ...'), rather than standing as a sentence."""
    text = text_of(doc)
    sents = list(doc.sents)
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
