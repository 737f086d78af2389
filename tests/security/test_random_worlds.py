"""Random worlds, random callers, every read path, against the oracle in world.py.

For each caller (each agency, a removed one, an unregistered one, users with and
without a reading role, disabled users, a user claiming another agency) and each
read path (view.statements, view.clusters, view.entities, view.hit_members,
share.export.export_entities, report.build_report + render_report,
share.hits.hits, resolve.explain, resolve.review (the suggestions), the CLI's
``report``, ``export entities``, ``hits``, ``explain`` and ``review``, and the web
API's routes that show records):

* no marker of a statement the caller may not see appears in any output byte;
* every statement the caller may see is there (none held back);
* every canonical id shown is one the oracle derives from the caller's own
  visible records (never from a hidden one);
* merged entities hold only visible statements, and two records are merged
  only through links whose both ends (and the properties each link compared)
  the caller sees;
* and, differentially, the caller's view of a world is byte-identical to its view
  of the same world with every statement it cannot see deleted and the resolver
  run again (nothing it sees depends on what it does not).
"""

import io
import itertools
import json
import random
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from unittest.mock import patch

import duckdb
import pyarrow as pa
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st
from rich.console import Console

from crosscurrent.cli import main
from crosscurrent.report import build_report, render_report
from crosscurrent.resolve import normalise, score, scored
from crosscurrent.resolve.explain import explain
from crosscurrent.resolve.resolver import resolve
from crosscurrent.resolve.review import review
from crosscurrent.share import audit
from crosscurrent.share.export import export_entities
from crosscurrent.share.hits import hits
from crosscurrent.store import db, options, view
from crosscurrent.store.view import Caller

from .world import (
    ALL,
    CASE,
    UNREGISTERED,
    CallerSpec,
    Oracle,
    QueryCounter,
    View,
    World,
    canonical,
    examples,
    leaked,
    open_world,
    stored_facts,
    stored_links,
    worlds,
    write_world,
)

CANONICAL = re.compile(r"cc-[0-9a-f]{20}")
SLOW = [HealthCheck.too_slow, HealthCheck.data_too_large]


def check_text(text: str, vw: View, where: str) -> None:
    """No forbidden marker; every canonical id one of the caller's own."""
    assert not leaked(text, vw.forbidden_markers), (
        f"{where} leaks {leaked(text, vw.forbidden_markers)}"
    )
    shown = set(CANONICAL.findall(text))
    hidden = shown & vw.hidden_canon
    assert not hidden, f"{where} shows canonical ids of records the caller cannot see: {hidden}"
    assert shown <= set(vw.canon.values()), (
        f"{where} shows foreign ids {shown - set(vw.canon.values())}"
    )


def entity_rows(entities: list[Any]) -> set[tuple[str, str, str, str, str]]:
    rows = set()
    for entity in entities:
        for s in entity.statements:
            if s.prop == "id":
                continue
            assert s.canonical_id == entity.id
            rows.add((entity.id, s.dataset, s.entity_id, s.prop, s.value))
    return rows


def render(report: Any) -> str:
    console = Console(file=io.StringIO(), record=True, width=200)
    render_report(report, console)
    return console.export_text() + repr(report)


def expected_export(oracle: Oracle, vw: View) -> dict[str, dict[str, Any]]:
    """Canonical id -> {"referents": [...], "properties": {prop: {values}}}."""
    found: dict[str, dict[str, Any]] = {}
    for canon, dataset, entity_id, prop, value in oracle.entities(vw):
        item = found.setdefault(canon, {"referents": set(), "properties": {}})
        item["referents"].add(f"{dataset}/{entity_id}")
        item["properties"].setdefault(prop, set()).add(value)
    return found


def check_export(rows: list[dict[str, Any]], oracle: Oracle, vw: View, where: str) -> None:
    expected = expected_export(oracle, vw)
    got = {
        row["id"]: {
            "referents": set(row["referents"]),
            "properties": {k: set(v) for k, v in row["properties"].items()},
        }
        for row in rows
    }
    assert len(rows) == len(got), f"{where}: an entity is exported twice"
    assert got == expected, where
    check_text(json.dumps(rows, ensure_ascii=False), vw, where)
    sources = marking_sources(oracle, vw)
    for row in rows:
        # An empty statement releasable-to ([] = its originator only) is exported too
        # wide today: test_leaks.py, xfail. Its reach is not checked here meanwhile.
        empty = any(rel == () for _, rel, _ in sources[row["id"]])
        check_derived(row["marking"], sources[row["id"]], f"{where} marking", reach=not empty)


