"""Operator commands that move data: scenario, ingest, resolve, clusters, evaluation."""

import json
import time
from pathlib import Path
from typing import Any

import click
import duckdb

from crosscurrent.cli.util import Context, export, log, main, pass_ctx, progress_bar
from crosscurrent.errors import CrosscurrentError, InvalidMarking, UnreadableFile
from crosscurrent.ingest.loader import LoadReport, ingest_file
from crosscurrent.model.markings import Marking, parse_handling, parse_releasable
from crosscurrent.store import registry, view


def print_load(report: LoadReport) -> None:
    if report.unchanged:
        click.echo(f"{report.path}: unchanged since it was last loaded into {report.dataset}")
        return
    click.echo(
        f"{report.path}: {report.rows} rows, {report.entities} entities, "
        f"{report.statements_new} new statements into {report.dataset}"
    )
    if report.problems:
        # Plain lines, never wrapped: each problem must stay greppable in a log.
        click.echo(
            f"{report.quarantined_rows} rows quarantined, {report.warnings} values dropped or "
            "changed (see `crosscurrent quarantine`):",
            err=True,
        )
        for p in report.problems[:20]:
            field = f", field {p.field}" if p.field else ""
            click.echo(f"  {report.path}: row {p.row}{field}: {p.reason}", err=True)
        if len(report.problems) > 20:
            click.echo(f"  ... and {len(report.problems) - 20} more", err=True)


def load_one(
    ctx: Context,
    con: duckdb.DuckDBPyConnection,
    path: Path,
    dataset: str,
    agency_code: str,
    releasable: Any,
    handling: str | None,
    mapping: Path | None,
) -> LoadReport:
    code = registry.require_agency(con, agency_code)
    if not path.is_file():
        raise UnreadableFile(str(path), "no such file")
    current = registry.dataset_marking(con, dataset)
    if current is not None and current.originator != code:
        raise InvalidMarking(f"dataset {dataset!r} belongs to {current.originator}, not {code}")
    if releasable is None and handling is None and current is not None:
        marking = current  # reloading a dataset keeps its marking unless told otherwise
    else:
        marking = Marking(code, parse_releasable(releasable, code), parse_handling(handling))

    def audited(report: LoadReport) -> None:
        log(ctx, con, "collection", [dataset], detail={
            "file": path.name, "rows": report.rows, "statements_new": report.statements_new,
            "quarantined": report.quarantined_rows, "agency": code,
        })  # fmt: skip

    with progress_bar(path) as advance:
        return ingest_file(con, path, dataset, marking, mapping, advance, audited)


@main.command(help="Load a file (FtM JSON lines, or CSV/Excel with a mapping) as one dataset.")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--dataset", required=True, help="Dataset name.")
@click.option("--agency", "agency_code", required=True, help="Originating agency code.")
@click.option("--releasable-to", help="Agency codes (comma-separated) or 'all'.")
@click.option("--handling", help="Handling code H0-H3 (default H0).")
@click.option("--mapping", type=click.Path(path_type=Path), help="FtM mapping YAML.")
@pass_ctx
def ingest(
    ctx: Context,
    file: Path,
    dataset: str,
    agency_code: str,
    releasable_to: str | None,
    handling: str | None,
    mapping: Path | None,
) -> None:
    with ctx.connect() as con:
        print_load(load_one(ctx, con, file, dataset, agency_code, releasable_to, handling, mapping))


@main.command("load-scenario", help="Register the agencies of a scenario and load its files.")
@click.argument("directory", type=click.Path(path_type=Path, file_okay=False))
@pass_ctx
def load_scenario(ctx: Context, directory: Path) -> None:
    manifest_path = directory / "manifest.json"
    if not manifest_path.is_file():
        raise CrosscurrentError(f"{manifest_path}: no scenario manifest")
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    started, rows = time.perf_counter(), 0
    with ctx.connect() as con:
        for a in manifest["agencies"]:
            if registry.add_agency(con, a["code"], a["name"], a.get("country")):
                log(ctx, con, "administration", [a["code"].upper()], detail={"agency": "added"})
        for f in manifest["files"]:
            mapping = directory / f["mapping"] if f.get("mapping") else None
            report = load_one(
                ctx, con, directory / f["path"], f["dataset"], f["agency"],
                f.get("releasable_to"), f.get("handling"), mapping,
            )  # fmt: skip
            rows += report.rows
            print_load(report)
    seconds = time.perf_counter() - started
    click.echo(f"loaded {rows} rows in {seconds:.1f} s ({rows / max(seconds, 1e-9):.0f} rows/s)")


