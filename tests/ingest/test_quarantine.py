"""Unusable rows are quarantined whole (file, row, field, reason) while the good
rows of the same file load; a malformed value (a nonsense date, an unknown
property) is dropped with a warning recorded the same way, and the rest of its
row loads."""

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pytest
from click.testing import Result

from crosscurrent.store import view
from crosscurrent.store.view import Caller
from factory import PERSON_MAPPING, facts, load, quarantined, rows, write_text

MORE_MAPPING = """\
entities:
  person:
    schema: Person
    id_column: id
    properties:
      name: {column: name}
      nationality: {column: nat}
      email: {column: email}
  payment:
    schema: Payment
    keys: [pay]
    properties:
      amount: {column: amount}
      payer: {entity: person}
"""
"""Two entities per row; the payment's id is hashed from column ``pay`` (FtM ``keys``)."""

REQUIRED_MAPPING = PERSON_MAPPING.replace(
    'format: "%d/%m/%Y"}', 'format: "%d/%m/%Y", required: true}'
)
"""People mapped only with a date of birth (FtM ``required``)."""

HEADER = "id,name,dob,phone\n"
MORE = "id,name,nat,email,pay,amount\n"


@dataclass(frozen=True)
class Case:
    name: str
    text: str
    problems: list[tuple[int, str | None, str]]
    """Rows quarantined whole: (row, field, a fragment of the reason), in row order."""
    loaded: set[str]
    """Entity ids of the good rows; ``<payment KEY>`` stands for a payment (its id is a hash)."""
    mapping: str | None = None
    warnings: list[tuple[int, str | None, str]] = field(default_factory=list)
    """Values dropped from rows that loaded: (row, field, a fragment of the reason)."""


