"""The network analyses scored against a scenario's ground truth.

The truth (``truth/network.json`` and ``truth/entities.jsonl`` of a generated
scenario) is read here and nowhere else: the analyses never see it. A planted
entity is found when any of its source records sits in a node the analysis
returned; truth records the caller cannot see cannot be found, and count as
missed, since that is what the caller gets.

A planted money route that is not followed is put down to the first reason
that explains it, in this order: a payment the caller cannot see (hidden), a
payment without a date (undated), two consecutive payments that do not meet at
one party in the caller's network (split: the resolver kept the party's records
apart), dates that go backwards (out of order); a route with none of these that
the finder still did not return is a defect of the finder (missed).
"""

import json
from collections import defaultdict
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

from crosscurrent.graph.keyplayers import COMBINATIONS, rank
from crosscurrent.graph.measures import measure
from crosscurrent.graph.money import MoneyRoute
from crosscurrent.graph.network import Edge, Network
from crosscurrent.graph.supply import SupplyChain
from crosscurrent.graph.trace import serial_key

Key = tuple[str, str]
TOP = 10
ROUTE_REASONS = ("hidden", "undated", "split", "out of order", "missed")
"""Why a planted route was not followed, in the order they are checked."""


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
    routes_unfollowed: dict[str, int]
    """Reason -> planted routes not followed for it (``ROUTE_REASONS``)."""

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
    found = [{t.payment_id for t in r.transfers} for r in routes]
    payments: dict[str, list[Edge]] = {}
    for edge in net.edges:
        if edge.schema == "Payment":
            payments.setdefault(edge.id, []).append(edge)
    unfollowed = dict.fromkeys(ROUTE_REASONS, 0)
    for route in truth.network["money_routes"]:
        reason = route_status(route["payments"], canon, payments, found)
        if reason is not None:
            unfollowed[reason] += 1
    return Evaluation(
        top=top,
        organisers=tuple(organisers),
        chains_planted=len(planted),
        chains_seen=len(seen),
        chains_complete=len(complete),
        routes_planted=len(truth.network["money_routes"]),
        routes_followed=len(truth.network["money_routes"]) - sum(unfollowed.values()),
        routes_unfollowed=unfollowed,
    )


def route_status(
    planted: list[list[str]],
    canon: dict[Key, str],
    payments: dict[str, list[Edge]],
    found: list[set[str]],
) -> str | None:
    """None if a route the finder returned holds every planted payment, else the
    reason it could not or did not (see the module docstring)."""
    ids = [canon.get((ds, rid)) for ds, rid in planted]
    edges = [payments.get(i, []) if i is not None else [] for i in ids]
    if not all(edges):
        return "hidden"
    if any(p.date is None for legs in edges for p in legs):
        return "undated"
    wanted = {i for i in ids if i is not None}
    if any(wanted <= f for f in found):
        return None
    for before, after in pairwise(edges):
        if not {p.target for p in before} & {p.source for p in after}:
            return "split"
    dates = [min(str(p.date) for p in legs) for legs in edges]
    if dates != sorted(dates):
        return "out of order"
    return "missed"