HANDLING = ["H0", "H1", "H2", "H3"]
Source = tuple[str, tuple[str, ...], str]


def marking_sources(oracle: Oracle, vw: View) -> dict[str, list[Source]]:
    """Canonical id -> the marking (originator, releasable-to, handling) of each visible
    value of the entity."""
    found: dict[str, list[Source]] = {}
    for dataset, entity_id, prop, value in vw.statements:
        if prop == "id":
            continue
        record = oracle.by_key[(dataset, entity_id)]
        (stmt,) = [x for x in record.stmts if (x.prop, x.value) == (prop, value)]
        found.setdefault(vw.canon[record.key], []).append(oracle.marking(record, stmt))
    return found


def check_derived(
    marking: dict[str, Any], sources: list[Source], where: str, reach: bool = True
) -> None:
    """Released no wider than any value, handled as the strictest, from their originators."""
    assert set(marking["originators"]) == {owner for owner, _, _ in sources}, where
    assert HANDLING.index(marking["handling"]) >= max(HANDLING.index(h) for _, _, h in sources), (
        where
    )
    released = marking["releasable_to"]
    for owner, rel, _ in sources:
        if reach and ALL not in rel:
            assert released != [ALL] and set(released) <= set(rel) | {owner}, (where, released, rel)
    strict = marking["handling"] in ("H2", "H3")
    expected_tlp = "TLP:RED" if released != [ALL] else "TLP:AMBER+STRICT" if strict else "TLP:GREEN"
    assert marking["tlp"] == expected_tlp, where


def seen_values(vw: View, key: tuple[str, str], prop: str) -> set[str]:
    return {v for d, e, p, v in vw.statements if (d, e) == key and p == prop}


def name_tokens(vw: View, key: tuple[str, str]) -> set[str]:
    return {t for v in seen_values(vw, key, "name") for t in normalise.name_tokens(v)}


def strong_values(vw: View, key: tuple[str, str]) -> set[str]:
    docs = {f"doc:{v}" for v in seen_values(vw, key, "passportNumber")}
    return docs | {f"serial:{v}" for v in seen_values(vw, key, "registrationNumber")}


def check_explain(
    con: duckdb.DuckDBPyConnection, caller: Caller, world: World, oracle: Oracle, vw: View, who: str
) -> None:
    """``explain A B``: nothing unless the caller sees both records (then the same
    nothing as for a record that does not exist), and evidence from visible values only."""
    keys = sorted(r.key for r in world.records)
    rng = random.Random(len(keys) * 31 + len(world.datasets))
    pairs = [tuple(rng.sample(keys, 2)) for _ in range(min(3, len(keys)))]
    pairs += [(keys[0], ("dset-00", "ent99999"))]
    for a, b in pairs:
        got = explain(con, caller, a, b)
        QueryCounter.add()
        if a not in vw.records or b not in vw.records:
            assert got is None, f"explain {a} {b} for {who} answers for a record it cannot see"
            continue
        assert got is not None, f"explain {a} {b} for {who}"
        check_text(repr(got), vw, f"explain for {who}")
        by_rule = {e.rule: e for e in got}
        if oracle.by_key[a].schema == oracle.by_key[b].schema:
            shared = strong_values(vw, a) & strong_values(vw, b)
            detail = by_rule["identifiers"].detail
            assert (set(detail.removeprefix("same ").split(", ")) if shared else detail) == (
                shared or "no document, serial, IBAN or place in common"
            ), f"explain identifiers for {who}"
        common = sorted(name_tokens(vw, a) & name_tokens(vw, b))
        assert by_rule["names"].detail.endswith(": " + (", ".join(common) or "none")), who
        births = seen_values(vw, a, "birthDate") & seen_values(vw, b, "birthDate")
        if by_rule["birth dates"].verdict != "vetoes":
            assert by_rule["birth dates"].detail == (", ".join(sorted(births)) or "n/a"), who
        judged = world.in_force().get(frozenset({a, b}))
        assert [e.verdict for e in got if e.rule == "judgement"] == ([judged] if judged else [])
        together = "one entity" if vw.canon[a] == vw.canon[b] else "two entities"
        assert by_rule["result"].verdict == together, f"explain result for {who}"


