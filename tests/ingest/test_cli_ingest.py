"""``crosscurrent ingest`` as an agency uses it: summaries, markings, reloads."""

from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest
from click.testing import Result

from factory import e, rows, snapshot, write_jsonl

Cli = Callable[..., Result]


def ingest(cli: Cli, path: Path, *options: str, agency: str = "UK-NCA") -> Result:
    return cli("ingest", str(path), "--dataset", "ds", "--agency", agency, *options)


def test_ingest_then_unchanged(con: duckdb.DuckDBPyConnection, src: Path, cli: Cli) -> None:
    path = write_jsonl(src / "a.jsonl", [e("Person", "p1", name="Anna Rossi")])
    first = ingest(cli, path, "--releasable-to", "fr-pn", "--handling", "h2")
    assert first.exit_code == 0, first.output
    assert first.stdout == f"{path}: 1 rows, 1 entities, 2 new statements into ds\n"
    assert first.stderr == ""
    again = ingest(cli, path)
    assert again.stdout == f"{path}: unchanged since it was last loaded into ds\n"
    assert rows(con, "dataset")[0][1:4] == ("UK-NCA", ["FR-PN", "UK-NCA"], "H2")


def test_reloading_keeps_the_marking_unless_told(
    con: duckdb.DuckDBPyConnection, src: Path, cli: Cli
) -> None:
    ingest(
        cli,
        write_jsonl(src / "a.jsonl", [e("Person", "p1", name="Anna")]),
        "--releasable-to",
        "all",
    )
    ingest(cli, write_jsonl(src / "b.jsonl", [e("Person", "p2", name="Bob")]))
    assert rows(con, "dataset")[0][1:4] == ("UK-NCA", ["all"], "H0")
    ingest(cli, write_jsonl(src / "c.jsonl", [e("Person", "p3", name="Chen")]), "--handling", "H1")
    assert rows(con, "dataset")[0][1:4] == ("UK-NCA", ["UK-NCA"], "H1")


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--handling", "H9"], "error: unknown handling code 'H9' (use one of H0, H1, H2, H3)"),
        (["--releasable-to", "all,FR-PN"], "error: releasable-to is either 'all' or a list"),
        (["--releasable-to", "FR-PN,XX-NONE"], "error: unknown agency 'XX-NONE'"),
    ],
)
def test_bad_markings_are_one_line_errors(
    con: duckdb.DuckDBPyConnection, src: Path, cli: Cli, options: list[str], message: str
) -> None:
    path = write_jsonl(src / "a.jsonl", [e("Person", "p1", name="Anna")])
    before = snapshot(con)
    result = ingest(cli, path, *options)
    assert result.exit_code == 1
    assert result.stderr.startswith(message)
    assert result.stderr.count("\n") == 1
    assert snapshot(con) == before


def test_another_agency_cannot_load_into_a_dataset_with_explicit_marking(
    con: duckdb.DuckDBPyConnection, src: Path, cli: Cli
) -> None:
    ingest(cli, write_jsonl(src / "a.jsonl", [e("Person", "p1", name="Anna")]))
    before = snapshot(con)
    other = write_jsonl(src / "b.jsonl", [e("Person", "p1", name="Not Anna")])
    result = ingest(cli, other, "--releasable-to", "all", agency="FR-PN")
    assert result.exit_code == 1
    assert result.stderr == "error: dataset 'ds' belongs to UK-NCA, not FR-PN\n"
    assert snapshot(con) == before


def test_another_agency_cannot_load_into_a_dataset_by_omitting_the_marking(
    con: duckdb.DuckDBPyConnection, src: Path, cli: Cli
) -> None:
    ingest(cli, write_jsonl(src / "a.jsonl", [e("Person", "p1", name="Anna")]))
    before = snapshot(con)
    other = write_jsonl(src / "b.jsonl", [e("Person", "p1", name="Not Anna")])
    result = ingest(cli, other, agency="FR-PN")
    assert snapshot(con) == before
    assert result.exit_code == 1
    assert "belongs to UK-NCA" in result.stderr


def test_missing_file_is_one_line_error(
    con: duckdb.DuckDBPyConnection, src: Path, cli: Cli
) -> None:
    result = ingest(cli, src / "absent.jsonl")
    assert result.exit_code == 1
    assert result.stderr == f"error: {src / 'absent.jsonl'}: no such file\n"


def test_problems_stay_one_line_each_in_a_narrow_console(
    con: duckdb.DuckDBPyConnection, src: Path, cli: Cli
) -> None:
    path = write_jsonl(
        src / "a-file-name-long-enough-to-need-wrapping-in-eighty-columns.jsonl",
        [e("Person", "p1", name="Anna"), e("Person", "p2", birthDate="31/02/1990")],
    )
    result = cli("ingest", str(path), "--dataset", "ds", "--agency", "UK-NCA", columns=80)
    assert result.stderr.splitlines()[1:] == [
        f"  {path}: row 2, field birthDate: not a valid date: '31/02/1990'; "
        "value dropped, the rest of the row loaded"
    ]
