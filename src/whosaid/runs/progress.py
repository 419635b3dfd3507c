"""Progress across all workers: articles done, rate, time left and failures by reason, drawn as
one live line on standard error when it is a terminal."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from whosaid.model import Outcome


@dataclass(slots=True)
class ProgressState:
    """What the progress display shows: articles done, rate, ETA, failures by reason."""

    total: int | None = None
    started: float = field(default_factory=time.monotonic)
    done: int = 0
    already: int = 0  # counted in ``done`` but not analysed (stored before): not in the rate
    failures: Counter[str] = field(default_factory=Counter)

    def add(self, outcome: Outcome) -> None:
        self.done += 1
        if not outcome.ok:
            self.failures[outcome.reason or "error"] += 1

    def rate(self, now: float | None = None) -> float:
        """Articles analysed per second since the start."""
        elapsed = (time.monotonic() if now is None else now) - self.started
        return (self.done - self.already) / elapsed if elapsed > 0 else 0.0

    def eta(self, now: float | None = None) -> float | None:
        """Seconds left at the rate so far; None when the total or the rate is unknown."""
        rate = self.rate(now)
        if self.total is None or rate <= 0:
            return None
        return max(self.total - self.done, 0) / rate

    def line(self, now: float | None = None) -> str:
        """One line: ``120/1,000 articles · 24.1/s · ETA 0:00:36 · failed: empty 2``."""
        count = f"{self.done:,}" + (f"/{self.total:,}" if self.total is not None else "")
        parts = [f"{count} articles", f"{self.rate(now):.1f}/s"]
        eta = self.eta(now)
        if eta is not None:
            parts.append("ETA " + time.strftime("%H:%M:%S", time.gmtime(eta)))
        if self.failures:
            parts.append(
                "failed: " + ", ".join(f"{r} {n}" for r, n in sorted(self.failures.items()))
            )
        return " · ".join(parts)


def with_progress(
    outcomes: Iterable[Outcome], total: int | None = None, *, force: bool = False
) -> Iterator[Outcome]:
    """Pass Outcomes through while showing one live line on standard error (rich), when standard
    error is a terminal or ``force`` is set; otherwise pass them through silently."""
    from rich.console import Console
    from rich.live import Live
    from rich.text import Text

    console = Console(stderr=True)
    if not (console.is_terminal or force):
        yield from outcomes
        return
    state = ProgressState(total=total)
    with Live(Text(state.line()), console=console, refresh_per_second=4, transient=False) as live:
        for outcome in outcomes:
            state.add(outcome)
            live.update(Text(state.line()))
            yield outcome


@contextmanager
def live_progress(state: ProgressState) -> Iterator[None]:
    """Redraw ``state`` on standard error four times a second while the body runs (when
    standard error is a terminal)."""
    from rich.console import Console
    from rich.live import Live
    from rich.text import Text

    class _Line:
        def __rich__(self) -> Text:
            return Text(state.line())

    console = Console(stderr=True)
    if not console.is_terminal:
        yield
        return
    with Live(_Line(), console=console, refresh_per_second=4):
        yield
