"""Word lists the store's queries use: data only, each with the reason it exists."""

from __future__ import annotations

# `whosaid shared` lists quotes carried by several articles. Wire copy repeats stock phrases
# that the quote finder takes as indirect quotes ("... who asked not to be identified", "...
# declined to give further details"); they lead the list by sheer count but say nothing. A
# statement has a subject and a finite verb, which such fragments lack; without a parse at query
# time, two marks of them are used: fewer words than a clause needs, or an infinitive opening.
STATEMENT_MIN_WORDS = 5  # "not to be identified", "to give further details": 4 words
# Openings of an infinitive phrase (no subject, no finite verb), compared on lower-cased words.
INFINITIVE_OPENINGS: tuple[tuple[str, ...], ...] = (("to",), ("not", "to"))
