"""The policy view: the one place that reads statements.

Every read of stored facts (CLI, exports, analyses, report) asks this module
for the caller's view. An agency sees a statement when it originated it, or
when the statement's marking (else its dataset's) releases it to the agency or
to all; an agency that is no longer registered sees nothing. The system view
exists for resolution alone, which must compare everything to link anything,
and hands out no content to a person.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

import duckdb
from followthemoney import model, registry
from followthemoney.dataset import Dataset
from followthemoney.statement import Statement, StatementEntity

from crosscurrent.model.markings import ALL

DATASET = Dataset.make({"name": "crosscurrent", "title": "Crosscurrent"})


@dataclass(frozen=True)
class Caller:
    """Who is reading: an agency, or the system itself (resolution only)."""

    agency: str | None

    @classmethod
    def system(cls) -> "Caller":
        return cls(None)

    @property
    def is_system(self) -> bool:
        return self.agency is None


@cache
def entity_props() -> list[str]:
    """``Schema:prop`` for every property whose value is another entity's id."""
    return sorted(
        f"{schema.name}:{prop.name}"
        for schema in model.schemata.values()
        for prop in schema.properties.values()
        if prop.type == registry.entity
    )


def _visible(caller: Caller) -> tuple[str, dict[str, Any]]:
    """SQL selecting the statements the caller may see, with canonical ids applied."""
    where = "TRUE"
    params: dict[str, Any] = {"eprops": entity_props()}
    if not caller.is_system:
        where = """EXISTS (SELECT 1 FROM agency a WHERE a.code = $agency) AND (
            s.agency = $agency
            OR list_contains(coalesce(s.releasable_to, d.releasable_to), $agency)
            OR list_contains(coalesce(s.releasable_to, d.releasable_to), $all))"""
        params.update(agency=caller.agency, all=ALL)
    sql = f"""
        SELECT s.id, s.entity_id, s.schema, s.prop, s.dataset, s.agency,
               s.original_value, s.first_seen, s.last_seen,
               coalesce(r.canonical_id, 'x-' || s.dataset || '/' || s.entity_id) AS canonical_id,
               CASE WHEN list_contains($eprops, s.schema || ':' || s.prop)
                    THEN coalesce(t.canonical_id, ta.canonical_id,
                                  'x-' || s.dataset || '/' || s.value)
                    ELSE s.value END AS value
        FROM statement s
        JOIN dataset d ON d.name = s.dataset
        LEFT JOIN resolution r ON r.dataset = s.dataset AND r.entity_id = s.entity_id
        LEFT JOIN resolution t ON t.dataset = s.dataset AND t.entity_id = s.value
        -- A link to a record the agency holds in another of its datasets (its
        -- record ids name one thing across its files).
        LEFT JOIN (
            SELECT rd.agency, rr.entity_id, min(rr.canonical_id) AS canonical_id
            FROM resolution rr JOIN dataset rd ON rd.name = rr.dataset
            GROUP BY rd.agency, rr.entity_id
        ) ta ON ta.agency = s.agency AND ta.entity_id = s.value
        WHERE {where}
    """
    return sql, params


def statements(
    con: duckdb.DuckDBPyConnection, caller: Caller, columns: str = "*", where: str = "TRUE"
) -> duckdb.DuckDBPyConnection:
    """A cursor over the caller's visible statements; ``columns`` and ``where`` are SQL
    written in code (never user input) over the view's columns."""
    sql, params = _visible(caller)
    cursor = con.cursor()
    cursor.execute(f"SELECT {columns} FROM ({sql}) WHERE {where}", params)
    return cursor


def entities(con: duckdb.DuckDBPyConnection, caller: Caller) -> Iterator[StatementEntity]:
    """Merged entities built only from statements the caller may see."""
    sql, params = _visible(caller)
    cursor = con.cursor()
    cursor.execute(f"SELECT * FROM ({sql}) ORDER BY canonical_id", params)
    group: list[Statement] = []
    current: str | None = None
    while rows := cursor.fetchmany(10000):
        for row in rows:
            (sid, entity_id, schema, prop, dataset, agency, original, first, last, canon, value) = (
                row
            )
            if canon != current and group:
                yield StatementEntity.from_statements(DATASET, group)
                group = []
            current = canon
            group.append(
                Statement(
                    entity_id=entity_id,
                    prop=prop,
                    schema=schema,
                    value=value,
                    dataset=dataset,
                    original_value=original,
                    first_seen=first.isoformat(),
                    last_seen=last.isoformat(),
                    id=sid,
                    canonical_id=canon,
                    origin=agency,
                )
            )
    if group:
        yield StatementEntity.from_statements(DATASET, group)
    cursor.close()


def cluster_rows(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, str]]:
    """(entity id, dataset, canonical id) of every entity: ids only, for the operator."""
    sql = """
        SELECT DISTINCT s.entity_id, s.dataset,
               coalesce(r.canonical_id, 'x-' || s.dataset || '/' || s.entity_id)
        FROM statement s
        LEFT JOIN resolution r ON r.dataset = s.dataset AND r.entity_id = s.entity_id
        ORDER BY 2, 1
    """
    return [(str(a), str(b), str(c)) for a, b, c in con.execute(sql).fetchall()]
