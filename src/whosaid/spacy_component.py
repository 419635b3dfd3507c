"""whosaid as a spaCy pipeline component: ``nlp.add_pipe("whosaid")``.

The factory is registered through spaCy's entry points (``spacy_factories`` in pyproject.toml),
so ``spacy.load("en_core_web_sm").add_pipe("whosaid")`` works without importing whosaid. Add it
after the parser and the entity recogniser of any English pipeline. For each Doc it sets:

- ``doc._.whosaid``: the ``whosaid/1`` record of the Doc's text (``Analysis.to_dict()``), kept
  as JSON text in ``doc._.whosaid_json``, so it travels with ``DocBin(store_user_data=True)`` and
  between ``nlp.pipe`` processes (treat the dict as read-only: it is shared);
- ``doc._.quotes``: one Span per quote, from its first content piece to its last, labelled with
  its kind; on it ``span._.speaker`` (the resolved name, or None), ``span._.speaker_mention``
  and ``span._.cue`` (Spans or None), ``span._.content`` (the pieces) and ``span._.whosaid``
  (the quote's record);
- ``doc.spans["whosaid"]``: content pieces, cues and speaker mentions labelled ``QUOTE``,
  ``CUE`` and ``SPEAKER``, which ``displacy.render(doc, style="span", options={"spans_key":
  "whosaid"})`` draws; ``whosaid.render(doc)`` draws them with the speakers' names.

``doc._.quotes`` and the Span attributes are computed from ``doc._.whosaid`` when read, so they
exist after a DocBin round trip too: only the dict is stored. Set ``doc._.published`` (an ISO
date) before the component runs to resolve dates: ``nlp(doc)`` on a Doc from ``nlp.make_doc``.

Why the paragraphs are parsed again (``parse="paragraphs"``, the default): whosaid's extraction
relies on sentences and dependency trees never running across a paragraph break, and a parser
given a whole article joins a paragraph to the next now and then. So the component cuts the
Doc's text into paragraphs as ``whosaid extract`` does and runs the components before it on each
paragraph: the quotes are exactly those of ``whosaid extract`` with the same model, at the cost
of a second parse. ``parse="doc"`` cuts the Doc's own parse at the paragraphs instead: no second
parse, and the quotes are the same where the parser kept to the paragraphs.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from typing import Any, Literal

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span, SpanGroup

from whosaid.annotate import nlp as nlp_stage
from whosaid.config import DEFAULT_SETTINGS
from whosaid.errors import EmptyInput, ModelError, WhosaidError
from whosaid.model import Analysis, Article, Paragraph
from whosaid.pipeline import _body_paragraphs, extract, parse_published, prepare

ParseMode = Literal["paragraphs", "doc"]
SPANS_KEY = "whosaid"
_NEEDED = ("parser", "ner")


# -- extension attributes --------------------------------------------------------------------


@lru_cache(maxsize=64)
def _loads(record_json: str) -> dict[str, Any]:
    # A str caches its hash, so a hit costs no parse and no rehash: the Span getters read the
    # record many times per Doc.
    return json.loads(record_json)


def _get_record(doc: Doc) -> dict[str, Any] | None:
    """``doc._.whosaid``. Kept as JSON text (``doc._.whosaid_json``): msgpack, which DocBin and
    ``nlp.pipe``'s processes use, would hand lists back as tuples."""
    text = doc._.whosaid_json
    return _loads(text) if isinstance(text, str) else None


def _set_record(doc: Doc, value: dict[str, Any] | None) -> None:
    doc._.whosaid_json = None if value is None else json.dumps(value, ensure_ascii=False)


def _record(doc: Doc) -> dict[str, Any] | None:
    return _get_record(doc)


def _char_span(doc: Doc, d: dict[str, Any] | None, label: str = "") -> Span | None:
    """The Doc's Span over a whosaid/1 span dict, widened to whole tokens."""
    if not d:
        return None
    return doc.char_span(int(d["start"]), int(d["end"]), label=label, alignment_mode="expand")


def _quote_span(doc: Doc, q: dict[str, Any]) -> Span | None:
    pieces = q["content"]
    whole = {"start": pieces[0]["start"], "end": pieces[-1]["end"]}
    return _char_span(doc, whole, q["kind"])


def doc_quotes(doc: Doc) -> list[Span]:
    """``doc._.quotes``: one Span per quote, labelled with its kind."""
    record = _record(doc)
    spans = (_quote_span(doc, q) for q in (record["quotes"] if record else []))
    return [s for s in spans if s is not None]


def quote_of(span: Span) -> dict[str, Any] | None:
    """``span._.whosaid``: the record of the quote this span is (a span of ``doc._.quotes``),
    lies inside (a piece of its content) or names the speaker of (its mention)."""
    record = _record(span.doc)
    quotes = record["quotes"] if record else []
    bounds = (span.start, span.end)
    for q in quotes:
        whole = _quote_span(span.doc, q)
        if whole is not None and (whole.start, whole.end) == bounds:
            return q
    for q in quotes:
        if any(p["start"] <= span.start_char and span.end_char <= p["end"] for p in q["content"]):
            return q
    for q in quotes:
        mention = _char_span(span.doc, q["speaker"]["mention"])
        if mention is not None and (mention.start, mention.end) == bounds:
            return q
    return None


