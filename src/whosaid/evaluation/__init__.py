"""Measuring whosaid against data written by others (PolNeAR, GenderGapTracker).

The data never lives in the repository: it is read from a folder given on the command line, or
from ``WHOSAID_DATA``, or from ``../shared/data`` beside the repository. Nothing here is used by
the extraction itself.
"""

from __future__ import annotations

import os
from pathlib import Path

from whosaid.errors import WhosaidError

# src/whosaid/evaluation/__init__.py -> the repository root is three folders up.
_REPO_ROOT = Path(__file__).resolve().parents[3]


class DataNotFound(WhosaidError):
    """An evaluation data set is not where it was looked for."""

    reason = "no_data"


def default_data_dir() -> Path:
    """The evaluation data folder: ``WHOSAID_DATA``, else ``../shared/data`` beside the
    repository (or beside the working directory, for an installed whosaid)."""
    env = os.environ.get("WHOSAID_DATA")
    if env:
        return Path(env)
    for base in (_REPO_ROOT, Path.cwd()):
        candidate = (base / ".." / "shared" / "data").resolve()
        if candidate.is_dir():
            return candidate
    return (_REPO_ROOT / ".." / "shared" / "data").resolve()
