"""The main job end to end on a small scenario, through the command line.

One scenario is generated per module and taken through the same commands
`make demo` runs; the assertions compare what the report finds with the
scenario's ground truth, which the pipeline never reads.
"""

import json
from collections import defaultdict
from pathlib import Path

import pytest
from click.testing import CliRunner

from crosscurrent.cli import main
from crosscurrent.report import build_report
from crosscurrent.resolve.normalise import identifier
from crosscurrent.store import db, view

SIZE = 800
AGENCY = "UK-NCA"


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    tmp = tmp_path_factory.mktemp("e2e")
    out, store = tmp / "scenario", tmp / "store.duckdb"
    runner = CliRunner()
    for args in (
        ["scenario", "--out", str(out), "--seed", "11", "--size", str(SIZE)],
        ["--db", str(store), "load-scenario", str(out)],
        ["--db", str(store), "resolve"],
    ):
        result = runner.invoke(main, args, catch_exceptions=False)
        assert result.exit_code == 0, result.output
    return out, store


def truth_records(out: Path) -> dict[str, set[tuple[str, str]]]:
    records: dict[str, set[tuple[str, str]]] = defaultdict(set)
    with (out / "truth" / "entities.jsonl").open() as fh:
        for line in fh:
            row = json.loads(line)
            records[row["entity"]].add((row["dataset"], row["id"]))
    return records


def test_every_entity_exported_with_source_ids(world: tuple[Path, Path]) -> None:
    out, store = world
    result = CliRunner().invoke(main, ["--db", str(store), "export", "clusters"])
    assert result.exit_code == 0
    rows = [json.loads(line) for line in result.output.splitlines()]
    exported = {(r["dataset"], r["entity_id"]) for r in rows}
    truth = {key for keys in truth_records(out).values() for key in keys}
    assert truth <= exported
    assert all(r["canonical_id"].startswith("cc-") for r in rows)


def test_resolution_is_precise_and_links_across_agencies(world: tuple[Path, Path]) -> None:
    out, store = world
    with db.connect(store) as con:
        canon = {(ds, eid): c for eid, ds, c in view.cluster_rows(con)}
    truth = truth_records(out)
    owner = {key: entity for entity, keys in truth.items() for key in keys}
    by_cluster: dict[str, set[str]] = defaultdict(set)
    for key, entity in owner.items():
        by_cluster[canon[key]].add(entity)
    impure = [c for c, entities in by_cluster.items() if len(entities) > 1]
    assert len(impure) <= 0.02 * len(by_cluster)
    linked = sum(
        1 for keys in truth.values() if len(keys) > 1 and len({canon[k] for k in keys}) == 1
    )
    assert linked > 0.3 * sum(1 for keys in truth.values() if len(keys) > 1)


def test_report_finds_organisers_and_a_supply_chain(world: tuple[Path, Path]) -> None:
    out, store = world
    network = json.loads((out / "truth" / "network.json").read_text())
    truth = truth_records(out)
    with db.connect(store) as con:
        canon = {(ds, eid): c for eid, ds, c in view.cluster_rows(con)}
        report = build_report(view.entities(con, view.Caller(AGENCY)), top=10)
    top = {kp.canonical_id for kp in report.key_players}
    organisers = [o["entity"] for o in network["organisers"]]
    found = [o for o in organisers if {canon[k] for k in truth[o]} & top]
    assert len(found) >= max(1, len(organisers) // 2), (found, organisers)

    planted = {identifier(c["serial"]) for c in network["supply_chains"]}
    found_chains = [
        c for c in report.supply_chains if c.complete and identifier(c.serial or "") in planted
    ]
    assert found_chains, "no planted supply chain was traced from supplier to launch"
    assert any(len(c.agencies) >= 2 for c in found_chains)


def test_report_follows_a_planted_money_route(world: tuple[Path, Path]) -> None:
    out, store = world
    network = json.loads((out / "truth" / "network.json").read_text())
    with db.connect(store) as con:
        canon = {(ds, eid): c for eid, ds, c in view.cluster_rows(con)}
        report = build_report(view.entities(con, view.Caller(AGENCY)), top=10)
    followed = [
        route
        for route in network["money_routes"]
        if any(
            {canon[tuple(p)] for p in route["payments"]} <= {t.payment_id for t in r.transfers}
            for r in report.money_routes
        )
    ]
    assert followed, "no planted money route was followed payment by payment"


def test_report_command_prints_the_findings(world: tuple[Path, Path]) -> None:
    _out, store = world
    args = ["--db", str(store), "report", "--as", AGENCY, "--case", "OP-TEST-1"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    for heading in ("Key players", "Supply chains", "Money routes"):
        assert heading.lower() in result.output.lower()
