"""Nasty values (nonsense dates, control characters, emoji, 10,000-character names,
mixed scripts, empty names) load with a warning naming file, row and field where
a value is changed or dropped, never crash the loader, and never crash the
resolver that runs over them next."""

import json
from pathlib import Path
from typing import Any

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crosscurrent.resolve.resolver import resolve
from crosscurrent.store import view
from crosscurrent.store.view import Caller
from factory import PERSON_HEADER, PERSON_MAPPING, e, load, memory_store, write_csv, write_text

DROPPED = "value dropped, the rest of the row loaded"
CHANGED = "value loaded changed, the original kept"
LONG = "Zoran Petrović " * 700  # 10,500 characters

NASTY_JSONL: list[dict[str, Any]] = [
    e("Person", "p1", name="Anna\x00Rossi", birthDate="1856-86-18", nationality="it"),
    e("Person", "p2", name="\x1b[1mOleg\x1b[0m Petrov 😀", birthDate="1990-03-12"),
    e("Person", "p3", name=LONG),
    e("Person", "p4", name="Олег Smith 李小龍"),  # mixed scripts: a name as written
    e("Person", "p5", name="", birthDate=""),  # empty: no value, like an empty cell
    e("Person", "p6", name="\u202e\u202e", birthDate="1990"),
    e("Person", "p7", name=["Zoë 🦄", "Zoe"], gender="🦄"),
    e("Person", "p8 😀", name="Emoji Id"),
    e("Smuggler", "p9", name="Bob"),  # unusable: quarantined whole
    {"schema": "Person", "properties": {"name": ["Nobody"]}},  # no id: quarantined whole
    e("Company", "c1", name="Acme\x07 Ltd", incorporationDate="2020-13-45"),
    e("Person", "p10", name="Anna Rossi", birthDate="1990-03-12", nationality="it"),
]

NASTY_CSV = [
    ["f1", "Anna\x00 Rossi", "99/99/1999", "+33 1 23 45 67 89"],
    ["f2", "", "12/03/1990", ""],  # no name
    ["f3", "😀" * 50, "😀", ""],
    ["f4", "Аnna Rossi", "12/03/1990", ""],  # its first letter is Cyrillic
    ["f5", LONG, "", ""],
    ["f6", "Lena Berg"],  # a field short: quarantined whole
]


def facts_of(con: duckdb.DuckDBPyConnection, dataset: str) -> dict[str, set[tuple[str, str]]]:
    found: dict[str, set[tuple[str, str]]] = {}
    for entity_id, prop, value in con.execute(
        "SELECT entity_id, prop, value FROM statement WHERE dataset = ? AND prop != 'id'",
        [dataset],
    ).fetchall():
        found.setdefault(entity_id, set()).add((prop, value))
    return found


def test_nasty_jsonl_loads_with_warnings(con: duckdb.DuckDBPyConnection, src: Path) -> None:
    path = src / "nasty.jsonl"
    path.write_text(
        "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in NASTY_JSONL)
        # A raw control character inside a JSON string: not strict JSON, still a value.
        + '{"id": "p11", "schema": "Person", "properties": {"name": ["Lena\x01 Berg"]}}\n',
        encoding="utf-8",
    )
    report = load(con, path, "nasty")
    assert (report.rows, report.entities, report.quarantined_rows) == (13, 11, 2)
    problems = {(p.row, p.field): p for p in report.problems}
    expected = {
        (1, "name"): f"1 control character (U+0000) removed in 'Anna\\x00Rossi'; {CHANGED}",
        (1, "birthDate"): f"not a valid date: '1856-86-18'; {DROPPED}",
        (2, "name"): "2 control characters (U+001B) removed in",
        (3, "name"): "cut to 384 characters, the longest a name may be",
        (6, "name"): f"only control characters: '\\u202e\\u202e'; {DROPPED}",
        (7, "gender"): f"not a valid gender: '🦄'; {DROPPED}",
        (9, "schema"): "unknown schema 'Smuggler'",
        (10, "id"): "missing entity id",
        (11, "name"): "1 control character (U+0007) removed",
        (11, "incorporationDate"): f"not a valid date: '2020-13-45'; {DROPPED}",
        (13, "name"): "1 control character (U+0001) removed",
    }
    assert problems.keys() == expected.keys()
    for key, fragment in expected.items():
        assert fragment in problems[key].reason, key
        assert problems[key].warning is (key[1] not in ("schema", "id"))
        assert "\n" not in problems[key].reason and len(problems[key].reason) < 300
    stored = facts_of(con, "nasty")
    assert stored == {
        "p1": {("name", "AnnaRossi"), ("nationality", "it")},
        "p2": {("name", "[1mOleg[0m Petrov 😀"), ("birthDate", "1990-03-12")},
        "p3": {("name", LONG[:384].rstrip())},
        "p4": {("name", "Олег Smith 李小龍")},
        "p6": {("birthDate", "1990")},
        "p7": {("name", "Zoë 🦄"), ("name", "Zoe")},
        "p8 😀": {("name", "Emoji Id")},
        "c1": {("name", "Acme Ltd")},
        "p10": {("name", "Anna Rossi"), ("birthDate", "1990-03-12"), ("nationality", "it")},
        "p11": {("name", "Lena Berg")},
    }
    ids = con.execute("SELECT DISTINCT entity_id FROM statement WHERE dataset = 'nasty'")
    assert {r[0] for r in ids.fetchall()} == {*stored, "p5"}  # p5 exists, with no values
    # The value as written is kept beside the cleaned one.
    originals = con.execute(
        "SELECT entity_id, original_value FROM statement WHERE prop = 'name' AND entity_id IN "
        "('p1', 'p3')"
    ).fetchall()
    assert sorted(originals) == [("p1", "Anna\x00Rossi"), ("p3", LONG.strip())]
    # Every warning is stored where quarantined rows are, with file, row and field.
    found = con.execute("SELECT path, row_number, field, reason FROM quarantine").fetchall()
    assert sorted(found) == sorted((str(path), p.row, p.field, p.reason) for p in report.problems)
    assert con.execute("SELECT quarantined FROM load").fetchall() == [(2,)]


