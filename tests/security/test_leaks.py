"""Leaks and policy bugs found by the security tests, each reduced to a few records.

Each test states what must hold. A leak not yet fixed is marked
``xfail(strict=True)``: when the fix lands the test passes, pytest reports XPASS
as a failure, and the mark comes off.
"""

import json
from collections.abc import Callable
from pathlib import Path

import duckdb
from click.testing import Result

from crosscurrent.resolve.resolver import resolve
from crosscurrent.share import users
from crosscurrent.share.export import export_entities
from crosscurrent.share.hits import hits
from crosscurrent.store import db, judgements, registry, view
from crosscurrent.store.judgements import Verdict
from crosscurrent.store.view import Caller
from factory import e, load, write_jsonl

NCA, PN, PS = "UK-NCA", "FR-PN", "IT-PS"


def canon(con: duckdb.DuckDBPyConnection, agency: str) -> dict[tuple[str, str], str]:
    return view.clusters(con, Caller(agency))


def test_a_merge_never_rests_on_a_value_the_caller_cannot_see(
    con: duckdb.DuckDBPyConnection, src: Path
) -> None:
    pn = [e("Person", "b1", name="Kobado Tefuli", passportNumber=["PASS11111", "PASS22222"])]
    load(con, write_jsonl(src / "pn.jsonl", pn), "pn", PN, NCA)
    nca = [e("Person", "a1", name="Zorimo Quvani", passportNumber="PASS22222")]
    load(con, write_jsonl(src / "nca.jsonl", nca), "nca", NCA)
    con.execute("UPDATE statement SET releasable_to = ['FR-PN'] WHERE value = 'PASS22222' "
                "AND dataset = 'pn'")  # fmt: skip
    resolve(con)
    links = {frozenset(pair) for pair in view.links(con)}
    assert frozenset({("pn", "b1"), ("nca", "a1")}) in links  # the resolver links them
    seen = canon(con, NCA)
    assert seen[("pn", "b1")] != seen[("nca", "a1")]


def test_a_record_seen_only_by_its_id_does_not_break_the_export(
    con: duckdb.DuckDBPyConnection, src: Path, cli: Callable[..., Result]
) -> None:
    records = [e("Person", "b1", name="Kobado Tefuli", notes="CANARY00001")]
    load(con, write_jsonl(src / "pn.jsonl", records), "pn", PN, "all")
    con.execute("UPDATE statement SET releasable_to = ['FR-PN'] WHERE prop <> 'id'")
    resolve(con)
    result = cli("export", "entities", "--as", NCA, "--case", "C-1")
    assert result.exit_code == 0, result.stderr
    assert "CANARY00001" not in result.output
    list(export_entities(con, Caller(NCA)))


def test_an_exported_marking_is_no_wider_than_its_statements(
    con: duckdb.DuckDBPyConnection, src: Path
) -> None:
    records = [e("Person", "c1", name="Mamoni Tesuki", notes="CANARY00003")]
    load(con, write_jsonl(src / "ps.jsonl", records), "ps", PS, "all")
    con.execute("UPDATE statement SET releasable_to = ['IT-PS', 'UK-NCA'], handling = 'H2' "
                "WHERE value = 'CANARY00003'")  # fmt: skip
    resolve(con)
    (row,) = list(export_entities(con, Caller(NCA)))
    assert "CANARY00003" in json.dumps(row)
    assert set(row["marking"]["releasable_to"]) <= {PS, NCA}
    assert row["marking"]["handling"] == "H2"
    assert row["marking"]["tlp"] != "TLP:GREEN"


def test_an_originator_only_statement_is_exported_as_originator_only(
    con: duckdb.DuckDBPyConnection, src: Path
) -> None:
    """A statement marked ``[]`` (its originator alone) in a dataset released to all:
    the originator's own export must not call it releasable to all."""
    records = [e("Person", "c1", name="Mamoni Tesuki", notes="CANARY00003")]
    load(con, write_jsonl(src / "ps.jsonl", records), "ps", PS, "all")
    con.execute("UPDATE statement SET releasable_to = [] WHERE value = 'CANARY00003'")
    resolve(con)
    assert "CANARY00003" not in json.dumps(list(export_entities(con, Caller(NCA))))
    (row,) = list(export_entities(con, Caller(PS)))
    assert "CANARY00003" in json.dumps(row)
    assert row["marking"]["releasable_to"] == [PS]


