"""Claim checks whose answers are known: the figures checked by hand in
shared/situational/README.md, and the scenario's claims file shipped."""

from datetime import date
from pathlib import Path

import duckdb
import pytest

from crosscurrent.situation.claims import Answer, BadClaim, Checker, load_claims, parse_claim
from crosscurrent.situation.figures import OfficialFigures
from crosscurrent.situation.snapshot import CLAIMS, data_path
from factory import write_text

from .conftest import CHECKED


@pytest.fixture(scope="module")
def checker(snapshot_store: duckdb.DuckDBPyConnection) -> Checker:
    figs = OfficialFigures(snapshot_store)
    return Checker(figs.plain_values, figs.step_of)


def claim(**spec: object) -> dict[str, object]:
    return {"id": "c", "claim": "a claim", "said": "here", **spec}


@pytest.mark.parametrize(
    ("series", "window", "key"),
    [
        ("uk-daily", "2024-01-01..2024-09-14", "uk_2024_to_14_sep"),
        ("uk-daily", "2024-09-14", "uk_14_sep_people"),
        ("uk-daily", "2024-01-01..2024-10-31", "uk_2024_to_31_oct"),
        ("uk-daily", "2024", "uk_2024_total"),
        ("italy-yearly", "2023", "italy_2023_consolidated"),
        ("italy-yearly", "2024", "italy_2024_consolidated"),
    ],
)
def test_checked_figures_are_supported(
    checker: Checker, series: str, window: str, key: str
) -> None:
    verdict = checker.check(parse_claim(claim(series=series, window=window, expected=CHECKED[key])))
    assert verdict.answer is Answer.SUPPORTED
    assert verdict.primary.actual == CHECKED[key]


def test_boats_on_the_saturday(checker: Checker) -> None:
    spec = claim(series="uk-daily", measure="boats", window="2024-09-14", expected=14)
    assert checker.check(parse_claim(spec)).answer is Answer.SUPPORTED


def test_a_wrong_figure_is_not_supported_with_the_real_one(checker: Checker) -> None:
    verdict = checker.check(
        parse_claim(claim(series="uk-daily", window="2024-09-14", expected=810))
    )
    assert verdict.answer is Answer.NOT_SUPPORTED
    assert verdict.primary.actual == 801


def test_a_right_figure_on_the_wrong_weekday_is_not_supported(checker: Checker) -> None:
    spec = claim(series="uk-daily", window="2024-09-14", weekday="Sunday", expected=801)
    verdict = checker.check(parse_claim(spec))
    assert verdict.answer is Answer.NOT_SUPPORTED
    assert verdict.notes == ("2024-09-14 was a Saturday, not a Sunday",)


@pytest.fixture(scope="module")
def scenario(checker: Checker) -> dict[str, object]:
    return {c.id: checker.check(c) for c in load_claims(data_path(CLAIMS))}


def test_the_scenario_claims_are_answered(scenario: dict[str, object]) -> None:
    answers = {cid: v.answer for cid, v in scenario.items()}  # type: ignore[attr-defined]
    assert answers == {
        "uk-801-on-a-saturday": Answer.SUPPORTED,
        "uk-23241-by-mid-september": Answer.SUPPORTED,
        "uk-over-32000-by-late-october": Answer.NOT_SUPPORTED,
        "italy-down-60-year-on-year": Answer.ONLY_FOR_WINDOW,
        "italy-down-61-first-half": Answer.SUPPORTED,
        "italy-down-62-first-seven-months": Answer.SUPPORTED,
        "uk-8-died-on-a-sunday": Answer.NO_DATA,
        "uk-46-deaths-in-2024": Answer.NO_DATA,
        "uk-12-died-near-cap-gris-nez": Answer.NO_DATA,
    }


def test_over_32000_by_late_october_says_the_real_figure_and_when_it_would_hold(
    scenario: dict[str, object],
) -> None:
    verdict = scenario["uk-over-32000-by-late-october"]
    assert verdict.primary.actual == CHECKED["uk_2024_to_31_oct"]  # type: ignore[attr-defined]
    assert verdict.notes == ("it would hold from 2024-11-08 (32,119 since 2024-01-01)",)  # type: ignore[attr-defined]


