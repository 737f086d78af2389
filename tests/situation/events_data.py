"""Agencies' event records as JSON lines, following docs/conventions.md. Synthetic."""

from pathlib import Path

import duckdb

from factory import e, load, write_jsonl

FR_EVENTS = [
    e("Address", "L1", full="Plage des Huttes, Gravelines", latitude="51.0049",
      longitude="2.0867", remarks="launch site"),
    e("Vessel", "B1", type="inflatable boat", registrationNumber="TR-MRN36962A424"),
    e("Vehicle", "E1", type="outboard engine", registrationNumber="YMH-40X-484883"),
    e("Company", "C1", name="Marine Supply Test Ltd"),
    e("Person", "P1", name="Test Organiser"),
    e("UnknownLink", "U1", subject="C1", object="E1", role="supplied", date="2024-08-01"),
    e("Ownership", "O1", owner="P1", asset="E1", role="bought from"),
    e("Trip", "T1", vehicle="B1", startLocation="L1", startDate="2024-09-14",
      summary="62 aboard; outcome: rescued; deaths: 0; confidence: confirmed"),
    e("Event", "EV1", keywords="launch-sighted", date="2024-09-15", addressEntity="L1",
      summary="confidence: probable"),
    e("Event", "EV2", keywords="death", date="2024-09-15", location="opale-south",
      summary="70 aboard; outcome: deaths; deaths: 8; missing: 2"),
    e("UnknownLink", "S1", subject="E1", object="L1", role="seized at", date="2024-09-16"),
]  # fmt: skip
"""FR-PN: a rescue, a launch sighted, a deadly crossing, a seized engine and its buyer."""

IT_EVENTS = [
    e("Event", "IT1", keywords="rescue", date="2024-09-14", location="sicily-channel",
      summary="40 aboard; outcome: rescued"),
]  # fmt: skip
"""IT-PS: one rescue, released to no one."""


def load_events(con: duckdb.DuckDBPyConnection, src: Path) -> None:
    load(con, write_jsonl(src / "fr.jsonl", FR_EVENTS), "fr-events", "FR-PN", "UK-NCA")
    load(con, write_jsonl(src / "it.jsonl", IT_EVENTS), "it-events", "IT-PS", None)
