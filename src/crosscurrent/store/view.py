"""The policy view: the one place that reads statements.

Every read of stored facts (CLI, exports, analyses, report) asks this module
for the caller's view. An agency sees a statement when it originated it, or
when the statement's marking (else its dataset's) releases it to the agency or
to all. The checks run inside every query, so a disabled user, a narrowed
release or a removed agency takes effect on the next read: nothing is cached.

Clusters are the caller's own: the resolver's rules run on exactly the
statements the caller may see, with the judgements on records it sees. So a
caller's entities are a function of what it sees and nothing else: a link
cannot rest on a hidden value, a hidden record's birth date cannot veto a
merge, a judgement on a hidden record cannot keep two visible ones apart, and
a link through a hidden record cannot tell the caller that it exists.
Canonical ids are derived from the smallest visible member, never from a
hidden one. A caller's clusters are kept between reads only while a
fingerprint of every statement's marking, every dataset, agency and
judgement is unchanged, so a narrowed release still takes effect on the next
read.

The system view exists for resolution alone, which must compare everything to
link anything, and hands out no content to a person.
"""

import itertools
import threading
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from functools import cache
from typing import Any

import duckdb
from followthemoney import model, registry
from followthemoney.dataset import Dataset
from followthemoney.statement import Statement, StatementEntity

from crosscurrent.model.ids import Key, canonical_id
from crosscurrent.model.markings import ALL
from crosscurrent.resolve.decide import (
    Decision,
    Row,
    build_profiles,
    decide,
    inert_schemas,
    read_props,
)
from crosscurrent.resolve.rules import Profile
from crosscurrent.store import options
from crosscurrent.store.db import batch, fetch_one
from crosscurrent.store.judgements import Verdict, in_force

DATASET = Dataset.make({"name": "crosscurrent", "title": "Crosscurrent"})
READER_ROLES = ["analyst", "supervisor", "agency-admin"]
"""Roles that may read content; auditors read the audit log, system admins nothing."""

__all__ = ["Caller", "Key", "canonical_id", "clusters", "entities", "statements"]


@dataclass(frozen=True)
class Caller:
    """Who is reading: an agency, a user of an agency, or the system (resolution only)."""

    agency: str | None
    user: str | None = None

    @classmethod
    def system(cls) -> "Caller":
        return cls(None)

    @property
    def is_system(self) -> bool:
        return self.agency is None

    @property
    def label(self) -> str:
        return self.user or self.agency or "system"


@cache
def entity_props() -> list[str]:
    """``Schema:prop`` for every property whose value is another entity's id."""
    return sorted(
        f"{schema.name}:{prop.name}"
        for schema in model.schemata.values()
        for prop in schema.properties.values()
        if prop.type == registry.entity
    )


def _gate(caller: Caller) -> tuple[str, dict[str, Any]]:
    """SQL true when the caller may read at all: its agency is registered and, for a
    user, the user is of that agency, enabled and holds a reader role."""
    params: dict[str, Any] = {"agency": caller.agency}
    user_check = "TRUE"
    if caller.user is not None:
        user_check = """EXISTS (SELECT 1 FROM app_user u WHERE u.name = $user
            AND u.agency = $agency AND NOT u.disabled AND list_has_any(u.roles, $readers))"""
        params.update(user=caller.user, readers=READER_ROLES)
    return f"EXISTS (SELECT 1 FROM agency a WHERE a.code = $agency) AND {user_check}", params


def _visible(caller: Caller) -> tuple[str, dict[str, Any]]:
    """SQL selecting the raw statements the caller may see."""
    if caller.is_system:
        return "SELECT s.* FROM statement s", {}
    gate, params = _gate(caller)
    params["all"] = ALL
    sql = f"""
        SELECT s.* FROM statement s JOIN dataset d ON d.name = s.dataset
        WHERE {gate} AND (
            s.agency = $agency
            OR list_contains(coalesce(s.releasable_to, d.releasable_to), $agency)
            OR list_contains(coalesce(s.releasable_to, d.releasable_to), $all))
    """
    return sql, params


def statements(
    con: duckdb.DuckDBPyConnection,
    caller: Caller,
    columns: str = "*",
    where: str = "TRUE",
    values: dict[str, Any] | None = None,
) -> duckdb.DuckDBPyConnection:
    """A cursor over the caller's visible raw statements; ``columns`` and ``where`` are
    SQL written in code (never user input) over the statement table's columns, and
    anything from input is passed in ``values`` as ``$name`` parameters."""
    sql, params = _visible(caller)
    if values and set(values) & set(params):
        raise ValueError("parameter names clash with the view's own")
    cursor = con.cursor()
    cursor.execute(f"SELECT {columns} FROM ({sql}) WHERE {where}", params | (values or {}))
    return cursor


