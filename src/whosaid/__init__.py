"""whosaid: who said what in news articles.

>>> import whosaid
>>> analysis = whosaid.analyze(text, published="2023-09-14")
>>> for q in analysis.quotes:
...     print(q.speaker.name, q.cue and q.cue.text, q.content_text)

``analyze`` loads the spaCy model once and reuses it; ``analyze_many`` streams many articles and
reports a bad one in its ``Outcome`` without stopping the rest. The records are in ``model``.
"""

from typing import TYPE_CHECKING, Any

from whosaid.config import Settings
from whosaid.errors import WhosaidError
from whosaid.model import (
    Analysis,
    Article,
    DateMention,
    Entity,
    Outcome,
    Paragraph,
    Party,
    Quote,
    Removed,
    Span,
    Speaker,
)

__version__ = "0.1.0"

# The pipeline imports spaCy (about 1.5 s), which the query commands and ``whosaid --version``
# never need: it is imported on first use of one of these names (PEP 562).
_LAZY = {"Pipeline", "analyze", "analyze_many"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from whosaid import pipeline

        value = getattr(pipeline, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'whosaid' has no attribute {name!r}")


if TYPE_CHECKING:
    from whosaid.pipeline import Pipeline, analyze, analyze_many


def render(doc_or_analysis: object) -> str:
    """displaCy-style HTML of the quotes and speakers of a Doc that the ``whosaid`` spaCy
    component processed, an ``Analysis`` or a whosaid/1 dict (``whosaid.spacy_component``)."""
    from whosaid.spacy_component import render as render_html

    return render_html(doc_or_analysis)  # type: ignore[arg-type]


__all__ = [
    "Analysis",
    "Article",
    "DateMention",
    "Entity",
    "Outcome",
    "Paragraph",
    "Party",
    "Pipeline",
    "Quote",
    "Removed",
    "Settings",
    "Span",
    "Speaker",
    "WhosaidError",
    "analyze",
    "analyze_many",
    "render",
]