def test_nasty_csv_loads_with_warnings(con: duckdb.DuckDBPyConnection, src: Path) -> None:
    path = write_csv(src / "nasty.csv", PERSON_HEADER, NASTY_CSV)
    mapping = write_text(src / "people.yml", PERSON_MAPPING)
    report = load(con, path, "fr", agency="FR-PN", mapping=mapping)
    assert (report.rows, report.entities, report.quarantined_rows) == (6, 5, 1)
    assert [(p.row, p.field, p.warning) for p in report.problems] == [
        (2, "name", True),
        (2, "dob", True),
        (4, "dob", True),
        (6, "name", True),
        (7, None, False),
    ]
    reasons = [p.reason for p in report.problems]
    assert reasons[1] == (f"not a valid date: '99/99/1999' (expected format %d/%m/%Y); {DROPPED}")
    assert reasons[2].startswith("not a valid date: '😀'")
    assert reasons[3].startswith("cut to 384 characters")
    assert reasons[4] == "row has 2 fields, the header has 4"
    assert facts_of(con, "fr") == {
        "f1": {("name", "Anna Rossi"), ("phone", "+33123456789")},
        "f2": {("birthDate", "1990-03-12")},
        "f3": {("name", "😀" * 50)},
        "f4": {("name", "Аnna Rossi"), ("birthDate", "1990-03-12")},
        "f5": {("name", LONG[:384].rstrip())},
    }


def test_a_stray_nul_byte_does_not_make_a_csv_binary(
    con: duckdb.DuckDBPyConnection, src: Path
) -> None:
    path = write_text(src / "people.csv", "id,name,dob,phone\np1,Anna\x00Rossi,,\np2,Bob,,\n")
    report = load(con, path, mapping=write_text(src / "people.yml", PERSON_MAPPING))
    assert (report.rows, report.quarantined_rows, report.warnings) == (2, 0, 1)
    assert facts_of(con, "ds") == {"p1": {("name", "AnnaRossi")}, "p2": {("name", "Bob")}}


def test_resolver_runs_over_nasty_records(con: duckdb.DuckDBPyConnection, src: Path) -> None:
    """End to end: both nasty files loaded by two agencies, then the resolver."""
    jsonl = src / "nasty.jsonl"
    jsonl.write_text(
        "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in NASTY_JSONL), encoding="utf-8"
    )
    load(con, jsonl, "nasty")
    mapping = write_text(src / "people.yml", PERSON_MAPPING)
    load(
        con, write_csv(src / "nasty.csv", PERSON_HEADER, NASTY_CSV), "fr", "FR-PN", mapping=mapping
    )
    stored = {
        (str(d), str(i))
        for d, i in con.execute("SELECT DISTINCT dataset, entity_id FROM statement").fetchall()
    }
    assert len(stored) == 10 + 5

    report = resolve(con)

    resolved = con.execute("SELECT dataset, entity_id, canonical_id FROM resolution").fetchall()
    assert {(str(d), str(i)) for d, i, _ in resolved} == stored
    assert report.entities == len(stored) >= report.clusters > 0
    # Every agency's reader still reads every record it may see.
    seen = list(view.entities(con, Caller("UK-NCA")))
    assert sum(len(list(ent.statements)) for ent in seen) > 0
    names = {n for ent in seen for n in ent.get("name")}
    assert {"Олег Smith 李小龍", "Zoë 🦄", "Emoji Id", LONG[:384].rstrip()} <= names


# Any text a partner's export could hold: every Unicode category but surrogates
# (which UTF-8 cannot carry), control characters included; and the same repeated
# to 12,000 characters (drawing that many characters one by one is slow).
SHORT_TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)
ANY_TEXT = st.one_of(SHORT_TEXT, SHORT_TEXT.filter(bool).map(lambda t: (t * 12_000)[:12_000]))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(ANY_TEXT, ANY_TEXT, ANY_TEXT), min_size=1, max_size=4))
def test_any_text_loads_and_resolves_without_a_crash(
    tmp_path_factory: pytest.TempPathFactory, values: list[tuple[str, str, str]]
) -> None:
    src = tmp_path_factory.mktemp("any")
    con = memory_store("UK-NCA")
    people = [
        e("Person", f"p{n}", name=name, birthDate=date, nationality=country)
        for n, (name, date, country) in enumerate(values)
    ]
    path = src / "any.jsonl"
    path.write_text("".join(json.dumps(p) + "\n" for p in people), encoding="utf-8")
    report = load(con, path)
    assert report.quarantined_rows == 0 and report.entities == len(values)
    for problem in report.problems:
        assert problem.warning and problem.field in ("name", "birthDate", "nationality")
        assert "\n" not in problem.reason and len(problem.reason) < 300
    assert resolve(con).entities == len(values)
    con.close()
