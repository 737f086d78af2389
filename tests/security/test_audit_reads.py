"""Reads are audited: no consultation without a case reference, every CLI read leaves
one entry naming ids only, and only auditors read the log."""

from collections.abc import Callable

import duckdb
import pytest
from click.testing import Result

from crosscurrent.share import audit
from crosscurrent.share.errors import InvalidAuditEntry, JustificationRequired

from .conftest import Small

S = Small
PAIR = ["/".join(S.A1), "/".join(S.B1)]
READS = {
    "report": (["report"], "consultation"),
    "export": (["export", "entities"], "consultation"),
    "hits": (["hits"], "disclosure"),
    "explain": (["explain", *PAIR], "consultation"),
    "review": (["review"], "consultation"),
}
SECRETS = (*S.CANARIES.values(), "PASS00001", "Kobado", "Tefuli", "Zorimo", "1961-02-03")


def entries_after(con: duckdb.DuckDBPyConnection, seq: int) -> list[audit.AuditEntry]:
    return audit.entries(con, seq, 10_000)


def last(con: duckdb.DuckDBPyConnection) -> int:
    return int(con.execute("SELECT coalesce(max(seq), 0) FROM audit_entry").fetchall()[0][0])


@pytest.mark.parametrize("justification", [None, "", "   "])
def test_a_consultation_without_a_case_reference_is_refused(
    con: duckdb.DuckDBPyConnection, justification: str | None
) -> None:
    with pytest.raises(JustificationRequired):
        audit.append(con, "ana", S.NCA, "consultation", ["report"], justification)
    assert last(con) == 0


@pytest.mark.parametrize("read", list(READS))
def test_the_cli_reads_nothing_without_a_case_reference(
    small: duckdb.DuckDBPyConnection, cli: Callable[..., Result], read: str
) -> None:
    before = last(small)
    result = cli(*READS[read][0], "--as", "ana")
    assert result.exit_code == 2 and "--case" in result.stderr
    assert result.stdout == ""
    assert last(small) == before


@pytest.mark.parametrize(
    ("read", "case"),
    [
        pytest.param("export", ""),
        pytest.param("export", "   "),
        pytest.param("export", "case with spaces"),
        pytest.param("hits", ""),
        pytest.param("hits", "   "),
        ("hits", "case with spaces"),
        *[(read, case) for read in ("report", "explain", "review") for case in ("", "   ", "a b")],
    ],
)
def test_nothing_is_shown_unless_the_read_is_logged_with_its_case(
    small: duckdb.DuckDBPyConnection, cli: Callable[..., Result], read: str, case: str
) -> None:
    before = last(small)
    result = cli(*READS[read][0], "--as", "ana", "--case", case)
    logged = entries_after(small, before)
    if result.exit_code == 0:
        assert [e.justification for e in logged] == [case.strip()]
        assert case.strip()
    else:
        assert logged == []
        assert result.stdout == ""
        assert S.CANARIES[S.A1] not in result.output


@pytest.mark.parametrize("read", list(READS))
def test_every_cli_read_appends_one_entry_with_ids_only(
    small: duckdb.DuckDBPyConnection, cli: Callable[..., Result], read: str
) -> None:
    command, action = READS[read]
    before = last(small)
    result = cli(*command, "--as", "ana", "--case", "OP-TRIDENT/7")
    assert result.exit_code == 0, result.output
    (entry,) = entries_after(small, before)
    assert entry.action.value == action
    assert (entry.actor, entry.agency, entry.justification) == ("ana", S.NCA, "OP-TRIDENT/7")
    logged = repr((entry.objects, entry.detail))
    for secret in SECRETS:
        assert secret not in logged, f"{read} logs {secret}"


def test_a_hits_query_that_finds_nothing_is_logged_too(
    small: duckdb.DuckDBPyConnection, cli: Callable[..., Result]
) -> None:
    assert cli("dataset", "set", S.C1[0], "--no-hits").exit_code == 0
    before = last(small)
    result = cli("hits", "--as", "ana", "--case", "C-1")
    assert result.stdout == "no hits\n"
    (entry,) = entries_after(small, before)
    assert entry.justification == "C-1"


def test_an_auditor_reads_the_log_and_the_read_is_logged(
    small: duckdb.DuckDBPyConnection, cli: Callable[..., Result]
) -> None:
    assert cli("report", "--as", "ana", "--case", "C-1").exit_code == 0
    before = last(small)
    result = cli("audit", "log", "--as", "audrey", "--case", "AUD-1")
    assert result.exit_code == 0
    assert '"actor": "ana"' in result.stdout
    (entry,) = entries_after(small, before)
    assert (entry.action.value, entry.actor, entry.justification) == (
        "consultation",
        "audrey",
        "AUD-1",
    )
    assert entry.objects == ("audit-log",)


def test_an_analyst_cannot_read_the_log(
    small: duckdb.DuckDBPyConnection, cli: Callable[..., Result]
) -> None:
    assert cli("report", "--as", "ana", "--case", "C-1").exit_code == 0
    analyst = cli("audit", "log", "--as", "ana", "--case", "C-1")
    unknown = cli("audit", "log", "--as", "nobody", "--case", "C-1")
    assert analyst.exit_code == unknown.exit_code == 1
    assert analyst.stdout == unknown.stdout == ""
    assert analyst.stderr.replace("'ana'", "NAME") == unknown.stderr.replace("'nobody'", "NAME")


def test_the_log_never_holds_values_after_a_session_of_reads(
    small: duckdb.DuckDBPyConnection, cli: Callable[..., Result]
) -> None:
    for name in ("ana", "fran", S.NCA, S.PS, "audrey"):
        for command, _ in READS.values():
            cli(*command, "--as", name, "--case", "C-1")
    cli("judge", *PAIR, "--split", "--by", "ana")
    for entry in audit.entries(small, 0, 10_000):
        logged = repr((entry.objects, entry.detail, entry.justification))
        for secret in SECRETS:
            assert secret not in logged, (entry, secret)


def test_values_passed_as_ids_are_refused_and_not_echoed(con: duckdb.DuckDBPyConnection) -> None:
    with pytest.raises(InvalidAuditEntry) as refused:
        audit.append(con, "ana", S.NCA, "consultation", ["Kobado Tefuli"], "C-1")
    assert "Kobado" not in str(refused.value)
