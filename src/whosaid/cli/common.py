"""What the store commands share: the ``--db``, ``--format``, ``--act`` and paging options,
errors as exit status 2, and printing rows as a table, JSON, JSON lines or CSV.

Exit status: 0 with results, 1 when a query matched nothing (as grep does) or some inputs of an
ingest failed, 2 on an error (bad query, missing store, newer schema, damaged store).
"""

from __future__ import annotations

import csv
import json
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from whosaid.errors import WhosaidError
from whosaid.store import ACT_CHOICES, Hit

OUTPUTS = ("table", "json", "jsonl", "csv")
DEFAULT_DB = os.environ.get("WHOSAID_DB", "whosaid.db")

db_option = click.option(
    "--db",
    default=DEFAULT_DB,
    show_default=True,
    help="The store: a file, or a postgresql:// address (or set WHOSAID_DB).",
)
format_option = click.option(
    "--format", "fmt", type=click.Choice(OUTPUTS), default="table", show_default=True
)
# Readers after quotes want speech: beliefs, intentions and evidence ("thinks", "plans to", "the
# poll shows") are attributions too, but are shown only when asked for.
act_option = click.option(
    "--act",
    type=click.Choice(ACT_CHOICES),
    default="speech",
    show_default=True,
    help="What the cue reports: speech, belief, intent, evidence, or all.",
)


@contextmanager
def errors_exit() -> Iterator[None]:
    """A WhosaidError becomes its message on stderr and exit status 2, never a traceback; a
    store that fails to read is one too (the reader says what its integrity check finds)."""
    try:
        yield
    except WhosaidError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)


HIT_COLUMNS = (
    "quote_id", "published", "speaker", "kind", "act", "content", "outlet", "source", "start"
)  # fmt: skip


def print_rows(rows: list[dict[str, Any]], fmt: str, columns: Sequence[str]) -> None:
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    elif fmt == "jsonl":
        for r in rows:
            click.echo(json.dumps(r, ensure_ascii=False))
    elif fmt == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        for r in rows:
            writer.writerow({k: _csv_value(v) for k, v in r.items()})
    else:
        table = Table(show_lines=False)
        for c in columns:
            table.add_column(c, overflow="fold", max_width=70 if c == "content" else 30)
        for r in rows:
            table.add_row(*(_cell(r.get(c)) for c in columns))
        Console(width=max(Console().width, 140)).print(table)


def _csv_value(v: Any) -> Any:
    if isinstance(v, list):
        return json.dumps(v, ensure_ascii=False) if v and isinstance(v[0], list) else "; ".join(v)
    return v


def _cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, list):  # a table shows a few; json, jsonl and csv give them all
        shown = ", ".join(" ".join(str(x).split()) for x in v[:4])
        return shown + (f" (+{len(v) - 4})" if len(v) > 4 else "")
    return " ".join(str(v).split())


def print_hits(hits: list[Hit], fmt: str, empty: str) -> None:
    if not hits:
        if fmt == "json":
            click.echo("[]")
        click.echo(empty, err=True)
        sys.exit(1)
    rows = [h.to_dict() for h in hits]
    if fmt == "table":
        for r in rows:
            r["start"] = f"{r['start']}-{r['end']}"
            r["speaker"] = r["speaker"] or (
                f"unnamed: {r['unnamed']}"
                if r.get("unnamed")
                else f"? {r['speaker_mention']!r}"
                if r["speaker_mention"]
                else "?"
            )
    print_rows(rows, fmt, HIT_COLUMNS)


def page_options(default_limit: int) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    def wrap(f: Callable[..., Any]) -> Callable[..., Any]:
        # bounded here so a huge number is a usage error, not an SQLite overflow
        f = click.option("--offset", type=click.IntRange(0, 10**9), default=0, show_default=True)(f)
        f = click.option(
            "--limit", type=click.IntRange(1, 100_000), default=default_limit, show_default=True
        )(f)
        return f

    return wrap
