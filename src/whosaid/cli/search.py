"""The store's questions: ``search``, ``speakers``, ``timeline``, ``show``, ``occurrences`` and
``shared``. A thin adapter over the store's reader (``whosaid.store.open_reader``): parse
options, ask, print.
"""

from __future__ import annotations

import json
import sys
from typing import Any

import click
from rich.console import Console
from rich.text import Text

from whosaid.cli.common import (
    act_option,
    db_option,
    errors_exit,
    format_option,
    page_options,
    print_hits,
    print_rows,
)
from whosaid.store import Hit, SearchQuery, open_reader


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
@page_options(50)
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
    with errors_exit():
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
        with open_reader(db) as reader:
            if only_count:
                click.echo(reader.count(query))
                return
            hits = reader.search(query)
    print_hits(hits, fmt, "no quotation matches this search.")


@click.command("speakers")
@click.option("--name", help="Only speakers whose name or an alias contains this.")
@click.option("--outlet", help="Only quotes in this outlet's articles.")
@click.option("--since", help="From this date (YYYY-MM-DD, YYYY-MM or YYYY).")
@click.option("--until", help="Up to this date, inclusive.")
@click.option("--type", "type_", help="person, organization, place or other.")
@act_option
@page_options(20)
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
    with errors_exit(), open_reader(db) as reader:
        rows = reader.speakers(
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
    print_rows(
        [r.to_dict() for r in rows],
        fmt,
        ("name", "type", "quotes", "articles", "first", "last", "aliases", "roles", "outlets"),
    )


@click.command("timeline")
@click.argument("name")
@click.option("--since", help="From this date (YYYY-MM-DD, YYYY-MM or YYYY).")
@click.option("--until", help="Up to this date, inclusive.")
@act_option
@page_options(200)
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
    with errors_exit(), open_reader(db) as reader:
        hits = reader.timeline(name, since=since, until=until, limit=limit, offset=offset, act=act)
    print_hits(hits, fmt, f"{name} is in the store but said nothing in these dates.")


@click.command("show")
@click.argument("ref")
@db_option
@click.option("--format", "fmt", type=click.Choice(("text", "json")), default="text")
def show_command(ref: str, db: str, fmt: str) -> None:
    """An article (by id, hash or source) with its quotes marked: «quote»[n], then who said it."""
    with errors_exit(), open_reader(db) as reader:
        stored = reader.article(ref)
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
    with errors_exit(), open_reader(db) as reader:
        group = reader.quote_occurrences(quote_id)
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
    print_hits(group.occurrences, fmt, "")
    if group.variants and fmt == "table":
        click.echo(f"{len(group.variants)} variants (other wordings of this statement):")
        print_rows(
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
@page_options(20)
@db_option
@format_option
def shared_command(
    min_occurrences: int, show_all: bool, act: str, limit: int, offset: int, db: str, fmt: str
) -> None:
    """Quotes carried by several articles (wire copy, pickups), most carried first; pass a
    quote id to `whosaid occurrences` to see every article that carries it. Fragments that
    cannot be statements (under five words, or an infinitive: 'to give further details') are
    left out unless --all."""
    with errors_exit(), open_reader(db) as reader:
        groups = reader.shared_quotes(
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
    print_rows(
        rows, fmt, ("quote_id", "occurrences", "first_seen", "speakers", "outlets", "content")
    )
