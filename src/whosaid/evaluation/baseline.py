"""The public baseline: textacy 0.13's ``direct_quotations``, scored like whosaid.

textacy finds direct quotes only (a quotation next to a reporting verb and its subject); it runs
over the whole article parsed by the same spaCy pipeline whosaid uses. It yields one triple per
quotation, so a quote split by its cue ('"A," she said, "B."') comes out as two triples sharing
the same cue tokens: we join triples with the same cue into one relation of several pieces, as
PolNeAR annotates it. On some articles with unbalanced quote marks it raises; such an article
counts as having no predictions and is reported as a failure.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.language import Language
from spacy.tokens import Token

from whosaid.evaluation.scoring import Piece, Relation, normalise


def token_pieces(tokens: Sequence[Token]) -> list[Piece]:
    """Character pieces covering ``tokens``, one per run of consecutive tokens."""
    pieces: list[Piece] = []
    last = -2
    for tok in sorted(tokens, key=lambda t: t.i):
        start, end = tok.idx, tok.idx + len(tok.text)
        if pieces and tok.i == last + 1:
            pieces[-1] = (pieces[-1][0], end)
        else:
            pieces.append((start, end))
        last = tok.i
    return pieces


def textacy_relations(nlp: Language, text: str) -> tuple[list[Relation], bool]:
    """textacy's direct quotations in ``text`` as relations, and whether textacy failed."""
    from textacy.extract.triples import direct_quotations  # dev extra, imported when used

    doc = nlp(text)
    try:
        triples = list(direct_quotations(doc))
    except Exception:  # textacy raises ValueError/IndexError on unbalanced marks
        return [], True
    grouped: dict[tuple[int, ...], list] = {}
    for t in triples:
        grouped.setdefault(tuple(tok.i for tok in t.cue), []).append(t)
    relations = []
    for group in grouped.values():
        content = normalise(text, [(t.content.start_char, t.content.end_char) for t in group])
        if not content:
            continue
        relations.append(
            Relation(
                content,
                normalise(text, token_pieces(group[0].cue)),
                normalise(text, token_pieces(group[0].speaker)),
            )
        )
    return relations, False