def check_review(
    con: duckdb.DuckDBPyConnection, caller: Caller, world: World, oracle: Oracle, vw: View, who: str
) -> None:
    """The review queue (suggestions): unjudged pairs of people the caller sees, apart in
    its view, sharing a visible birth date; names from visible values only."""
    found = review(con, caller, 10_000)
    QueryCounter.add()
    people = sorted(k for k in vw.records if oracle.by_key[k].schema == "Person")
    judged = set(world.in_force())
    expected = {
        (a, b)
        for a, b in itertools.combinations(people, 2)
        if seen_values(vw, a, "birthDate") & seen_values(vw, b, "birthDate")
        and vw.canon[a] != vw.canon[b]
        and frozenset({a, b}) not in judged
    }
    assert {(c.left, c.right) for c in found} == expected, f"review for {who}"
    for c in found:  # a name the caller sees on that very record, or none
        assert c.left_name in seen_values(vw, c.left, "name") | {""}, who
        assert c.right_name in seen_values(vw, c.right, "name") | {""}, who
    check_text(repr(found), vw, f"review for {who}")


def read_everything(con: duckdb.DuckDBPyConnection, world: World, oracle: Oracle) -> None:
    for spec in world.callers():
        caller = Caller(spec.agency, spec.user)
        vw = oracle.view(spec)
        who = f"{spec.label} ({spec.agency})"

        got = {
            tuple(map(str, r))
            for r in view.statements(con, caller, "dataset, entity_id, prop, value").fetchall()
        }
        assert got == vw.statements, f"view.statements for {who}"

        assert view.clusters(con, caller) == vw.canon, f"view.clusters for {who}"

        entities = list(view.entities(con, caller))
        assert len({e.id for e in entities}) == len(entities), (
            f"view.entities repeats an entity for {who}"
        )
        assert entity_rows(entities) == oracle.entities(vw), f"view.entities for {who}"
        assert {e.id for e in entities} == set(vw.canon.values())
        check_text(
            json.dumps([e.to_dict() for e in entities]) + repr([e.statements for e in entities]),
            vw,
            who,
        )

        members = {(d, e, a, c) for d, e, a, c in view.hit_members(con, caller)}
        expect_members = {
            (
                r.dataset,
                r.entity_id,
                world.dataset(r.dataset).owner,
                world.dataset(r.dataset).contact or world.dataset(r.dataset).owner,
            )
            for r in world.records
            # A removed agency is no partner any more: its records answer no hits.
            if r.key not in vw.records
            and world.dataset(r.dataset).hits
            and world.dataset(r.dataset).owner != world.removed
        }
        assert members == expect_members, f"view.hit_members for {who}"

        check_export(list(export_entities(con, caller)), oracle, vw, f"export for {who}")

        check_text(render(build_report(view.entities(con, caller))), vw, f"report for {who}")

        found = hits(con, caller)
        assert {(h.canonical_id, h.agency, h.contact) for h in found} == oracle.hits(vw), (
            f"hits for {who}"
        )
        text = repr(found)
        # A hit names an agency and a contact point: no value, record id or dataset name,
        # not even of what the caller sees.
        assert not leaked(text, oracle.all_markers), (
            f"hits for {who} leak {leaked(text, oracle.all_markers)}"
        )
        check_text(text, vw, f"hits for {who}")
        QueryCounter.add(8)

        check_explain(con, caller, world, oracle, vw, who)
        check_review(con, caller, world, oracle, vw, who)


def check_world_is_as_designed(con: duckdb.DuckDBPyConnection, world: World) -> Oracle:
    """The store holds the world's statements, and the resolver kept exactly the links
    the oracle's own system decision keeps (all designed links unless judgements or
    birth dates intervene): the oracle's clusters rest on the world."""
    facts = {(r.dataset, r.entity_id, s.prop, s.value) for r in world.records for s in r.stmts}
    assert stored_facts(con) == facts
    oracle = Oracle(world)
    designed = {(frozenset({link.left, link.right}), link.rule) for link in oracle.designed}
    kept = {(frozenset({link.left, link.right}), link.rule) for link in oracle.links}
    stored = stored_links(con)
    assert stored <= designed, stored - designed
    assert stored == kept, stored ^ kept
    return oracle


@settings(max_examples=examples(8), deadline=None, suppress_health_check=SLOW)
@given(world=worlds())
def test_every_read_path_shows_exactly_what_the_oracle_allows(
    tmp_path_factory: pytest.TempPathFactory, world: World
) -> None:
    note(world.describe())
    con = open_world(world, tmp_path_factory.mktemp("world"))
    try:
        read_everything(con, world, check_world_is_as_designed(con, world))
    finally:
        con.close()