def _speaker(span: Span) -> str | None:
    q = quote_of(span)
    return q["speaker"]["name"] if q else None


def _speaker_mention(span: Span) -> Span | None:
    q = quote_of(span)
    return _char_span(span.doc, q["speaker"]["mention"], "SPEAKER") if q else None


def _cue(span: Span) -> Span | None:
    q = quote_of(span)
    return _char_span(span.doc, q["cue"], "CUE") if q else None


def _content(span: Span) -> list[Span]:
    q = quote_of(span)
    pieces = (_char_span(span.doc, p, "QUOTE") for p in (q["content"] if q else []))
    return [p for p in pieces if p is not None]


def register_extensions() -> None:
    """Declare the ``._.`` attributes once per process (importing this module does it)."""
    doc_attrs: dict[str, dict[str, Any]] = {
        "whosaid_json": {"default": None},
        "whosaid": {"getter": _get_record, "setter": _set_record},
        "published": {"default": None},
        "quotes": {"getter": doc_quotes},
    }
    span_attrs: dict[str, Callable[[Span], Any]] = {
        "whosaid": quote_of,
        "speaker": _speaker,
        "speaker_mention": _speaker_mention,
        "cue": _cue,
        "content": _content,
    }
    for name, kwargs in doc_attrs.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, **kwargs)
    for name, getter in span_attrs.items():
        if not Span.has_extension(name):
            Span.set_extension(name, getter=getter)


register_extensions()


# -- the component ---------------------------------------------------------------------------


class WhosaidComponent:
    """Finds who said what in each Doc with whosaid's extraction; see the module docstring."""

    def __init__(self, nlp: Language, name: str = "whosaid", parse: ParseMode = "paragraphs"):
        if parse not in ("paragraphs", "doc"):
            raise ValueError(f"[whosaid] parse={parse!r}: use 'paragraphs' or 'doc'.")
        missing = [c for c in _NEEDED if not any(c in n for n in nlp.pipe_names)]
        if missing:
            raise ModelError(
                f"[whosaid] the pipeline has no {' or '.join(missing)} component "
                f"(it has {nlp.pipe_names or 'none'}); add whosaid to an English pipeline with a "
                "dependency parser and named entities, such as en_core_web_sm, after them."
            )
        self.nlp = nlp
        self.name = name
        self.parse = parse
        self.settings = DEFAULT_SETTINGS

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 64) -> Iterator[Doc]:
        for doc in docs:
            analysis = self._analyse(doc, batch_size)
            doc._.whosaid = analysis.to_dict()
            doc.spans[SPANS_KEY] = _span_group(doc, analysis)
            yield doc

    def _analyse(self, doc: Doc, batch_size: int) -> Analysis:
        article = Article(text=doc.text, published=parse_published(doc._.published))
        try:
            prepared = prepare(article, self.settings)
        except EmptyInput:  # an empty Doc has no quotes; it is not an error in a pipeline
            return Analysis(text=doc.text, published=doc._.published)
        paragraphs = list(_body_paragraphs(prepared.body, self.settings.max_paragraph_chars))
        if self.parse == "doc":
            parsed = self._cut(doc, paragraphs)
        else:
            parsed = nlp_stage.from_docs(
                doc.text, paragraphs, self._reparse(doc.text, paragraphs, batch_size)
            )
        return extract(prepared, parsed)

    def _before(self) -> list[tuple[str, Any]]:
        """The pipeline's components that run before this one."""
        names = [n for n, _ in self.nlp.pipeline]
        if self.name not in names:  # called on its own, outside the pipeline
            return list(self.nlp.pipeline)
        return list(self.nlp.pipeline)[: names.index(self.name)]

    def _reparse(self, text: str, paragraphs: list[Paragraph], batch_size: int) -> list[Doc]:
        """Each paragraph through the tokenizer and the components before this one, as
        ``whosaid extract`` parses it."""
        docs: Iterable[Doc] = (self.nlp.make_doc(text[p.start : p.end]) for p in paragraphs)
        for _, proc in self._before():
            if hasattr(proc, "pipe"):
                docs = proc.pipe(docs, batch_size=batch_size)
            else:
                docs = map(proc, docs)
        out = list(docs)
        if out and not out[0].has_annotation("DEP"):
            raise ModelError(
                f"[whosaid] no dependency parse before the {self.name!r} component; add it "
                "after the parser: nlp.add_pipe('whosaid', last=True)."
            )
        return out

    def _cut(self, doc: Doc, paragraphs: list[Paragraph]) -> list[nlp_stage.Parsed]:
        """The Doc's own parse cut at the paragraphs (``parse="doc"``)."""
        if not doc.has_annotation("DEP"):
            raise ModelError(
                f"[whosaid] the Doc has no dependency parse; add {self.name!r} after the parser."
            )
        paras: list[Paragraph] = []
        docs: list[Doc] = []
        for p in paragraphs:
            span = doc.char_span(p.start, p.end, alignment_mode="expand")
            if span is None or len(span) == 0:
                continue
            paras.append(Paragraph(span.start_char, span.end_char, p.kind))
            docs.append(span.as_doc())
        return nlp_stage.from_docs(doc.text, paras, docs)


