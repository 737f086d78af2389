"""Editions in the store: all kept, the latest read, an older one on request."""

from datetime import date
from pathlib import Path

import duckdb

from crosscurrent.situation.figures import OfficialFigures, save
from crosscurrent.situation.sources import read_file
from crosscurrent.situation.windows import parse_window
from factory import write_text

ITALY = "Data,Valore,Note,Fonte,Data_Report\n"
JAN = parse_window("2024-01")


def load(con: duckdb.DuckDBPyConnection, path: Path, edition: date | None = None) -> None:
    save(con, read_file(path, edition))


def people(con: duckdb.DuckDBPyConnection, as_of: date | None = None) -> dict[date, int]:
    found = OfficialFigures(con, as_of).plain_values("italy-daily", "people", JAN)
    assert found is not None
    return found


def test_a_later_edition_revises_a_figure_and_the_earlier_stays(
    con: duckdb.DuckDBPyConnection, src: Path
) -> None:
    # As the dashboard does: a mid-month edition, then the end-of-month one revising it.
    first = ITALY + "2024-01-14,100,n,f,2024-01-15\n2024-01-15,3,n,f,2024-01-15\n"
    later = ITALY + "2024-01-14,100,n,f,2024-01-31\n2024-01-15,352,n,f,2024-01-31\n"
    load(con, write_text(src / "a.csv", first))
    load(con, write_text(src / "b.csv", later))
    assert people(con) == {date(2024, 1, 14): 100, date(2024, 1, 15): 352}
    assert people(con, as_of=date(2024, 1, 20)) == {date(2024, 1, 14): 100, date(2024, 1, 15): 3}
    stored = con.execute(
        "SELECT edition, value FROM official_figure WHERE period_start = '2024-01-15' ORDER BY 1"
    ).fetchall()
    assert stored == [(date(2024, 1, 15), 3), (date(2024, 1, 31), 352)]
    editions = OfficialFigures(con).editions("italy-daily")
    assert [(e[1], e[2]) for e in editions] == [
        (date(2024, 1, 15), "provisional"), (date(2024, 1, 31), "provisional"),
    ]  # fmt: skip
    assert all("CC BY 4.0" in e[4] for e in editions)


def test_loading_the_same_file_twice_changes_nothing(
    con: duckdb.DuckDBPyConnection, src: Path
) -> None:
    path = write_text(src / "a.csv", ITALY + "2024-01-14,100,n,f,2024-01-15\n2024-01-14,,n,f,x\n")
    first = save(con, read_file(path))
    again = save(con, read_file(path))
    assert (first.figures_new, first.problems, first.unchanged) == (1, 1, False)
    assert (again.figures_new, again.unchanged) == (0, True)
    assert con.execute("SELECT count(*) FROM official_problem").fetchall() == [(1,)]


def test_a_second_file_cannot_rewrite_an_edition(con: duckdb.DuckDBPyConnection, src: Path) -> None:
    load(con, write_text(src / "a.csv", ITALY + "2024-01-14,100,n,f,2024-01-15\n"))
    load(con, write_text(src / "b.csv", ITALY + "2024-01-14,999,n,f,2024-01-15\n"))
    assert people(con) == {date(2024, 1, 14): 100}


def test_a_missing_day_is_missing_not_zero(con: duckdb.DuckDBPyConnection, src: Path) -> None:
    daily = "#date,migrants,boats\n"
    rows = '"2024-01-01",5,1\n"2024-01-02",,1\n"2024-01-04",7,1\n'
    load(con, write_text(src / "d.csv", daily + rows))
    found = OfficialFigures(con).plain_values(
        "uk-daily", "people", parse_window("2024-01-01..2024-01-04")
    )
    assert found == {date(2024, 1, 1): 5, date(2024, 1, 4): 7}
    zeros = con.execute("SELECT count(*) FROM official_figure WHERE value = 0").fetchall()
    assert zeros == [(0,)]


def test_a_series_not_loaded_is_none_not_empty(con: duckdb.DuckDBPyConnection) -> None:
    figs = OfficialFigures(con)
    assert figs.plain_values("uk-daily", "people", JAN) is None
    assert figs.step_of("uk-daily") is None
    assert figs.loaded() == []


def test_the_snapshot_holds_every_day_of_2023_and_2024(
    snapshot_store: duckdb.DuckDBPyConnection,
) -> None:
    figs = OfficialFigures(snapshot_store)
    years = parse_window("2023..2024")
    for series in ("uk-daily", "italy-daily"):
        found = figs.plain_values(series, "people", years)
        assert found is not None and len(found) == years.days, series
    assert figs.loaded() == ["italy-daily", "italy-yearly", "uk-daily", "uk-weekly"]
