"""Opening the store and bringing its schema up to date."""

import itertools
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb

from crosscurrent.settings import db_path


def migrations() -> list[tuple[int, str, str]]:
    """The numbered SQL migrations shipped with the package, in order."""
    found = []
    for item in resources.files("crosscurrent.store").joinpath("migrations").iterdir():
        name = item.name
        if name.endswith(".sql"):
            found.append((int(name.split("_", 1)[0]), name, item.read_text(encoding="utf-8")))
    return sorted(found)


def migrate(con: duckdb.DuckDBPyConnection) -> list[int]:
    """Apply the migrations this store lacks, each in its own transaction."""
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_migration "
        "(version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)"
    )
    applied = {row[0] for row in con.execute("SELECT version FROM schema_migration").fetchall()}
    done = []
    for version, name, sql in migrations():
        if version in applied:
            continue
        con.begin()
        try:
            con.execute(sql)
            con.execute(
                "INSERT INTO schema_migration VALUES (?, ?, now()::TIMESTAMP)", [version, name]
            )
            con.commit()
        except BaseException:
            con.rollback()
            raise
        done.append(version)
    return done


def connect(path: str | Path | None = None, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open the store (creating and migrating it if needed)."""
    target = db_path(path)
    if str(target) != ":memory:":
        target.parent.mkdir(parents=True, exist_ok=True)
    # No progress bar: DuckDB draws it on stdout for queries over 2 s, into the CLI's
    # output (a million-record `eval` printed "100%" before its figures).
    con = duckdb.connect(str(target), read_only=read_only)
    con.execute("SET enable_progress_bar = false")
    if not read_only:
        try:
            migrate(con)
        except BaseException:
            con.close()  # or the failed store stays open (and locked) in this process
            raise
    return con


def fetch_one(
    con: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | dict[str, Any] | None = None
) -> tuple[Any, ...] | None:
    """The first row of a query, with the result consumed.

    DuckDB refuses further work on a connection whose last result was not read
    to the end, which a bare ``fetchone()`` leaves behind.
    """
    rows = con.execute(sql, params or []).fetchall()
    return rows[0] if rows else None


def append(con: duckdb.DuckDBPyConnection, table: str, rows: Iterable[Sequence[Any]]) -> None:
    """Append ``rows`` to ``table`` (a name written in code) by DuckDB's appender, inside
    the connection's transaction: a rollback takes them back out."""
    appender = con.appender(table)
    appender.append_rows(rows)
    appender.flush()


_batches = itertools.count()


@contextmanager
def batch(
    con: duckdb.DuckDBPyConnection, columns: dict[str, str], rows: Iterable[Sequence[Any]]
) -> Iterator[str]:
    """A temporary table of ``rows`` (``columns`` maps each name, written in code, to
    its SQL type) for the statements inside the block; yields its name.

    Filled by DuckDB's appender, not by registering an Arrow table: DuckDB's check of a
    registered Python object imports pandas, half a second of every command."""
    name = f"batch_{next(_batches)}"
    con.execute(f"CREATE TEMP TABLE {name} ({', '.join(f'{c} {t}' for c, t in columns.items())})")
    try:
        appender = con.appender(name)
        appender.append_rows(rows)
        appender.flush()
        yield name
    finally:
        # A failed transaction refuses the drop; its rollback drops the table.
        with suppress(duckdb.Error):
            con.execute(f"DROP TABLE IF EXISTS {name}")