def _span_group(doc: Doc, a: Analysis) -> SpanGroup:
    """``doc.spans["whosaid"]``: every content piece, cue and speaker mention, labelled."""
    found: list[Span | None] = []
    for q in a.quotes:
        labelled = [
            *(("QUOTE", p) for p in q.content),
            ("CUE", q.cue),
            ("SPEAKER", q.speaker.mention),
        ]
        for label, piece in labelled:
            if piece is not None:
                found.append(doc.char_span(piece.start, piece.end, label, alignment_mode="expand"))
    return SpanGroup(doc, name=SPANS_KEY, spans=[s for s in found if s is not None])


@Language.factory(
    "whosaid",
    default_config={"parse": "paragraphs"},
    requires=["token.dep", "token.head", "token.ent_iob", "token.ent_type"],
    assigns=["doc._.whosaid", "doc.spans"],
)
def make_whosaid(nlp: Language, name: str, parse: ParseMode) -> WhosaidComponent:
    """The ``whosaid`` factory, found by ``nlp.add_pipe("whosaid")`` through spaCy's entry
    points."""
    return WhosaidComponent(nlp, name, parse)


# -- rendering -------------------------------------------------------------------------------

_COLOURS = {"QUOTE": "#fde68a", "CUE": "#bfdbfe", "SPEAKER": "#bbf7d0"}


@lru_cache(maxsize=1)
def _tokenizer() -> Language:
    return spacy.blank("en")  # only a tokenizer: rendering an Analysis loads no model


def _as_doc(item: Doc | Analysis | dict[str, Any]) -> Doc:
    if isinstance(item, Doc):
        if _record(item) is None:
            raise WhosaidError(
                "[whosaid] this Doc was not processed by the whosaid component: add it to the "
                "pipeline with nlp.add_pipe('whosaid'), or render the Analysis instead."
            )
        return item
    analysis = Analysis.from_dict(item) if isinstance(item, dict) else item
    if not isinstance(analysis, Analysis):
        raise WhosaidError(
            f"[whosaid] render() takes a Doc, an Analysis or a whosaid/1 dict, not "
            f"{type(item).__name__}."
        )
    doc = _tokenizer().make_doc(analysis.text)
    doc._.whosaid = analysis.to_dict()
    return doc


def render(item: Doc | Analysis | dict[str, Any]) -> str:
    """displaCy-style HTML of the quotes, cues and speakers (names resolved) of a Doc the
    component processed, an ``Analysis`` or a whosaid/1 dict; self-contained (inline styles, no
    scripts or external files), for a notebook (``IPython.display.HTML``) or a file."""
    from spacy import displacy

    doc = _as_doc(item)
    record = _record(doc) or {"quotes": []}
    view = doc.copy()  # the drawn spans go on a copy: the caller's Doc is left as it was
    spans: list[Span] = []
    colours: dict[str, str] = {}
    items: list[str] = []
    for n, q in enumerate(record["quotes"], 1):
        who = q["speaker"]["name"] or q["speaker"].get("unnamed") or "unresolved"
        # displaCy writes labels as they are: the name is escaped here
        labels = {
            "QUOTE": f"QUOTE {n} · {html.escape(who)}",
            "CUE": f"CUE {n}",
            "SPEAKER": f"SPEAKER {n}",
        }
        for kind, label in labels.items():
            colours[label] = _COLOURS[kind]
        parts: list[tuple[str, dict[str, Any] | None]] = [
            *(("QUOTE", p) for p in q["content"]),
            ("CUE", q["cue"]),
            ("SPEAKER", q["speaker"]["mention"]),
        ]
        for kind, d in parts:
            span = _char_span(view, d, labels[kind])
            if span is not None:
                spans.append(span)
        content = " … ".join(p["text"] for p in q["content"])
        cue = f" ({html.escape(q['cue']['text'])})" if q["cue"] else ""
        items.append(
            f"<li><b>{html.escape(who)}</b>{cue}, {html.escape(q['kind'])}: "
            f"{html.escape(content)}</li>"
        )
    view.spans[SPANS_KEY] = SpanGroup(view, name=SPANS_KEY, spans=spans)
    if spans:
        drawn = displacy.render(
            view, style="span", options={"spans_key": SPANS_KEY, "colors": colours}, jupyter=False
        )
    else:  # displaCy warns on a Doc with nothing to draw
        drawn = f"<div class='spans'>{html.escape(doc.text)}</div>"
    listing = (
        f"<ol class='whosaid-quotes'>{''.join(items)}</ol>"
        if items
        else "<p class='whosaid-quotes'>No quotations found.</p>"
    )
    return f"<div class='whosaid'>{drawn}{listing}</div>"
