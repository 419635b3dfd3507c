"""Keys that decide identity in the store: of an article, a person, a quote.

- An article is its content: the same text (or HTML) with the same url, outlet, title and date
  is the same article wherever the file lies, so ingesting an input twice adds nothing.
- A person or outlet is its name with case, accents and punctuation normalised away
  ("Kim Jong-un" and "kim jong un" are one person).
- A quote is its words with case, punctuation and quote marks normalised away, so a wire story's
  quote and a pickup that re-typed its quote marks are one quote with two occurrences.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata

from whosaid.model import Article

_NOT_WORD = re.compile(r"[^\w]+")
# Mentions that refer to a speaker but are never one of their names.
_PRONOUNS = frozenset(
    {"he", "she", "it", "they", "we", "i", "you", "him", "her", "them", "his", "hers"}
    | {"its", "their", "our", "who", "this", "that"}
)


def article_key(article: Article) -> str:
    """SHA-256 of the article's content and metadata (not its source path)."""
    payload = {
        "html" if article.html is not None else "text": article.html or article.text,
        "url": article.url,
        "outlet": article.outlet,
        "title": article.title,
        "published": article.published.isoformat() if article.published else None,
    }
    raw = json.dumps(payload, ensure_ascii=False, sort_keys=True).encode("utf-8")
    return hashlib.sha256(raw).hexdigest()


def failure_key(source: str | None, reason: str) -> str:
    """The key of a failure that has no article behind it (an unreadable file, a bad line)."""
    return hashlib.sha256(f"{source}\x00{reason}".encode()).hexdigest()


def normal_key(text: str) -> str:
    """Lowercase words without accents, punctuation or quote marks, single-spaced."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NOT_WORD.sub(" ", stripped.casefold()).replace("_", " ").strip()


def name_aliases(name: str, mentions: list[str]) -> list[str]:
    """The mentions that are another way of writing ``name``: capitalised, and made only of
    words of the full name ("Putin" for "Vladimir Putin"; not "he", not "the spokesman")."""
    words = set(normal_key(name).split())
    seen: set[str] = set()
    out: list[str] = []
    for mention in mentions:
        text = re.sub(r"['’]s$", "", mention.strip())
        key = normal_key(text)
        if not key or key in seen or key in _PRONOUNS or not text[:1].isupper():
            continue
        if set(key.split()) <= words:
            seen.add(key)
            out.append(text)
    return out
