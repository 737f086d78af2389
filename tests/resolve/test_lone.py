"""Lone records: what no rule can join is written by DuckDB, without a profile.

A full run splits off the records of schemas no rule reads (calls, payments), alone
under their agency's id and unjudged, and writes each as a cluster of its own. The
property: the stored result is exactly ``decide`` over every record's profile, as
before the split, on stores drawn to make the split's conditions meet (one id in
two datasets of one agency, a stub that is also a person, a judged call).
"""

import hashlib
import json
from pathlib import Path
from tempfile import TemporaryDirectory

import duckdb
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crosscurrent.ingest.loader import ingest_file
from crosscurrent.model.ids import canonical_id
from crosscurrent.model.markings import Marking
from crosscurrent.resolve.decide import _plan, decide, inert_schemas
from crosscurrent.resolve.resolver import LONE_ROW, resolve
from crosscurrent.resolve.rules import family
from crosscurrent.store import db, judgements, options, registry, view
from crosscurrent.store.judgements import Verdict

DATASETS = (("UK-NCA", "uk-a"), ("UK-NCA", "uk-b"), ("BE-FP", "be-a"))
IDS = ("r1", "r2", "r3", "r4")
NAMES = ("Rebwar Hasan", "Rêbwar HESEN", "Dilan Aziz", "Karwan Omer")


def _entity(schema: str, rid: str, value: int) -> dict:
    props: dict[str, list[str]] = {}
    if schema == "Person":
        props = {"name": [NAMES[value % 4]], "birthDate": [f"198{value % 2}-04-02"]}
    elif schema == "Vessel":
        props = {"name": ["RIB"], "registrationNumber": [f"TR-{value % 2}-4411"]}
    elif schema == "Company":
        props = {"name": ["Deniz Marine"], "registrationNumber": [f"HRB-{value % 2}-77"]}
    elif schema in ("LegalEntity", "Organization"):
        props = {"name": [NAMES[value % 4]], "phone": ["+447700900123"]}
    elif schema == "Call":
        props = {"caller": ["r1"], "receiver": ["r2"], "duration": [str(value)]}
    elif schema == "Payment":
        props = {"payer": ["r3"], "amount": [str(100 + value)], "currency": ["EUR"]}
    return {"id": rid, "schema": schema, "properties": props}


SCHEMAS = ("Call", "Payment", "LegalEntity", "Organization", "Person", "Vessel", "Company")
entity = st.tuples(st.sampled_from(SCHEMAS), st.sampled_from(IDS), st.integers(0, 3))
stores = st.tuples(
    st.lists(st.lists(entity, max_size=6), min_size=len(DATASETS), max_size=len(DATASETS)),
    st.lists(
        st.tuples(st.sampled_from(range(len(DATASETS))), st.sampled_from(IDS),
                  st.sampled_from(range(len(DATASETS))), st.sampled_from(IDS),
                  st.sampled_from([Verdict.MERGE, Verdict.SPLIT])),
        max_size=2,
    ),
)  # fmt: skip


def _load(con: duckdb.DuckDBPyConnection, where: Path, agency: str, dataset: str,
          drawn: list[tuple[str, str, int]]) -> None:  # fmt: skip
    # One schema per id in a file: a file states each record once.
    rows = {rid: _entity(schema, rid, value) for schema, rid, value in drawn}
    if rows:
        source = where / f"{dataset}-{len(list(where.glob('*.jsonl')))}.jsonl"
        source.write_text("".join(json.dumps(e) + "\n" for e in rows.values()))
        ingest_file(con, source, dataset, Marking(agency, ("all",)))


def _store(path: Path, files: list[list[tuple[str, str, int]]]) -> duckdb.DuckDBPyConnection:
    con = db.connect(path / "store.duckdb")
    registry.add_agency(con, "UK-NCA", "National Crime Agency", "GB")
    registry.add_agency(con, "BE-FP", "Federal Police", "BE")
    for (agency, dataset), drawn in zip(DATASETS, files, strict=True):
        _load(con, path, agency, dataset, drawn)
    return con


