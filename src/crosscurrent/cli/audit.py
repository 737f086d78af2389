"""The audit log: verify it (operator), read it (auditors only), sign a checkpoint."""

import dataclasses
import json
from pathlib import Path
from typing import TextIO

import click

from crosscurrent.cli.util import Context, log, main, pass_ctx
from crosscurrent.errors import CrosscurrentError
from crosscurrent.share import audit
from crosscurrent.share.callers import UnknownCaller
from crosscurrent.share.users import Role, get_user
from crosscurrent.store.db import fetch_one
from crosscurrent.store.view import Caller


@main.group("audit")
def audit_group() -> None:
    """Verify, read and checkpoint the tamper-evident audit log."""


@audit_group.command("verify", help="Detect deleted, altered, reordered or inserted entries.")
@click.option(
    "--anchor",
    type=click.Path(path_type=Path, exists=True, dir_okay=False),
    help="A checkpoint kept outside the store (JSON, from `audit checkpoint -o`).",
)
@pass_ctx
def audit_verify(ctx: Context, anchor: Path | None) -> None:
    key = ctx.audit_key()
    kept = audit.Checkpoint.from_json(anchor.read_text()) if anchor else None
    with ctx.connect() as con:
        report = audit.verify(con, key.public_key(), kept)
    click.echo(
        f"{report.entries} entries, signed to {report.signed_to}, "
        f"{report.uncovered} after the last checkpoint"
    )
    for problem in report.problems:
        click.echo(f"  {problem}")
    if not report.ok:
        raise CrosscurrentError(
            f"the audit log fails verification ({len(report.problems)} problems)"
        )
    click.echo("audit log verified")


@audit_group.command("checkpoint", help="Sign a checkpoint now; -o keeps a copy outside the store.")
@click.option("-o", "--output", type=click.File("w"), help="Write the checkpoint as JSON here.")
@pass_ctx
def audit_checkpoint(ctx: Context, output: TextIO | None) -> None:
    with ctx.connect() as con:
        cp = audit.checkpoint(con, ctx.audit_key())
    if output is not None:
        output.write(cp.to_json() + "\n")
    click.echo(f"checkpoint signed over entries 1-{cp.seq}")


@audit_group.command("log", help="Read the audit log: auditors only.")
@click.option("--as", "as_name", required=True, help="A user with the auditor role.")
@click.option("--case", required=True, help="Why the log is read.")
@click.option("--since", type=int, help="Entries after this sequence number.")
@click.option("--limit", default=100, show_default=True, type=click.IntRange(min=1))
@pass_ctx
def audit_log(ctx: Context, as_name: str, case: str, since: int | None, limit: int) -> None:
    with ctx.connect() as con:
        user = get_user(con, as_name)
        registered = user is not None and fetch_one(
            con, "SELECT 1 FROM agency WHERE code = ?", [user.agency]
        )
        if user is None or user.disabled or not registered or not user.has(Role.AUDITOR):
            raise UnknownCaller(as_name)  # analysts and agencies read no log, and learn nothing
        found = audit.entries(con, since, limit)
        log(ctx, con, "consultation", ["audit-log"], Caller(user.agency, user.name), case,
            {"count": len(found)})  # fmt: skip
    for entry in found:
        row = dataclasses.asdict(entry) | {"at": entry.at.isoformat(), "action": entry.action.value}
        click.echo(json.dumps(row, ensure_ascii=False))
