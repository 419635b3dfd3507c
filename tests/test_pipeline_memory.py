"""A long run must not keep every string spaCy ever met: the vocabulary stays the size it was."""

from __future__ import annotations

from whosaid.model import Article


def _article(i: int) -> Article:
    novel = " ".join(f"Zq{i}w{j}x" for j in range(30))
    return Article(text=f'"Prices of {novel} rose," said Jane Doe{i}.', source=str(i))


def test_vocabulary_does_not_grow_over_a_batch(pipeline):
    pipeline.analyze(_article(-1))  # warm up: lazily created strings of the pipeline itself
    before = len(pipeline.nlp.vocab.strings)
    outcomes = list(pipeline.analyze_many(_article(i) for i in range(60)))
    assert all(o.ok for o in outcomes)
    assert len(pipeline.nlp.vocab.strings) == before


def test_vocabulary_does_not_grow_over_single_articles(pipeline):
    pipeline.analyze(_article(-2))
    before = len(pipeline.nlp.vocab.strings)
    for i in range(100, 120):
        assert pipeline.analyze(_article(i)).quotes
    assert len(pipeline.nlp.vocab.strings) == before