# ---------------------------------------------------------------------------- CLI


def cli_names(world: World) -> list[str]:
    """Names one may pass to --as: agencies (one removed, perhaps), an unregistered code,
    a lower-case code, users of every kind, and a name nobody has."""
    return [
        *world.agencies,
        UNREGISTERED,
        world.agencies[0].lower(),
        *(u.name for u in world.users),
        "nobody",
    ]


def cli_caller(world: World, name: str) -> CallerSpec | None:
    """Who ``--as name`` acts as, or None when the CLI must answer "no such caller"."""
    user = next((u for u in world.users if u.name == name), None)
    registered = set(world.agencies) - {world.removed}
    if user is not None:
        # A user who may not read content, or whose agency is gone, is refused like a
        # missing one (test_forbidden_vs_missing).
        ok = user.reader and user.agency in registered
        return CallerSpec(user.agency, user.name) if ok else None
    code = name.upper()
    return CallerSpec(code) if code in registered else None


def new_entries(con: duckdb.DuckDBPyConnection, since: int) -> list[audit.AuditEntry]:
    return audit.entries(con, since, 10_000)


def last_seq(con: duckdb.DuckDBPyConnection) -> int:
    row = con.execute("SELECT coalesce(max(seq), 0) FROM audit_entry").fetchall()
    return int(row[0][0])


@settings(max_examples=examples(6), deadline=None, suppress_health_check=SLOW)
@given(world=worlds(), data=st.data())
def test_cli_reads_show_exactly_what_the_oracle_allows(
    tmp_path_factory: pytest.TempPathFactory, world: World, data: st.DataObject
) -> None:
    note(world.describe())
    directory = tmp_path_factory.mktemp("cli")
    con = open_world(world, directory)
    store = str(directory / "store.duckdb")
    runner = CliRunner()
    oracle = check_world_is_as_designed(con, world)
    try:
        names = data.draw(
            st.lists(st.sampled_from(cli_names(world)), min_size=1, max_size=4, unique=True)
        )
        for name in names:
            spec = cli_caller(world, name)
            vw = (
                oracle.view(spec)
                if spec is not None
                else View(None, forbidden_markers=oracle.all_markers)
            )
            keys = sorted(r.key for r in world.records)
            a, b = data.draw(st.sampled_from(keys)), data.draw(st.sampled_from(keys))
            pair = [f"{a[0]}/{a[1]}", f"{b[0]}/{b[1]}"]
            commands = (
                ["report"],
                ["export", "entities"],
                ["hits"],
                ["review"],
                ["explain", *pair],
            )
            for command in commands:
                before = last_seq(con)
                result = runner.invoke(
                    main, ["--db", store, *command, "--as", name, "--case", CASE]
                )
                where = f"{' '.join(command)} --as {name}"
                out = result.stdout + result.stderr
                QueryCounter.add()
                if spec is None:
                    assert result.exit_code == 1, where
                    assert (result.stdout, result.stderr) == (
                        "",
                        f"error: no such caller {name!r}\n",
                    ), where
                    assert new_entries(con, before) == [], (
                        f"{where}: a refused read is logged as a read"
                    )
                    continue
                if command[0] == "explain" and not (a in vw.records and b in vw.records):
                    # Hidden or missing, the same answer.
                    assert (result.exit_code, result.stdout, result.stderr) == (
                        1,
                        "",
                        "error: no such record\n",
                    ), where
                    continue
                assert result.exit_code == 0, (where, result.output, result.exception)
                check_text(out, vw, where)
                entries = new_entries(con, before)
                if command == ["export", "entities"]:
                    rows = [json.loads(line) for line in result.stdout.splitlines() if line]
                    check_export(rows, oracle, vw, where)
                if command == ["hits"]:
                    assert not leaked(out, oracle.all_markers), where
                    expected = oracle.hits(vw)
                    lines = set(result.stdout.splitlines())
                    if expected:
                        assert lines == {
                            f"{c}\t{a} holds information on this entity\t{contact}"
                            for c, a, contact in expected
                        }, where
                    else:
                        assert lines == {"no hits"}, where
                        continue  # no entry then: see test_audit_reads (xfail)
                action = "disclosure" if command == ["hits"] else "consultation"
                assert [e.action.value for e in entries] == [action], where
                (entry,) = entries
                assert (entry.actor, entry.agency, entry.justification) == (
                    spec.label,
                    spec.agency,
                    CASE,
                )
                logged = json.dumps([entry.objects, entry.detail])
                assert not leaked(logged, oracle.value_markers), f"{where}: the log holds values"
                assert set(CANONICAL.findall(logged)) <= set(vw.canon.values())
        check_api(Path(store), con, world, oracle, names)
    finally:
        con.close()


