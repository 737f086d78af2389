"""Analysts' judgements on pairs of records: merge, split or unsure, kept for good.

A judgement names two source records (dataset, entity id) in a canonical order,
so "A is B" and "B is A" are the same pair. The latest judgement on a pair is
in force; earlier ones stay, superseded, so every decision can be traced.
"""

from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

import duckdb

from crosscurrent.store.db import fetch_one

Key = tuple[str, str]


class Verdict(StrEnum):
    MERGE = "merge"
    SPLIT = "split"
    UNSURE = "unsure"


@dataclass(frozen=True)
class Judgement:
    id: int
    left: Key
    right: Key
    verdict: Verdict
    by: str
    agency: str
    at: datetime


def _pair(a: Key, b: Key) -> tuple[Key, Key]:
    return (a, b) if a <= b else (b, a)


def judge(
    con: duckdb.DuckDBPyConnection, a: Key, b: Key, verdict: Verdict, by: str, agency: str
) -> Judgement:
    """Record a judgement in the caller's transaction, superseding the pair's last one."""
    left, right = _pair(a, b)
    now = datetime.now(UTC).replace(tzinfo=None)
    _supersede(con, left, right, now)
    row = fetch_one(con, "SELECT coalesce(max(id), 0) + 1 FROM judgement")
    new_id = int(row[0]) if row else 1
    con.execute(
        "INSERT INTO judgement VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)",
        [new_id, left[0], left[1], right[0], right[1], verdict.value, by, agency, now],
    )
    return Judgement(new_id, left, right, verdict, by, agency, now)


def undo(con: duckdb.DuckDBPyConnection, a: Key, b: Key) -> bool:
    """Withdraw the judgement in force on a pair; True when there was one."""
    left, right = _pair(a, b)
    return _supersede(con, left, right, datetime.now(UTC).replace(tzinfo=None))


def _supersede(con: duckdb.DuckDBPyConnection, left: Key, right: Key, now: datetime) -> bool:
    rows = con.execute(
        "UPDATE judgement SET superseded_at = ? WHERE superseded_at IS NULL "
        "AND left_dataset = ? AND left_id = ? AND right_dataset = ? AND right_id = ? "
        "RETURNING id",
        [now, left[0], left[1], right[0], right[1]],
    ).fetchall()
    return bool(rows)


def in_force(con: duckdb.DuckDBPyConnection) -> list[Judgement]:
    """The judgements every resolver run applies, oldest first."""
    rows = con.execute(
        "SELECT id, left_dataset, left_id, right_dataset, right_id, verdict, by_user, agency, "
        "judged_at FROM judgement WHERE superseded_at IS NULL ORDER BY id"
    ).fetchall()
    return [
        Judgement(int(i), (ld, li), (rd, ri), Verdict(v), by, agency, at)
        for i, ld, li, rd, ri, v, by, agency, at in rows
    ]
