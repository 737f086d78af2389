"""The first resolver on small hand-made datasets from several agencies."""

import json
from pathlib import Path

import duckdb
import pytest

from crosscurrent.ingest.loader import ingest_file
from crosscurrent.model.markings import Marking
from crosscurrent.resolve import normalise
from crosscurrent.resolve.resolver import resolve
from crosscurrent.resolve.rules import Profile
from crosscurrent.store import db, registry, view


def load(con: duckdb.DuckDBPyConnection, tmp: Path, agency: str, entities: list[dict]) -> str:
    dataset = f"{agency.lower()}-test"
    path = tmp / f"{dataset}.jsonl"
    path.write_text("\n".join(json.dumps(e, ensure_ascii=False) for e in entities) + "\n")
    ingest_file(con, path, dataset, Marking(agency, ("all",)))
    return dataset


def person(pid: str, name: str, **props: str) -> dict:
    properties = {"name": [name]} | {k: [v] for k, v in props.items()}
    return {"id": pid, "schema": "Person", "properties": properties}


@pytest.fixture
def con(tmp_path: Path) -> duckdb.DuckDBPyConnection:
    con = db.connect(tmp_path / "store.duckdb")
    registry.add_agency(con, "UK-NCA", "National Crime Agency", "GB")
    registry.add_agency(con, "BE-FP", "Federal Police", "BE")
    registry.add_agency(con, "IT-PS", "Polizia di Stato", "IT")
    return con


def clusters(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    return {entity_id: canon for entity_id, _ds, canon in view.cluster_rows(con)}


def test_same_man_across_scripts_and_agencies(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    load(con, tmp_path, "UK-NCA", [person("uk1", "Rebwar Hasan", birthDate="1988-04-02")])
    load(con, tmp_path, "BE-FP", [person("be1", "HESEN, Rêbwar", birthDate="1988-04-02")])
    load(con, tmp_path, "IT-PS", [person("it1", "ڕێبوار حسن", phone="+44 7700 900123")])
    load(con, tmp_path, "IT-PS", [person("it2", "Rebwar Hasan", phone="07700 900123")])
    resolve(con)
    c = clusters(con)
    assert c["uk1"] == c["be1"]
    # Same phone (one written nationally for the UK number) and same name.
    assert c["it1"] != c["uk1"] or c["it2"] == c["it1"]


def test_brothers_sharing_phone_and_surname_stay_apart(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    load(
        con,
        tmp_path,
        "UK-NCA",
        [
            person("a", "Karwan Hasan", phone="+447700900123", birthDate="1990-01-01"),
            person("b", "Rebwar Hasan", phone="+447700900123", birthDate="1988-04-02"),
        ],
    )
    resolve(con)
    c = clusters(con)
    assert c["a"] != c["b"]


def test_namesakes_with_different_birth_dates_stay_apart(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    load(
        con,
        tmp_path,
        "UK-NCA",
        [person("m1", "Mohammed Ahmed", birthDate="1990-01-01", phone="+447700900001")],
    )
    load(
        con,
        tmp_path,
        "BE-FP",
        [person("m2", "Muhammad Ahmad", birthDate="1979-06-30", phone="+447700900001")],
    )
    load(con, tmp_path, "IT-PS", [person("m3", "Mihemed Ehmed", birthDate="1990-01-01")])
    resolve(con)
    c = clusters(con)
    assert c["m1"] == c["m3"]
    assert c["m1"] != c["m2"]


def test_engine_serials_written_differently_resolve(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    engine = {"schema": "Vehicle", "properties": {"type": ["outboard engine"]}}
    load(
        con,
        tmp_path,
        "UK-NCA",
        [
            engine
            | {
                "id": "e1",
                "properties": engine["properties"] | {"registrationNumber": ["YMH-40X-123456"]},
            }
        ],
    )
    load(
        con,
        tmp_path,
        "BE-FP",
        [
            engine
            | {
                "id": "e2",
                "properties": engine["properties"] | {"registrationNumber": ["ymh40x 123456"]},
            }
        ],
    )
    load(con, tmp_path, "IT-PS", [person("p", "Ali Omar", passportNumber="YMH40X123456")])
    resolve(con)
    c = clusters(con)
    assert c["e1"] == c["e2"]
    assert c["p"] != c["e1"]  # a passport never meets a serial


def test_rerun_gives_same_ids_and_references_follow(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    load(
        con,
        tmp_path,
        "UK-NCA",
        [
            person("p1", "Rebwar Hasan", birthDate="1988-04-02"),
            person("p2", "Dilan Aziz", birthDate="1991-05-05"),
            {
                "id": "pay1",
                "schema": "Payment",
                "properties": {
                    "payer": ["p2"],
                    "beneficiary": ["p1"],
                    "amount": ["900"],
                    "currency": ["EUR"],
                },
            },
        ],
    )
    load(con, tmp_path, "BE-FP", [person("b1", "Rêbwar HESEN", birthDate="1988-04-02")])
    resolve(con)
    first = clusters(con)
    resolve(con)
    assert clusters(con) == first
    payments = [e for e in view.entities(con, view.Caller("BE-FP")) if e.schema.name == "Payment"]
    assert payments[0].get("beneficiary") == [first["b1"]]


def test_phone_birth_date_and_one_name_part(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    load(
        con,
        tmp_path,
        "UK-NCA",
        [person("k1", "Kaveh DJALAL", phone="+4915232202212", birthDate="1985-09-25")],
    )
    load(
        con,
        tmp_path,
        "IT-PS",
        [person("k2", "Kawa Jalal", phone="+4915232202212", birthDate="1985-09-25")],
    )
    load(
        con,
        tmp_path,
        "BE-FP",
        [person("k3", "Karwan Jalal", phone="+4915232202212", birthDate="1979-01-01")],
    )
    resolve(con)
    c = clusters(con)
    assert c["k1"] == c["k2"]
    assert c["k3"] != c["k1"]


def test_first_and_last_name_meet_a_full_name(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    # Too few people for the model: the rules decide, on names the profile makes
    # from its parts when a rule asks.
    split = {"firstName": ["Karwan"], "lastName": ["Aziz"], "birthDate": ["1990-01-05"]}
    load(con, tmp_path, "UK-NCA", [{"id": "uk1", "schema": "Person", "properties": split}])
    load(con, tmp_path, "BE-FP", [person("be1", "AZIZ, Karwan", birthDate="1990-01-05")])
    load(con, tmp_path, "IT-PS", [person("it1", "Karwan Rashid", birthDate="1990-01-05")])
    resolve(con)
    c = clusters(con)
    assert c["uk1"] == c["be1"] != c["it1"]


def test_profile_names_are_names_aliases_and_the_parts_read_as_one() -> None:
    props = {
        "name": ["Rebwar Hasan"],
        "alias": ["Abu Karwan"],
        "firstName": ["Rebwar"],
        "lastName": ["Hasan", "Karimi"],  # the last one read stands, as it always has
        "birthDate": ["1988-04-02"],
    }
    person_ = Profile(("d", "1"), "Person", "UK-NCA", props=props)
    tokens = normalise.name_tokens
    assert person_.names == {tokens("Rebwar Hasan"), tokens("Abu Karwan"), tokens("Rebwar Karimi")}
    # Only a person's names are names to the rules; parts are read on any schema.
    company = Profile(("d", "2"), "Company", "UK-NCA", props={"name": ["Hasan Trading"]})
    assert company.names == frozenset()
    assert Profile(("d", "3"), "Person").names == frozenset()
