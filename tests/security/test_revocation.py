"""Revocation takes effect on the next read, on the same connection, in the same process.

Disabling a user, narrowing a dataset's (or a statement's) releasability and
removing an agency are each followed at once by a read through every path; the
revoked caller must see exactly what a caller with no rights sees.
"""

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import pytest
from click.testing import Result

from crosscurrent.model.markings import Marking
from crosscurrent.report import build_report
from crosscurrent.resolve.explain import explain
from crosscurrent.resolve.review import review
from crosscurrent.share import users
from crosscurrent.share.export import export_entities
from crosscurrent.share.hits import hits
from crosscurrent.store import db, registry, view
from crosscurrent.store.view import Caller

from .conftest import Small

S = Small


def everything(con: duckdb.DuckDBPyConnection, caller: Caller) -> str:
    """Every read path's output for the caller, as one text."""
    parts: list[Any] = [
        view.statements(con, caller, "dataset, entity_id, prop, value").fetchall(),
        sorted(view.clusters(con, caller).items()),
        [e.to_dict() for e in view.entities(con, caller)],
        list(export_entities(con, caller)),
        build_report(view.entities(con, caller)),
        hits(con, caller),
        review(con, caller),
        explain(con, caller, S.A1, S.B1),
    ]
    return json.dumps(parts, default=repr)


def nothing(con: duckdb.DuckDBPyConnection) -> str:
    return everything(con, Caller("XX-NONE"))


def test_disabling_a_user_empties_its_view_on_the_next_read(
    small: duckdb.DuckDBPyConnection,
) -> None:
    ana = Caller(S.NCA, "ana")
    assert S.CANARIES[S.B1] in everything(small, ana)
    users.set_disabled(small, "ana")
    assert everything(small, ana) == nothing(small)
    users.set_disabled(small, "ana", False)
    assert S.CANARIES[S.B1] in everything(small, ana)


def test_disabling_a_user_revokes_its_tokens(small: duckdb.DuckDBPyConnection) -> None:
    token = users.create_token(small, "ana")
    assert users.user_for_token(small, token) is not None
    users.set_disabled(small, "ana")
    assert users.user_for_token(small, token) is None
    users.set_disabled(small, "ana", False)
    assert users.user_for_token(small, token) is None  # its old tokens stay revoked


@pytest.mark.parametrize("caller", [Caller(Small.NCA), Caller(Small.NCA, "ana")])
def test_narrowing_a_dataset_hides_it_from_the_dropped_agency_on_the_next_read(
    small: duckdb.DuckDBPyConnection, caller: Caller
) -> None:
    before = everything(small, caller)
    assert S.CANARIES[S.B1] in before and S.B1[1] in before
    registry.set_dataset(small, S.B1[0], Marking(S.PN, (S.PN,)))
    after = everything(small, caller)
    for gone in (S.CANARIES[S.B1], S.B1[1], S.B1[0], view.canonical_id(S.B1)):
        assert gone not in after
    assert S.CANARIES[S.A1] in after  # its own data stays
    # ... and FR-PN, which still sees it, is unaffected.
    assert S.CANARIES[S.B1] in everything(small, Caller(S.PN, "fran"))


def test_narrowing_one_statement_hides_it_on_the_next_read(
    small: duckdb.DuckDBPyConnection,
) -> None:
    assert S.CANARIES[S.B1] in everything(small, Caller(S.NCA))
    small.execute(
        "UPDATE statement SET releasable_to = ['FR-PN'] WHERE dataset = ? AND prop = 'notes'",
        [S.B1[0]],
    )
    after = everything(small, Caller(S.NCA))
    assert S.CANARIES[S.B1] not in after
    assert "PASS00001" in after  # the rest of the record is still released


@pytest.mark.parametrize("caller", [Caller(Small.PN), Caller(Small.PN, "fran")])
def test_removing_an_agency_leaves_it_and_its_users_nothing_on_the_next_read(
    small: duckdb.DuckDBPyConnection, caller: Caller
) -> None:
    assert S.CANARIES[S.A1] in everything(small, caller)
    registry.remove_agency(small, S.PN)
    assert everything(small, caller) == nothing(small)


def test_a_change_made_on_another_connection_applies_to_the_next_read_on_this_one(
    small: duckdb.DuckDBPyConnection, store_path: Path
) -> None:
    """The reader keeps its connection open; an operator revokes through another."""
    ana = Caller(S.NCA, "ana")
    entities = view.entities(small, ana)
    first = next(entities)  # a read in progress
    assert first is not None
    entities.close()
    other = db.connect(store_path)
    try:
        users.set_disabled(other, "ana")
    finally:
        other.close()
    assert everything(small, ana) == nothing(small)


def test_revocation_through_the_cli_applies_to_the_next_command(
    small: duckdb.DuckDBPyConnection, cli: Callable[..., Result]
) -> None:
    def export(name: str) -> Result:
        return cli("export", "entities", "--as", name, "--case", "C-9")

    assert S.CANARIES[S.A1] in export("fran").stdout
    assert cli("user", "disable", "fran").exit_code == 0
    refused = export("fran")
    assert (refused.exit_code, refused.stdout) == (1, "")
    assert refused.stderr == "error: no such caller 'fran'\n"
    assert cli("user", "enable", "fran").exit_code == 0
    assert S.CANARIES[S.A1] in export("fran").stdout

    narrowed = cli("dataset", "set", S.A1[0], "--releasable-to", S.NCA)
    assert narrowed.exit_code == 0, narrowed.output
    shown = export("fran")
    assert shown.exit_code == 0
    assert S.CANARIES[S.A1] not in shown.stdout and S.A1[1] not in shown.stdout
    assert S.CANARIES[S.B1] in shown.stdout

    assert cli("agency", "remove", S.PN).exit_code == 0
    for name in ("fran", S.PN):
        gone = export(name)
        assert gone.exit_code in (0, 1)
        assert S.CANARIES[S.B1] not in gone.stdout
    assert export(S.PN).stderr == f"error: no such caller {S.PN!r}\n"


def test_removing_an_agency_stops_its_auditors(
    small: duckdb.DuckDBPyConnection, cli: Callable[..., Result]
) -> None:
    assert cli("user", "add", "rita", "--agency", S.PN, "--roles", "auditor").exit_code == 0
    assert cli("audit", "log", "--as", "rita", "--case", "C-1").exit_code == 0
    assert cli("agency", "remove", S.PN).exit_code == 0
    result = cli("audit", "log", "--as", "rita", "--case", "C-1")
    assert (result.exit_code, result.stdout) == (1, "")


def test_erasing_a_dataset_removes_it_and_its_merges_from_the_next_read(
    small: duckdb.DuckDBPyConnection, cli: Callable[..., Result]
) -> None:
    ana = Caller(S.NCA, "ana")
    before = everything(small, ana)
    assert S.CANARIES[S.B1] in before and hits(small, ana)
    assert cli("dataset", "delete", S.B1[0], "--yes").exit_code == 0
    assert cli("dataset", "delete", S.C1[0], "--yes").exit_code == 0
    after = everything(small, ana)
    for gone in (S.CANARIES[S.B1], *S.B1, view.canonical_id(S.B1), S.CONTACT, S.PS):
        assert gone not in after
    assert S.CANARIES[S.A1] in after
    assert hits(small, ana) == []
    assert {frozenset(p) for p in view.links(small)}.isdisjoint(
        {frozenset({S.A1, S.B1}), frozenset({S.A1, S.C1})}
    )
