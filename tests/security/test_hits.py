"""Hit/no-hit: another agency's record on one of the caller's entities is announced as
"agency X holds information on this entity; contact point", never more, and only
when the holder allows hits; each hit is logged as a disclosure.
"""

from collections.abc import Callable

import duckdb
import pytest
from click.testing import Result

from crosscurrent.model.markings import Marking
from crosscurrent.share import audit
from crosscurrent.share.hits import Hit, hits
from crosscurrent.store import registry, view
from crosscurrent.store.view import Caller

from .conftest import Small

S = Small


def nca_entity(con: duckdb.DuckDBPyConnection) -> str:
    return view.clusters(con, Caller(S.NCA))[S.A1]


def test_a_hit_names_the_holder_and_its_contact_point_only(
    small: duckdb.DuckDBPyConnection, cli: Callable[..., Result]
) -> None:
    assert hits(small, Caller(S.NCA, "ana")) == [Hit(nca_entity(small), S.PS, S.CONTACT)]
    result = cli("hits", "--as", "ana", "--case", "C-7")
    assert result.exit_code == 0
    assert (
        result.stdout
        == f"{nca_entity(small)}\t{S.PS} holds information on this entity\t{S.CONTACT}\n"
    )
    # No value, record id or dataset name of the holder's, nor a count.
    for secret in (*S.HIDDEN_FROM_NCA, "PASS00001", "1 record", "2"):
        assert secret not in result.stdout.replace(nca_entity(small), "")


def test_no_hit_from_a_dataset_that_allows_none(
    small: duckdb.DuckDBPyConnection, cli: Callable[..., Result]
) -> None:
    assert cli("dataset", "set", S.C1[0], "--no-hits").exit_code == 0
    assert hits(small, Caller(S.NCA)) == []
    result = cli("hits", "--as", "ana", "--case", "C-7")
    assert (result.exit_code, result.stdout) == (0, "no hits\n")


def test_a_chain_through_a_dataset_that_allows_no_hits_makes_no_hit(
    small: duckdb.DuckDBPyConnection,
) -> None:
    """UK-NCA's person meets FR-PN's hit-allowed pn-hits record only through IT-PS's
    archive, which allows no hits: no hit from FR-PN."""
    links = {frozenset(pair) for pair in view.links(small)}
    assert frozenset({S.A1, S.C2}) in links and frozenset({S.C2, S.D1}) in links
    assert frozenset({S.A1, S.D1}) not in links
    assert {h.agency for h in hits(small, Caller(S.NCA))} == {S.PS}
    # Once the archive allows hits, the chain may pass through it.
    registry.set_dataset_options(small, S.C2[0], True)
    assert {h.agency for h in hits(small, Caller(S.NCA))} == {S.PS, S.PN}


def test_a_chain_through_a_record_the_caller_sees_may_make_a_hit(
    small: duckdb.DuckDBPyConnection,
) -> None:
    registry.set_dataset(small, S.C2[0], Marking(S.PS, (S.NCA, S.PS)))
    assert {h.agency for h in hits(small, Caller(S.NCA))} == {S.PS, S.PN}


@pytest.mark.parametrize(
    "caller",
    [
        Caller(S.NCA, "audrey"),  # auditor
        Caller(S.NCA, "dora"),  # disabled
        Caller(S.NCA, "sam"),  # system admin
        Caller(S.NL, "nils"),  # removed agency
        Caller(S.NL),
        Caller("XX-NONE"),
        Caller(S.PN, "ana"),  # a user claiming another agency
    ],
    ids=str,
)
def test_who_may_not_read_gets_no_hits(small: duckdb.DuckDBPyConnection, caller: Caller) -> None:
    assert hits(small, caller) == []


def test_a_hit_is_never_about_the_callers_own_records(small: duckdb.DuckDBPyConnection) -> None:
    for caller in (Caller(S.PS), Caller(S.PN, "fran"), Caller(S.NCA, "ana")):
        assert all(h.agency != caller.agency for h in hits(small, caller))


def test_each_hit_is_logged_as_a_disclosure_with_ids_only(
    small: duckdb.DuckDBPyConnection, cli: Callable[..., Result]
) -> None:
    before = len(audit.entries(small))
    assert cli("hits", "--as", "ana", "--case", "C-7").exit_code == 0
    (entry,) = audit.entries(small, before)
    assert entry.action == audit.Action.DISCLOSURE
    assert (entry.actor, entry.agency, entry.justification) == ("ana", S.NCA, "C-7")
    assert nca_entity(small) in entry.objects
    logged = repr((entry.objects, entry.detail))
    for secret in (*S.HIDDEN_FROM_NCA, *S.CANARIES.values(), "PASS00001", "Kobado"):
        assert secret not in logged


def test_a_disclosure_entry_names_whose_information_was_disclosed(
    small: duckdb.DuckDBPyConnection, cli: Callable[..., Result]
) -> None:
    before = len(audit.entries(small))
    assert cli("hits", "--as", "ana", "--case", "C-7").exit_code == 0
    (entry,) = audit.entries(small, before)
    assert S.PS in repr((entry.objects, entry.detail))


def test_one_answer_per_holding_agency_whatever_its_datasets_and_contacts(
    small: duckdb.DuckDBPyConnection,
) -> None:
    """When two of IT-PS's hit-allowed datasets hold the entity under different contact
    points, the caller gets one line naming one contact: a second line would count them."""
    registry.set_dataset_options(small, S.C2[0], True, "another@it-ps.example.org")
    found = [h for h in hits(small, Caller(S.NCA)) if h.agency == S.PS]
    assert found == [Hit(nca_entity(small), S.PS, "another@it-ps.example.org")]