def test_italy_down_60_holds_only_for_the_first_half(scenario: dict[str, object]) -> None:
    verdict = scenario["italy-down-60-year-on-year"]
    full, provisional, jan_jun, jan_jul = verdict.primary, *verdict.alternatives  # type: ignore[attr-defined]
    assert full.actual == CHECKED["italy_change_full_year"] and not full.holds
    assert provisional.actual == -58.8 and not provisional.holds
    # The daily file is provisional: its part-year changes differ from the published
    # ones by under a point, and the verdict is the same with either.
    assert abs(jan_jun.actual - CHECKED["italy_change_jan_jun"]) < 0.6 and jan_jun.holds
    assert abs(jan_jul.actual - CHECKED["italy_change_jan_jul"]) < 0.6 and not jan_jul.holds
    assert (
        abs(CHECKED["italy_change_jan_jun"] - -60) <= 1 < abs(CHECKED["italy_change_jan_jul"] - -60)
    )
    assert [o.reading.note for o in verdict.holds_for] == ["January to June"]  # type: ignore[attr-defined]


def test_deaths_are_no_data_not_a_guess(scenario: dict[str, object]) -> None:
    verdict = scenario["uk-8-died-on-a-sunday"]
    assert verdict.primary.actual is None  # type: ignore[attr-defined]
    assert "not known to Crosscurrent" in verdict.primary.detail  # type: ignore[attr-defined]


def test_a_window_with_a_missing_day_proves_only_a_lower_bound(
    con: duckdb.DuckDBPyConnection, src: Path
) -> None:
    from crosscurrent.situation.figures import save
    from crosscurrent.situation.sources import read_file

    rows = '"2024-01-01",50,1\n"2024-01-02",,1\n"2024-01-03",60,1\n'
    save(con, read_file(write_text(src / "d.csv", "#date,migrants,boats\n" + rows)))
    figs = OfficialFigures(con)
    check = Checker(figs.plain_values, figs.step_of).check
    window = "2024-01-01..2024-01-03"
    exact = check(parse_claim(claim(series="uk-daily", window=window, expected=110)))
    assert exact.answer is Answer.NOT_SUPPORTED  # 110 would need the 2nd to be zero
    assert "1 period(s) missing" in exact.primary.detail
    more = check(
        parse_claim(claim(series="uk-daily", window=window, compare="more-than", expected=100))
    )
    assert more.answer is Answer.SUPPORTED  # 110 without the 2nd is already more


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        (claim(series="uk-daily", expected=1), "needs a window"),
        (claim(series="uk-daily", window="2024-13", expected=1), "month must be in"),
        (claim(series="uk-daily", window="2024", compare="roughly", expected=1), "compare must be"),
        (claim(series="uk-daily", window="2024", aggregate="change", expected=1), "baseline"),
        (claim(series="uk-daily", window="2024"), "expected"),
    ],
)
def test_bad_claims_are_refused(spec: dict[str, object], message: str) -> None:
    with pytest.raises(BadClaim, match=message):
        parse_claim(spec)


def test_the_claims_file_restates_every_scenario_figure() -> None:
    scenario = Path(__file__).parents[3] / "shared" / "scenario.md"
    claims = load_claims(data_path(CLAIMS))
    expected = {int(c.expected) if c.aggregate == "total" else int(-c.expected) for c in claims}
    if scenario.is_file():  # the shared briefing sits next to the repository
        text = scenario.read_text(encoding="utf-8").replace(",", "")
        for figure in ("801", "23241", "32000", "46", "12", "60", "61", "62"):
            assert figure in text
    assert {801, 23241, 32000, 8, 46, 12, 60, 61, 62} <= expected
    assert all(c.said for c in claims)
    assert date(2024, 9, 15).strftime("%A") == "Sunday"  # the Sunday the 8 died
