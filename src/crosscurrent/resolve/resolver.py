"""Run the first resolver over the whole store and record canonical ids."""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

import duckdb
import pyarrow as pa
from followthemoney import model, registry

from crosscurrent.resolve import normalise
from crosscurrent.resolve.clusters import Clusters
from crosscurrent.resolve.rules import (
    STRONG,
    Key,
    Match,
    Profile,
    agency_record_matches,
    family,
    person_matches,
    strong_matches,
)
from crosscurrent.store import judgements, view


@dataclass
class ResolveReport:
    entities: int = 0
    clusters: int = 0
    merged: int = 0
    rules: Counter[str] = field(default_factory=Counter)


def _regions(con: duckdb.DuckDBPyConnection) -> dict[str, str | None]:
    return dict(con.execute("SELECT code, country FROM agency").fetchall())


def profiles(
    con: duckdb.DuckDBPyConnection,
    caller: view.Caller | None = None,
    only: list[Key] | None = None,
) -> dict[Key, Profile]:
    """Read every source entity once (the system view by default: resolution compares
    everything), or only the records ``only`` as ``caller`` sees them (to explain)."""
    regions = _regions(con)
    where, values = "TRUE", None
    if only is not None:
        where = "list_contains($only, dataset || '/' || entity_id)"
        values = {"only": [f"{ds}/{eid}" for ds, eid in only]}
    rel = view.statements(
        con, caller or view.Caller.system(), "dataset, entity_id, schema, prop, value, agency",
        where, values,
    )  # fmt: skip
    out: dict[Key, Profile] = {}
    geo: dict[Key, dict[str, str]] = {}
    while rows := rel.fetchmany(50_000):
        for dataset, entity_id, schema, prop, value, agency in rows:
            key = (dataset, entity_id)
            p = out.get(key)
            if p is None:
                p = out[key] = Profile(key, schema, agency)
            elif schema != p.schema and model.get(schema) and model.get(p.schema):
                p.schema = _specific(p.schema, schema)
            _observe(p, prop, value, regions.get(agency), geo)
    for key, coords in geo.items():
        if "latitude" in coords and "longitude" in coords:
            lat, lon = float(coords["latitude"]), float(coords["longitude"])
            out[key].strong.add(f"place:{lat:.3f},{lon:.3f}")
    return out


def _specific(a: str, b: str) -> str:
    try:
        return model.common_schema(a, b).name
    except Exception:  # incompatible stubs: keep the first, the rules stay within families
        return a


def _observe(
    p: Profile, prop: str, value: str, region: str | None, geo: dict[Key, dict[str, str]]
) -> None:
    schema = model.get(p.schema)
    fam = family(p.schema)
    kind = STRONG.get(fam, {}).get(prop) or STRONG.get(p.schema, {}).get(prop)
    if kind is not None:
        norm = normalise.iban(value) if kind == "iban" else normalise.identifier(value)
        if norm:
            p.strong.add(f"{kind}:{norm}")
    if prop in ("latitude", "longitude") and fam == "Address":
        geo.setdefault(p.key, {})[prop] = value
    the_prop = schema.get(prop) if schema else None
    if the_prop is None:
        return
    if the_prop.type == registry.phone:
        number = normalise.phone(value, region)
        if number:
            p.phones.add(number)
    elif the_prop.type == registry.name and fam == "Person" and prop in ("name", "alias"):
        tokens = normalise.name_tokens(value)
        if tokens:
            p.names.add(tokens)
    elif prop == "birthDate":
        date = normalise.birth_date(value)
        if date:
            p.births.add(date)


def resolve(
    con: duckdb.DuckDBPyConnection,
    before_commit: Callable[[ResolveReport], None] | None = None,
) -> ResolveReport:
    """Recompute canonical ids for every source entity in one transaction."""
    report = ResolveReport()
    con.begin()
    try:
        con.execute("DELETE FROM resolution")
        con.execute("DELETE FROM resolution_link")
        found = profiles(con)
        name_from_parts(con, found)
        judged = judgements.in_force(con)
        splits = [(j.left, j.right) for j in judged if j.verdict == judgements.Verdict.SPLIT]
        clusters = Clusters(found, splits)
        values = list(found.values())
        links: list[Match] = []
        merges = [
            Match(j.left, j.right, "judgement")
            for j in judged
            if j.verdict == judgements.Verdict.MERGE and j.left in found and j.right in found
        ]
        rules = (
            (merges, True),
            (strong_matches(values), True),
            (agency_record_matches(values), False),
            (person_matches(values), False),
        )
        for matches, strong in rules:
            # Sorted, because union order decides which of two conflicting merges a
            # veto refuses: the same store must always give the same clusters.
            for match in sorted(matches, key=lambda m: (m.left, m.right, m.rule)):
                # A link inside a cluster is kept too: a caller who cannot see the
                # record that joined them still needs the direct evidence.
                if clusters.same(match.left, match.right) or clusters.union(
                    match.left, match.right, match.rule, strong=strong
                ):
                    links.append(match)
                    report.rules[match.rule] += 1
        canonical = clusters.canonical_ids()
        _write(con, found, canonical, clusters.rule)
        _write_links(con, links)
        report.entities = len(found)
        report.clusters = len(set(canonical.values()))
        report.merged = report.entities - report.clusters
        if before_commit is not None:
            before_commit(report)
        con.commit()
    except BaseException:
        con.rollback()
        raise
    return report


def name_from_parts(
    con: duckdb.DuckDBPyConnection, found: dict[Key, Profile], caller: view.Caller | None = None
) -> None:
    """Records split into first and last name still need a full-name token set."""
    rel = view.statements(
        con,
        caller or view.Caller.system(),
        "dataset, entity_id, prop, value",
        "prop IN ('firstName', 'lastName', 'fatherName')",
    )
    parts: dict[Key, dict[str, str]] = {}
    for dataset, entity_id, prop, value in rel.fetchall():
        parts.setdefault((dataset, entity_id), {})[prop] = value
    for key, named in parts.items():
        full = " ".join(named[p] for p in ("firstName", "lastName") if p in named)
        tokens = normalise.name_tokens(full)
        if tokens and key in found:
            found[key].names.add(tokens)


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
