"""The views of a paragraph's parse that ``Parsed`` makes once (tokens, their starts, entities,
sentences), and the passes that read them instead of walking the Doc again: each gives what
the Doc's own walk gives."""

from __future__ import annotations

import bisect

import pytest

from whosaid.annotate.nlp import Parsed, parse
from whosaid.extract.entities import find_entities
from whosaid.extract.marks import _inside_mask, find_quoted
from whosaid.extract.salience import _SUBJECT_DEPS, _VIDEO_CAPTION, Salience, _pre_verbal_names
from whosaid.model import Article
from whosaid.pipeline import prepare


@pytest.fixture(scope="module")
def example_parsed(pipeline, example_text) -> tuple[str, list[Parsed]]:
    body = prepare(Article(text=example_text)).body
    return body.text, parse(pipeline.nlp, body.text, body.paragraphs)


def test_the_views_are_the_docs_own(example_parsed) -> None:
    _, parsed = example_parsed
    for para in parsed:
        doc = para.doc
        assert [t.i for t in para.tokens] == [t.i for t in doc]
        assert list(para.starts) == [t.idx for t in doc]
        assert [(e.start, e.end, e.label_) for e in para.ents] == [
            (e.start, e.end, e.label_) for e in doc.ents
        ]
        assert [(s.start, s.end) for s in para.sents] == [(s.start, s.end) for s in doc.sents]


@pytest.mark.parametrize(
    ("text", "inside"),
    [
        ('He said "we will win" and left.', ["we", "will", "win"]),
        ("“One.” She said “two three”.", ["One", ".", "two", "three"]),
        ("No quotation here.", []),
        ('"Unclosed at the end', ["Unclosed", "at", "the", "end"]),
    ],
)
def test_the_quotation_mask_marks_the_tokens_inside_the_marks(pipeline, text, inside) -> None:
    doc = pipeline.nlp(text)
    mask = _inside_mask([t.idx for t in doc], find_quoted(text))
    assert [t.text for t in doc if mask[t.i]] == inside


def _sites_walking_every_token(parsed: list[Parsed], index) -> list[tuple[int, int, bool]]:
    """Salience's sites as found before the tokens inside names were picked out: every token of
    every paragraph looked up among the names (the reference the faster walk must equal)."""
    spans = sorted(index.by_offsets.items())
    starts = [a for (a, _), _ in spans]
    out = []
    for n, para in enumerate(parsed):
        if _VIDEO_CAPTION.search(para.text):
            continue
        quoted = [(q.start, q.end) for q in find_quoted(para.text)]
        before_verb = _pre_verbal_names(para)
        for tok in para.doc:
            at = para.offset + tok.idx
            i = bisect.bisect_right(starts, at) - 1
            if i < 0:
                continue
            (a, b), _ = spans[i]
            if not a <= at < b or any(qa < tok.idx < qb for qa, qb in quoted):
                continue
            if a <= para.offset + tok.head.idx < b:
                continue
            out.append((a, n, tok.dep_ in _SUBJECT_DEPS or tok.i in before_verb))
    return out


def test_salience_finds_the_sites_a_walk_over_every_token_finds(example_parsed) -> None:
    text, parsed = example_parsed
    index = find_entities(text, parsed)
    found = [(s.start, s.paragraph, s.subject) for s in Salience.build(parsed, index).sites]
    reference = _sites_walking_every_token(parsed, index)
    assert found and sorted(found) == sorted(reference)
