"""The partitioned-output run (``whosaid extract --out DIR``): articles analysed on local cores
or a Dask cluster into part files (see ``whosaid.output``), resuming a run that stopped part-way."""

from __future__ import annotations

from collections.abc import Generator, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, cast

from whosaid.config import DEFAULT_SETTINGS, Settings
from whosaid.errors import WhosaidError
from whosaid.model import Outcome
from whosaid.runs.cluster import client_or_none
from whosaid.runs.local import Item
from whosaid.runs.parallel import run_parallel
from whosaid.runs.progress import with_progress

if TYPE_CHECKING:
    from whosaid.output import OutFormat, WriteReport


def extract_to_dir(
    items: Iterable[Item],
    out_dir: str | Path,
    fmt: str = "jsonl",
    settings: Settings = DEFAULT_SETTINGS,
    *,
    workers: int | None = None,
    cluster: str | None = None,
    total: int | None = None,
    part_size: int = 1000,
    progress: bool = True,
) -> WriteReport:
    """Analyse ``items`` into part files under ``out_dir`` (see ``whosaid.output``), resuming a
    run that stopped part-way; the progress line shows when standard error is a terminal."""
    from whosaid.output import OUT_FORMATS, write_partitioned

    if fmt not in OUT_FORMATS:
        raise WhosaidError(
            f"--out writes {' or '.join(OUT_FORMATS)} parts, not {fmt!r}; "
            "add --format jsonl or --format parquet."
        )
    runs: list[Generator[Outcome, None, None]] = []
    with client_or_none(cluster) as client:

        def analyse(stream: Iterable[Item]) -> Iterator[Outcome]:
            outcomes = run_parallel(stream, settings, workers=workers, client=client)
            runs.append(outcomes)
            return with_progress(outcomes, total) if progress else iter(outcomes)

        out_fmt = cast("OutFormat", fmt)  # checked against OUT_FORMATS above
        try:
            return write_partitioned(items, out_dir, analyse, fmt=out_fmt, part_size=part_size)
        finally:
            for run in runs:  # see ingest_parallel: stop the workers while the cluster is up
                run.close()