# ------------------------------------------------------------------------ web API


def check_api(
    store: Path, con: duckdb.DuckDBPyConnection, world: World, oracle: Oracle, names: list[str]
) -> None:
    """The web API, for the named users (those who may read): every route that shows
    records, every canonical id of the world (hidden ones answer as missing ones), the
    markings of each value and entity, and the datasets listed."""
    from fastapi.testclient import TestClient

    from crosscurrent.api import create_app
    from crosscurrent.share.users import create_token

    specs = [CallerSpec(u.agency, u.name) for u in world.users if u.name in names]
    specs = [c for c in specs if oracle.agency_of(c) is not None]
    if not specs:
        return
    every = sorted({canonical(r.key) for r in world.records} | {canonical(("dset-99", "nobody"))})
    words = sorted(
        {w for r in world.records for x in r.stmts if x.prop == "name" for w in x.value.split()}
    )
    before = last_seq(con)
    with TestClient(create_app(store), base_url="https://testserver") as client:
        for spec in specs:
            vw = oracle.view(spec)
            who = f"API as {spec.label}"
            headers = {
                "Authorization": f"Bearer {create_token(con, str(spec.user))}",
                "X-Case-Reference": CASE,
            }

            def get(url: str, headers: dict[str, str] = headers, **params: Any) -> Any:
                QueryCounter.add()
                return client.get(url, params=params, headers=headers)

            missing = get(f"/entities/{canonical(('dset-99', 'nobody'))}")
            assert missing.status_code == 404
            shown = sorted(set(vw.canon.values()))
            schema = {vw.canon[k]: oracle.by_key[k].schema for k in vw.records}
            nodes = [c for c in shown if schema[c] != "Payment"]  # payments are edges
            urls = [
                ("/analyses/key-players", {}),
                ("/analyses/supply-chains", {}),
                ("/analyses/money-routes", {}),
                *[("/search", {"q": w}) for w in [*words, "CANARY00001", "ent00001"]],
            ]
            if len(nodes) > 1:
                urls.append(("/graph/path", {"from": nodes[0], "to": nodes[-1]}))
            for url, params in urls:
                answer = get(url, **params)
                assert answer.status_code == 200, (who, url, answer.text)
                body = answer.json()
                if isinstance(body, dict):
                    body.pop("query", None)  # the caller's own words, echoed
                check_text(json.dumps(body, ensure_ascii=False), vw, f"{who} {url} {params}")
            entities = expected_export(oracle, vw)
            sources = marking_sources(oracle, vw)
            for cid in every:
                for url in (f"/entities/{cid}", f"/graph/{cid}/neighbours"):
                    answer = get(url, depth=2) if "graph" in url else get(url)
                    if cid not in shown or ("graph" in url and cid not in nodes):
                        assert (answer.status_code, answer.text) == (404, missing.text), (who, url)
                        continue
                    assert answer.status_code == 200, (who, url, answer.text)
                    check_text(answer.text, vw, f"{who} {url}")
                    if "graph" in url:
                        continue
                    body = answer.json()
                    assert set(body["referents"]) == entities[cid]["referents"], who
                    values: dict[str, set[str]] = {}
                    for prop in body["properties"]:
                        for v in prop["values"]:
                            values.setdefault(prop["name"], set()).add(v["value"])
                            record = oracle.by_key[(v["dataset"], v["record"])]
                            stmt = next(
                                x
                                for x in record.stmts
                                if x.prop == prop["name"]
                                and (x.value == v["value"] or x.prop in ("payer", "beneficiary"))
                            )
                            owner, rel, handling = oracle.marking(record, stmt)
                            got = v["marking"]
                            assert (
                                got["originator"],
                                set(got["releasable_to"]),
                                got["handling"],
                            ) == (
                                owner,
                                set(rel),
                                handling,
                            ), (who, cid, prop["name"])
                    assert values == entities[cid]["properties"], (who, cid)
                    check_derived(body["marking"], sources[cid], f"{who} {url} marking")
            listed = get("/datasets")
            assert listed.status_code == 200
            assert {d["name"] for d in listed.json()} == {
                d.name
                for d in world.datasets
                if d.owner == spec.agency or ALL in d.releasable or spec.agency in d.releasable
            }, who
    for entry in new_entries(con, before):
        logged = json.dumps([entry.objects, entry.detail])
        assert not leaked(logged, oracle.value_markers), f"the API logs values: {entry}"
        assert entry.justification == CASE