def _judge(con: duckdb.DuckDBPyConnection, judged: list, named: tuple = DATASETS) -> None:  # type: ignore[type-arg]
    """Judgements drawn as (dataset index, id, dataset index, id, verdict); verdict None
    withdraws the pair's judgement."""
    for left_ds, left_id, right_ds, right_id, verdict in judged:
        left, right = (named[left_ds][1], left_id), (named[right_ds][1], right_id)
        if left == right:
            continue
        if verdict is None:
            judgements.undo(con, left, right)
        else:
            judgements.judge(con, left, right, verdict, "ana", "UK-NCA")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(stores)
def test_a_full_run_stores_what_deciding_every_profile_gives(drawn) -> None:  # type: ignore[no-untyped-def]
    files, judged = drawn
    with TemporaryDirectory() as tmp:
        con = _store(Path(tmp), files)
        try:
            _judge(con, judged)
            found = view.profiles(con, view.Caller.system())
            merges, splits = view.judged_pairs(con)
            expected = decide(found, merges, splits, options.resolver_method(con),
                              view.regions(con))  # fmt: skip
            report = resolve(con)
            stored = {
                (d, e): (s, c, r)
                for d, e, s, c, r in con.execute("SELECT * FROM resolution").fetchall()
            }
            assert stored == {
                k: (p.schema, expected.canonical[k], expected.rule.get(k, "singleton"))
                for k, p in found.items()
            }
            links = con.execute(
                "SELECT left_dataset, left_id, right_dataset, right_id, rule FROM resolution_link"
            ).fetchall()
            assert sorted(links) == sorted((*m.left, *m.right, m.rule) for m in expected.links)
            assert report.entities == len(found)
            assert report.clusters == len(set(expected.canonical.values()))
            # Again over the stored rows: the same table.
            resolve(con)
            again = con.execute("SELECT * FROM resolution").fetchall()
            assert {(d, e): (s, c, r) for d, e, s, c, r in again} == stored
        finally:
            con.close()


def test_the_split_leaves_out_what_a_rule_may_join(tmp_path: Path) -> None:
    """The conditions one by one: a call alone is lone; the same id in another dataset
    of the agency, a second schema (a second load), or a judgement makes it a record
    the rules see."""
    con = _store(
        tmp_path,
        [
            [("Call", "r1", 0), ("Call", "r2", 0), ("Person", "r3", 0), ("Call", "r4", 0)],
            [("LegalEntity", "r2", 0)],
            [("Call", "r2", 1), ("Payment", "r4", 0), ("LegalEntity", "r3", 0)],
        ],
    )
    judgements.judge(con, ("uk-a", "r4"), ("be-a", "r4"), Verdict.SPLIT, "ana", "UK-NCA")
    # (be-a, r3): a legal entity, then an organisation by a second load
    _load(con, tmp_path, "BE-FP", "be-a", [("Organization", "r3", 1)])
    merges, splits = view.judged_pairs(con)
    judged = {k for pair in (*merges, *splits) for k in pair}
    con.begin()
    with view.split(con, view.Caller.system(), inert_schemas(), judged) as split:
        lone = set(con.execute(f"SELECT dataset, entity_id FROM {split.lone}").fetchall())
        assert lone == {("uk-a", "r1"), ("be-a", "r2")}
        assert split.alone == 2
        assert set(split.profiles) == {
            ("uk-a", "r2"), ("uk-b", "r2"), ("uk-a", "r3"), ("uk-a", "r4"), ("be-a", "r4"),
            ("be-a", "r3"),
        }  # fmt: skip
    con.rollback()
    con.close()


def test_inert_schemas_have_no_value_a_rule_reads() -> None:
    """Derived from the rules: no strong identifier, coordinate or person among them;
    and the schemas the rules do read are not inert."""
    from followthemoney import model

    inert = inert_schemas()
    for name in inert:
        assert family(name) != "Person"
        for prop in model.get(name).properties:  # type: ignore[union-attr]
            kind, coordinate, _reads = _plan(name, prop)
            assert kind is None and not coordinate, (name, prop)
    assert {"Call", "Payment", "UnknownLink", "Ownership"} <= inert
    assert not {"Person", "Vessel", "Vehicle", "BankAccount", "Company", "Passport",
                "Address"} & inert  # fmt: skip


