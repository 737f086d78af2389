"""Agencies and datasets: registration, markings, and who owns a dataset."""

from pathlib import Path

import duckdb
import pytest

from crosscurrent.errors import InvalidMarking, UnknownAgency
from crosscurrent.model.markings import ALL, Handling, Marking
from crosscurrent.store import registry
from factory import e, load, marking, snapshot, write_jsonl


def test_add_agency_normalises_and_updates(con: duckdb.DuckDBPyConnection) -> None:
    assert registry.add_agency(con, " be-fp ", "Police fédérale", "be") is True
    assert registry.add_agency(con, "BE-FP", "Federale Politie", None) is False
    found = {a.code: a for a in registry.agencies(con)}
    assert found["BE-FP"] == registry.Agency("BE-FP", "Federale Politie", None)
    assert [a.code for a in registry.agencies(con)] == ["BE-FP", "FR-PN", "IT-PS", "UK-NCA"]


@pytest.mark.parametrize(
    ("code", "name"), [("all", "Everyone"), ("ALL", "x"), (" ", "x"), ("NL-KMAR", "  ")]
)
def test_add_agency_rejects_reserved_or_empty(
    con: duckdb.DuckDBPyConnection, code: str, name: str
) -> None:
    with pytest.raises(InvalidMarking):
        registry.add_agency(con, code, name)
    assert len(registry.agencies(con)) == 3


def test_require_agency(con: duckdb.DuckDBPyConnection) -> None:
    assert registry.require_agency(con, " fr-pn") == "FR-PN"
    with pytest.raises(UnknownAgency, match="'XX-NONE'"):
        registry.require_agency(con, "xx-none")


def test_dataset_marking_round_trip(con: duckdb.DuckDBPyConnection) -> None:
    assert registry.dataset_marking(con, "ops") is None
    wanted = Marking("UK-NCA", ("FR-PN", "UK-NCA"), Handling.H2)
    registry.set_dataset(con, "ops", wanted)
    assert registry.dataset_marking(con, "ops") == wanted


def updated_at(con: duckdb.DuckDBPyConnection, name: str) -> object:
    return con.execute("SELECT updated_at FROM dataset WHERE name = ?", [name]).fetchall()[0][0]


def test_remarking_changes_updated_at_only_when_the_marking_changes(
    con: duckdb.DuckDBPyConnection,
) -> None:
    registry.set_dataset(con, "ops", Marking("UK-NCA", ("UK-NCA",)))
    first = updated_at(con, "ops")
    registry.set_dataset(con, "ops", Marking("UK-NCA", ("UK-NCA",)))
    assert updated_at(con, "ops") == first
    registry.set_dataset(con, "ops", Marking("UK-NCA", (ALL,), Handling.H1))
    assert registry.dataset_marking(con, "ops") == Marking("UK-NCA", (ALL,), Handling.H1)
    assert updated_at(con, "ops") > first  # type: ignore[operator]


def test_a_dataset_cannot_be_taken_over(con: duckdb.DuckDBPyConnection) -> None:
    registry.set_dataset(con, "ops", Marking("UK-NCA", ("UK-NCA",)))
    with pytest.raises(InvalidMarking, match="belongs to UK-NCA, not FR-PN"):
        registry.set_dataset(con, "ops", Marking("FR-PN", (ALL,)))
    assert registry.dataset_marking(con, "ops") == Marking("UK-NCA", ("UK-NCA",))


@pytest.mark.parametrize(
    "bad", [Marking("XX-NONE", (ALL,)), Marking("UK-NCA", ("UK-NCA", "XX-NONE"))]
)
def test_unknown_agencies_in_a_marking_are_rejected(
    con: duckdb.DuckDBPyConnection, bad: Marking
) -> None:
    with pytest.raises(UnknownAgency, match="XX-NONE"):
        registry.set_dataset(con, "ops", bad)
    assert registry.dataset_marking(con, "ops") is None


def test_loading_into_another_agencys_dataset_stores_nothing(
    con: duckdb.DuckDBPyConnection, src: Path
) -> None:
    load(con, write_jsonl(src / "a.jsonl", [e("Person", "p1", name="Anna Rossi")]), "ops")
    before = snapshot(con)
    intruder = write_jsonl(src / "b.jsonl", [e("Person", "p1", name="Someone Else")])
    with pytest.raises(InvalidMarking, match="belongs to UK-NCA"):
        load(con, intruder, "ops", agency="FR-PN", releasable="all")
    assert snapshot(con) == before


def test_loading_with_an_unknown_agency_in_the_releasable_list_stores_nothing(
    con: duckdb.DuckDBPyConnection, src: Path
) -> None:
    before = snapshot(con)
    path = write_jsonl(src / "a.jsonl", [e("Person", "p1", name="Anna Rossi")])
    with pytest.raises(UnknownAgency, match="XX-NONE"):
        load(con, path, "ops", releasable="FR-PN,XX-NONE")
    with pytest.raises(UnknownAgency, match="XX-NONE"):
        load(con, path, "ops", agency="XX-NONE")
    assert snapshot(con) == before
    assert marking("UK-NCA", "FR-PN,XX-NONE").releasable_to == ("FR-PN", "UK-NCA", "XX-NONE")