# ------------------------------------------------------------------ non-interference


def copy_table(
    source: duckdb.DuckDBPyConnection,
    target: duckdb.DuckDBPyConnection,
    table: str,
    keep: Any = None,
) -> None:
    rows = source.sql(f"SELECT * FROM {table}").to_arrow_table()
    if keep is not None:
        rows = pa.Table.from_pylist([r for r in rows.to_pylist() if keep(r)], schema=rows.schema)
    target.register("copied", rows)
    try:
        target.execute(f"DELETE FROM {table}")
        target.execute(f"INSERT INTO {table} SELECT * FROM copied")
    finally:
        target.unregister("copied")


def without_hidden(full: duckdb.DuckDBPyConnection, vw: View) -> duckdb.DuckDBPyConnection:
    """The same store with every statement the caller cannot see deleted, re-resolved."""
    reduced = db.connect(":memory:")
    for table in ("agency", "dataset", "app_user", "judgement", "store_option"):
        copy_table(full, reduced, table)
    copy_table(
        full,
        reduced,
        "statement",
        lambda r: (r["dataset"], r["entity_id"], r["prop"], r["value"]) in vw.statements,
    )
    resolve(reduced)
    return reduced


def everything_shown(con: duckdb.DuckDBPyConnection, caller: Caller) -> dict[str, Any]:
    entities = [
        (
            e.id,
            sorted(
                (s.id, s.dataset, s.entity_id, s.prop, s.value, s.first_seen, s.last_seen)
                for s in e.statements
            ),
        )
        for e in view.entities(con, caller)
    ]
    return {
        "clusters": view.clusters(con, caller),
        "entities": entities,
        "export": [json.dumps(row, ensure_ascii=False) for row in export_entities(con, caller)],
        "review": review(con, caller, 10_000),
        "explain": [
            explain(con, caller, a, b)
            for a, b in itertools.islice(
                itertools.combinations(sorted(view.clusters(con, caller)), 2), 15
            )
        ],
        "report": render(build_report(view.entities(con, caller))),
    }


@contextmanager
def people_matched_by(method: str) -> Iterator[None]:
    """The scored model on worlds of any size (they are far below the size at which it
    is trusted to learn), or the rules."""
    view.forget_decisions()
    try:
        if method == "scored":
            with patch.object(scored, "MIN_RECORDS", 2):
                yield
        else:
            yield
    finally:
        view.forget_decisions()


@pytest.mark.parametrize("method", ["rules", "scored"])
@settings(max_examples=examples(8), deadline=None, suppress_health_check=SLOW)
@given(world=worlds(), data=st.data())
def test_what_a_caller_sees_does_not_depend_on_what_it_cannot_see(
    tmp_path_factory: pytest.TempPathFactory, method: str, world: World, data: st.DataObject
) -> None:
    """Non-interference: ids, counts, order and content are the same with the hidden
    statements deleted. (Hits are left out: telling that hidden records exist is their
    purpose.) Judgements are kept, also those on records the caller cannot see: they
    must change nothing it sees. With the scored model, the weights it learns are
    part of that: a model trained on hidden records would move the caller's links."""
    note(world.describe())
    readers = [c for c in world.callers() if Oracle(world).agency_of(c) is not None]
    spec = data.draw(st.sampled_from(readers))
    with people_matched_by(method):
        full = db.connect(":memory:")
        options.set_resolver_method(full, method)
        write_world(world, full, tmp_path_factory.mktemp("ni"))
        vw = Oracle(world).view(spec)
        reduced = without_hidden(full, vw)
        try:
            caller = Caller(spec.agency, spec.user)
            shown = everything_shown(full, caller)
            assert shown == everything_shown(reduced, caller)
            if method == "scored":  # the model decided whenever it could (else this proves
                # nothing the rules run did not)
                named = scored.records(view.profiles(full, caller), {})
                assert (view.decision(full, caller).people is not None) == (
                    len(named) >= 2 and any(score.candidate_pairs(named))
                )
            QueryCounter.add(4)
        finally:
            full.close()
            reduced.close()
