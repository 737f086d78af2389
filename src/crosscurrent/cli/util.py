"""What every command shares: the store, the caller, errors as one line, progress."""

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click
import duckdb
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, TimeRemainingColumn

from crosscurrent.errors import CrosscurrentError
from crosscurrent.settings import db_path
from crosscurrent.share import audit
from crosscurrent.share.callers import resolve_caller
from crosscurrent.share.entry import ID
from crosscurrent.share.errors import JustificationRequired
from crosscurrent.store import db
from crosscurrent.store.view import Caller

err = Console(stderr=True)
OPERATOR = "operator"


class Context:
    def __init__(self, db_override: str | None) -> None:
        self.db_override = db_override

    @property
    def path(self) -> Path:
        return db_path(self.db_override)

    def connect(self) -> duckdb.DuckDBPyConnection:
        return db.connect(self.db_override)

    def audit_key(self) -> Ed25519PrivateKey:
        return audit.load_or_create_key(audit.key_path(self.db_override))


pass_ctx = click.make_pass_decorator(Context)


class Group(click.Group):
    """Domain errors become one line on stderr and exit status 1, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except CrosscurrentError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(1)
        except duckdb.IOException as exc:
            click.echo(f"error: cannot open the store: {exc}", err=True)
            sys.exit(1)
        except BrokenPipeError:
            raise click.Abort() from None


@click.group(cls=Group)
@click.option("--db", "db_override", envvar="CROSSCURRENT_DB", help="Store file (DuckDB).")
@click.pass_context
def main(ctx: click.Context, db_override: str | None) -> None:
    """Crosscurrent: shared intelligence against people-smuggling networks."""
    ctx.obj = Context(db_override)


@main.group()
def export() -> None:
    """Export ids (operator) and entities (a caller's view)."""


def as_option(func: Any) -> Any:
    """``--as`` and ``--case``: who reads, and why (required to consult)."""
    func = click.option(
        "--case", "case", required=True, help="Case reference that justifies this consultation."
    )(func)
    return click.option("--as", "as_name", required=True, help="Agency code or user name.")(func)


def caller_for(con: duckdb.DuckDBPyConnection, name: str, case: str | None = None) -> Caller:
    """The caller ``--as`` names; with ``case``, the case reference is checked first, so
    that nothing is read, let alone shown, that could not then be logged."""
    if case is not None and not ID.fullmatch(case.strip()):
        raise JustificationRequired()
    return resolve_caller(con, name)


def actor(caller: Caller | None) -> tuple[str, str | None]:
    if caller is None:
        return OPERATOR, None
    return caller.label, caller.agency


def log(
    ctx: Context,
    con: duckdb.DuckDBPyConnection,
    action: str,
    objects: list[str],
    caller: Caller | None = None,
    justification: str | None = None,
    detail: dict[str, Any] | None = None,
) -> None:
    """Append to the audit log in the caller's transaction (or on its own)."""
    who, agency = actor(caller)
    # every=1: each command signs a checkpoint, so nothing it logged rests on the
    # hash chain alone once it has finished.
    audit.append(
        con, who, agency, action, objects, justification, detail, key=ctx.audit_key(), every=1
    )


@contextmanager
def progress_bar(path: Path) -> Iterator[Any]:
    """A progress bar on stderr for files big enough to wait for."""
    size = path.stat().st_size if path.suffix.lower() != ".xlsx" else 0
    show = err.is_terminal and size > 5_000_000
    with Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        DownloadColumn(),
        TimeRemainingColumn(),
        console=err,
        disable=not show,
        transient=True,
    ) as bar:
        task = bar.add_task(path.name, total=size or None)
        yield lambda n: bar.advance(task, n)


def report_console() -> Console:
    # A report piped to a file or a log is read later on a wide screen, not in 80 columns.
    return Console(width=None if sys.stdout.isatty() else 140)
