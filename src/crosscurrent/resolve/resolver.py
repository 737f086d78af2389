"""Run the first resolver over the whole store and record canonical ids."""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

import duckdb
import pyarrow as pa

from crosscurrent.resolve.decide import decide
from crosscurrent.resolve.rules import Key, Match, Profile
from crosscurrent.store import options, view


@dataclass
class ResolveReport:
    entities: int = 0
    clusters: int = 0
    merged: int = 0
    rules: Counter[str] = field(default_factory=Counter)


def resolve(
    con: duckdb.DuckDBPyConnection,
    before_commit: Callable[[ResolveReport], None] | None = None,
) -> ResolveReport:
    """Recompute canonical ids for every source entity in one transaction (the system
    view: resolution compares everything; each caller's own clusters come from the
    same rules run on what it sees, in the policy view)."""
    report = ResolveReport()
    con.begin()
    try:
        con.execute("DELETE FROM resolution")
        con.execute("DELETE FROM resolution_link")
        found = view.profiles(con, view.Caller.system())
        merges, splits = view.judged_pairs(con)
        decision = decide(found, merges, splits, options.resolver_method(con), view.regions(con))
        _write(con, found, decision.canonical, decision.rule)
        _write_links(con, decision.links)
        report.rules = decision.rules
        report.entities = len(found)
        report.clusters = len(set(decision.canonical.values()))
        report.merged = report.entities - report.clusters
        if before_commit is not None:
            before_commit(report)
        con.commit()
    except BaseException:
        con.rollback()
        raise
    return report


def _write_links(con: duckdb.DuckDBPyConnection, links: list[Match]) -> None:
    table = pa.table(
        {
            "left_dataset": [m.left[0] for m in links],
            "left_id": [m.left[1] for m in links],
            "right_dataset": [m.right[0] for m in links],
            "right_id": [m.right[1] for m in links],
            "rule": [m.rule for m in links],
            "evidence": [m.evidence for m in links],
        },
        schema=pa.schema(
            [(n, pa.string()) for n in ("left_dataset", "left_id", "right_dataset", "right_id",
                                        "rule")] + [("evidence", pa.list_(pa.string()))]
        ),
    )  # fmt: skip
    con.register("link_batch", table)
    try:
        con.execute("INSERT INTO resolution_link SELECT * FROM link_batch").fetchall()
    finally:
        con.unregister("link_batch")


def _write(
    con: duckdb.DuckDBPyConnection,
    found: dict[Key, Profile],
    canonical: dict[Key, str],
    rules: dict[Key, str],
) -> None:
    keys = sorted(found)
    table = pa.table(
        {
            "dataset": [k[0] for k in keys],
            "entity_id": [k[1] for k in keys],
            "schema": [found[k].schema for k in keys],
            "canonical_id": [canonical[k] for k in keys],
            "rule": [rules.get(k, "singleton") for k in keys],
        }
    )
    con.register("resolution_batch", table)
    try:
        con.execute("INSERT INTO resolution SELECT * FROM resolution_batch")
    finally:
        con.unregister("resolution_batch")