@given(st.text(min_size=1), st.text(min_size=1))
def test_duckdb_names_a_lone_record_as_canonical_id_does(dataset: str, entity_id: str) -> None:
    con = duckdb.connect()
    con.execute("CREATE TABLE lone (dataset VARCHAR, entity_id VARCHAR, schema VARCHAR)")
    try:
        con.execute("INSERT INTO lone VALUES (?, ?, 'Call')", [dataset, entity_id])
    except (duckdb.Error, UnicodeEncodeError):  # a surrogate: no store can hold it
        return
    row = con.execute(f"SELECT {LONE_ROW} FROM lone").fetchall()[0]
    assert row == (dataset, entity_id, "Call", canonical_id((dataset, entity_id)), "singleton")
    digest = hashlib.sha1(f"{dataset}/{entity_id}".encode(), usedforsecurity=False).hexdigest()
    assert row[3] == f"cc-{digest[:20]}"


LATER = (("UK-NCA", "uk-c"), ("BE-FP", "be-b"), ("UK-NCA", "uk-a"))
"""Datasets of the arrivals: two new ones, and more of one loaded before (its records
change: a call given a second schema, a person a new name)."""
pairs_judged = st.lists(
    st.tuples(st.sampled_from(range(len(DATASETS) + len(LATER))), st.sampled_from(IDS),
              st.sampled_from(range(len(DATASETS) + len(LATER))), st.sampled_from(IDS),
              st.sampled_from([Verdict.MERGE, Verdict.SPLIT, None])),
    max_size=3,
)  # fmt: skip
later = st.lists(st.lists(entity, max_size=4), min_size=len(LATER), max_size=len(LATER))


def _rows(con: duckdb.DuckDBPyConnection) -> dict[tuple[str, str], tuple[str, str, str]]:
    rows = con.execute("SELECT * FROM resolution").fetchall()
    return {(d, e): (s, c, r) for d, e, s, c, r in rows}


def _links(con: duckdb.DuckDBPyConnection) -> list[tuple[str, ...]]:
    return sorted(con.execute("SELECT * EXCLUDE (evidence) FROM resolution_link").fetchall())


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(stores, later, pairs_judged, st.lists(st.integers(0, 1), max_size=2))
def test_an_incremental_run_stores_what_a_full_run_does(drawn, arrivals, judged, undo) -> None:  # type: ignore[no-untyped-def]
    """Records arriving in new datasets and in one loaded before (a call's id reused by
    the agency, a record given a second schema, a person named like one before) and
    judgements made or withdrawn since: the incremental
    run's table is the full run's, row for row and link for link."""
    files, first_judged = drawn
    with TemporaryDirectory() as tmp:
        con = _store(Path(tmp), files)
        try:
            _judge(con, first_judged)
            resolve(con)
            for (agency, dataset), drawn_later in zip(LATER, arrivals, strict=True):
                _load(con, Path(tmp), agency, dataset, drawn_later)
            # Earlier judgements withdrawn, then new ones made or withdrawn.
            _judge(con, [(*first_judged[i][:4], None) for i in undo if i < len(first_judged)])
            _judge(con, judged, (*DATASETS, *LATER))
            report = resolve(con, incremental=True)
            assert report.fallback is None
            after, links = _rows(con), _links(con)
            full = resolve(con)
            assert after == _rows(con)
            assert links == _links(con)
            assert (report.entities, report.clusters) == (full.entities, full.clusters)
        finally:
            con.close()


def test_a_withdrawn_merge_of_two_calls_takes_them_apart_incrementally(tmp_path: Path) -> None:
    """Judged, two calls are records the rules see; withdrawn, they are lone again, and
    the incremental run must still take their old cluster and link apart."""
    con = _store(tmp_path, [[("Call", "r1", 0)], [], [("Call", "r2", 1), ("Payment", "r3", 0)]])
    left, right = ("uk-a", "r1"), ("be-a", "r2")
    judgements.judge(con, left, right, Verdict.MERGE, "ana", "UK-NCA")
    resolve(con)
    assert _rows(con)[left][1] == _rows(con)[right][1]
    judgements.undo(con, left, right)
    report = resolve(con, incremental=True)
    assert report.incremental
    after, links = _rows(con), _links(con)
    assert after[left][1] != after[right][1] and links == []
    resolve(con)
    assert (after, links) == (_rows(con), _links(con))
    con.close()
