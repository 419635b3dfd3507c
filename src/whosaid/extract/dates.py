"""Date expressions in the body, resolved against the publication date.

First version: spaCy's DATE entities, kept with their text and left unresolved. The resolver
(weekdays, "last year", "April 2008" against the publication date) replaces ``_resolve``.
"""

from __future__ import annotations

import datetime as dt

from whosaid.annotate.nlp import Parsed
from whosaid.model import DateMention, Quote


def find_dates(text: str, parsed: list[Parsed], published: dt.date | None) -> list[DateMention]:
    """Every DATE expression of the article, in text order."""
    out: list[DateMention] = []
    for para in parsed:
        for ent in para.doc.ents:
            if ent.label_ != "DATE":
                continue
            start, end = para.offset + ent.start_char, para.offset + ent.end_char
            out.append(DateMention(start, end, text[start:end], None, None))
    return out


def date_quotes(quotes: list[Quote], dates: list[DateMention], parsed: list[Parsed]) -> list[Quote]:
    """Give each quote the date its sentence says it was said on (none yet)."""
    return quotes
