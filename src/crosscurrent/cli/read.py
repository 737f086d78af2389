"""Reading content: always as an agency or a user, with a case reference, audited."""

import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
import duckdb

from crosscurrent.cli.util import (
    Context,
    as_option,
    caller_for,
    export,
    log,
    main,
    pass_ctx,
    report_console,
)  # fmt: skip
from crosscurrent.model.markings import Marking
from crosscurrent.store.view import Caller

MAX_LOGGED_IDS = 1000


def consulted(
    ctx: Context, con: duckdb.DuckDBPyConnection, caller: Caller, case: str, what: str,
    ids: list[str], action: str = "consultation",
) -> None:  # fmt: skip
    """Log what the caller was shown: its ids, or their count and digest when many."""
    detail: dict[str, Any] = {"read": what, "count": len(ids)}
    objects = sorted(ids)
    if len(objects) > MAX_LOGGED_IDS:
        detail["ids_sha256"] = hashlib.sha256("\n".join(objects).encode()).hexdigest()
        objects = objects[:0]
    log(ctx, con, action, [what, *objects], caller, case, detail)


@main.command(help="The resolved network as a caller sees it: size, key players, chains, money.")
@as_option
@click.option("--top", default=10, show_default=True)
@click.option(
    "--picture",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also draw the network around the key players, marked, to FILE.svg or FILE.png.",
)
@pass_ctx
def report(ctx: Context, as_name: str, case: str, top: int, picture: Path | None) -> None:
    from crosscurrent.report import build_report, picture_heading, render_report
    from crosscurrent.report import picture as draw
    from crosscurrent.store import view

    fmt = picture.suffix.lower().lstrip(".") if picture else ""
    if picture is not None and fmt not in ("svg", "png"):
        raise click.BadParameter("the picture is FILE.svg or FILE.png", param_hint="--picture")
    with ctx.connect() as con:
        caller = caller_for(con, as_name, case)
        entities = list(view.entities(con, caller))
        result = build_report(entities, top=top)
        shown = [k.canonical_id for k in result.key_players]
        image = b""
        if picture is not None and result.network is not None:
            heading = picture_heading(caller.label, caller.agency, case)
            image, scene = draw(result.network, result.key_players, entities,
                                marking_lookup(con, caller), heading, fmt)  # fmt: skip
            shown = sorted({*shown, *scene.nodes})
        consulted(ctx, con, caller, case, "report", shown)
    render_report(result, report_console())
    if picture is not None:
        picture.write_bytes(image)
        click.echo(f"picture: {picture}", err=True)


def marking_lookup(
    con: duckdb.DuckDBPyConnection, caller: Caller
) -> Callable[[str | None, str], Marking | None]:
    """Statement id and dataset -> the marking the statement carries: its own where
    it has one (each column falling back on the dataset's, as in the policy view),
    else its dataset's. Statement markings are read through the policy view."""
    from crosscurrent.model.markings import Handling
    from crosscurrent.store import registry, view

    cursor = view.statements(
        con, caller, "id, releasable_to, handling",
        "releasable_to IS NOT NULL OR handling IS NOT NULL",
    )  # fmt: skip
    own = {str(sid): (rel, hand) for sid, rel, hand in cursor.fetchall()}
    cursor.close()
    datasets: dict[str, Marking | None] = {}

    def marking_of(statement_id: str | None, dataset: str) -> Marking | None:
        if dataset not in datasets:
            datasets[dataset] = registry.dataset_marking(con, dataset)
        base = datasets[dataset]
        mine = own.get(statement_id or "")
        if base is None or mine is None:
            return base
        released, handling = mine
        return Marking(
            base.originator,
            tuple(released) if released is not None else base.releasable_to,
            Handling(handling) if handling is not None else base.handling,
        )

    return marking_of


@export.command("entities", help="JSON lines: the merged FtM entities a caller may see.")
@as_option
@click.option("-o", "--output", type=click.File("w"), default="-")
@pass_ctx
def export_entities(ctx: Context, as_name: str, case: str, output: Any) -> None:
    from crosscurrent.share.export import export_entities as entities

    with ctx.connect() as con:
        caller = caller_for(con, as_name, case)
        # Logged before a byte is written: what cannot be logged is not shown.
        lines = [json.dumps(data, ensure_ascii=False) for data in entities(con, caller)]
        consulted(ctx, con, caller, case, "export", [json.loads(x)["id"] for x in lines])
    for line in lines:
        output.write(line + "\n")


@main.command(help="Hit/no-hit: which other agencies hold information on the caller's entities.")
@as_option
@pass_ctx
def hits(ctx: Context, as_name: str, case: str) -> None:
    from crosscurrent.share.hits import hits as find

    with ctx.connect() as con:
        caller = caller_for(con, as_name, case)
        found = find(con, caller)
        # One entry per query: a disclosure naming the holders (so their own auditors
        # find it) when something was found, a consultation when nothing was.
        if found:
            log(ctx, con, "disclosure", ["hits", *sorted({h.canonical_id for h in found})],
                caller, case, {"read": "hits", "count": len(found),
                               "holders": sorted({h.agency for h in found})})  # fmt: skip
        else:
            consulted(ctx, con, caller, case, "hits", [])
    for h in found:
        click.echo(f"{h.canonical_id}\t{h.agency} holds information on this entity\t{h.contact}")
    if not found:
        click.echo("no hits")