CASES = {
    "csv-bad-date": Case(
        "people.csv",
        HEADER + "p1,Anna Rossi,12/03/1990,\np2,Bob,31/02/1990,\np3,Chen Li,,\n",
        [],
        {"p1", "p2", "p3"},
        PERSON_MAPPING,
        [(3, "dob", "not a valid date: '31/02/1990' (expected format %d/%m/%Y); value dropped")],
    ),
    "csv-wrong-field-count": Case(
        "people.csv",
        HEADER + "p1,Anna Rossi,,\np2,Bob\np3,Chen Li,,,extra\np4,Lena Berg,,\n",
        [(3, None, "row has 2 fields, the header has 4"), (4, None, "row has 5 fields")],
        {"p1", "p4"},
        PERSON_MAPPING,
    ),
    "csv-row-numbers-as-a-spreadsheet-shows-them": Case(
        "people.csv",  # a quoted cell over two lines is one row; a blank line is a row
        HEADER + 'p1,"Anna\nMaria Rossi",,\np2,Bob,1990-13-01,\n\np3,Chen,32/01/1990,\np4,Lena\n',
        [(6, None, "row has 2 fields")],
        {"p1", "p2", "p3"},
        PERSON_MAPPING,
        [(3, "dob", "'1990-13-01'"), (5, "dob", "'32/01/1990'")],
    ),
    "csv-semicolons": Case(
        "people.csv",
        HEADER.replace(",", ";") + "p1;Anna Rossi;;\np2;Bob;99/99/1999;\n",
        [],
        {"p1", "p2"},
        PERSON_MAPPING,
        [(3, "dob", "'99/99/1999'")],
    ),
    "csv-missing-id": Case(
        "people.csv",  # an empty row is no record; a row with data but no id is
        HEADER + "p1,Anna Rossi,,\n,Bob,01/01/1990,\n,,,\np3,Chen Li,,\n",
        [(3, "id", "missing record id")],
        {"p1", "p3"},
        PERSON_MAPPING,
    ),
    "csv-missing-key": Case(
        "pay.csv",
        MORE + "p1,Anna,,,t1,100\np2,Bob,,,,250.00\np3,Chen,,,,\n",
        [(3, "pay", "missing record id")],
        {"p1", "p3", "<payment t1>"},
        MORE_MAPPING,
    ),
    "csv-invalid-number-country-email": Case(
        "pay.csv",
        MORE
        + 'p1,Anna,it,anna@example.org,t1,"1,500.00"\n'
        + 'p2,Bob,,,t2,"12,O00"\n'
        + "p3,Chen,Narnia,not-an-email,t3,100 EUR\n"
        + "p4,Lena,France,,t4,-20\n",
        [],
        {"p1", "p2", "p3", "p4", "<payment t1>", "<payment t2>", "<payment t3>", "<payment t4>"},
        MORE_MAPPING,
        [
            (3, "amount", "not a valid number: '12,O00'"),
            (4, "nat", "not a valid country: 'Narnia'"),
            (4, "email", "not a valid email: 'not-an-email'"),
        ],
    ),
    "csv-required-value-malformed": Case(
        "people.csv",  # no date: FtM maps no such person; a nonsense date loses it
        HEADER + "p1,Anna Rossi,12/03/1990,\np2,Bob,31/02/1990,\np3,Chen Li,,\n",
        [
            (
                3,
                "dob",
                "not a valid date: '31/02/1990' (expected format %d/%m/%Y); Person 'p2' needs",
            )
        ],
        {"p1"},
        REQUIRED_MAPPING,
    ),
    "jsonl-unknown-schema": Case(
        "people.jsonl",
        '{"id": "p1", "schema": "Person", "properties": {"name": ["Anna"]}}\n'
        '{"id": "p2", "schema": "Smuggler", "properties": {"name": ["Bob"]}}\n'
        '{"id": "p3", "schema": "Person", "properties": {"name": ["Chen"]}}\n',
        [(2, "schema", "unknown schema 'Smuggler'")],
        {"p1", "p3"},
    ),
    "jsonl-not-json-in-the-middle": Case(
        "people.jsonl",
        '{"id": "p1", "schema": "Person", "properties": {"name": ["Anna"]}}\n'
        '{"id": "p2", "schema": "Person", "properties": {"name": ["Bob"]\n'
        "\n"
        "[1, 2]\n"
        '{"id": "p3", "schema": "Person", "properties": {"name": ["Chen"]}}',  # no final newline
        [(2, None, "not JSON"), (4, None, "not an entity object")],
        {"p1", "p3"},
    ),
    "jsonl-unknown-property": Case(
        "people.jsonl",
        '{"id": "p1", "schema": "Person", "properties": {"name": ["Anna"], "shoeSize": ["42"]}}\n'
        '{"id": "p2", "schema": "Person", "properties": {"name": ["Bob"]}}\n',
        [],
        {"p1", "p2"},
        warnings=[(1, "shoeSize", "no property 'shoeSize' on Person; value dropped")],
    ),
    "jsonl-missing-id-and-bad-properties": Case(
        "people.jsonl",
        '{"schema": "Person", "properties": {"name": ["Anna"]}}\n'
        '{"id": " ", "schema": "Person", "properties": {"name": ["Anna"]}}\n'
        '{"id": "p2", "schema": "Person", "properties": ["Bob"]}\n'
        '{"id": "p3", "schema": "Person", "properties": {"birthDate": ["1990-02-30"]}}\n'
        '{"id": "p4", "schema": "Person", "properties": {"name": "Lena"}}\n',
        [
            (1, "id", "missing entity id"),
            (2, "id", "missing entity id"),
            (3, "properties", "properties is not an object"),
        ],
        {"p3", "p4"},
        warnings=[(4, "birthDate", "not a valid date: '1990-02-30'")],
    ),
    "jsonl-values-that-are-not-values": Case(
        "people.jsonl",
        '{"id": "p1", "schema": "Person", "properties": {"name": [{"first": "Anna"}, "Anna"]}}\n'
        '{"id": "p2", "schema": "Person", "properties": {"name": [["Bob"]], "topics": ["boss"]}}\n',
        [],
        {"p1", "p2"},
        warnings=[
            (1, "name", 'not a single value: \'{"first": "Anna"}\'; value dropped'),
            (2, "name", "not a single value: '[\"Bob\"]'; value dropped"),
            (2, "topics", "not a valid topic: 'boss'; value dropped"),
        ],
    ),
    "jsonl-one-id-two-kinds-of-thing": Case(
        "things.jsonl",
        '{"id": "x1", "schema": "LegalEntity", "properties": {"name": ["Anna"]}}\n'
        '{"id": "x1", "schema": "Person", "properties": {"birthDate": ["1990"]}}\n'
        '{"id": "x1", "schema": "Vessel", "properties": {"name": ["Sea Breeze"]}}\n',
        [(3, "schema", "'x1' is a Person elsewhere in this dataset, it cannot also be a Vessel")],
        {"x1"},
    ),
    "jsonl-unpaired-surrogate": Case(
        "people.jsonl",
        '{"id": "p1", "schema": "Person", "properties": {"name": ["Anna \\ud83d\\ude00"]}}\n'
        '{"id": "p2", "schema": "Person", "properties": {"name": ["Bob \\ud800"]}}\n',
        [(2, None, "unpaired surrogate")],
        {"p1"},
    ),
}