def profiles(
    con: duckdb.DuckDBPyConnection, caller: Caller, only: list[Key] | None = None
) -> dict[Key, Profile]:
    """What the resolver's rules compare of every record the caller sees (or of the
    records ``only``), built from the caller's statements alone."""
    where, values = "TRUE", {"read": sorted(read_props())}
    if only is not None:
        where = "list_contains($only, dataset || '/' || entity_id)"
        values["only"] = [f"{ds}/{eid}" for ds, eid in only]
    # The values profiles read, then one row for each record, schema and agency of the
    # other statements: they make a record exist (about half the rows of a store are
    # calls' and payments' dates, amounts and ends, which no rule compares).
    read = statements(con, caller, "dataset, entity_id, schema, prop, value, agency",
                      f"({where}) AND list_contains($read, prop)", values)  # fmt: skip
    rest = statements(
        con,
        caller,
        "DISTINCT dataset, entity_id, schema, NULL, NULL, agency",
        f"({where}) AND NOT list_contains($read, prop)",
        values,
    )
    try:
        return build_profiles(itertools.chain(_rows(read), _rows(rest)), regions(con))
    finally:
        read.close()
        rest.close()


OWN_ID = "'cc-' || left(sha1(dataset || '/' || entity_id), 20)"
"""SQL for a record's id as the only member of its cluster, as ``canonical_id``
makes it (a property test holds the two equal on any text)."""

_split_tables = itertools.count()


@dataclass
class Split:
    """``split``'s result: the records a rule may join, and those none can."""

    profiles: dict[Key, Profile]
    """Profiles of the records some rule may join with another."""
    lone: str
    """A temporary table (dataset, entity_id, schema) of the others."""
    alone: int
    """How many records ``lone`` holds."""


@contextmanager
def split(
    con: duckdb.DuckDBPyConnection, caller: Caller, schemas: Iterable[str], judged: Iterable[Key]
) -> Iterator[Split]:
    """``profiles`` of the caller's records, less the *lone* ones that no rule of the
    resolver can join with another: every statement of one of ``schemas``
    (``decide.inert_schemas``) and of one agency, no other record of that agency with
    the same id, and not ``judged``. Each lone record is a cluster of its own, written
    without a profile (most of a store: calls and payments). Runs on ``con`` itself,
    inside its transaction; the tables are dropped on leaving."""
    sql, params = _visible(caller)
    n = next(_split_tables)
    kinds, lone = f"split_kinds_{n}", f"split_lone_{n}"
    values = {
        "schemas": sorted(set(schemas)),
        "judged": sorted({f"{d}\x1f{e}" for d, e in judged}),
    }
    try:
        # One row per record, schema and agency: what makes a record exist (``profiles``'
        # second query), and what tells a lone record.
        con.execute(
            f"CREATE TEMP TABLE {kinds} AS "
            f"SELECT DISTINCT dataset, entity_id, schema, agency FROM ({sql})",
            params,
        )
        con.execute(
            f"""
            CREATE TEMP TABLE {lone} AS SELECT dataset, entity_id, schema FROM (
                SELECT *, count(*) OVER (PARTITION BY dataset, entity_id) AS kinds,
                    count(*) OVER (PARTITION BY coalesce(agency, ''), entity_id) AS namesakes
                FROM {kinds})
            WHERE kinds = 1 AND namesakes = 1 AND list_contains($schemas, schema)
              AND NOT list_contains($judged, dataset || chr(31) || entity_id)
            """,
            values,
        )
        row = fetch_one(con, f"SELECT count(*) FROM {lone}")
        others = f"(dataset, entity_id) NOT IN (SELECT (dataset, entity_id) FROM {lone})"
        queries: tuple[tuple[str, dict[str, Any]], ...] = (
            (f"SELECT dataset, entity_id, schema, prop, value, agency FROM ({sql}) "
             f"WHERE list_contains($read, prop) AND {others}",
             params | {"read": sorted(read_props())}),
            (f"SELECT dataset, entity_id, schema, NULL, NULL, agency FROM {kinds} "
             f"WHERE {others}", {}),
        )  # fmt: skip

        def rows() -> Iterator[Row]:  # one query at a time: they share the connection
            for query, query_values in queries:
                con.execute(query, query_values)
                yield from _rows(con)

        by_agency = regions(con)
        # Not kept in a local: the caller's Split alone holds the profiles.
        yield Split(build_profiles(rows(), by_agency), lone, int(row[0]) if row else 0)
    finally:
        for table in (kinds, lone):
            with suppress(duckdb.Error):  # a failed transaction's rollback drops them
                con.execute(f"DROP TABLE IF EXISTS {table}")