@main.command(help="Show the rows quarantined by loads (file, row, field, reason).")
@click.option("--limit", default=50, show_default=True)
@pass_ctx
def quarantine(ctx: Context, limit: int) -> None:
    with ctx.connect() as con:
        rows = con.execute(
            "SELECT path, row_number, field, reason FROM quarantine "
            "ORDER BY load_id, row_number LIMIT ?",
            [limit],
        ).fetchall()
    for path, row, field, reason in rows:
        click.echo(f"{path}: row {row}{', field ' + field if field else ''}: {reason}")


@main.command(help="Write a synthetic multi-agency scenario with its ground truth.")
@click.option("--out", required=True, type=click.Path(path_type=Path, file_okay=False))
@click.option("--seed", default=7, show_default=True)
@click.option("--size", default=3000, show_default=True, help="About how many source records.")
def scenario(out: Path, seed: int, size: int) -> None:
    from crosscurrent.scenario import generate

    started = time.perf_counter()
    manifest = generate(out, seed=seed, size=size)
    records = sum(f.get("records", 0) for f in manifest["files"])
    click.echo(
        f"wrote {len(manifest['files'])} files ({records} records) of "
        f"{len(manifest['agencies'])} agencies to {out} in {time.perf_counter() - started:.1f} s"
    )


@main.command(help="Assign canonical ids to every entity (identifiers, names and dates).")
@click.option(
    "--method",
    type=click.Choice(["scored", "rules"]),
    help="How people are matched, from now on, for every reader of the store: the "
    "Fellegi-Sunter model (scored, the default) or the name and birth-date rules.",
)
@click.option(
    "--incremental",
    is_flag=True,
    help="Resolve only the records new or changed since the last run (and the clusters "
    "they reach) with the person model the last full run kept; a full run, saying why, "
    "when that cannot be done (no full run yet, an erasure, another method).",
)
@pass_ctx
def resolve(ctx: Context, method: str | None, incremental: bool) -> None:
    from crosscurrent.resolve.resolver import resolve as run
    from crosscurrent.store import options

    started = time.perf_counter()
    with ctx.connect() as con:
        if method is not None:
            options.set_resolver_method(con, method)
        report = run(con, lambda r: log(ctx, con, "combination", ["resolution"], detail={
            "entities": r.entities, "clusters": r.clusters, "incremental": r.incremental,
        }), incremental=incremental)  # fmt: skip
    seconds = time.perf_counter() - started
    if report.fallback is not None:
        click.echo(f"full run instead of an incremental one: {report.fallback}")
    if report.incremental:
        click.echo(
            f"resolved {report.new} new and {report.changed} changed records incrementally: "
            f"{report.region} records decided again ({report.pairs_scored} pairs scored), "
            f"{report.moved} canonical ids set or changed; {report.entities} entities in "
            f"{report.clusters} clusters ({report.merged} merged) in {seconds:.1f} s"
        )
    else:
        click.echo(
            f"resolved {report.entities} entities into {report.clusters} "
            f"({report.merged} merged) in {seconds:.1f} s"
        )
    for rule, count in sorted(report.rules.items()):
        click.echo(f"  {rule}: {count} links")


@main.command("eval", help="Score the clusters against ground truth (pairwise and B-cubed).")
@click.option(
    "--truth",
    required=True,
    type=click.Path(path_type=Path, exists=True),
    help='JSON lines {"id", "person"} (optionally "dataset"), or a scenario directory.',
)
@pass_ctx
def evaluate(ctx: Context, truth: Path) -> None:
    from crosscurrent.resolve.evaluate import clusters_of, read_truth, score

    with ctx.connect() as con:
        predicted = clusters_of(view.cluster_rows(con))
    s = score(predicted, read_truth(truth))
    click.echo(
        f"{s.records} records: pairwise precision {s.precision:.3f} recall {s.recall:.3f} "
        f"F1 {s.f1:.3f}; B-cubed precision {s.bcubed_precision:.3f} "
        f"recall {s.bcubed_recall:.3f} F1 {s.bcubed_f1:.3f}"
    )


@export.command("clusters", help="JSON lines {entity_id, dataset, canonical_id} per entity.")
@click.option("-o", "--output", type=click.File("w"), default="-")
@pass_ctx
def export_clusters(ctx: Context, output: Any) -> None:
    with ctx.connect() as con:
        for entity_id, dataset, canonical_id in view.cluster_rows(con):
            row = {"entity_id": entity_id, "dataset": dataset, "canonical_id": canonical_id}
            output.write(json.dumps(row, ensure_ascii=False) + "\n")
