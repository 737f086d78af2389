"""Importers on the published rows of the snapshot, and on malformed ones."""

from datetime import date
from pathlib import Path

import pytest

from crosscurrent.situation.snapshot import data_path
from crosscurrent.situation.sources import UnknownFormat, read_file
from factory import write_text

UK_DAILY = "#date,migrants,boats\n"
UK_WEEKLY = "#week_ending,migrants_arrived,boats_arrived,migrants_prevented,events_prevented\n"
ITALY = "Data,Valore,Note,Fonte,Data_Report\n"


def test_uk_daily_rows_are_read_as_published() -> None:
    parsed = read_file(data_path("uk_small_boats_daily.csv"), date(2026, 8, 21))
    assert parsed.series == "uk-daily"
    assert (parsed.rows, parsed.problems) == (731, [])
    by_key = {(f.measure, f.period_start): f for f in parsed.figures}
    saturday = by_key[("people", date(2024, 9, 14))]
    assert (saturday.value, saturday.period_end, saturday.edition) == (
        801, date(2024, 9, 14), date(2026, 8, 21),
    )  # fmt: skip
    assert by_key[("boats", date(2024, 9, 14))].value == 14
    assert saturday.row == 624  # header is row 1; 2023 has 365 rows, 14 Sep is day 258 of 2024


def test_a_uk_file_without_a_stated_edition_is_the_edition_of_its_last_day(src: Path) -> None:
    path = write_text(src / "d.csv", UK_DAILY + '"2024-01-01",5,1\n"2024-01-03",7,1\n')
    assert {f.edition for f in read_file(path).figures} == {date(2024, 1, 3)}


def test_the_daily_rows_mixed_into_the_weekly_file_are_reported_not_read() -> None:
    parsed = read_file(data_path("uk_small_boats_weekly.csv"), date(2026, 8, 9))
    assert len(parsed.problems) == 24
    first = parsed.problems[0]
    assert (first.row, first.field) == (3, "#week_ending")
    assert "2023-01-02 is a Monday" in first.reason
    weeks = {f.period_end for f in parsed.figures}
    assert all(d.weekday() == 6 for d in weeks)
    assert len(weeks) == 105  # every Sunday from 1 Jan 2023 to 29 Dec 2024
    week = next(
        f
        for f in parsed.figures
        if f.period_end == date(2024, 12, 29) and f.measure == "people-prevented"
    )
    assert (week.period_start, week.value) == (date(2024, 12, 23), 1134)


def test_italian_rows_keep_their_edition_and_placeholders_are_not_zeros() -> None:
    parsed = read_file(data_path("italy_sea_arrivals_daily.csv"))
    # Real problems in the published file, each with its row and field.
    assert [(p.row, p.field) for p in parsed.problems] == [
        (392, "Valore"), (394, "Valore"), (454, "Valore"), (940, "Data"), (997, "Valore"),
        (1245, "Data"),
    ]  # fmt: skip
    assert "'0[VALORE]0' is not a whole number" in parsed.problems[4].reason
    assert "'2024-04-31' is not a date" in parsed.problems[3].reason
    # Mid-month editions print 0 for days not yet reported: not figures.
    assert parsed.placeholders == 359
    assert all(f.period_start <= f.edition for f in parsed.figures)
    editions = {f.edition for f in parsed.figures if f.period_start == date(2024, 6, 15)}
    assert editions == {date(2024, 6, 15), date(2024, 6, 30)}


@pytest.mark.parametrize(
    ("row", "field", "reason"),
    [
        ('"2024-01-02",,1', "migrants", "empty (missing, not zero)"),
        ('"2024-01-02", ,1', "migrants", "empty (missing, not zero)"),
        ('"2024-01-02",12a,1', "migrants", "'12a' is not a whole number"),
        ('"2024-01-02",-3,1', "migrants", "'-3' is not a whole number"),
        ('"2024-01-02",1.5,1', "migrants", "'1.5' is not a whole number"),
        ('"2024-01-02",²,1', "migrants", "'²' is not a whole number"),
        ('"2024-01-02",7', "boats", "empty (missing, not zero)"),
        ('"2024-02-30",7,1', "#date", "'2024-02-30' is not a date"),
        ('"",7,1', "#date", "'' is not a date"),
    ],
)
def test_malformed_values_are_problems_never_zero(
    src: Path, row: str, field: str, reason: str
) -> None:
    path = write_text(src / "d.csv", UK_DAILY + '"2024-01-01",5,1\n' + row + "\n")
    parsed = read_file(path)
    assert [(p.path, p.row, p.field, p.reason) for p in parsed.problems] == [
        ("d.csv", 3, field, reason)
    ]
    bad = [
        f
        for f in parsed.figures
        if f.row == 3 and f.measure == ("people" if field == "migrants" else "boats")
    ]
    assert bad == []  # no figure stands in for the bad value, zero or otherwise
    assert [f.value for f in parsed.figures if f.row == 2] == [5, 1]


def test_blank_lines_are_not_rows(src: Path) -> None:
    parsed = read_file(write_text(src / "d.csv", UK_DAILY + '"2024-01-01",5,1\n\n'))
    assert (parsed.rows, parsed.problems) == (1, [])


def test_a_day_repeated_with_the_same_value_is_kept_once(src: Path) -> None:
    path = write_text(src / "d.csv", UK_DAILY + '"2024-01-01",5,1\n"2024-01-01",5,1\n')
    parsed = read_file(path)
    assert [(f.measure, f.value) for f in parsed.figures] == [("people", 5), ("boats", 1)]
    assert [(p.row, p.reason) for p in parsed.problems] == [
        (3, "repeats row 2 (same value, kept once)"),
        (3, "repeats row 2 (same value, kept once)"),
    ]


def test_a_day_repeated_with_another_value_is_dropped_not_guessed(src: Path) -> None:
    path = write_text(src / "d.csv", UK_DAILY + '"2024-01-01",5,1\n"2024-01-01",9,1\n')
    parsed = read_file(path)
    assert [(f.measure, f.value) for f in parsed.figures] == [("boats", 1)]
    assert any("9 conflicts with 5 in row 2" in p.reason for p in parsed.problems)


def test_an_italian_row_without_an_edition_cannot_be_placed(src: Path) -> None:
    path = write_text(src / "i.csv", ITALY + "2024-01-01,5,n,f,\n2024-01-02,6,n,f,2024-01-15\n")
    parsed = read_file(path)
    assert [(p.row, p.field) for p in parsed.problems] == [(2, "Data_Report")]
    assert [(f.period_start, f.value) for f in parsed.figures] == [(date(2024, 1, 2), 6)]


def test_an_unknown_file_is_refused(src: Path) -> None:
    with pytest.raises(UnknownFormat, match="not a known series"):
        read_file(write_text(src / "x.csv", "date,count\n2024-01-01,3\n"))


def test_consolidated_totals_are_a_separate_consolidated_edition() -> None:
    parsed = read_file(data_path("italy_consolidated.yaml"))
    assert parsed.series == "italy-yearly"
    assert {(f.period_start, f.period_end, f.value, f.status) for f in parsed.figures} == {
        (date(2023, 1, 1), date(2023, 12, 31), 157651, "consolidated"),
        (date(2024, 1, 1), date(2024, 12, 31), 66317, "consolidated"),
    }
