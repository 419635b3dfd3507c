"""Deprecated: the runs moved to ``whosaid.runs`` (``from whosaid.runs import run_parallel``).

Every name this module had is still found here, with a ``DeprecationWarning`` naming its new
home; this shim goes in a later release.
"""

import warnings
from typing import Any


def __getattr__(name: str) -> Any:
    import whosaid.runs as runs

    if name not in runs.__all__:
        raise AttributeError(f"module 'whosaid.batch' has no attribute {name!r}")
    warnings.warn(
        f"whosaid.batch.{name} moved to whosaid.runs: import it from there "
        f"(from whosaid.runs import {name}).",
        DeprecationWarning,
        stacklevel=2,
    )
    return getattr(runs, name)
