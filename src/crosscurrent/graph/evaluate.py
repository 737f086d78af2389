"""The network analyses scored against a scenario's ground truth.

The truth (``truth/network.json`` and ``truth/entities.jsonl`` of a generated
scenario) is read here and nowhere else: the analyses never see it. A planted
entity is found when any of its source records sits in a node the analysis
returned; truth records the caller cannot see cannot be found, and count as
missed, since that is what the caller gets.
"""

import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from crosscurrent.graph.keyplayers import COMBINATIONS, rank
from crosscurrent.graph.measures import measure
from crosscurrent.graph.money import MoneyRoute
from crosscurrent.graph.network import Network
from crosscurrent.graph.supply import SupplyChain
from crosscurrent.graph.trace import serial_key

Key = tuple[str, str]
TOP = 10


@dataclass(frozen=True)
class Truth:
    network: dict[str, Any]
    records: dict[str, set[Key]]
    """True entity -> its (dataset, record id) in the agencies' files."""


def load_truth(path: Path) -> Truth:
    """A scenario directory, its ``truth`` directory, or ``network.json`` itself."""
    if path.is_dir():
        path = path / "truth" if (path / "truth").is_dir() else path
        path = path / "network.json"
    records: dict[str, set[Key]] = defaultdict(set)
    with (path.parent / "entities.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            records[row["entity"]].add((row["dataset"], row["id"]))
    return Truth(json.loads(path.read_text(encoding="utf-8")), dict(records))


@dataclass(frozen=True)
class Organiser:
    entity: str
    name: str
    stage: str
    ranks: dict[str, int | None]
    """Combination -> best rank of any node holding the organiser's records."""
    visible: bool


@dataclass(frozen=True)
class Evaluation:
    top: int
    organisers: tuple[Organiser, ...]
    chains_planted: int
    chains_seen: int
    chains_complete: int
    routes_planted: int
    routes_followed: int

    def recall(self, combination: str) -> int:
        return sum(1 for o in self.organisers if (r := o.ranks.get(combination)) and r <= self.top)


def evaluate(
    net: Network,
    canon: dict[Key, str],
    truth: Truth,
    chains: list[SupplyChain],
    routes: list[MoneyRoute],
    top: int = TOP,
) -> Evaluation:
    """Score ``net`` (the caller's network, ids from the caller's ``canon``) on ``truth``."""
    m = measure(net)
    rankings = {
        name: {p.canonical_id: i + 1 for i, p in enumerate(rank(net, m, w))} if m else {}
        for name, w in COMBINATIONS.items()
    }
    organisers = []
    for o in truth.network["organisers"]:
        nodes = {canon[k] for k in truth.records.get(o["entity"], ()) if k in canon}
        ranks = {
            name: min((r[n] for n in nodes if n in r), default=None) for name, r in rankings.items()
        }
        organisers.append(Organiser(o["entity"], o["name"], o["stage"], ranks, bool(nodes)))
    planted = {serial_key(c["serial"]) for c in truth.network["supply_chains"]}
    seen: set[str] = set()
    complete: set[str] = set()
    for chain in chains:
        # Agencies write a serial their own way; any of the item's serials may match.
        serials = {
            serial_key(s) for s in net.nodes[chain.item_id].props.get("registrationNumber", ())
        }
        seen |= serials & planted
        if chain.complete:
            complete |= serials & planted
    payments = [{t.payment_id for t in r.transfers} for r in routes]
    followed = 0
    for route in truth.network["money_routes"]:
        ids = {canon.get((ds, rid)) for ds, rid in route["payments"]}
        if None not in ids and any(ids <= p for p in payments):
            followed += 1
    return Evaluation(
        top=top,
        organisers=tuple(organisers),
        chains_planted=len(planted),
        chains_seen=len(seen),
        chains_complete=len(complete),
        routes_planted=len(truth.network["money_routes"]),
        routes_followed=followed,
    )
