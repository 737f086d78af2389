"""``db.batch``: rows in a temporary table for one block, gone after it, and an error
inside it surfaces as itself."""

import duckdb
import pytest

from crosscurrent.store import db


def tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {name for (name,) in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}


def test_a_batch_holds_its_rows_for_the_block_only() -> None:
    con = duckdb.connect()
    before = tables(con)
    rows = [("a", ["x", "y"]), ("b", []), (None, None)]
    with db.batch(con, {"name": "VARCHAR", "tags": "VARCHAR[]"}, rows) as table:
        assert con.execute(f"SELECT * FROM {table}").fetchall() == rows
    assert tables(con) == before


def test_an_error_inside_a_transaction_is_the_one_raised_and_the_rollback_drops_all() -> None:
    con = duckdb.connect()
    con.execute("CREATE TABLE kept (id VARCHAR PRIMARY KEY)")
    con.execute("INSERT INTO kept VALUES ('a')")
    before = tables(con)
    con.begin()
    with (
        pytest.raises(duckdb.ConstraintException),
        db.batch(con, {"id": "VARCHAR"}, [("a",)]) as table,
    ):
        con.execute(f"INSERT INTO kept SELECT id FROM {table}")
    con.rollback()
    assert tables(con) == before
    assert con.execute("SELECT id FROM kept").fetchall() == [("a",)]


def test_appended_rows_belong_to_the_transaction() -> None:
    # A resolve that fails after writing its links must leave none of them behind.
    con = duckdb.connect()
    con.execute("CREATE TABLE link (a VARCHAR, evidence VARCHAR[])")
    con.execute("INSERT INTO link VALUES ('kept', [])")
    con.begin()
    db.append(con, "link", [("new", ["name"]), ("other", [])])
    assert con.execute("SELECT count(*) FROM link").fetchone() == (3,)
    con.rollback()
    assert con.execute("SELECT a FROM link").fetchall() == [("kept",)]
    db.append(con, "link", [("new", ["name"])])
    assert con.execute("SELECT evidence FROM link WHERE a = 'new'").fetchall() == [(["name"],)]
