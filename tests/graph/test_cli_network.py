"""The network commands through the CLI, on a store with two agencies.

UK-NCA's cell is released to all; IT-PS keeps a cell of its own (a paymaster,
a boat, two people on one phone) that no other agency may see. Every command
must show IT-PS's records to IT-PS and nothing of them to UK-NCA, and must
answer UK-NCA about a hidden record exactly as about a record that does not
exist. All names are synthetic.
"""

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import pytest
from click.testing import Result

from crosscurrent.share import audit
from factory import e, load, write_jsonl

CASE = ("--case", "OP-NET-1")
HIDDEN_NAME = "Zorra Segreta"
HIDDEN_SERIAL = "IT-HID-99917"


HANDS = {"NCA": ("Ruben Tallow", "Ivo Brackett", "Deon Fairweather"),
         "PS": ("Aldo Ferrazzi", "Bruno Castellucci", "Carmine Oddone")}  # fmt: skip
SHARED_PHONE = "+393331234567"


def _cell(prefix: str, boss: str, phone_shared: bool = False) -> list[dict[str, Any]]:
    """A boss who pays three hands; the four call each other in a ring (plus one
    chord, so hands 2 and 4 are not tied); with ``phone_shared`` hands 2 and 4 use
    one phone."""
    p = [f"{prefix}-P-{i}" for i in range(1, 5)]
    ents = [e("Person", p[0], name=boss)]
    for i, (pid, name) in enumerate(zip(p[1:], HANDS[prefix], strict=True), 2):
        own = f"+44770090{len(prefix)}{i:03d}"
        phone = SHARED_PHONE if phone_shared and i in (2, 4) else own
        ents.append(e("Person", pid, name=name, phone=phone))
    for i in range(4):
        ents.append(e("Call", f"{prefix}-K-{i}", caller=p[i], receiver=p[(i + 1) % 4]))
    ents.append(e("Call", f"{prefix}-K-9", caller=p[0], receiver=p[2]))
    for i, hand in enumerate(p[1:]):
        ents.append(
            e(
                "Payment",
                f"{prefix}-F-{i}",
                payer=p[0],
                beneficiary=hand,
                amount="800",
                currency="EUR",
                date=f"2024-05-0{i + 1}",
            )
        )
    return ents


@pytest.fixture
def world(con: duckdb.DuckDBPyConnection, src: Path) -> duckdb.DuckDBPyConnection:
    nca = _cell("NCA", "Oskar Fictus")
    nca += [
        e("Vessel", "NCA-B-1", type="inflatable boat", registrationNumber="TR-ABC12345D424"),
        e("Company", "NCA-C-1", name="Marmara Inflatables Ltd"),
        e(
            "UnknownLink",
            "NCA-U-1",
            subject="NCA-C-1",
            object="NCA-B-1",
            role="supplied",
            date="2024-04-01",
        ),
    ]
    ps = _cell("PS", HIDDEN_NAME, phone_shared=True)
    ps += [
        e("Vessel", "PS-B-1", type="inflatable boat", registrationNumber=HIDDEN_SERIAL),
        e("Company", "PS-C-1", name="Segreto Nautica Srl"),
        e(
            "UnknownLink",
            "PS-U-1",
            subject="PS-C-1",
            object="PS-B-1",
            role="supplied",
            date="2024-04-02",
        ),
    ]
    load(con, write_jsonl(src / "nca.jsonl", nca), "nca-net", "UK-NCA", "all")
    load(con, write_jsonl(src / "ps.jsonl", ps), "ps-secret", "IT-PS")
    return con


def _json(result: Result) -> list[dict[str, Any]]:
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.output.splitlines()]


def test_key_players_show_each_agency_its_own_view(
    world: duckdb.DuckDBPyConnection, cli: Callable[..., Result]
) -> None:
    nca = _json(cli("key-players", "--as", "UK-NCA", *CASE, "--json"))
    assert nca[0]["name"] == "Oskar Fictus"
    assert nca[0]["entity_ids"] == ["NCA-P-1"]
    assert {"canonical_id", "entity_ids", "name", "score", "why", "rank"} <= set(nca[0])
    assert "pays 3 people" in nca[0]["why"]
    assert HIDDEN_NAME not in json.dumps(nca)
    assert not any(i.startswith("PS-") for row in nca for i in row["entity_ids"])

    ps = _json(cli("key-players", "--as", "IT-PS", *CASE, "--json"))
    assert HIDDEN_NAME in {row["name"] for row in ps}