def regions(con: duckdb.DuckDBPyConnection) -> dict[str, str | None]:
    """Each agency's country: the region its phone numbers are written in."""
    rows = con.execute("SELECT code, country FROM agency").fetchall()
    return {str(code): country for code, country in rows}


def _rows(cursor: duckdb.DuckDBPyConnection) -> Iterator[Row]:
    while rows := cursor.fetchmany(50_000):
        yield from rows


def judged_pairs(
    con: duckdb.DuckDBPyConnection,
) -> tuple[list[tuple[Key, Key]], list[tuple[Key, Key]]]:
    """(merges, splits) in force. The decision applies a judgement only when the
    caller sees both of its records."""
    merges, splits = [], []
    for j in in_force(con):
        if j.verdict == Verdict.MERGE:
            merges.append((j.left, j.right))
        elif j.verdict == Verdict.SPLIT:
            splits.append((j.left, j.right))
    return merges, splits


_decisions: OrderedDict[tuple[str | None, str], Decision] = OrderedDict()
_decisions_lock = threading.Lock()
_KEEP = 16


def fingerprint(con: duckdb.DuckDBPyConnection) -> str:
    """Changes whenever anything a caller's view depends on may have.

    Statements change only by a load (which adds a ``load`` row) or an erasure
    (which deletes the dataset's): the load table and the statement count stand
    for them, without hashing a million rows on every request. Markings of single
    statements, datasets, agencies and judgements are hashed whole; the store's
    path keeps two stores with the same history apart."""
    # Run here, not through a helper, so that the structure tests see the view read.
    # One UNION ALL, not eight scalar subqueries: DuckDB plans it once (3 ms against 8
    # at a million statements, on every request).
    rows = con.execute(
        """
        SELECT 1, count(*)::VARCHAR FROM statement
        UNION ALL SELECT 2, count(*) || ':' || coalesce(sum(hash(id, releasable_to, handling)), 0)
            FROM statement WHERE releasable_to IS NOT NULL OR handling IS NOT NULL
        UNION ALL SELECT 3, count(*) || ':' || coalesce(sum(hash(l)), 0) FROM load l
        UNION ALL SELECT 4, count(*) || ':' || coalesce(sum(hash(d)), 0) FROM dataset d
        UNION ALL SELECT 5, count(*) || ':' || coalesce(sum(hash(a)), 0) FROM agency a
        UNION ALL SELECT 6, count(*) || ':' || coalesce(sum(hash(j)), 0) FROM judgement j
        UNION ALL SELECT 7, count(*) || ':' || coalesce(sum(hash(o)), 0) FROM store_option o
        UNION ALL SELECT 8, path FROM duckdb_databases() WHERE database_name = current_database()
        """
    ).fetchall()
    row = [part for _, part in sorted(rows)]
    return "|".join(str(part) for part in row)


def forget_decisions() -> None:
    """Drop every kept decision (for tests that change the view's own code)."""
    with _decisions_lock:
        _decisions.clear()


def may_read(con: duckdb.DuckDBPyConnection, caller: Caller) -> bool:
    if caller.is_system:
        return True
    gate, params = _gate(caller)
    # DuckDB refuses a parameter the statement does not use.
    row = fetch_one(con, f"SELECT {gate}", {k: v for k, v in params.items() if f"${k}" in gate})
    return bool(row and row[0])


def decision(con: duckdb.DuckDBPyConnection, caller: Caller) -> Decision:
    """The resolver's rules run on the caller's statements and the judgements on the
    records it sees; kept per agency while the store's fingerprint holds."""
    if not may_read(con, caller):
        return Decision({}, [], {})
    key = (caller.agency, fingerprint(con))
    with _decisions_lock:
        found = _decisions.get(key)
        if found is not None:
            _decisions.move_to_end(key)
            return found
    # Decided outside the lock: two first readers may both compute, and agree.
    agency_wide = Caller(caller.agency)
    merges, splits = judged_pairs(con)
    ends = {k for pair in (*merges, *splits) for k in pair}
    method, by_agency = options.resolver_method(con), regions(con)
    # On a cursor of its own (a connection: the split's tables stay in it), in one
    # transaction, so that every query reads the same statements.
    cursor = con.cursor()
    try:
        cursor.begin()
        with split(cursor, agency_wide, inert_schemas(), ends) as part:
            made = decide(part.profiles, merges, splits, method, by_agency)
            own = cursor.execute(f"SELECT dataset, entity_id, {OWN_ID} FROM {part.lone}")
            made.canonical.update(((d, e), c) for d, e, c in own.fetchall())
    finally:
        with suppress(duckdb.Error):
            cursor.rollback()  # it wrote nothing but its own temporary tables
        cursor.close()
    with _decisions_lock:
        _decisions[key] = made
        while len(_decisions) > _KEEP:
            _decisions.popitem(last=False)
    return made


