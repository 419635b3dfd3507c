"""Patterns for cleaning, as data. Each says why it exists."""

from __future__ import annotations

import re

_I = re.IGNORECASE

# Headings are short; a one-line paragraph of more words than this is prose that lacks a period.
HEADING_MAX_WORDS = 14

# AFP-style sub-headings: "- 'Blood alliance' -". The quote marks make them look like speech.
DASHED_HEADING = re.compile(r"\s*[-–—•]\s*.{1,80}?\s*[-–—•]\s*")

# (reason, pattern) for paragraphs that are page furniture rather than the article. Patterns are
# anchored on phrasing that news prose does not use, so a quote that mentions a newsletter stays.
BOILERPLATE: list[tuple[str, re.Pattern[str]]] = [
    (
        "newsletter",
        re.compile(
            r"^(sign up|subscribe)\b.{0,60}\b(newsletters?|bulletins?|briefing|updates|inbox)\b"
            r"|^get (the best|our|the latest) .{0,40}(updates|news|stories).{0,30}(inbox|email)"
            r"|\bsign up (for|to) (our|the) .{0,40}newsletters?\b.{0,40}$"
            r"|^(enter|your) (your )?e-?mail address",
            _I,
        ),
    ),
    (
        "subscription",
        re.compile(
            r"^(subscribe|become a (member|subscriber)|already a subscriber"
            r"|support (our|independent) journalism"
            r"|this (article|content) is (only )?(available|for) (to )?subscribers)",
            _I,
        ),
    ),
    (
        "cookies",
        re.compile(r"\b(we|this (web)?site) uses? cookies\b|\baccept (all )?cookies\b", _I),
    ),
    (
        "share",
        re.compile(
            r"^(share (this|on)|share:|click to share|tweet this|email this|print this|copy link"
            r"|follow us on)\b",
            _I,
        ),
    ),
    (
        "teaser",
        re.compile(
            r"^(read more|related( articles| stories| coverage)?|see also|more from|recommended"
            r"|most (read|popular)|you may also like|watch|listen)\s*[:>»|-]",
            _I,
        ),
    ),
    (
        "advertisement",
        # "Article Continued Below" marks where a page's advertisement was
        re.compile(
            r"^(advertisement|sponsored( content)?|ad|(article|story) continue[sd]? below)\.?$", _I
        ),
    ),
    # Lines with no word at all: the " ." some scrapers leave between paragraphs (GGT's texts
    # have one after almost every paragraph), "***" or "—" section breaks. As paragraphs they
    # would stand between a quote and the cue-less quote paragraph that continues it.
    ("no words", re.compile(r"^[\W_]+$")),
]

# Short lines that continue a sign-up block: mailing-list choices, consent and privacy notes.
SIGNUP_TAIL = re.compile(
    r"mailing list|unsubscribe|newsletter|privacy (policy|notice)|marketing platform"
    r"|by (subscribing|signing up)|your (e-?mail|information)|inbox|terms (of use|and conditions)",
    _I,
)
