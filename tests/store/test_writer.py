"""The statement writer: deterministic ids, batching, and upserts by id."""

from datetime import datetime
from pathlib import Path

import duckdb
import pytest
from followthemoney.statement import Statement
from hypothesis import given
from hypothesis import strategies as st

from crosscurrent.ingest.records import Fact, MappedEntity
from crosscurrent.store.writer import StatementWriter, statement_id
from factory import e, facts, load, write_jsonl

T1 = datetime(2025, 1, 1, 12, 0)
T2 = datetime(2025, 2, 1, 12, 0)


def test_statement_id_is_pinned() -> None:
    # Changing the id scheme would duplicate every statement of an existing store on
    # its next load: this value must only change together with a migration.
    assert statement_id("ops", "p1", "name", "Anna") == "1b21a68c429667dae2df2392b492b30a6150c070"


@pytest.mark.parametrize(
    ("one", "other"),
    [
        (("nca", "2024.p1", "name", "X"), ("nca.2024", "p1", "name", "X")),
        (("ds", "e1", "name", "x.name.y"), ("ds", "e1.name.x", "name", "y")),
    ],
)
def test_statement_ids_keep_their_parts_apart(
    one: tuple[str, str, str, str], other: tuple[str, str, str, str]
) -> None:
    # FtM's dotted key gives both the same id: the second fact would be dropped.
    assert Statement.make_key(*one, False) == Statement.make_key(*other, False)
    assert statement_id(*one) != statement_id(*other)


def test_dotted_dataset_and_entity_ids_do_not_collide(
    con: duckdb.DuckDBPyConnection, src: Path
) -> None:
    load(con, write_jsonl(src / "a.jsonl", [e("Person", "2024.p1", name="Anna Rossi")]), "nca")
    load(con, write_jsonl(src / "b.jsonl", [e("Person", "p1", name="Anna Rossi")]), "nca.2024")
    assert facts(con, "nca") == {("2024.p1", "id", "2024.p1"), ("2024.p1", "name", "Anna Rossi")}
    assert facts(con, "nca.2024") == {("p1", "id", "p1"), ("p1", "name", "Anna Rossi")}


def entity(entity_id: str, *values: tuple[str, str, str | None]) -> MappedEntity:
    return MappedEntity(entity_id, "Person", [Fact(p, v, o) for p, v, o in values])


ENTITIES = [
    entity("p1", ("name", "Anna Rossi", "ANNA  ROSSI"), ("birthDate", "1990-03-12", "12/03/1990")),
    entity("p2", ("name", "Bob", None)),
    entity("p1", ("name", "Anna Rossi", None), ("phone", "+442079460958", "+44 20 7946 0958")),
    entity("p3", ("name", "Chen Li", "Chen Li")),
]


def write(con: duckdb.DuckDBPyConnection, batch_size: int, seen: datetime = T1) -> StatementWriter:
    con.begin()
    writer = StatementWriter(con, "ds", "UK-NCA", seen, batch_size=batch_size)
    for item in ENTITIES:
        writer.add_entity(item)
    writer.flush()
    con.commit()
    return writer


def stored(con: duckdb.DuckDBPyConnection) -> list[tuple[object, ...]]:
    return con.execute(
        "SELECT id, entity_id, schema, prop, value, original_value, dataset, agency, "
        "releasable_to, handling, first_seen, last_seen FROM statement ORDER BY id"
    ).fetchall()


@pytest.mark.parametrize("batch_size", [1, 2, 3, 1000])
def test_batches_store_one_row_per_statement(
    con: duckdb.DuckDBPyConnection, batch_size: int
) -> None:
    writer = write(con, batch_size)
    expected = {
        ("p1", "id", "p1", None),
        ("p1", "name", "Anna Rossi", "ANNA  ROSSI"),  # the one original that differs
        ("p1", "birthDate", "1990-03-12", "12/03/1990"),
        ("p1", "phone", "+442079460958", "+44 20 7946 0958"),
        ("p2", "id", "p2", None),
        ("p2", "name", "Bob", None),
        ("p3", "id", "p3", None),
        ("p3", "name", "Chen Li", None),  # an original equal to the value is not kept
    }
    rows = stored(con)
    assert {(r[1], r[3], r[4], r[5]) for r in rows} == expected
    assert writer.written == len(expected) == len(rows)
    for row in rows:
        assert row[0] == statement_id("ds", str(row[1]), str(row[3]), str(row[4]))
        assert row[2] == "Person"
        assert row[6:] == ("ds", "UK-NCA", None, None, T1, T1)


def test_rewriting_refreshes_last_seen_only(con: duckdb.DuckDBPyConnection) -> None:
    write(con, 2, T1)
    before = stored(con)
    writer = write(con, 3, T2)
    after = stored(con)
    assert writer.written == 0
    assert [r[:-1] for r in after] == [r[:-1] for r in before]  # first_seen too
    assert {r[-1] for r in after} == {T2}
    write(con, 1000, T1)  # an older load never moves last_seen back
    assert {r[-1] for r in stored(con)} == {T2}


PARTS = st.text(alphabet="a.1é", max_size=6)
PROPS = st.sampled_from(["name", "birthDate", "id"])


@given(st.tuples(PARTS, PARTS, PROPS, PARTS), st.tuples(PARTS, PARTS, PROPS, PARTS))
def test_distinct_statements_get_distinct_ids(
    one: tuple[str, str, str, str], other: tuple[str, str, str, str]
) -> None:
    assert (statement_id(*one) == statement_id(*other)) == (one == other)
