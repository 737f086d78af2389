"""The commands end to end: load (audited collection), situation (official
statistics without --as; agencies' events with --as and --case, audited),
check-claims on the shipped snapshot."""

from collections.abc import Callable
from pathlib import Path

import duckdb
from click.testing import Result

from crosscurrent.store import db
from factory import write_text

from .events_data import load_events

Cli = Callable[..., Result]


def audit(store_path: Path) -> list[tuple[str, str | None, list[str], str | None]]:
    con = db.connect(store_path)
    try:
        rows = con.execute(
            "SELECT action, agency, objects, justification FROM audit_entry ORDER BY seq"
        ).fetchall()
    finally:
        con.close()
    return [(str(a), b, list(c), d) for a, b, c, d in rows]


def test_loading_the_snapshot_is_audited_collection_and_idempotent(
    cli: Cli, con: duckdb.DuckDBPyConnection, store_path: Path
) -> None:
    con.close()
    first = cli("statistics", "load")
    assert first.exit_code == 0, first.output
    assert "uk_small_boats_daily.csv: 731 rows, 1462 new figures" in first.stdout
    assert "359 placeholder rows for days after their edition skipped" in first.stdout
    assert "italy_sea_arrivals_daily.csv: row 997, field Valore: '0[VALORE]0'" in first.stderr
    again = cli("statistics", "load")
    assert again.stdout.count("unchanged since it was last loaded") == 4
    entries = audit(store_path)
    assert [(a, objs) for a, _, objs, _ in entries] == [
        ("collection", ["uk-daily"]), ("collection", ["uk-weekly"]),
        ("collection", ["italy-daily"]), ("collection", ["italy-yearly"]),
    ]  # fmt: skip


def test_situation_needs_no_caller_for_official_statistics(
    cli: Cli, con: duckdb.DuckDBPyConnection, store_path: Path, tmp_path: Path
) -> None:
    con.close()
    chart = tmp_path / "sep.svg"
    result = cli(
        "situation", "--series", "uk-daily", "--from", "2024-09-01", "--to", "2024-09-30",
        "--by", "week", "--year-on-year", "--busiest", "3", "--chart", str(chart),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "reading the snapshot shipped" in result.stderr  # nothing loaded yet
    out = result.stdout
    assert "2024-09-14 Sat │    801" in out
    assert "Window total: 4,192" in out and "-11.4%" in out
    assert "Open Government Licence v3.0" in out
    assert chart.read_text(encoding="utf-8").lstrip().startswith("<?xml")
    assert audit(store_path) == []  # public figures: no consultation to log


def test_a_missing_day_is_shown_as_missing(
    cli: Cli, con: duckdb.DuckDBPyConnection, src: Path
) -> None:
    con.close()
    rows = '"2024-01-01",5,1\n"2024-01-02",,1\n"2024-01-03",7,1\n'
    path = write_text(src / "d.csv", "#date,migrants,boats\n" + rows)
    assert cli("statistics", "load", str(path)).exit_code == 0
    result = cli("situation", "--series", "uk-daily", "--by", "day")
    assert "2024-01-02 Tue │ missing │" in result.stdout
    assert "Window total: 12 (1 missing)" in result.stdout


def test_events_need_a_caller_and_a_case_and_are_audited(
    cli: Cli, con: duckdb.DuckDBPyConnection, src: Path, store_path: Path
) -> None:
    load_events(con, src)
    con.close()
    refused = cli("situation", "--as", "UK-NCA")
    assert refused.exit_code == 1 and "needs --case" in refused.stderr
    unknown = cli("situation", "--as", "XX-NONE", "--case", "OP-7")
    assert unknown.exit_code == 1 and "no such caller" in unknown.stderr
    result = cli(
        "situation",
        "--as",
        "UK-NCA",
        "--case",
        "OP-7",
        "--from",
        "2024-09-01",
        "--to",
        "2024-09-30",
    )
    assert result.exit_code == 0, result.output
    assert "opale-south" in result.stdout and "very high" in result.stdout
    assert "sicily-channel" not in result.stdout  # IT-PS released nothing to UK-NCA
    assert "YMH-40X-484883" in result.stdout  # the seized engine's supply chain
    ((action, agency, objects, case),) = audit(store_path)
    assert (action, agency, case) == ("consultation", "UK-NCA", "OP-7")
    assert objects[0] == "situation" and len(objects) == 5  # the four events' records


def test_check_claims_answers_the_scenario_on_a_fresh_machine(
    cli: Cli, con: duckdb.DuckDBPyConnection
) -> None:
    con.close()
    result = cli("check-claims")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "uk-801-on-a-saturday: SUPPORTED" in out
    assert "uk-over-32000-by-late-october: NOT SUPPORTED" in out
    assert "30,661 (claim: more-than 32,000)" in out
    assert "it would hold from 2024-11-08" in out
    assert "italy-down-60-year-on-year: SUPPORTED ONLY FOR A STATED WINDOW" in out
    assert "holds for: italy-daily 2024-01..2024-06 vs 2023-01..2023-06 (January to June)" in out
    assert out.count(": NO DATA") == 3


def test_a_bad_claims_file_is_one_line(cli: Cli, con: duckdb.DuckDBPyConnection, src: Path) -> None:
    con.close()
    path = write_text(
        src / "c.yaml", "claims:\n  - {id: x, claim: y, series: uk-daily, expected: 1}\n"
    )
    result = cli("check-claims", str(path))
    assert result.exit_code == 1
    assert result.stderr.strip() == "error: claim x: a reading needs a window"


def test_busiest_days_need_a_daily_series(cli: Cli, con: duckdb.DuckDBPyConnection) -> None:
    con.close()
    result = cli("situation", "--series", "uk-weekly", "--busiest", "3")
    assert result.exit_code == 1 and "needs a daily series" in result.stderr