def stored_entities(con: duckdb.DuckDBPyConnection) -> tuple[set[str], int]:
    """Ids of the stored non-payment entities, and how many payments (their ids are hashes)."""
    found = con.execute("SELECT DISTINCT entity_id, schema FROM statement").fetchall()
    ids = {str(entity_id) for entity_id, schema in found if schema != "Payment"}
    return ids, sum(1 for _id, schema in found if schema == "Payment")


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_malformed_rows_are_quarantined_and_good_rows_load(
    con: duckdb.DuckDBPyConnection, src: Path, case: Case
) -> None:
    path = write_text(src / case.name, case.text)
    mapping = write_text(src / "mapping.yml", case.mapping) if case.mapping else None
    report = load(con, path, mapping=mapping)

    for warning, expected in ((False, case.problems), (True, case.warnings)):
        found = [p for p in report.problems if p.warning is warning]
        assert [(p.row, p.field) for p in found] == [(r, f) for r, f, _ in expected]
        for problem, (_row, _field, reason) in zip(found, expected, strict=True):
            assert reason in problem.reason
    assert sorted(quarantined(con)) == sorted(
        (str(path), p.row, p.field, p.reason) for p in report.problems
    )
    (load_row,) = rows(con, "load")
    bad_rows = {row for row, _field, _reason in case.problems}
    assert load_row[2] == str(path)
    assert load_row[7] == report.quarantined_rows == len(bad_rows)
    assert report.warnings == len(case.warnings)

    people = {i for i in case.loaded if not i.startswith("<")}
    assert stored_entities(con) == (people, len(case.loaded - people))
    list(view.entities(con, Caller("UK-NCA")))  # and every reader can still read them


def test_json_null_is_no_value(con: duckdb.DuckDBPyConnection, src: Path) -> None:
    path = write_text(
        src / "people.jsonl",
        '{"id": "p1", "schema": "Person", "properties": {"name": [null, "Anna"], "alias": null}}\n',
    )
    assert load(con, path).problems == []
    assert facts(con) == {("p1", "id", "p1"), ("p1", "name", "Anna")}


def test_cli_prints_quarantined_rows_and_dropped_values_with_file_row_and_field(
    con: duckdb.DuckDBPyConnection, src: Path, cli: Callable[..., Result]
) -> None:
    case = CASES["csv-bad-date"]
    path = write_text(src / "people.csv", case.text + "p4,Lena Berg\n")
    mapping = write_text(src / "people.yml", PERSON_MAPPING)
    result = cli(
        "ingest", str(path), "--dataset", "ds", "--agency", "UK-NCA", "--mapping", str(mapping)
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{path}: 4 rows, 3 entities, 7 new statements into ds\n"
    expected = [
        f"{path}: row 3, field dob: not a valid date: '31/02/1990' (expected format %d/%m/%Y); "
        "value dropped, the rest of the row loaded",
        f"{path}: row 5: row has 2 fields, the header has 4",
    ]
    lines = result.stderr.splitlines()
    assert lines[0] == (
        "1 rows quarantined, 1 values dropped or changed (see `crosscurrent quarantine`):"
    )
    assert lines[1:] == [f"  {line}" for line in expected]
    shown = cli("quarantine")
    assert shown.exit_code == 0
    assert shown.stdout.splitlines() == expected


def test_cli_shows_the_first_twenty_problems(
    con: duckdb.DuckDBPyConnection, src: Path, cli: Callable[..., Result]
) -> None:
    bad = "".join(f"p{n},Bob,31/02/1990\n" for n in range(25))  # a field short
    path = write_text(src / "people.csv", HEADER + bad)
    mapping = write_text(src / "people.yml", PERSON_MAPPING)
    result = cli(
        "ingest", str(path), "--dataset", "ds", "--agency", "UK-NCA", "--mapping", str(mapping)
    )
    lines = result.stderr.splitlines()
    assert lines[0] == (
        "25 rows quarantined, 0 values dropped or changed (see `crosscurrent quarantine`):"
    )
    assert lines[1] == f"  {path}: row 2: row has 3 fields, the header has 4"
    assert lines[20].startswith(f"  {path}: row 21: ")
    assert lines[21:] == ["  ... and 5 more"]
    assert len(cli("quarantine", "--limit", "100").stdout.splitlines()) == 25
