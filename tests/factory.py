"""Tiny builders for the ingest and store tests: entities, input files, snapshots.

``e("Person", "p1", name="Anna", birthDate=["1990", "1990-03-12"])`` is one FtM
entity as a JSON-lines source writes it. All names are synthetic.
"""

import csv
import json
from pathlib import Path
from typing import Any

import duckdb

from crosscurrent.ingest.loader import LoadReport, ingest_file
from crosscurrent.model.markings import Marking, parse_handling, parse_releasable
from crosscurrent.store import db, registry

AGENCY = "UK-NCA"

PERSON_MAPPING = """\
entities:
  person:
    schema: Person
    id_column: id
    properties:
      name: {column: name}
      birthDate: {column: dob, format: "%d/%m/%Y"}
      phone: {column: phone}
"""
"""A CSV of people: ``id,name,dob,phone`` with dates as ``12/03/1990``."""

PERSON_HEADER = ["id", "name", "dob", "phone"]

TABLES = {
    "agency": "code",
    "dataset": "name",
    "statement": "id",
    "load": "id",
    "quarantine": "load_id, row_number, field, reason",
}


def e(schema: str, id: str, **props: str | list[str]) -> dict[str, Any]:
    """One FtM entity dict; a single value may be given without a list."""
    properties = {k: [v] if isinstance(v, str) else v for k, v in props.items()}
    return {"id": id, "schema": schema, "properties": properties}


def write_jsonl(path: Path, entities: list[dict[str, Any]]) -> Path:
    lines = (json.dumps(entity, ensure_ascii=False) + "\n" for entity in entities)
    path.write_text("".join(lines), encoding="utf-8")
    return path


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def write_text(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def people_csv(src: Path, rows: list[list[str]], name: str = "people.csv") -> tuple[Path, Path]:
    """A people CSV and its mapping, both in ``src``."""
    mapping = write_text(src / "people.yml", PERSON_MAPPING)
    return write_csv(src / name, PERSON_HEADER, rows), mapping


def marking(
    originator: str = AGENCY, releasable: str | list[str] | None = None, handling: str | None = None
) -> Marking:
    return Marking(originator, parse_releasable(releasable, originator), parse_handling(handling))


def load(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    dataset: str = "ds",
    agency: str = AGENCY,
    releasable: str | list[str] | None = None,
    mapping: Path | None = None,
) -> LoadReport:
    return ingest_file(con, path, dataset, marking(agency, releasable), mapping)


def memory_store(*agencies: str) -> duckdb.DuckDBPyConnection:
    """A migrated in-memory store with the given agencies (for hypothesis examples)."""
    con = db.connect(":memory:")
    for code in agencies:
        registry.add_agency(con, code, f"Agency {code}")
    return con


def rows(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple[Any, ...]]:
    return con.execute(f"SELECT * FROM {table} ORDER BY {TABLES[table]}").fetchall()


def snapshot(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table a load may touch, timestamps included."""
    return {table: rows(con, table) for table in TABLES}


def facts(con: duckdb.DuckDBPyConnection, dataset: str = "ds") -> set[tuple[str, str, str]]:
    """(entity id, property, value) of a dataset's stored statements."""
    found = con.execute(
        "SELECT entity_id, prop, value FROM statement WHERE dataset = ?", [dataset]
    ).fetchall()
    return {(str(a), str(b), str(c)) for a, b, c in found}


def quarantined(con: duckdb.DuckDBPyConnection) -> list[tuple[str, int, str | None, str]]:
    """(path, row, field, reason) of every quarantined problem, in load and row order."""
    found = con.execute(
        "SELECT path, row_number, field, reason FROM quarantine ORDER BY load_id, row_number"
    ).fetchall()
    return [(str(p), int(r), f, str(why)) for p, r, f, why in found]


# A user of a served test store: (name, agency, roles, password).
ServedUser = tuple[str, str, frozenset[str], str]


def served_store(
    root: Path,
    agencies: dict[str, str],
    data: dict[tuple[str, str, str], list[dict[str, Any]]],
    people: list[ServedUser],
) -> Path:
    """A resolved store for the API and browser tests, with its audit key: the
    agencies, one dataset per ``data`` key (name, originator, releasable-to), IT-PS's
    shared nationalities marked for IT-PS and UK-NCA alone under H1, and users."""
    from argon2 import PasswordHasher

    from crosscurrent.resolve.resolver import resolve
    from crosscurrent.share import audit, users

    path = root / "store.duckdb"
    con = db.connect(path)
    for code, name in agencies.items():
        registry.add_agency(con, code, name)
    for (dataset, agency, releasable), entities in data.items():
        load(con, write_jsonl(root / f"{dataset}.jsonl", entities), dataset, agency, releasable)
    con.execute(
        "UPDATE statement SET releasable_to = ['IT-PS', 'UK-NCA'], handling = 'H1' "
        "WHERE dataset = 'it-ps-shared' AND prop = 'nationality'"
    )
    resolve(con)
    # Cheap argon2 parameters for the test users: a hash carries its parameters,
    # so every sign-in of a test verifies in a millisecond instead of ~100.
    saved = users._hasher
    users._hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    try:
        for name, agency, roles, password in people:
            users.add_user(con, name, agency, frozenset(users.Role(r) for r in roles), password)
    finally:
        users._hasher = saved
    con.close()
    audit.load_or_create_key(audit.key_path(path))  # created once, copied with the store
    return path
