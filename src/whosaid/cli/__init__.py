"""The command line: a thin adapter over library calls, one module per command group. It parses
arguments, calls the library and prints; nothing outside ``whosaid.cli`` imports it.

``extract`` (analyse and print or write files), ``ingest`` (``ingest``, ``failures``), ``search``
(``search``, ``speakers``, ``timeline``, ``show``, ``occurrences``, ``shared``), ``travel``
(``conflicts``, ``relays``), ``serve`` and ``eval``. The commands reach the store only through
its seam (``whosaid.store.open_reader``; ingest through ``whosaid.runs``), and import the
analysis (spaCy) only inside the commands that analyse, so ``whosaid --version`` and the query
commands start without it.
"""

from __future__ import annotations

import click

from whosaid import __version__
from whosaid.cli.eval import eval_group
from whosaid.cli.extract import extract_command, format_text, read_inputs
from whosaid.cli.ingest import failures_command, ingest_command
from whosaid.cli.search import (
    occurrences_command,
    search_command,
    shared_command,
    show_command,
    speakers_command,
    timeline_command,
)
from whosaid.cli.serve import serve_command
from whosaid.cli.travel import conflicts_command, relays_command


@click.group()
@click.version_option(version=__version__, prog_name="whosaid")
def main() -> None:
    """whosaid: who said what in news articles."""


COMMANDS = (
    extract_command,
    eval_group,
    serve_command,
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
for _command in COMMANDS:
    main.add_command(_command)

__all__ = ["COMMANDS", "format_text", "main", "read_inputs"]
