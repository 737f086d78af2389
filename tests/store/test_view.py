"""The policy view: each agency reads exactly what it originated or was released."""

from datetime import datetime
from pathlib import Path

import duckdb
import pytest
from followthemoney.statement.util import BASE_ID
from hypothesis import given, settings
from hypothesis import strategies as st

from crosscurrent.model.markings import ALL, Marking
from crosscurrent.store import view
from crosscurrent.store.view import Caller
from factory import e, load, memory_store, write_jsonl

DATASETS = [
    # (dataset, originator, releasable-to)
    ("nca", "UK-NCA", None),
    ("pn", "FR-PN", "UK-NCA"),
    ("ps", "IT-PS", "all"),
]


@pytest.fixture
def marked(con: duckdb.DuckDBPyConnection, src: Path) -> duckdb.DuckDBPyConnection:
    for dataset, agency, releasable in DATASETS:
        path = write_jsonl(src / f"{dataset}.jsonl", [e("Person", f"{dataset}-1", name=dataset)])
        load(con, path, dataset, agency, releasable)
    return con


def datasets_seen(con: duckdb.DuckDBPyConnection, caller: Caller) -> set[str]:
    return {str(d) for (d,) in view.statements(con, caller, "dataset").fetchall()}


@pytest.mark.parametrize(
    ("caller", "seen"),
    [
        (Caller("UK-NCA"), {"nca", "pn", "ps"}),
        (Caller("FR-PN"), {"pn", "ps"}),
        (Caller("IT-PS"), {"ps"}),
        (Caller("XX-NONE"), set()),  # not registered: not even what is released to all
        (Caller("uk-nca"), set()),  # codes are upper case; callers pass registered codes
        (Caller.system(), {"nca", "pn", "ps"}),
    ],
)
def test_agencies_see_their_own_and_released_data(
    marked: duckdb.DuckDBPyConnection, caller: Caller, seen: set[str]
) -> None:
    assert datasets_seen(marked, caller) == seen
    names = {name for entity in view.entities(marked, caller) for name in entity.get("name")}
    assert names == seen


def test_a_statement_marking_overrides_its_datasets(marked: duckdb.DuckDBPyConnection) -> None:
    marked.execute(
        "UPDATE statement SET releasable_to = ['FR-PN'] WHERE dataset = 'nca' AND prop = 'name'"
    )
    marked.execute("UPDATE statement SET releasable_to = [] WHERE dataset = 'ps'")
    seen = view.statements(marked, Caller("FR-PN"), "dataset, prop").fetchall()
    assert sorted(seen) == [("nca", "name"), ("pn", "id"), ("pn", "name")]
    assert datasets_seen(marked, Caller("IT-PS")) == {"ps"}  # the originator still does
    assert datasets_seen(marked, Caller("UK-NCA")) == {"nca", "pn"}


def test_entities_carry_provenance_and_canonical_references(
    con: duckdb.DuckDBPyConnection, src: Path
) -> None:
    path = write_jsonl(
        src / "pay.jsonl",
        [
            e("Person", "p1", name="Anna Rossi"),
            e("Payment", "pay1", payer="p1", beneficiary="p2", amount="1500.00"),
        ],
    )
    load(con, path, "money")
    found = {entity.id: entity for entity in view.entities(con, Caller("UK-NCA"))}
    p1, pay1 = view.canonical_id(("money", "p1")), view.canonical_id(("money", "pay1"))
    assert set(found) == {p1, pay1}
    payment = found[pay1]
    # Entity values point at canonical ids, so that records merged by the resolver
    # are one node for every reader; a link to a record nobody loaded stays as written.
    assert payment.get("payer") == [p1]
    assert payment.get("beneficiary") == ["x-money/p2"]
    assert payment.get("amount") == ["1500.00"]
    for stmt in payment.statements:
        if stmt.prop != BASE_ID:
            assert (stmt.dataset, stmt.origin, stmt.entity_id) == ("money", "UK-NCA", "pay1")


REGISTERED = ("A", "B", "C")
CALLERS = (*REGISTERED, "D")  # D is not registered
RELEASE = st.one_of(st.just((ALL,)), st.lists(st.sampled_from(REGISTERED), unique=True))
DATASET = st.tuples(st.sampled_from(REGISTERED), RELEASE, st.none() | RELEASE)


@settings(max_examples=40, deadline=None)
@given(st.lists(DATASET, min_size=1, max_size=4))
def test_visible_statements_are_those_the_markings_allow(
    tmp_path_factory: pytest.TempPathFactory,
    datasets: list[tuple[str, tuple[str, ...] | list[str], tuple[str, ...] | list[str] | None]],
) -> None:
    con = memory_store(*REGISTERED)
    src = tmp_path_factory.mktemp("view")
    expected: dict[str, set[tuple[str, str]]] = {caller: set() for caller in CALLERS}
    for number, (origin, releasable, override) in enumerate(datasets):
        name = f"ds{number}"
        path = write_jsonl(src / f"{name}.jsonl", [e("Person", "p1", name="Anna Rossi")])
        load(con, path, name, origin, list(releasable))
        dataset_marking = Marking(origin, tuple(releasable))
        name_marking = dataset_marking
        if override is not None:
            con.execute(
                "UPDATE statement SET releasable_to = ? WHERE dataset = ? AND prop = 'name'",
                [list(override), name],
            )
            name_marking = Marking(origin, tuple(override))
        for caller in REGISTERED:
            if dataset_marking.visible_to(caller):
                expected[caller].add((name, "id"))
            if name_marking.visible_to(caller):
                expected[caller].add((name, "name"))
    for caller in CALLERS:
        seen = view.statements(con, Caller(caller), "dataset, prop").fetchall()
        assert set(seen) == expected[caller], caller
    con.close()


@settings(max_examples=300, deadline=None)
@given(st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31)))
def test_iso_writes_timestamps_as_isoformat_does(moment: datetime) -> None:
    # Statements' first and last seen are formatted by DuckDB; readers of FtM
    # statements expect Python's isoformat (no fraction when there is none).
    con = duckdb.connect()
    con.execute("CREATE TABLE t (ts TIMESTAMP)")
    con.execute("INSERT INTO t VALUES (?)", [moment])
    row = con.execute(f"SELECT ts, {view.iso('ts')} FROM t").fetchone()
    assert row is not None
    stored, written = row
    assert written == stored.isoformat() == moment.isoformat()
