"""What a disruption cuts, and how the network could recover from it.

Smuggling networks replace arrested members quickly (Europol, EMSC reports):
an arrest is worth what it cuts until someone takes over. So next to the cut
supply chains and money routes we name who could take over each removed
person's place, the person already tied to most of their contacts, and
measure how cohesive the network is once that person has taken over.
"""

from collections.abc import Collection, Sequence
from dataclasses import dataclass

import networkit as nk

from crosscurrent.graph.core import core_of
from crosscurrent.graph.fragment import Cohesion, cohesion, without
from crosscurrent.graph.money import MoneyRoute
from crosscurrent.graph.network import Network
from crosscurrent.graph.supply import SupplyChain

SUCCESSORS = 3


def chain_people(net: Network, chain: SupplyChain) -> set[str]:
    """People tied by a record to the item or to a party of its steps (keeper, driver...)."""
    things = {chain.item_id, *(p for step in chain.steps for p in step.parties)}
    return {
        other
        for thing in things
        for _, other in net.neighbours(thing)
        if net.nodes[other].schema == "Person"
    }


def chains_cut(net: Network, chains: Sequence[SupplyChain], removed: Collection[str]) -> list[str]:
    """Items whose chain runs through a removed person."""
    gone = set(removed)
    return [c.item_id for c in chains if chain_people(net, c) & gone]


def routes_cut(routes: Sequence[MoneyRoute], removed: Collection[str]) -> list[MoneyRoute]:
    gone = set(removed)
    return [r for r in routes if gone & set(r.parties)]


@dataclass(frozen=True)
class Successor:
    canonical_id: str
    name: str
    shared: int
    """Contacts of the removed person this one is already tied to."""
    score: float
    """Resource allocation over those shared contacts (rare shared contacts weigh more)."""


@dataclass(frozen=True)
class Recovery:
    removed: str
    successors: tuple[Successor, ...]


def recovery(
    net: Network, removed: Sequence[str], top: int = SUCCESSORS
) -> tuple[list[Recovery], Cohesion | None]:
    """Who could take over each removed person's ties, and the core's cohesion once
    the best candidate for each has taken them over (None if nobody could)."""
    core, _ = core_of(net)
    graph = core.graph
    gone = {core.index[r] for r in removed if r in core.index}
    out: list[Recovery] = []
    rewired = nk.graphtools.toUnweighted(graph)
    takeover = False
    for person in removed:
        u = core.index.get(person)
        if u is None:
            out.append(Recovery(person, ()))
            continue
        contacts = [v for v in core.neighbours(u) if v not in gone]
        scores: dict[int, tuple[int, float]] = {}
        for z in contacts:
            for w in core.neighbours(z):
                if w in gone or w == u:
                    continue
                shared, ra = scores.get(w, (0, 0.0))
                scores[w] = (shared + 1, ra + 1.0 / core.degree(z))
        ranked = sorted(scores.items(), key=lambda kv: (-kv[1][1], core.ids[kv[0]]))[:top]
        out.append(
            Recovery(
                person,
                tuple(
                    Successor(core.ids[w], net.nodes[core.ids[w]].caption, s, round(ra, 6))
                    for w, (s, ra) in ranked
                ),
            )
        )
        if ranked:
            heir = ranked[0][0]
            for v in contacts:
                if v != heir and not rewired.hasEdge(heir, v):
                    rewired.addEdge(heir, v)
                    takeover = True
    if not takeover:
        return out, None
    return out, cohesion(without(rewired, gone)[0])