def clusters(con: duckdb.DuckDBPyConnection, caller: Caller) -> dict[Key, str]:
    """The caller's canonical id for every source record it can see."""
    return dict(decision(con, caller).canonical)


def components(members: Iterable[Key], pairs: Iterable[tuple[Key, Key]]) -> dict[Key, Key]:
    """Each member's component, named by its smallest member; pairs with an end outside
    ``members`` are ignored, so a link never pulls in a record the caller lacks."""
    parent: dict[Key, Key] = {m: m for m in members}

    def find(key: Key) -> Key:
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    for left, right in pairs:
        if left in parent and right in parent:
            a, b = find(left), find(right)
            if a != b:
                parent[max(a, b)] = min(a, b)
    return {m: find(m) for m in parent}


def iso(column: str) -> str:
    """SQL for a TIMESTAMP column as Python's ``datetime.isoformat`` writes it (the
    microseconds only when there are any). Made by DuckDB: a datetime object and its
    isoformat per statement were a sixth of building an agency's entities."""
    return (
        f"CASE WHEN microsecond({column}) % 1000000 = 0 "
        f"THEN strftime({column}, '%Y-%m-%dT%H:%M:%S') "
        f"ELSE strftime({column}, '%Y-%m-%dT%H:%M:%S.%f') END"
    )


def entities(
    con: duckdb.DuckDBPyConnection, caller: Caller, canon: dict[Key, str] | None = None
) -> Iterator[StatementEntity]:
    """Merged entities built only from statements, and links, the caller may see;
    ``canon`` is the caller's ``clusters`` when the reader already has them."""
    if canon is None:
        canon = clusters(con, caller)
    sql, params = _visible(caller)
    cursor = con.cursor()
    params["eprops"] = entity_props()
    canon_rows = ((dataset, entity_id, c) for (dataset, entity_id), c in canon.items())
    columns = {"dataset": "VARCHAR", "entity_id": "VARCHAR", "canonical_id": "VARCHAR"}
    try:
        # The caller's canonical ids as a temporary table of the cursor's own
        # connection, dropped when the reading ends (also when the reader stops early).
        with batch(cursor, columns, canon_rows) as table:
            cursor.execute(
                f"""
                WITH v AS ({sql}),
                -- An agency's record ids name one thing across its own datasets, so a
                -- link to a record held in another of its datasets points there.
                by_agency AS (
                    SELECT v2.agency, c.entity_id, min(c.canonical_id) AS canonical_id
                    FROM {table} c JOIN (SELECT DISTINCT dataset, agency FROM v) v2
                      ON v2.dataset = c.dataset
                    GROUP BY v2.agency, c.entity_id
                )
                SELECT v.id, v.entity_id, v.schema, v.prop, v.dataset, v.agency,
                       v.original_value, {iso("v.first_seen")}, {iso("v.last_seen")},
                       c.canonical_id,
                       CASE WHEN list_contains($eprops, v.schema || ':' || v.prop)
                            THEN coalesce(t.canonical_id, ta.canonical_id,
                                          'x-' || v.dataset || '/' || v.value)
                            ELSE v.value END AS value
                FROM v
                JOIN {table} c ON c.dataset = v.dataset AND c.entity_id = v.entity_id
                LEFT JOIN {table} t ON t.dataset = v.dataset AND t.entity_id = v.value
                LEFT JOIN by_agency ta ON ta.agency = v.agency AND ta.entity_id = v.value
                ORDER BY c.canonical_id, v.id
                """,
                params,
            )
            group: list[Statement] = []
            current: str | None = None
            while rows := cursor.fetchmany(10000):
                for row in rows:
                    (sid, entity_id, schema, prop, dataset, agency, original, first, last, canon_id,
                     value) = row  # fmt: skip
                    if canon_id != current and group:
                        yield StatementEntity.from_statements(DATASET, group)
                        group = []
                    current = canon_id
                    group.append(
                        Statement(
                            entity_id=entity_id,
                            prop=prop,
                            schema=schema,
                            value=value,
                            dataset=dataset,
                            original_value=original,
                            first_seen=first,
                            last_seen=last,
                            id=sid,
                            canonical_id=canon_id,
                            origin=agency,
                        )
                    )
            if group:
                yield StatementEntity.from_statements(DATASET, group)
    finally:
        # Closing the cursor drops any unread result.
        cursor.close()


