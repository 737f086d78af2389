"""Judgements: merges and splits survive every re-run, are reversible, and bind rules."""

from pathlib import Path

import duckdb
from click.testing import CliRunner

from crosscurrent.cli import main
from crosscurrent.resolve.resolver import resolve
from crosscurrent.share import users
from crosscurrent.store import judgements, view
from crosscurrent.store.judgements import Verdict
from crosscurrent.store.view import Caller
from factory import e, load, write_jsonl


def together(con: duckdb.DuckDBPyConnection, a: tuple[str, str], b: tuple[str, str]) -> bool:
    seen = view.clusters(con, Caller("UK-NCA"))
    return seen[a] == seen[b]


def world(con: duckdb.DuckDBPyConnection, src: Path) -> None:
    doc = {"passportNumber": "N1234567"}
    a = [e("Person", "a1", name="Rebwar Hasan", **doc), e("Person", "a2", name="Karwan Aziz")]
    b = [e("Person", "b1", name="Rebwar HESEN", **doc), e("Person", "b2", name="K. Aziz")]
    load(con, write_jsonl(src / "a.jsonl", a), "a", "UK-NCA", "all")
    load(con, write_jsonl(src / "b.jsonl", b), "b", "FR-PN", "all")


def test_split_beats_the_rules_and_merge_joins(con: duckdb.DuckDBPyConnection, src: Path) -> None:
    world(con, src)
    resolve(con)
    assert together(con, ("a", "a1"), ("b", "b1"))
    assert not together(con, ("a", "a2"), ("b", "b2"))
    judgements.judge(con, ("b", "b1"), ("a", "a1"), Verdict.SPLIT, "ana", "UK-NCA")
    judgements.judge(con, ("a", "a2"), ("b", "b2"), Verdict.MERGE, "ana", "UK-NCA")
    for _ in range(2):  # and again: judgements survive every re-run
        resolve(con)
        assert not together(con, ("a", "a1"), ("b", "b1"))
        assert together(con, ("a", "a2"), ("b", "b2"))
    assert judgements.undo(con, ("a", "a1"), ("b", "b1"))
    resolve(con)
    assert together(con, ("a", "a1"), ("b", "b1"))
    # The withdrawn judgement is kept, superseded.
    assert con.execute("SELECT count(*) FROM judgement").fetchall() == [(2,)]


def test_a_split_holds_against_a_chain(con: duckdb.DuckDBPyConnection, src: Path) -> None:
    world(con, src)
    judgements.judge(con, ("a", "a1"), ("b", "b1"), Verdict.SPLIT, "ana", "UK-NCA")
    judgements.judge(con, ("a", "a1"), ("a", "a2"), Verdict.MERGE, "ana", "UK-NCA")
    judgements.judge(con, ("a", "a2"), ("b", "b1"), Verdict.MERGE, "ana", "UK-NCA")
    resolve(con)
    assert not together(con, ("a", "a1"), ("b", "b1"))


def test_cli_judges_only_records_the_user_sees(
    con: duckdb.DuckDBPyConnection, src: Path, store_path: Path
) -> None:
    world(con, src)
    load(con, write_jsonl(src / "c.jsonl", [e("Person", "c1", name="Hidden Person")]), "c",
         "IT-PS")  # fmt: skip
    users.add_user(con, "ana", "UK-NCA", frozenset({users.Role.ANALYST}))
    con.close()
    runner = CliRunner()
    base = ["--db", str(store_path)]
    ok = runner.invoke(main, [*base, "judge", "a/a1", "b/b1", "--split", "--by", "ana"])
    assert ok.exit_code == 0, ok.output
    hidden = runner.invoke(main, [*base, "judge", "a/a1", "c/c1", "--merge", "--by", "ana"])
    missing = runner.invoke(main, [*base, "judge", "a/a1", "c/zz", "--merge", "--by", "ana"])
    assert hidden.exit_code == missing.exit_code == 1
    assert hidden.stderr == missing.stderr == "error: no such record\n"
    why = runner.invoke(main, [*base, "explain", "a/a1", "b/b1", "--as", "ana", "--case", "C-1"])
    assert "judgement" in why.output and "split" in why.output
    assert "two entities" in why.output


def test_explain_names_another_agencys_judge_by_agency_only(
    con: duckdb.DuckDBPyConnection, src: Path
) -> None:
    from crosscurrent.resolve.explain import explain

    world(con, src)
    judgements.judge(con, ("a", "a1"), ("b", "b1"), Verdict.SPLIT, "fran", "FR-PN")
    seen_by_nca = explain(con, Caller("UK-NCA"), ("a", "a1"), ("b", "b1"))
    seen_by_pn = explain(con, Caller("FR-PN"), ("a", "a1"), ("b", "b1"))
    assert seen_by_nca is not None and seen_by_pn is not None
    assert any(x.rule == "judgement" and "FR-PN" in x.detail for x in seen_by_nca)
    assert not any("fran" in x.detail for x in seen_by_nca)
    assert any(x.rule == "judgement" and "fran" in x.detail for x in seen_by_pn)
