"""Plain-text cleaning: find the article's paragraphs, headings and captions, and mark the rest.

Nothing is rewritten. Cleaning returns spans over the original text, so every offset a later
stage produces is an offset into the text the user gave.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from whosaid.clean import lexicon
from whosaid.model import Body, Paragraph, Removed

_SENTENCE_END = re.compile(r"[.!?:;…\"'”’»)\]]\s*$")  # linear: each \s* run follows one mark


def blocks(text: str) -> Iterator[tuple[int, int]]:
    """Yield (start, end) of each block of non-blank lines, white space trimmed. A paragraph is
    a run of non-blank lines; scrapers leave blank lines (often with stray spaces) between
    paragraphs. One pass over the lines: the regular expression this once was backtracked
    over every position of a blank line (quadratic: 40,000 spaces took 33 seconds)."""
    start = end = -1  # the current block: its first line's start, its last line's end
    pos = 0
    for line in text.split("\n"):
        if line and not line.isspace():
            start = pos if start < 0 else start
            end = pos + len(line)
        elif start >= 0:
            yield _trimmed(text, start, end)
            start = -1
        pos += len(line) + 1
    if start >= 0:
        yield _trimmed(text, start, end)


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def trimmed_lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``text[start:end]`` cut at line breaks, each line trimmed of white space; blank lines
    left out. Offsets are into ``text``."""
    lines: list[tuple[int, int]] = []
    pos = start
    for line in text[start:end].split("\n"):
        s, e = pos, pos + len(line)
        pos = e + 1
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            lines.append((s, e))
    return lines


def _split_lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A block whose lines are each a sentence or a heading is several paragraphs (one
    newline between paragraphs, as many scrapers write); a block of wrapped lines is one."""
    lines = trimmed_lines(text, start, end)
    if len(lines) <= 1:
        return lines
    ends_cleanly = sum(1 for s, e in lines if _SENTENCE_END.search(text[s:e]))
    # Hard-wrapped prose breaks lines mid-sentence; if most lines end a sentence, they are
    # paragraphs in their own right.
    if ends_cleanly >= len(lines) - 1:
        return lines
    return [(start, end)]


def doubled_caption(s: str) -> int | None:
    """If ``s`` is one sentence printed twice back to back (a caption scraped from the image's
    alt text and from its figcaption), return the length of the first copy."""
    n = len(s)
    for half in (n // 2, (n - 1) // 2, (n + 1) // 2):
        first, second = s[:half].strip(), s[half:].strip()
        if len(first) >= 20 and first == second:
            return half
    return None


def is_heading(s: str) -> bool:
    """A short line with no sentence-final punctuation, or a ``- 'Title' -`` style sub-heading."""
    if lexicon.DASHED_HEADING.fullmatch(s):
        return True
    words = s.split()
    if not 1 <= len(words) <= lexicon.HEADING_MAX_WORDS:
        return False
    if _SENTENCE_END.search(s) or s.endswith(","):
        return False
    if s[0] in "\"“‘'«„":  # a short quote on its own line is a quote, not a heading
        return False
    return s[0].isupper() or s[0].isdigit()


def boilerplate_reason(s: str) -> str | None:
    """The reason a paragraph is not part of the article, or None if it is."""
    for reason, pattern in lexicon.BOILERPLATE:
        if pattern.search(s):
            return reason
    return None


def clean(text: str) -> Body:
    """Split ``text`` into paragraphs, headings and captions; mark boilerplate as removed."""
    paragraphs: list[Paragraph] = []
    removed: list[Removed] = []
    spans = [ln for b in blocks(text) for ln in _split_lines(text, *b)]
    in_signup = False
    for i, (start, end) in enumerate(spans):
        s = text[start:end]
        reason = boilerplate_reason(s)
        # Newsletter sign-up blocks run over several short paragraphs ("Get the best updates",
        # "Please select at least one mailing list"): once one starts, the short ones after it
        # belong to it, until a real paragraph of the article appears.
        if reason == "newsletter":
            in_signup = True
        elif in_signup and (len(s.split()) <= 60 and lexicon.SIGNUP_TAIL.search(s)):
            reason = "newsletter"
        else:
            in_signup = False
        if reason:
            removed.append(Removed(start, end, reason))
            continue
        half = doubled_caption(s)
        if half is not None:
            first_end = start + len(s[:half].rstrip())
            second_start = start + half + (len(s[half:]) - len(s[half:].lstrip()))
            paragraphs.append(Paragraph(start, first_end, "caption"))
            removed.append(Removed(second_start, end, "duplicate caption"))
            continue
        is_last = i == len(spans) - 1
        if not is_last and is_heading(s):
            paragraphs.append(Paragraph(start, end, "heading"))
            continue
        paragraphs.append(Paragraph(start, end, "paragraph"))
    return Body(text=text, paragraphs=tuple(paragraphs), removed=tuple(removed))
