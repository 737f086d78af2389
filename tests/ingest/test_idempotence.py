"""Loading is idempotent: the same file twice changes nothing; a changed file adds
only its new statements; statement ids depend on content alone."""

import shutil
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest

from crosscurrent.ingest.loader import LoadReport
from crosscurrent.store import db, registry
from crosscurrent.store.writer import statement_id
from factory import e, facts, load, people_csv, rows, snapshot, write_jsonl

PEOPLE = [
    ["p1", "Anna Rossi", "12/03/1990", "+44 20 7946 0958"],
    ["p2", "Олег Петров", "31/02/1990", ""],  # loads without its date: there is no such day
    ["p3", "Chen Li", "", "0612345678"],
]


def people_jsonl(src: Path, rows: list[list[str]], name: str = "people.jsonl") -> Path:
    """The same people as FtM entities (ISO dates); the invalid date is p9's here."""
    entities = [
        e("Person", pid, name=nm, birthDate="-".join(reversed(dob.split("/"))), phone=ph)
        for pid, nm, dob, ph in rows
        if dob != "31/02/1990"
    ]
    return write_jsonl(src / name, [*entities, e("Person", "p9", birthDate="1990-02-31")])


Loader = Callable[[duckdb.DuckDBPyConnection, Path, list[list[str]], str], LoadReport]


def load_csv(
    con: duckdb.DuckDBPyConnection, src: Path, rows: list[list[str]], name: str
) -> LoadReport:
    path, mapping = people_csv(src, rows, f"{name}.csv")
    return load(con, path, mapping=mapping)


def load_jsonl(
    con: duckdb.DuckDBPyConnection, src: Path, rows: list[list[str]], name: str
) -> LoadReport:
    return load(con, people_jsonl(src, rows, f"{name}.jsonl"))


LOADERS = pytest.mark.parametrize("loader", [load_csv, load_jsonl], ids=["csv", "jsonl"])


@LOADERS
def test_loading_the_same_file_twice_changes_nothing(
    con: duckdb.DuckDBPyConnection, src: Path, loader: Loader
) -> None:
    first = loader(con, src, PEOPLE, "people")
    assert first.statements_new > 0 and len(first.problems) == 1
    before = snapshot(con)
    again = loader(con, src, PEOPLE, "people")
    assert again.unchanged
    assert (again.rows, again.statements_new, again.problems) == (0, 0, [])
    assert snapshot(con) == before  # every row, last_seen and updated_at included


def test_the_same_content_under_another_name_is_unchanged(
    con: duckdb.DuckDBPyConnection, src: Path
) -> None:
    path, mapping = people_csv(src, PEOPLE)
    load(con, path, mapping=mapping)
    before = snapshot(con)
    copy = shutil.copy(path, src / "copy-of-people.csv")
    assert load(con, Path(copy), mapping=mapping).unchanged
    assert snapshot(con) == before
    # ... but it is a new file for another dataset.
    assert load(con, Path(copy), "other", mapping=mapping).statements_new > 0


@LOADERS
def test_a_changed_file_adds_only_its_new_statements(
    con: duckdb.DuckDBPyConnection, src: Path, loader: Loader
) -> None:
    loader(con, src, PEOPLE, "v1")
    old = {r[0]: r for r in rows(con, "statement")}
    changed = [
        ["p1", "Anna Rossi", "12/03/1990", "+44 20 7946 0959"],  # a new phone
        ["p3", "Chen Li", "", "0612345678"],  # as before
        ["p4", "Lena Berg", "01/01/2001", ""],  # a new person
    ]  # p2 is no longer in the file
    report = loader(con, src, changed, "v2")
    new = {r[0]: r for r in rows(con, "statement")}
    assert set(old) <= set(new)  # nothing is deleted or rewritten
    added = set(new) - set(old)
    assert report.statements_new == len(added) > 0
    assert {(new[i][1], new[i][3], new[i][4]) for i in added} == {
        ("p1", "phone", "+442079460959"),
        ("p4", "id", "p4"),
        ("p4", "name", "Lena Berg"),
        ("p4", "birthDate", "2001-01-01"),
    }
    v2 = max(r[-1] for r in new.values())
    for sid, row in old.items():
        first_seen, last_seen = new[sid][-2:]
        assert new[sid][:-1] == row[:-1]  # first_seen and original_value kept
        # p9 (JSON lines only) is in both files, without the date that cannot be.
        seen_again = row[1] in ("p3", "p9") or (row[1] == "p1" and row[3] != "phone")
        assert last_seen == (v2 if seen_again else row[-1]), row
        assert first_seen < last_seen if seen_again else first_seen == last_seen
    assert len(rows(con, "load")) == 2


def test_statement_ids_depend_only_on_content(tmp_path: Path, src: Path) -> None:
    path, mapping = people_csv(src, PEOPLE)
    ids = []
    for store in ("one", "two"):
        con = db.connect(tmp_path / f"{store}.duckdb")
        registry.add_agency(con, "UK-NCA", "National Crime Agency")
        load(con, path, mapping=mapping)
        found = con.execute("SELECT id, entity_id, prop, value FROM statement").fetchall()
        for sid, entity_id, prop, value in found:
            assert sid == statement_id("ds", entity_id, prop, value)
        ids.append(sorted(sid for sid, *_ in found))
        con.close()
    assert ids[0] == ids[1]
    # p1: id, name, date, phone; p2: id, name (its date is no date); p3: id, name, phone
    assert len(ids[0]) == len(set(ids[0])) == 9


def test_a_dataset_reloaded_by_its_originator_can_be_remarked(
    con: duckdb.DuckDBPyConnection, src: Path
) -> None:
    path = people_jsonl(src, PEOPLE)
    load(con, path)
    before = facts(con)
    assert load(con, path, releasable="all").unchanged
    assert facts(con) == before
    marking = con.execute("SELECT releasable_to FROM dataset WHERE name = 'ds'").fetchall()
    assert marking == [(["all"],)]
