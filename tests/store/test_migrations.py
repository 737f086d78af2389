"""Schema migrations: each applied once, in order, in its own transaction."""

import re
from pathlib import Path

import duckdb
import pytest

from crosscurrent.store import db

SHIPPED = db.migrations()


def versions(con: duckdb.DuckDBPyConnection) -> list[int]:
    found = con.execute("SELECT version FROM schema_migration ORDER BY version").fetchall()
    return [int(v) for (v,) in found]


def tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {str(t) for (t,) in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}


def test_shipped_migrations_are_numbered_sql_files_with_unique_versions() -> None:
    assert SHIPPED, "the package ships no migrations (package data missing?)"
    numbers = [version for version, _name, _sql in SHIPPED]
    assert len(set(numbers)) == len(numbers)
    assert numbers == sorted(numbers)
    for version, name, sql in SHIPPED:
        assert re.fullmatch(r"\d{3}_[a-z0-9_]+\.sql", name), name
        assert int(name[:3]) == version
        assert sql.strip()


def test_new_store_gets_every_migration_once(store_path: Path) -> None:
    con = db.connect(store_path)
    assert versions(con) == [version for version, _name, _sql in SHIPPED]
    names = con.execute("SELECT name FROM schema_migration ORDER BY version").fetchall()
    assert [n for (n,) in names] == [name for _version, name, _sql in SHIPPED]
    expected = {"agency", "dataset", "statement", "load", "quarantine", "resolution"}
    assert expected | {"schema_migration"} <= tables(con)
    con.close()


def test_reopening_applies_nothing(store_path: Path) -> None:
    con = db.connect(store_path)
    before = con.execute("SELECT * FROM schema_migration ORDER BY version").fetchall()
    con.close()
    con = db.connect(store_path)
    assert con.execute("SELECT * FROM schema_migration ORDER BY version").fetchall() == before
    assert db.migrate(con) == []
    con.close()


def test_a_new_migration_is_applied_once(store_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db.connect(store_path).close()
    extra = (
        999,
        "999_note.sql",
        "CREATE TABLE note (text VARCHAR); INSERT INTO note VALUES ('x');",
    )
    monkeypatch.setattr(db, "migrations", lambda: [*SHIPPED, extra])
    con = db.connect(store_path)
    assert versions(con)[-1] == 999
    assert db.migrate(con) == []
    assert con.execute("SELECT count(*) FROM note").fetchall() == [(1,)]
    con.close()


def test_a_failing_migration_leaves_no_trace(
    store_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db.connect(store_path).close()
    broken = (998, "998_broken.sql", "CREATE TABLE half (x INTEGER); SELECT * FROM no_such_table;")
    monkeypatch.setattr(db, "migrations", lambda: [*SHIPPED, broken])
    with pytest.raises(duckdb.CatalogException):
        db.connect(store_path)
    monkeypatch.setattr(db, "migrations", lambda: SHIPPED)
    con = db.connect(store_path)
    assert "half" not in tables(con)
    assert 998 not in versions(con)
    con.close()


def test_read_only_open_does_not_migrate(store_path: Path) -> None:
    db.connect(store_path).close()
    con = db.connect(store_path, read_only=True)
    assert versions(con) == [version for version, _name, _sql in SHIPPED]
    con.close()
