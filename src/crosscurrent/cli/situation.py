"""The situational picture: official statistics (public, no --as), agencies' events
(through the policy view, with --as and --case, audited) and checks of claims."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click
import duckdb

from crosscurrent.cli.read import consulted
from crosscurrent.cli.util import Context, caller_for, log, main, pass_ctx, report_console
from crosscurrent.situation import SituationError
from crosscurrent.situation.windows import BUCKETS, BadWindow, Window, parse_window

if TYPE_CHECKING:  # imported at run time by the commands that load or read figures
    from crosscurrent.situation.figures import SaveReport

SERIES_HELP = "uk-daily, uk-weekly, italy-daily or italy-yearly."


def _day(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise SituationError(f"{value!r} is not a date (YYYY-MM-DD)") from None


def _window(text: str) -> Window:
    try:
        return parse_window(text)
    except BadWindow as exc:
        raise SituationError(str(exc)) from None


@main.group(help="Official statistics: load published series (operator).")
def statistics() -> None:
    pass


@statistics.command("load", help="Load published series (default: the snapshot shipped).")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path, dir_okay=False))
@click.option("--edition", help="Edition date for files that carry none (default: their last day).")
@pass_ctx
def statistics_load(ctx: Context, paths: tuple[Path, ...], edition: str | None) -> None:
    from crosscurrent.situation.snapshot import Shipped, load_all, shipped
    from crosscurrent.situation.sources import UnknownFormat

    files = [Shipped(p, _day(edition)) for p in paths] or shipped()
    for item in files:
        if not item.path.is_file():
            raise SituationError(f"{item.path}: no such file")
    with ctx.connect() as con:
        for item in files:
            con.begin()
            try:
                ((parsed, report),) = load_all(con, [item])
                if not report.unchanged:
                    log(ctx, con, "collection", [report.series], detail={
                        "file": report.path, "rows": report.rows,
                        "figures_new": report.figures_new, "editions_new": report.editions_new,
                        "problems": report.problems,
                    })  # fmt: skip
                con.commit()
            except UnknownFormat as exc:
                con.rollback()
                raise SituationError(str(exc)) from None
            except BaseException:
                con.rollback()
                raise
            _print_load(parsed.path, report, [(p.row, p.field, p.reason) for p in parsed.problems])


def _print_load(
    path: Path, report: "SaveReport", problems: list[tuple[int, str | None, str]]
) -> None:
    if report.unchanged:
        click.echo(f"{path.name}: unchanged since it was last loaded ({report.series})")
        return
    skipped = f", {report.placeholders} placeholder rows for days after their edition skipped"
    click.echo(
        f"{path.name}: {report.rows} rows, {report.figures_new} new figures in "
        f"{report.editions_new} new editions of {report.series}"
        + (skipped if report.placeholders else "")
    )
    if problems:
        # Plain lines, never wrapped: each problem must stay greppable in a log.
        click.echo(f"{len(problems)} problems (values not read: missing, never zero):", err=True)
        for row, field, reason in problems[:20]:
            click.echo(
                f"  {path.name}: row {row}{', field ' + field if field else ''}: {reason}", err=True
            )
        if len(problems) > 20:
            click.echo(
                f"  ... and {len(problems) - 20} more (`crosscurrent statistics problems`)",
                err=True,
            )


@statistics.command(
    "problems", help="Values not read from loaded files (file, row, field, reason)."
)
@click.option("--limit", default=50, show_default=True)
@pass_ctx
def statistics_problems(ctx: Context, limit: int) -> None:
    from crosscurrent.situation.figures import OfficialFigures

    with ctx.connect() as con:
        for path, row, field, reason in OfficialFigures(con).problems(limit):
            click.echo(f"{path}: row {row}{', field ' + field if field else ''}: {reason}")


@statistics.command("editions", help="Editions loaded, with their status, source and licence.")
@click.option("--series", help=SERIES_HELP)
@pass_ctx
def statistics_editions(ctx: Context, series: str | None) -> None:
    from crosscurrent.situation.figures import OfficialFigures

    with ctx.connect() as con:
        for name, edition, status, publisher, licence, _ in OfficialFigures(con).editions(series):
            click.echo(f"{name}\t{edition}\t{status}\t{publisher}\t{licence}")


@contextmanager
def _figures_con(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """The store, or the shipped snapshot in memory when no statistics are loaded yet
    (so a fresh machine answers at once; loading into the store stays the operator's)."""
    from crosscurrent.situation.figures import OfficialFigures
    from crosscurrent.situation.snapshot import in_memory

    if OfficialFigures(con).loaded():
        yield con
        return
    click.echo(
        "note: no official statistics in the store; reading the snapshot shipped with "
        "Crosscurrent (load it with `crosscurrent statistics load`)",
        err=True,
    )
    memory = in_memory()
    try:
        yield memory
    finally:
        memory.close()


@main.command(help="The situational picture: series, changes, busiest days, charts; "
              "agencies' events by border section with --as.")  # fmt: skip
@click.option("--series", help=SERIES_HELP + " Without it: an overview of every series.")
@click.option("--measure", default="people", show_default=True,
              help="people, boats, people-prevented or events-prevented.")  # fmt: skip
@click.option("--from", "start", help="First day (YYYY-MM-DD).")
@click.option("--to", "end", help="Last day (YYYY-MM-DD).")
@click.option("--by", type=click.Choice(BUCKETS), help="Bucket (default by window length).")
@click.option("--compare", nargs=2, metavar="W1 W2",
              help="Change from window W1 to W2 (2023, 2024-06, 2024-W37, A..B).")  # fmt: skip
@click.option("--year-on-year", is_flag=True, help="Compare the window with a year before.")
@click.option("--busiest", type=int, metavar="N", help="The N busiest days in the window.")
@click.option(
    "--chart", type=click.Path(path_type=Path, dir_okay=False), help="Write a chart (.png/.svg)."
)
@click.option("--as-of", help="Figures as they stood in the editions up to this date.")
@click.option("--as", "as_name", help="Agency or user: adds the agencies' events it may see.")
@click.option("--case", help="Case reference (required with --as).")
@click.option("--section", help="Only events in this border section.")
@click.option("--latest", default=10, show_default=True, help="Latest events to list (with --as).")
@pass_ctx
def situation(
    ctx: Context, series: str | None, measure: str, start: str | None, end: str | None,
    by: str | None, compare: tuple[str, str] | None, year_on_year: bool, busiest: int | None,
    chart: Path | None, as_of: str | None, as_name: str | None, case: str | None,
    section: str | None, latest: int,
) -> None:  # fmt: skip
    from crosscurrent.situation.show import show_events, show_official

    if as_name and not case:
        raise SituationError("reading agencies' events needs --case (the justification)")
    first, last = _day(start), _day(end)
    console = report_console()
    with ctx.connect() as con:
        with _figures_con(con) as fcon:
            show_official(
                console, fcon, series, measure, first, last, by,
                (_window(compare[0]), _window(compare[1])) if compare else None,
                year_on_year, busiest, chart, _day(as_of),
            )  # fmt: skip
        if as_name and case:
            caller = caller_for(con, as_name, case)
            shown = show_events(console, con, caller, first, last, by, section, latest)
            consulted(ctx, con, caller, case, "situation", shown)


@main.command(
    "check-claims", help="Check quoted figures against the official series (YAML claims)."
)
@click.argument(
    "file", required=False, type=click.Path(path_type=Path, dir_okay=False, exists=True)
)
@click.option("--as-of", help="Check against the editions up to this date.")
@pass_ctx
def check_claims(ctx: Context, file: Path | None, as_of: str | None) -> None:
    from crosscurrent.situation.claims import BadClaim, Checker, load_claims
    from crosscurrent.situation.figures import OfficialFigures
    from crosscurrent.situation.render import verdict_lines
    from crosscurrent.situation.snapshot import CLAIMS, data_path

    try:
        claims = load_claims(file or data_path(CLAIMS))
    except BadClaim as exc:
        raise SituationError(str(exc)) from None
    with ctx.connect() as con, _figures_con(con) as fcon:
        figs = OfficialFigures(fcon, _day(as_of))
        verdicts = [Checker(figs.plain_values, figs.step_of).check(claim) for claim in claims]
    for i, verdict in enumerate(verdicts):
        if i:
            click.echo()
        for line in verdict_lines(verdict):
            click.echo(line)
