"""Agencies' events: read by the conventions, only through the policy view,
merged across agencies, and linked to the network."""

from datetime import date
from pathlib import Path

import duckdb
import pytest

from crosscurrent.graph import build_network
from crosscurrent.situation.events import SituationEvent, merge_reports, parse_summary, read_events
from crosscurrent.situation.levels import Impact
from crosscurrent.situation.links import Linker
from crosscurrent.situation.show import event_markings
from crosscurrent.store import view
from crosscurrent.store.view import Caller

from .events_data import load_events


@pytest.fixture
def events_store(con: duckdb.DuckDBPyConnection, src: Path) -> duckdb.DuckDBPyConnection:
    load_events(con, src)
    return con


def kinds(con: duckdb.DuckDBPyConnection, caller: Caller) -> set[tuple[str, str]]:
    return {(e.kind, e.section or "unknown") for e in read_events(view.entities(con, caller))}


FR_KINDS = {
    ("rescue", "opale-north"), ("launch-sighted", "opale-north"), ("death", "opale-south"),
    ("seizure", "opale-north"),
}  # fmt: skip


@pytest.mark.parametrize(
    ("caller", "expected"),
    [
        (Caller("UK-NCA"), FR_KINDS),  # released to it by FR-PN; IT-PS released nothing
        (Caller("FR-PN"), FR_KINDS),
        (Caller("IT-PS"), {("rescue", "sicily-channel")}),
        (Caller("XX-NONE"), set()),
    ],
)
def test_each_agency_sees_the_events_released_to_it(
    events_store: duckdb.DuckDBPyConnection, caller: Caller, expected: set[tuple[str, str]]
) -> None:
    assert kinds(events_store, caller) == expected


def test_a_statement_marked_narrower_hides_the_event(
    events_store: duckdb.DuckDBPyConnection,
) -> None:
    events_store.execute(
        "UPDATE statement SET releasable_to = ['FR-PN'] WHERE dataset = 'fr-events' "
        "AND entity_id = 'EV2'"
    )
    assert ("death", "opale-south") not in kinds(events_store, Caller("UK-NCA"))
    assert ("death", "opale-south") in kinds(events_store, Caller("FR-PN"))


def test_events_are_read_by_the_conventions(events_store: duckdb.DuckDBPyConnection) -> None:
    found = {e.kind: e for e in read_events(view.entities(events_store, Caller("UK-NCA")))}
    rescue, death = found["rescue"], found["death"]
    assert (rescue.day, rescue.aboard, rescue.outcome, rescue.confidence) == (
        date(2024, 9, 14), 62, "rescued", "confirmed",
    )  # fmt: skip
    assert (rescue.site_name, rescue.latitude, rescue.longitude) == (
        "Plage des Huttes, Gravelines", 51.0049, 2.0867,
    )  # fmt: skip
    assert rescue.originators == ("FR-PN",) and rescue.impact is Impact.HIGH
    assert (death.deaths, death.missing, death.impact) == (8, 2, Impact.VERY_HIGH)
    assert found["launch-sighted"].confidence == "probable"
    assert found["launch-sighted"].impact is Impact.LOW
    seizure = found["seizure"]
    assert seizure.items == (view.canonical_id(("fr-events", "E1")),)
    assert seizure.site == view.canonical_id(("fr-events", "L1"))


def test_a_seized_engine_leads_to_its_supply_chain_and_the_site_to_its_users(
    events_store: duckdb.DuckDBPyConnection,
) -> None:
    entities = list(view.entities(events_store, Caller("UK-NCA")))
    seizure = next(e for e in read_events(entities) if e.kind == "seizure")
    links = Linker(build_network(entities)).links(seizure)
    (chain,) = links.chains
    assert chain.serial == "YMH-40X-484883"
    assert [s.step.value for s in chain.steps] == ["supply", "seizure"]
    assert chain.step(chain.steps[0].step).labels == ("Marine Supply Test Ltd",)  # type: ignore[union-attr]
    users = {(u.caption, u.via, u.visible) for u in links.site_users}
    assert users == {("Test Organiser", "bought YMH-40X-484883", True)}


@pytest.mark.parametrize(
    ("text", "facts"),
    [
        (
            "57 aboard; outcome: arrived; deaths: 0",
            {"aboard": "57", "outcome": "arrived", "deaths": "0"},
        ),
        ("Outcome: Rescued ; Missing: 3", {"outcome": "rescued", "missing": "3"}),
        ("boat seen leaving at dawn", {}),
        ("", {}),
    ],
)
def test_summaries_are_parsed_by_the_convention(text: str, facts: dict[str, str]) -> None:
    assert parse_summary(text) == facts


def event(id: str, kind: str, agency: str, **kw: object) -> SituationEvent:
    base: dict[str, object] = {
        "schema": "Trip", "day": date(2024, 9, 14), "section": None, "site": None,
        "site_name": None, "latitude": None, "longitude": None, "aboard": None, "outcome": None,
        "deaths": None, "missing": None, "confidence": "unstated", "items": ("boat-1",),
        "people": (), "originators": (agency,), "datasets": (agency.lower(),),
        "impact": Impact.MEDIUM, "reports": (id,),
    }  # fmt: skip
    base.update(kw)
    return SituationEvent(id=id, kind=kind, **base)  # type: ignore[arg-type]


def test_one_crossing_reported_by_two_agencies_counts_once() -> None:
    uk = event("uk", "arrival", "UK-BSC", aboard=66, deaths=0)
    fr = event("fr", "arrival", "FR-PN", aboard=64, site="site-1", site_name="Plage",
               section="opale-north", confidence="probable")  # fmt: skip
    other_day = event("x", "arrival", "FR-PN", day=date(2024, 9, 15), aboard=50)
    merged = {e.id: e for e in merge_reports([uk, fr, other_day])}
    assert set(merged) == {"fr", "x"}  # the report with a place leads on equal impact
    one = merged["fr"]
    assert (one.aboard, one.section, one.site, one.confidence) == (
        66,
        "opale-north",
        "site-1",
        "probable",
    )
    assert one.originators == ("FR-PN", "UK-BSC") and one.reports == ("fr", "uk")
    assert one.impact is Impact.HIGH  # 66 aboard: overloaded


def test_an_event_is_marked_no_laxer_than_its_statements(
    events_store: duckdb.DuckDBPyConnection,
) -> None:
    caller = Caller("UK-NCA")
    rescue = next(e for e in read_events(view.entities(events_store, caller)) if e.kind == "rescue")
    before = event_markings(events_store, caller, [rescue])[rescue.id]
    assert (before.originators, before.releasable_to, before.handling.value) == (
        ("FR-PN",), ("FR-PN", "UK-NCA"), "H0",
    )  # fmt: skip
    events_store.execute(
        "UPDATE statement SET handling = 'H2' WHERE dataset = 'fr-events' AND entity_id = 'T1' "
        "AND prop = 'summary'"
    )
    after = event_markings(events_store, caller, [rescue])[rescue.id]
    assert after.handling.value == "H2"
