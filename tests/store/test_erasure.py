"""Erasing a dataset removes it everywhere, resolution included; retention lists what is due."""

from datetime import date
from pathlib import Path

import duckdb

from crosscurrent.resolve.resolver import resolve
from crosscurrent.store import erasure, registry, view
from crosscurrent.store.view import Caller
from factory import e, load, write_jsonl


def test_erasure_removes_statements_and_their_merges(
    con: duckdb.DuckDBPyConnection, src: Path
) -> None:
    a = e("Person", "a1", name="Rebwar Hasan", passportNumber="N1234567")
    b = e("Person", "b1", name="Rebwar HESEN", passportNumber="N1234567")
    load(con, write_jsonl(src / "a.jsonl", [a]), "a", "UK-NCA", "all")
    load(con, write_jsonl(src / "b.jsonl", [b]), "b", "FR-PN", "all")
    resolve(con)
    merged = [x for x in view.entities(con, Caller("UK-NCA")) if len(x.datasets) > 1]
    assert merged, "the two records should have been merged by passport"
    con.begin()
    erased = erasure.erase_dataset(con, "b")
    con.commit()
    resolve(con)
    assert (erased.statements, erased.entities) == (3, 1)
    for table, column in (("statement", "dataset"), ("resolution", "dataset"),
                          ("resolution_link", "right_dataset"), ("load", "dataset")):  # fmt: skip
        assert con.execute(f"SELECT count(*) FROM {table} WHERE {column} = 'b'").fetchall() == [
            (0,)
        ]
    seen = list(view.entities(con, Caller("UK-NCA")))
    assert [x.get("name") for x in seen if x.schema.name == "Person"] == [["Rebwar Hasan"]]


def test_retention_lists_due_and_undated(con: duckdb.DuckDBPyConnection, src: Path) -> None:
    for name in ("old", "new", "undated"):
        load(con, write_jsonl(src / f"{name}.jsonl", [e("Person", "p", name="X Y")]), name)
    registry.set_dataset_options(con, "old", review_date=date(2026, 1, 1))
    registry.set_dataset_options(con, "new", review_date=date(2027, 1, 1))
    due = [r.dataset for r in erasure.due_for_review(con, date(2026, 6, 1))]
    assert due == ["undated", "old"]
