"""``whosaid conflicts`` and ``whosaid relays``: how statements travel between speakers and
outlets (a thin adapter over the store's reader)."""

from __future__ import annotations

import json
import sys

import click

from whosaid.cli.common import db_option, errors_exit, page_options, print_rows
from whosaid.store import open_reader


@click.command("conflicts")
@page_options(20)
@db_option
@click.option(
    "--format", "fmt", type=click.Choice(("table", "json")), default="table", show_default=True
)
def conflicts_command(limit: int, offset: int, db: str, fmt: str) -> None:
    """Statements credited to two or more different speakers (possible misattributions), the
    most widely carried first, with the articles behind each version. The names of one person
    (Putin, Vladimir Putin) count as one speaker."""
    with errors_exit(), open_reader(db) as reader:
        found = reader.conflicts(limit=limit, offset=offset)
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
    print_rows(rows, "table", ("articles", "speakers", "statement", "evidence"))


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
    with errors_exit(), open_reader(db) as reader:
        graph = reader.relays(speaker=speaker, outlet=outlet)
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
        print_rows(rows, "table", ("source", "target", "quotes", "articles"))