def resolved_any(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the resolver has stored any canonical id (the system's, for the
    resolver: its first run has nothing to compare its rows with)."""
    # Run here, not through a helper, so that the structure tests see the view read.
    return con.execute("SELECT EXISTS (SELECT 1 FROM resolution)").fetchall() == [(True,)]


def cluster_mates(con: duckdb.DuckDBPyConnection, keys: Iterable[Key]) -> dict[Key, str]:
    """The canonical id of every record the resolver last put in one cluster with one
    of ``keys`` (those resolved among them included): ids only, for the resolver."""
    with batch(con, {"dataset": "VARCHAR", "entity_id": "VARCHAR"}, keys) as wanted:
        rows = con.execute(
            f"""
            SELECT dataset, entity_id, canonical_id FROM resolution
            WHERE canonical_id IN (
                SELECT r.canonical_id FROM resolution r JOIN {wanted} w
                ON r.dataset = w.dataset AND r.entity_id = w.entity_id)
            """
        ).fetchall()
    return {(str(d), str(e)): str(c) for d, e, c in rows}


def canonical_ids(con: duckdb.DuckDBPyConnection, keys: Iterable[Key]) -> dict[Key, str]:
    """The canonical id the resolver last gave each of ``keys`` it resolved."""
    with batch(con, {"dataset": "VARCHAR", "entity_id": "VARCHAR"}, keys) as wanted:
        rows = con.execute(
            f"SELECT r.dataset, r.entity_id, r.canonical_id FROM resolution r JOIN {wanted} w "
            "ON r.dataset = w.dataset AND r.entity_id = w.entity_id"
        ).fetchall()
    return {(str(d), str(e)): str(c) for d, e, c in rows}


def cluster_count(con: duckdb.DuckDBPyConnection) -> int:
    """How many clusters the resolver's table holds."""
    row = fetch_one(con, "SELECT count(DISTINCT canonical_id) FROM resolution")
    return int(row[0]) if row else 0


def cluster_rows(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, str]]:
    """(entity id, dataset, canonical id) of every entity: ids only, for the operator."""
    sql = """
        SELECT DISTINCT s.entity_id, s.dataset, r.canonical_id
        FROM statement s
        LEFT JOIN resolution r ON r.dataset = s.dataset AND r.entity_id = s.entity_id
        ORDER BY 2, 1
    """
    return [
        (str(a), str(b), str(c) if c else canonical_id((str(b), str(a))))
        for a, b, c in con.execute(sql).fetchall()
    ]


def hit_members(con: duckdb.DuckDBPyConnection, caller: Caller) -> list[tuple[str, str, str, str]]:
    """(dataset, entity id, originator, contact point) of records the caller cannot
    see in datasets whose originator allows hit answers. Ids only: the hit logic
    tells the caller no more than the originator and its contact point."""
    sql, params = _visible(caller)
    rows = con.execute(
        f"""
        SELECT DISTINCT s.dataset, s.entity_id, d.agency, coalesce(d.contact_point, d.agency)
        FROM statement s JOIN dataset d ON d.name = s.dataset
        WHERE d.hits_allowed AND d.agency IN (SELECT code FROM agency)
          AND (s.dataset, s.entity_id) NOT IN (
            SELECT DISTINCT dataset, entity_id FROM ({sql}))
        """,
        params,
    ).fetchall()
    return [(str(a), str(b), str(c), str(d)) for a, b, c, d in rows]


def links(con: duckdb.DuckDBPyConnection) -> list[tuple[Key, Key]]:
    """Every resolver link as a pair of records (ids only)."""
    rows = con.execute(
        "SELECT left_dataset, left_id, right_dataset, right_id FROM resolution_link"
    ).fetchall()
    return [((str(a), str(b)), (str(c), str(d))) for a, b, c, d in rows]


def dataset_schemas(con: duckdb.DuckDBPyConnection, dataset: str) -> list[tuple[str, list[str]]]:
    """(entity id, schemata) of one dataset's records, for the loader's schema check:
    ids and schema names only, read by the operator's ingest."""
    rows = con.execute(
        "SELECT entity_id, list(DISTINCT schema ORDER BY schema) FROM statement "
        "WHERE dataset = ? GROUP BY entity_id",
        [dataset],
    ).fetchall()
    return [(str(entity_id), list(names)) for entity_id, names in rows]