def _phone_world(con: duckdb.DuckDBPyConnection, src: Path, hidden: bool) -> None:
    phone = "+447700900123"
    nca = [
        e("Person", "a1", name="Kobado Tefuli", phone=phone, passportNumber="PASS00001"),
        e("Person", "a2", name="Kobado Tefuli", phone=phone, passportNumber="PASS00002"),
    ]
    load(con, write_jsonl(src / "nca.jsonl", nca), "nca", NCA)
    if hidden:
        pn = [
            e("Person", "h1", name="Xaveri Yorumi", passportNumber="PASS00001",
              birthDate="1950-01-01"),
            e("Person", "h2", name="Qaperi Rosuvi", passportNumber="PASS00002",
              birthDate="1960-01-01"),
        ]  # fmt: skip
        load(con, write_jsonl(src / "pn.jsonl", pn), "pn", PN)
    resolve(con)


def test_records_a_caller_cannot_see_do_not_veto_its_merges(tmp_path: Path) -> None:
    seen = {}
    for hidden in (False, True):
        directory = tmp_path / str(hidden)
        directory.mkdir()
        con = db.connect(directory / "store.duckdb")
        for code, country in ((NCA, "GB"), (PN, "FR")):
            registry.add_agency(con, code, code, country)
        _phone_world(con, directory, hidden)
        found = canon(con, NCA)
        seen[hidden] = found[("nca", "a1")] == found[("nca", "a2")]
        con.close()
    assert seen[False], "the world does not make the merge it is about"
    assert seen[True] == seen[False]


def test_a_judgement_on_a_hidden_record_does_not_change_what_others_see(
    con: duckdb.DuckDBPyConnection, src: Path
) -> None:
    nca = [
        e("Person", "a1", name="Kobado Tefuli", birthDate="1961-02-03"),
        e("Person", "a2", name="Kobado Tefuli", birthDate="1961-02-03", passportNumber="PASS7"),
    ]
    load(con, write_jsonl(src / "nca.jsonl", nca), "nca", NCA, PN)
    pn = [e("Person", "h1", passportNumber="PASS7", notes="CANARY00007")]
    load(con, write_jsonl(src / "pn.jsonl", pn), "pn", PN)
    resolve(con)
    before = canon(con, NCA)
    assert before[("nca", "a1")] == before[("nca", "a2")]
    users.add_user(con, "fran", PN, frozenset({users.Role.ANALYST}))
    judgements.judge(con, ("nca", "a1"), ("pn", "h1"), Verdict.SPLIT, "fran", PN)
    resolve(con)
    after = canon(con, NCA)
    assert after == before


def test_a_hit_does_not_count_the_holders_datasets(
    con: duckdb.DuckDBPyConnection, src: Path
) -> None:
    load(con, write_jsonl(src / "nca.jsonl", [e("Person", "a1", passportNumber="PASS7")]),
         "nca", NCA)  # fmt: skip
    for n in (1, 2):
        rows = [e("Person", f"h{n}", passportNumber="PASS7", notes=f"CANARY0000{n}")]
        load(con, write_jsonl(src / f"pn{n}.jsonl", rows), f"pn{n}", PN)
        registry.set_dataset_options(con, f"pn{n}", True, f"desk{n}@fr-pn.example.org")
    resolve(con)
    found = hits(con, Caller(NCA))
    assert len({(h.canonical_id, h.agency) for h in found}) == len(found) == 1


def test_a_merge_judgement_across_schemas_breaks_no_ones_reads(
    con: duckdb.DuckDBPyConnection, src: Path, cli: Callable[..., Result]
) -> None:
    rows = [e("Person", "p1", name="Kobado Tefuli"), e("Vehicle", "v1", registrationNumber="S1")]
    load(con, write_jsonl(src / "nca.jsonl", rows), "nca", NCA, "all")
    users.add_user(con, "ana", NCA, frozenset({users.Role.ANALYST}))
    cli("judge", "nca/p1", "nca/v1", "--merge", "--by", "ana")  # refusing it is a fix too
    for agency in (NCA, PN):
        for command in (["export", "entities"], ["report"]):
            result = cli(*command, "--as", agency, "--case", "C-1")
            assert result.exit_code == 0, (agency, command, result.exception)
