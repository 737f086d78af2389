"""Forbidden and missing look identical: the same bytes, the same exit code.

Whoever types ``--as NAME`` learns nothing about whether NAME is a disabled user,
a user without a reading role, a user of a removed agency, a removed or an
unregistered agency, or nobody at all; whoever names a record learns nothing
about whether it exists but is hidden.
"""

from collections.abc import Callable

import duckdb
import pytest
from click.testing import Result

from .conftest import Small

READS = {
    "report": ["report"],
    "export": ["export", "entities"],
    "hits": ["hits"],
    "explain": ["explain", "/".join(Small.A1), "/".join(Small.B1)],
    "review": ["review"],
}

MISSING = "nobody"


def answer(cli: Callable[..., Result], command: list[str], name: str) -> tuple[int, str, str]:
    result = cli(*command, "--as", name, "--case", "C-1")
    masked = result.stderr.replace(repr(name), "NAME")
    return result.exit_code, result.stdout, masked


FORBIDDEN = [
    pytest.param("dora", id="disabled-user"),
    pytest.param("NL-POL", id="removed-agency"),
    pytest.param("nl-pol", id="removed-agency-lower-case"),
    pytest.param("XX-NONE", id="unregistered-agency"),
    pytest.param("all", id="the-word-all"),
    pytest.param("nils", id="user-of-removed-agency"),
    pytest.param("audrey", id="auditor-reads-content"),
    pytest.param("sam", id="system-admin-reads-content"),
]


@pytest.mark.parametrize("name", FORBIDDEN)
def test_a_forbidden_caller_gets_the_answer_a_missing_one_gets(
    small: duckdb.DuckDBPyConnection, cli: Callable[..., Result], name: str
) -> None:
    before = small.execute("SELECT count(*) FROM audit_entry").fetchall()
    for read, command in READS.items():
        forbidden = answer(cli, command, name)
        missing = answer(cli, command, MISSING)
        assert missing == (1, "", "error: no such caller NAME\n"), read
        assert forbidden == missing, read
    # Neither is logged as a read.
    assert small.execute("SELECT count(*) FROM audit_entry").fetchall() == before


AUDIT_FORBIDDEN = [
    pytest.param("ana", id="analyst"),
    pytest.param("fran", id="analyst-of-another-agency"),
    pytest.param("dave", id="disabled-auditor"),
    pytest.param("UK-NCA", id="agency"),
    pytest.param("NL-POL", id="removed-agency"),
    pytest.param("nils", id="user-of-removed-agency"),
    pytest.param("ravi", id="auditor-of-removed-agency"),
]


@pytest.mark.parametrize("name", AUDIT_FORBIDDEN)
def test_only_auditors_read_the_log_and_others_cannot_tell_why(
    small: duckdb.DuckDBPyConnection, cli: Callable[..., Result], name: str
) -> None:
    assert answer(cli, ["audit", "log"], name) == answer(cli, ["audit", "log"], MISSING)
    code, stdout, stderr = answer(cli, ["audit", "log"], name)
    assert (code, stdout, stderr) == (1, "", "error: no such caller NAME\n")
    assert cli("audit", "log", "--as", "audrey", "--case", "C-1").exit_code == 0


RECORDS = {
    "hidden": "/".join(Small.C1),
    "hidden-no-hits": "/".join(Small.C2),
    "missing-entity": "ps-intel/PS-P-9999",
    "missing-dataset": "no-such-dataset/PS-P-0003",
}


@pytest.mark.parametrize("record", list(RECORDS))
def test_a_hidden_record_is_answered_as_a_missing_one(
    small: duckdb.DuckDBPyConnection, cli: Callable[..., Result], record: str
) -> None:
    mine = "/".join(Small.A1)
    explained = cli("explain", mine, RECORDS[record], "--as", "ana", "--case", "C-1")
    assert (explained.exit_code, explained.stdout, explained.stderr) == (
        1,
        "",
        "error: no such record\n",
    )
    judged = cli("judge", mine, RECORDS[record], "--merge", "--by", "ana")
    assert (judged.exit_code, judged.stdout, judged.stderr) == (1, "", "error: no such record\n")
    assert small.execute("SELECT count(*) FROM judgement").fetchall() == [(0,)]


@pytest.mark.parametrize("name", ["dora", "nobody", "NL-POL"])
def test_a_judge_that_cannot_judge_is_answered_as_a_missing_one(
    small: duckdb.DuckDBPyConnection, cli: Callable[..., Result], name: str
) -> None:
    pair = ["/".join(Small.A1), "/".join(Small.B1)]
    result = cli("judge", *pair, "--split", "--by", name)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == f"error: no such caller {name!r}\n"