def test_hidden_records_are_answered_like_missing_ones(
    world: duckdb.DuckDBPyConnection, cli: Callable[..., Result]
) -> None:
    for command, hidden, absent in (
        ("trace", HIDDEN_SERIAL, "XX-NONE-00001"),
        ("follow", "PS-P-1", "XX-NONE-1"),
    ):
        seen = cli(command, hidden, "--as", "UK-NCA", *CASE)
        missing = cli(command, absent, "--as", "UK-NCA", *CASE)
        assert seen.exit_code == missing.exit_code == 1
        assert seen.stderr.replace(hidden, "Q") == missing.stderr.replace(absent, "Q")
        assert cli(command, hidden, "--as", "IT-PS", *CASE).exit_code == 0
    refused = cli("disrupt", "--remove", "PS-P-1", "--as", "UK-NCA", *CASE)
    assert refused.exit_code == 1 and "no person" in refused.stderr


def test_trace_names_the_records_behind_each_step(
    world: duckdb.DuckDBPyConnection, cli: Callable[..., Result]
) -> None:
    # Written without the dash and in lower case, as an officer may type it.
    (found,) = _json(cli("trace", "trabc12345d424", "--as", "UK-NCA", *CASE, "--json"))
    (supply,) = found["chain"]["steps"]
    assert supply["step"] == "supply"
    assert supply["records"] == ["NCA-U-1"]
    assert supply["labels"] == ["Marmara Inflatables Ltd"]


def test_suggestions_come_only_from_the_callers_view(
    world: duckdb.DuckDBPyConnection, cli: Callable[..., Result]
) -> None:
    ps = _json(cli("suggest-links", "--as", "IT-PS", *CASE, "--json"))
    assert any(f"same phone {SHARED_PHONE}" in s["evidence"] for s in ps)
    nca = _json(cli("suggest-links", "--as", "UK-NCA", *CASE, "--json"))
    assert nca, "UK-NCA's own cell has shared contacts to suggest"
    shown = json.dumps(nca)
    assert SHARED_PHONE not in shown
    assert not any(name in shown for name in HANDS["PS"])


def test_disrupt_removes_and_compares_with_random(
    world: duckdb.DuckDBPyConnection, cli: Callable[..., Result]
) -> None:
    (out,) = _json(cli("disrupt", "--as", "UK-NCA", *CASE, "-k", "1", "--json"))
    (removal,) = out["removals"]
    assert removal["name"] == "Oskar Fictus"
    assert out["before"]["nodes"] == 4 and removal["after"]["nodes"] == 3
    assert out["baseline"]["draws"] > 0
    text = cli("disrupt", "--remove", "NCA-P-1", "--as", "UK-NCA", *CASE).output
    assert "remove Oskar Fictus" in text and "random removal of 1" in text


def test_every_network_read_is_logged_with_its_case(
    world: duckdb.DuckDBPyConnection, cli: Callable[..., Result]
) -> None:
    before = int(world.execute("SELECT coalesce(max(seq), 0) FROM audit_entry").fetchall()[0][0])
    assert cli("key-players", "--as", "UK-NCA", *CASE).exit_code == 0
    (entry,) = audit.entries(world, before, 100)
    assert entry.action.value == "consultation"
    assert entry.justification == "OP-NET-1"
    assert entry.objects[0] == "key-players"
    assert cli("key-players", "--as", "UK-NCA").exit_code != 0  # no case, no read


def test_eval_network_scores_against_a_truth_file(
    world: duckdb.DuckDBPyConnection, cli: Callable[..., Result], tmp_path: Path
) -> None:
    truth = tmp_path / "truth"
    truth.mkdir()
    (truth / "network.json").write_text(json.dumps({
        "organisers": [{"entity": "T-1", "name": "Oskar Fictus", "stage": "launch"},
                       {"entity": "T-2", "name": HIDDEN_NAME, "stage": "finance"}],
        "supply_chains": [{"serial": "TR-ABC12345D424"}, {"serial": HIDDEN_SERIAL}],
        "money_routes": [],
    }))  # fmt: skip
    rows = [{"entity": "T-1", "dataset": "nca-net", "id": "NCA-P-1"},
            {"entity": "T-2", "dataset": "ps-secret", "id": "PS-P-1"}]  # fmt: skip
    (truth / "entities.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    out = cli("eval-network", "--as", "UK-NCA", *CASE, "--truth", str(truth)).output
    assert "combined     1/2" in out
    assert "(not in your view)" in out
    assert "supply chains: 1/2 seen" in out
