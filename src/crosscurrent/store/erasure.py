"""Erasing a dataset: its statements and every trace of them in resolution."""

from dataclasses import dataclass
from datetime import date

import duckdb

from crosscurrent.errors import CrosscurrentError
from crosscurrent.store.db import fetch_one


@dataclass(frozen=True)
class Erased:
    dataset: str
    statements: int
    entities: int


def erase_dataset(con: duckdb.DuckDBPyConnection, name: str) -> Erased:
    """Delete a dataset inside the caller's transaction; the caller re-resolves after.

    Loads and quarantine rows go too (they name the file and its rows); the audit
    log keeps its entries, which hold ids only.
    """
    row = fetch_one(
        con,
        "SELECT count(*), count(DISTINCT entity_id) FROM statement WHERE dataset = ?",
        [name],
    )
    if fetch_one(con, "SELECT 1 FROM dataset WHERE name = ?", [name]) is None:
        raise CrosscurrentError(f"no dataset {name!r}")
    statements, entities = (int(row[0]), int(row[1])) if row else (0, 0)
    con.execute("DELETE FROM statement WHERE dataset = ?", [name])
    con.execute(
        "DELETE FROM quarantine WHERE load_id IN (SELECT id FROM load WHERE dataset = ?)", [name]
    )
    con.execute("DELETE FROM load WHERE dataset = ?", [name])
    con.execute("DELETE FROM resolution WHERE dataset = ?", [name])
    con.execute(
        "DELETE FROM resolution_link WHERE left_dataset = ? OR right_dataset = ?", [name, name]
    )
    # The kept person model counts name values and the kept pairs weigh records,
    # erased ones among them; the next run is a full one anyway (its loads are gone).
    con.execute("UPDATE resolution_run SET model = NULL, pairs = NULL")
    con.execute("DELETE FROM dataset WHERE name = ?", [name])
    return Erased(name, statements, entities)


@dataclass(frozen=True)
class Review:
    dataset: str
    agency: str
    review_date: date | None


def due_for_review(con: duckdb.DuckDBPyConnection, today: date) -> list[Review]:
    """Datasets whose review date has come, and those that were never given one."""
    rows = con.execute(
        "SELECT name, agency, review_date FROM dataset "
        "WHERE review_date IS NULL OR review_date <= ? ORDER BY review_date NULLS FIRST, name",
        [today],
    ).fetchall()
    return [Review(str(n), str(a), d) for n, a, d in rows]
