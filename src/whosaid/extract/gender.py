"""The gender an article gives each person, so that a pronoun is not resolved across genders.

Written for whosaid: no offline coreference package does it, and name lists guess. The evidence
is what the article itself says, in order of strength:
1. an honorific before a mention ("Mr. Farley", "Ms Lind") or a gendered noun in a role the
   article gives ("spokeswoman", "the father of three"): three votes each;
2. a gendered third-person pronoun outside quotation marks in a sentence that, before the
   pronoun, mentions that person and no other ("Purdy credits his terrier"): one vote each.
A person gets the gender with the votes when the other side has none, or at most half as many;
otherwise the gender stays unknown and any pronoun may refer to them.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict

from whosaid.annotate.nlp import Parsed
from whosaid.extract import lexicon as lx
from whosaid.extract.entities import EntityIndex
from whosaid.extract.marks import find_quoted

Gender = str  # "m" or "f"

_GENDER_OF = {w: "m" for w in lx.MALE_PRONOUNS} | {w: "f" for w in lx.FEMALE_PRONOUNS}
# found in the text rather than by walking every token: most paragraphs have no such pronoun
_PRONOUN = re.compile(r"\b(?:" + "|".join(sorted(_GENDER_OF)) + r")\b", re.IGNORECASE)

STRONG = 3  # votes for an honorific or a gendered role noun
WEAK = 1  # votes for a pronoun in the same sentence


def article_genders(text: str, parsed: list[Parsed], index: EntityIndex) -> dict[str, Gender]:
    """Cluster id -> "m" or "f", for the people whose gender the article makes plain."""
    votes: dict[str, dict[Gender, int]] = defaultdict(lambda: {"m": 0, "f": 0})
    for c in index.clusters:
        if c.type != "person":
            continue
        for a, b in c.mentions:
            g = _honorific_gender(text, a, b)
            if g:
                votes[c.id][g] += STRONG
        for a, b in c.roles:
            g = _role_gender(text[a:b])
            if g:
                votes[c.id][g] += STRONG
    for cid, g in _pronoun_votes(parsed, index):
        votes[cid][g] += WEAK
    return {cid: g for cid, v in votes.items() if (g := _decide(v))}


def _decide(v: dict[Gender, int]) -> Gender | None:
    m, f = v["m"], v["f"]
    if m > 0 and m >= 2 * f:
        return "m"
    if f > 0 and f >= 2 * m:
        return "f"
    return None


def _honorific_gender(text: str, start: int, end: int) -> Gender | None:
    """The honorific inside the mention ("Mr. Trump" tagged whole) or just before it."""
    inside = text[start:end].split()[:1]
    before = text[max(0, start - 8) : start].split()[-1:]
    for word in inside + before:
        w = word.lower()
        if w in lx.MALE_HONORIFICS:
            return "m"
        if w in lx.FEMALE_HONORIFICS:
            return "f"
    return None


def _role_gender(role: str) -> Gender | None:
    words = {w.strip(".,;:'’\"").lower() for w in role.split()}
    male, female = bool(words & lx.MALE_NOUNS), bool(words & lx.FEMALE_NOUNS)
    if male != female:
        return "m" if male else "f"
    return None


def _pronoun_votes(parsed: list[Parsed], index: EntityIndex) -> list[tuple[str, Gender]]:
    """(cluster id, gender) for each gendered pronoun whose sentence, before it, names one
    person only."""
    out: list[tuple[str, Gender]] = []
    people = sorted((a, b, c.id) for (a, b), c in index.by_offsets.items() if c.type == "person")
    starts = [a for a, _, _ in people]  # a paragraph's people by binary search, not a scan
    for para in parsed:
        text, off = para.text, para.offset
        here = people[bisect.bisect_left(starts, off) : bisect.bisect_left(starts, off + len(text))]
        pronouns = [(m.start(), _GENDER_OF[m.group().lower()]) for m in _PRONOUN.finditer(text)]
        if not here or not pronouns:
            continue  # nothing to vote for, or no pronoun to vote with
        quoted = [(q.start, q.end) for q in find_quoted(text)]
        here = [p for p in here if not _inside(p[0] - off, quoted)]
        sentence_starts = [s.start_char for s in para.sents]
        for at, g in pronouns:
            if _inside(at, quoted):
                continue
            lo = off + sentence_starts[bisect.bisect_right(sentence_starts, at) - 1]
            named = {cid for a, b, cid in here if lo <= a and b <= off + at}
            if len(named) == 1:
                out.append((named.pop(), g))
    return out


def _inside(at: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= at < b for a, b in spans)
