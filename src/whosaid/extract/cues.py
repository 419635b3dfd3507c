"""Cue grammar: reporting verbs, who they report and the frame around them.

Rules 1 and 3 of ``quotes``: which tokens are cues (a reporting verb outside quote marks, the
"according" of "according to"), the subject that said it (shared by conjoined verbs, given to a
subjectless participle by its governor, found after the verb when inverted), the speaker
mention as written, the relaying outlet of "X quoted Y as saying", the addressee of "told X",
and the token range of the attribution frame that ``content`` looks around.

The names keep their leading underscore: they are the internals of quote finding, shared by the
modules of ``extract`` that find quotes, not an API.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from spacy.tokens import Span, Token

from whosaid.extract import lexicon as lx
from whosaid.model import QuoteAct


def _cues(tokens: Sequence[Token], inside: list[bool]) -> Iterable[Token]:
    """Reporting verbs outside quotations, and the "according" of "according to", among a
    paragraph's tokens (``Parsed.tokens``)."""
    for t in tokens:
        if inside[t.i]:
            continue
        if (
            t.lower_ == lx.ACCORDING_TO[0]
            and t.i + 1 < len(tokens)
            and tokens[t.i + 1].lower_ == "to"
        ):
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
