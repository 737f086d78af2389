"""Run the resolver over the whole store, or over what changed since the last run
(``incremental``), and record canonical ids."""

from collections import Counter
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass, field

import duckdb

from crosscurrent.resolve import incremental as inc
from crosscurrent.resolve import score
from crosscurrent.resolve.decide import decide, inert_schemas
from crosscurrent.resolve.rules import Key, Match, Profile
from crosscurrent.store import db, options, view


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
    # A run makes millions of small objects that live until it ends (profiles,
    # matches, clusters): with the cyclic collector on, the growing heap set off full
    # collections again and again, each walking everything built so far and finding
    # nothing (18 of 24 s of reading profiles at 1,000,000 records).
    # The stack holds what the incremental plan keeps open until its patch is written.
    with score.gc_paused(), ExitStack() as stack:
        try:
            patch = inc.plan(con, stack) if incremental else None
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
    system = view.Caller.system()
    merges, splits = view.judged_pairs(con)
    judged = {k for pair in (*merges, *splits) for k in pair}
    # Records no rule can join (calls, payments: most of a store) are clusters of their
    # own: written by DuckDB, without a profile, a union-find entry or a row in Python.
    with view.split(con, system, inert_schemas(), judged) as split:
        found, alone = split.profiles, split.alone
        method = options.resolver_method(con)
        decision = decide(found, merges, splits, method, view.regions(con), keep_scores=True)
        _write(con, found, decision.canonical, decision.rule, replace=True, lone=split.lone)
    con.execute("DELETE FROM resolution_link")
    _write_links(con, decision.links)
    model, pairs = None, None
    if decision.people is not None and decision.scores is not None:
        model = decision.people.model
        scores = decision.scores
        hashes = inc.key_hashes(decision.people.keys)
        pairs = inc.KeptPairs(hashes, scores.left, scores.right, scores.weight)
    inc.save_run(con, "full", method, len(found) + alone, model, pairs)
    report.rules = decision.rules
    report.entities = len(found) + alone
    report.clusters = len(set(decision.canonical.values())) + alone
    report.merged = report.entities - report.clusters


def _patch(con: duckdb.DuckDBPyConnection, patch: inc.Patch, report: ResolveReport) -> None:
    """Rewrite the region's canonical ids and links; nothing else."""
    with db.batch(con, {"dataset": "VARCHAR", "entity_id": "VARCHAR"}, patch.region) as region:
        con.execute(
            f"DELETE FROM resolution WHERE (dataset, entity_id) IN "
            f"(SELECT dataset, entity_id FROM {region})"
        )
        con.execute(
            f"DELETE FROM resolution_link WHERE (left_dataset, left_id) IN "
            f"(SELECT dataset, entity_id FROM {region}) OR (right_dataset, right_id) IN "
            f"(SELECT dataset, entity_id FROM {region})"
        )
    decision = patch.decision
    _write(con, patch.region, decision.canonical, decision.rule)
    _write_links(con, decision.links)
    if patch.lone is not None:
        patch.moved += _write_lone(con, patch.lone)
    inc.save_run(con, "incremental", options.resolver_method(con), patch.records, pairs=patch.pairs)
    report.incremental = True
    report.rules = decision.rules
    report.entities = patch.records
    report.clusters = view.cluster_count(con)
    report.merged = report.entities - report.clusters
    report.new, report.changed = patch.new, patch.changed
    report.region, report.pairs_scored, report.moved = (
        len(patch.region),
        patch.pairs_scored,
        patch.moved,
    )


RESOLUTION_COLUMNS = {
    "dataset": "VARCHAR",
    "entity_id": "VARCHAR",
    "schema": "VARCHAR",
    "canonical_id": "VARCHAR",
    "rule": "VARCHAR",
}


LINK_COLUMNS = {
    "left_dataset": "VARCHAR",
    "left_id": "VARCHAR",
    "right_dataset": "VARCHAR",
    "right_id": "VARCHAR",
    "rule": "VARCHAR",
}


def _write_links(con: duckdb.DuckDBPyConnection, links: list[Match]) -> None:
    """The links, each with its rule's evidence, looked up by DuckDB: a list column
    per row through the appender took half the writing of 60,000 links."""
    rules = sorted({m.rule for m in links})
    evidence = [Match(("", ""), ("", ""), rule).evidence for rule in rules]
    rows = ((*m.left, *m.right, m.rule) for m in links)
    with db.batch(con, LINK_COLUMNS, rows) as table:
        con.execute(
            f"INSERT INTO resolution_link SELECT t.*, e.evidence FROM {table} t "
            "JOIN (SELECT unnest($rules::VARCHAR[]) AS rule, "
            "unnest($evidence::VARCHAR[][]) AS evidence) e USING (rule)",
            {"rules": rules, "evidence": evidence},
        )


LONE_ROW = f"dataset, entity_id, schema, {view.OWN_ID}, 'singleton'"
"""A ``lone`` record's row: its own cluster, named as ``canonical_id`` names it."""


def _write_lone(con: duckdb.DuckDBPyConnection, lone: str) -> int:
    """Make the row of every record in table ``lone`` its own cluster's, touching only
    the rows that differ; how many rows were written (new records mostly)."""
    con.execute(
        f"DELETE FROM resolution WHERE (dataset, entity_id) IN (SELECT (dataset, entity_id) "
        f"FROM {lone}) AND (dataset, entity_id, schema, canonical_id, rule) NOT IN "
        f"(SELECT ({LONE_ROW}) FROM {lone})"
    )
    written = db.fetch_one(con, f"INSERT OR IGNORE INTO resolution SELECT {LONE_ROW} FROM {lone}")
    return int(written[0]) if written else 0


def _write(
    con: duckdb.DuckDBPyConnection,
    found: dict[Key, Profile],
    canonical: dict[Key, str],
    rules: dict[Key, str],
    replace: bool = False,
    lone: str | None = None,
) -> None:
    """Write these records' rows, and the rows of the records in table ``lone``; with
    ``replace``, make the table exactly these rows, touching only the rows that differ
    (a full run after a load changes few of a million, and rewriting them all cost
    20 s of DuckDB writes at that size)."""
    rows = ((*k, found[k].schema, canonical[k], rules.get(k, "singleton")) for k in sorted(found))
    if replace and not view.resolved_any(con):
        db.append(con, "resolution", rows)  # a first run: nothing to compare with
        if lone is not None:
            con.execute(f"INSERT INTO resolution SELECT {LONE_ROW} FROM {lone}")
        return
    with db.batch(con, RESOLUTION_COLUMNS, rows) as table:
        if lone is not None:
            con.execute(f"INSERT INTO {table} SELECT {LONE_ROW} FROM {lone}")
        if replace:  # rows gone or changed out, then the new and changed rows in
            con.execute(
                f"DELETE FROM resolution WHERE NOT EXISTS (SELECT 1 FROM {table} b "
                "WHERE b.dataset = resolution.dataset AND b.entity_id = resolution.entity_id "
                "AND b.schema = resolution.schema AND b.canonical_id = resolution.canonical_id "
                "AND b.rule = resolution.rule)"
            )
            # The rows left are the unchanged ones: their keys conflict and stay.
            con.execute(f"INSERT OR IGNORE INTO resolution SELECT * FROM {table}")
        else:
            con.execute(f"INSERT INTO resolution SELECT * FROM {table}")
