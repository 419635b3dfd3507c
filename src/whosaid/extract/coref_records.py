"""What the speaker sieve's passes share: the record of a decision, each pass's calibrated
confidence and the naming floor, and the two look-ups several passes make: the type a noun
describes and a pronoun's antecedent (``extract/coref.py`` runs the passes in order)."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from whosaid.extract import lexicon as lx
from whosaid.extract.entities import Cluster
from whosaid.extract.quotes import Draft
from whosaid.extract.salience import Salience

LOOKAHEAD_PARAGRAPHS = 3

# Calibrated on GGT dev: the share of the names each pass gave that named the annotators'
# reference, (right + 1) / (given + 2) so that a pass seldom used is not called certain
# (given, right at calibration in the comment; bench/eval_ggt.py prints the reliability table).
CONFIDENCE = {
    "name_match": 0.95,  # 280, 268
    "name_match_short": 0.75,  # 2, 2: a person's bare name, no full name in the article
    "name_untagged": 0.92,  # 11, 11
    "apposition": 0.83,  # 4, 4
    "acronym": 0.67,  # 1, 1
    "document_author": 0.8,  # 3, 3
    "name_inside": 0.4,  # 3, 1
    "role_match": 0.6,  # 8, 5
    "pronoun": 0.91,  # 148, 135
    "definite_subject": 0.5,  # 8, 4: the latest subject among others, a coin toss
    "definite_only": 0.83,  # 4, 4: the one candidate since the paragraph before
    "definite_nearest": 0.8,  # 3, 3: the latest subject, and no other of its kind named since
    "lookahead": 0.6,  # 0 on GGT; the bundled example's lede ("state media" -> KCNA) is one
    "continues": 0.91,  # 65, 60 (never above the quote it continues)
    "topic": 0.75,  # 2, 2
    "fragment": 0.67,  # 1, 1
}
# Below this chance of being right the sieve gives no name: "unnamed" when in doubt.
NAMING_FLOOR = 0.55
UNRESOLVED_CONFIDENCE = 0.3  # an unresolved mention: whosaid is sure only that it is unnamed
# Cluster types a speaker may resolve to: a group word ("Republican", "Canadians") is not one.
SPEAKER_TYPES = ("person", "organization", "place")
# The tagger's labels of names (an age, "the 39-year-old", is a DATE and names no one).
_NAME_TAGS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"})


@dataclass(slots=True)
class Resolved:
    """What the sieve decided for one speaker mention: a cluster, or an unnamed description."""

    cluster: Cluster | None
    confidence: float
    by: str = ""  # the pass that decided
    unnamed: str | None = None


def resolved(cluster: Cluster, by: str, cap: float = 1.0) -> Resolved:
    return Resolved(cluster, min(CONFIDENCE[by], cap), by)


def _as_said(mention: str) -> str:
    """The description as a reader would say it: the mention without trailing punctuation."""
    return mention.strip().rstrip(",;:.").strip()


def _described_type(tok: Token) -> str | None:
    lemma, lower = tok.lemma_.lower(), tok.lower_
    if lemma in lx.PERSON_NOUNS or lower in lx.PERSON_NOUNS:
        return "person"
    if lemma in lx.ORG_NOUNS or lower in lx.ORG_NOUNS:
        return "organization"
    return None


def _pronoun_antecedent(word: str, at: int, d: Draft, salience: Salience) -> Cluster | None:
    types = ("person",) if word in lx.PERSON_PRONOUNS else ("organization",)
    # "she" is not a man the article called "he" or "Mr." (see gender.py)
    other = salience.other_gender(lx.PERSON_PRONOUNS.get(word))
    # a subject nearby; else a subject further back (a long quotation between)
    subject = salience.antecedent_site(
        at, d.paragraph, types, subjects_only=True, exclude=other
    ) or salience.antecedent_site(
        at, d.paragraph, types, subjects_only=True, window=6, exclude=other
    )
    nearest = salience.antecedent_site(at, d.paragraph, types, exclude=other, nearest=True)
    site = subject or nearest
    if site is None:
        return None
    if (
        nearest is not None
        and nearest.cluster is not site.cluster
        and nearest.sentence > site.sentence
        and nearest.paragraph == d.paragraph
    ):
        # a later sentence of the pronoun's own paragraph names someone else of this type, not
        # as a subject: "Kim says ... Results for Babatunji Farinloye. 'quote,' he says"
        return None
    return site.cluster
