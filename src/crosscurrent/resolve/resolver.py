"""Run the resolver over the whole store, or over what changed since the last run
(``incremental``), and record canonical ids."""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

import duckdb
import pyarrow as pa

from crosscurrent.resolve import incremental as inc
from crosscurrent.resolve.decide import decide
from crosscurrent.resolve.rules import Key, Match, Profile
from crosscurrent.store import options, view


@dataclass
class ResolveReport:
    entities: int = 0
    clusters: int = 0
    merged: int = 0
    rules: Counter[str] = field(default_factory=Counter)
    """Links by rule: all of them in a full run, the region's in an incremental one."""
    incremental: bool = False
    """True when only the changed region was resolved."""
    fallback: str | None = None
    """Why an incremental run was asked for and a full one ran instead."""
    new: int = 0
    """Incremental: records new since the last run."""
    changed: int = 0
    """Incremental: records with statements from loads since the last run."""
    region: int = 0
    """Incremental: records decided again (the components of the new and changed)."""
    pairs_scored: int = 0
    """Incremental: candidate pairs scored with the kept model."""
    moved: int = 0
    """Incremental: records whose canonical id was set or changed."""


def resolve(
    con: duckdb.DuckDBPyConnection,
    before_commit: Callable[[ResolveReport], None] | None = None,
    incremental: bool = False,
) -> ResolveReport:
    """Recompute canonical ids for every source entity in one transaction (the system
    view: resolution compares everything; each caller's own clusters come from the
    same rules run on what it sees, in the policy view).

    ``incremental``: resolve only the records new or changed since the last run, and
    the components they reach, with the person model the last full run kept
    (``resolve/incremental.py``); a full run when that cannot be done, with the
    reason in ``fallback``."""
    report = ResolveReport()
    con.begin()
    try:
        patch = inc.plan(con) if incremental else None
        if isinstance(patch, inc.Patch):
            _patch(con, patch, report)
        else:
            report.fallback = patch
            _full(con, report)
        if before_commit is not None:
            before_commit(report)
        con.commit()
    except BaseException:
        con.rollback()
        raise
    return report


def _full(con: duckdb.DuckDBPyConnection, report: ResolveReport) -> None:
    found = view.profiles(con, view.Caller.system())
    merges, splits = view.judged_pairs(con)
    method = options.resolver_method(con)
    decision = decide(found, merges, splits, method, view.regions(con))
    _write(con, found, decision.canonical, decision.rule, replace=True)
    con.execute("DELETE FROM resolution_link")
    _write_links(con, decision.links)
    model = decision.people.model if decision.people is not None else None
    inc.save_run(con, "full", method, len(found), model)
    report.rules = decision.rules
    report.entities = len(found)
    report.clusters = len(set(decision.canonical.values()))
    report.merged = report.entities - report.clusters


def _patch(con: duckdb.DuckDBPyConnection, patch: inc.Patch, report: ResolveReport) -> None:
    """Rewrite the region's canonical ids and links; nothing else."""
    region = pa.table(
        {"dataset": [k[0] for k in patch.region], "entity_id": [k[1] for k in patch.region]}
    )
    con.register("region_batch", region)
    try:
        con.execute(
            "DELETE FROM resolution WHERE (dataset, entity_id) IN "
            "(SELECT dataset, entity_id FROM region_batch)"
        )
        con.execute(
            "DELETE FROM resolution_link WHERE (left_dataset, left_id) IN "
            "(SELECT dataset, entity_id FROM region_batch) OR (right_dataset, right_id) IN "
            "(SELECT dataset, entity_id FROM region_batch)"
        )
    finally:
        con.unregister("region_batch")
    decision = patch.decision
    _write(con, patch.region, decision.canonical, decision.rule)
    _write_links(con, decision.links)
    inc.save_run(con, "incremental", options.resolver_method(con), patch.records)
    report.incremental = True
    report.rules = decision.rules
    report.entities = patch.records
    report.clusters = len(set(patch.canonical.values()))
    report.merged = report.entities - report.clusters
    report.new, report.changed = patch.new, patch.changed
    report.region, report.pairs_scored, report.moved = (
        len(patch.region),
        patch.pairs_scored,
        patch.moved,
    )


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
    replace: bool = False,
) -> None:
    """Write these records' rows; with ``replace``, make the table exactly these rows,
    touching only the rows that differ (a full run after a load changes few of a
    million, and rewriting them all cost 20 s of DuckDB writes at that size)."""
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
        if replace:  # rows gone or changed out, then the new and changed rows in
            con.execute(
                "DELETE FROM resolution WHERE NOT EXISTS (SELECT 1 FROM resolution_batch b "
                "WHERE b.dataset = resolution.dataset AND b.entity_id = resolution.entity_id "
                "AND b.schema = resolution.schema AND b.canonical_id = resolution.canonical_id "
                "AND b.rule = resolution.rule)"
            )
            # The rows left are the unchanged ones: their keys conflict and stay.
            con.execute("INSERT OR IGNORE INTO resolution SELECT * FROM resolution_batch")
        else:
            con.execute("INSERT INTO resolution SELECT * FROM resolution_batch")
    finally:
        con.unregister("resolution_batch")
