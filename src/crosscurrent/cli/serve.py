"""``crosscurrent serve``: the web API (and later the UI) under uvicorn."""

import click

from crosscurrent.cli.util import Context, main, pass_ctx


@main.command(help="Serve the web API with uvicorn (one process: it holds the store).")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@pass_ctx
def serve(ctx: Context, host: str, port: int) -> None:
    import uvicorn

    from crosscurrent.api import create_app

    if host not in ("127.0.0.1", "localhost", "::1"):
        # Session cookies are Secure: browsers send them over HTTPS (or to localhost) only.
        click.echo("note: serve other hosts behind an HTTPS proxy; cookies need HTTPS", err=True)
    # One worker: DuckDB lets one process write the store, and sign-in rate limits
    # live in this process's memory.
    uvicorn.run(create_app(ctx.path), host=host, port=port, workers=1, server_header=False)
