"""Datasets as an agency may know them, and who a marking would reach.

Reads the dataset and agency tables only (markings, never content). Which
datasets an agency knows of follows the same rule as the policy view: its own,
and those released to it or to all.
"""

from dataclasses import dataclass
from datetime import date, datetime

import duckdb

from crosscurrent.model.markings import ALL, Handling, Marking
from crosscurrent.store import registry


@dataclass(frozen=True)
class DatasetInfo:
    name: str
    marking: Marking
    handling_text: str | None
    review_date: date | None
    created_at: datetime
    updated_at: datetime


def visible_datasets(con: duckdb.DuckDBPyConnection, agency: str) -> list[DatasetInfo]:
    rows = con.execute(
        """
        SELECT name, agency, releasable_to, handling, handling_text, review_date,
               created_at, updated_at
        FROM dataset
        WHERE agency = $agency OR list_contains(releasable_to, $agency)
           OR list_contains(releasable_to, $all)
        ORDER BY name
        """,
        {"agency": agency, "all": ALL},
    ).fetchall()
    return [
        DatasetInfo(name, Marking(owner, tuple(rel), Handling(hand)), text, review, made, changed)
        for name, owner, rel, hand, text, review, made, changed in rows
    ]


def reach(con: duckdb.DuckDBPyConnection, marking: Marking) -> list[registry.Agency]:
    """The registered agencies a dataset so marked would be visible to."""
    return [a for a in registry.agencies(con) if marking.visible_to(a.code)]
