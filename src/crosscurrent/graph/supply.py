"""Supply chains of boats and engines: supplier -> storage -> transport -> launch -> crossing.

Each agency sees a piece (a German storage raid, a French van check, a UK
interception); the chain appears once the pieces are resolved onto one boat or
engine. Every step keeps the agencies and source records that support it.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from crosscurrent.graph.kinds import Kind, is_item, node_kind, role_key
from crosscurrent.graph.network import Edge, Network, Node


class Step(StrEnum):
    SUPPLY = "supply"
    STORAGE = "storage"
    TRANSPORT = "transport"
    LAUNCH = "launch"
    CROSSING = "crossing"
    SEIZURE = "seizure"
    """Not part of a complete chain: where it ended early, if it did."""


REQUIRED = (Step.SUPPLY, Step.STORAGE, Step.TRANSPORT, Step.LAUNCH, Step.CROSSING)
_ROLES = {
    "supplied": Step.SUPPLY,
    "stored at": Step.STORAGE,
    "transported by": Step.TRANSPORT,
    "launched from": Step.LAUNCH,
    "seized at": Step.SEIZURE,
}


@dataclass(frozen=True)
class ChainStep:
    step: Step
    parties: tuple[str, ...]
    """Canonical ids of the supplier, site or van at this step."""
    labels: tuple[str, ...]
    """Captions of ``parties``."""
    date: str | None
    """Earliest date recorded for the step."""
    agencies: tuple[str, ...]
    """Agencies whose link records support the step."""
    records: tuple[str, ...]
    """Source record ids of those link records."""
    inferred: bool = False
    """True when read off neighbouring facts (a trip leaving the storage site, a
    crossing from the launch site that day) rather than stated by a record."""
    note: str | None = None


@dataclass(frozen=True)
class SupplyChain:
    item_id: str
    item: str
    """Caption of the boat or engine."""
    kind: str
    """``boat`` or ``engine``."""
    serial: str | None
    """Hull identification number or engine serial."""
    steps: tuple[ChainStep, ...]
    missing: tuple[Step, ...]
    """Required steps with no evidence: the chain is partial if any."""

    @property
    def complete(self) -> bool:
        return not self.missing

    @property
    def agencies(self) -> tuple[str, ...]:
        return tuple(sorted({a for step in self.steps for a in step.agencies}))

    def step(self, step: Step) -> ChainStep | None:
        return next((s for s in self.steps if s.step == step), None)


def _make_step(
    net: Network,
    step: Step,
    parties: Iterable[str],
    edges: Iterable[Edge],
    inferred: bool = False,
    note: str | None = None,
) -> ChainStep:
    ids = tuple(sorted(set(parties)))
    evidence = list(edges)
    dates = [e.date for e in evidence if e.date]
    return ChainStep(
        step=step,
        parties=ids,
        labels=tuple(net.nodes[i].caption for i in ids),
        date=min(dates, default=None),
        agencies=tuple(sorted({a for e in evidence for a in e.agencies})),
        records=tuple(sorted({r for e in evidence for r in e.entity_ids})),
        inferred=inferred,
        note=note,
    )


def _trip_legs(net: Network, vehicle: str) -> dict[str, list[Edge]]:
    """Trip id -> its start/end legs, for the trips the vehicle made."""
    trips: dict[str, list[Edge]] = {}
    for edge in net.outgoing(vehicle, "Trip"):
        if edge.role in ("startLocation", "endLocation"):
            trips.setdefault(edge.id, []).append(edge)
    return trips


def _ends(legs: list[Edge], leg: str) -> set[str]:
    return {e.target for e in legs if e.role == leg}


def _route_note(net: Network, trips: dict[str, list[Edge]]) -> str | None:
    routes = set()
    for legs in trips.values():
        start = ", ".join(sorted(net.nodes[s].caption for s in _ends(legs, "startLocation")))
        end = ", ".join(sorted(net.nodes[s].caption for s in _ends(legs, "endLocation")))
        routes.add(f"{start or '?'} -> {end or '?'}")
    return "; ".join(sorted(routes)) or None


class _ItemChain:
    """Collects the evidence around one boat or engine."""

    def __init__(self, net: Network, item: Node, kinds: dict[str, Kind]) -> None:
        self.net = net
        self.item = item
        self.kinds = kinds
        self.links: dict[Step, list[tuple[Edge, str]]] = {}
        # UnknownLink is undirected in FtM, and agencies do swap subject and object.
        for edge, other in net.neighbours(item.id):
            step = _ROLES.get(role_key(edge))
            if edge.schema == "UnknownLink" and step is not None:
                self.links.setdefault(step, []).append((edge, other))

    def _linked(self, step: Step) -> tuple[list[str], list[Edge]]:
        found = self.links.get(step, [])
        return [other for _, other in found], [edge for edge, _ in found]

    def steps(self) -> list[ChainStep]:
        net = self.net
        steps: list[ChainStep] = []
        for step in (Step.SUPPLY, Step.STORAGE, Step.SEIZURE):
            parties, edges = self._linked(step)
            if edges:
                steps.append(_make_step(net, step, parties, edges))
        storage = set(self._linked(Step.STORAGE)[0])
        crossings = _trip_legs(net, self.item.id)
        launch_parties, launch_edges = self._linked(Step.LAUNCH)
        if launch_edges:
            steps.append(_make_step(net, Step.LAUNCH, launch_parties, launch_edges))
        elif crossings:
            legs = [e for legs in crossings.values() for e in legs if e.role == "startLocation"]
            starts = [e.target for e in legs]
            steps.append(_make_step(net, Step.LAUNCH, starts, legs, inferred=True))
        launch_sites = set(launch_parties) or {
            e.target for legs in crossings.values() for e in legs if e.role == "startLocation"
        }
        transport = self._transport(storage, launch_sites)
        if transport is not None:
            steps.append(transport)
        crossing = self._crossing(crossings, launch_sites, launch_edges)
        if crossing is not None:
            steps.append(crossing)
        order = list(Step)
        return sorted(steps, key=lambda s: order.index(s.step))

    def _transport(self, storage: set[str], launch_sites: set[str]) -> ChainStep | None:
        vans, links = self._linked(Step.TRANSPORT)
        trips: dict[str, list[Edge]] = {}
        for van in vans:
            for trip_id, legs in _trip_legs(self.net, van).items():
                # A van makes many trips; keep the ones that leave this item's storage.
                if not storage or _ends(legs, "startLocation") & storage:
                    trips[trip_id] = legs
        inferred = False
        if not vans and storage:
            # No record says which van; a trip from the storage site to the launch
            # site is the likeliest carrier (boats do not move themselves).
            for site in storage:
                for edge in self.net.incoming(site, "Trip"):
                    if edge.role != "startLocation" or is_item(self.kinds[edge.source]):
                        continue
                    legs = _trip_legs(self.net, edge.source)[edge.id]
                    if not launch_sites or _ends(legs, "endLocation") & launch_sites:
                        trips[edge.id] = legs
                        vans.append(edge.source)
            inferred = bool(trips)
        if not vans:
            return None
        evidence = links + [e for legs in trips.values() for e in legs]
        note = _route_note(self.net, trips)
        return _make_step(self.net, Step.TRANSPORT, vans, evidence, inferred, note)

    def _crossing(
        self, crossings: dict[str, list[Edge]], launch_sites: set[str], launch_edges: list[Edge]
    ) -> ChainStep | None:
        inferred = False
        if not crossings and self.kinds[self.item.id] is Kind.ENGINE and launch_edges:
            # Engines are not a Trip's vehicle: take the boat's crossing from the
            # engine's launch site on the engine's launch date.
            days = {e.date[:10] for e in launch_edges if e.date}
            for site in launch_sites:
                for edge in self.net.incoming(site, "Trip"):
                    if edge.role == "startLocation" and edge.date and edge.date[:10] in days:
                        crossings.setdefault(edge.id, []).append(edge)
            inferred = bool(crossings)
        if not crossings:
            return None
        legs = [e for group in crossings.values() for e in group]
        summaries = sorted({e.summary for e in legs if e.summary})
        # For an engine the crossing's boat is worth naming; for a boat it is itself.
        boats = {e.source for e in legs} - {self.item.id}
        return _make_step(
            self.net,
            Step.CROSSING,
            _ends(legs, "startLocation") | boats,
            legs,
            inferred,
            "; ".join(summaries) or None,
        )


def supply_chains(net: Network) -> list[SupplyChain]:
    """A chain per boat or engine with any evidence, complete and cross-agency first."""
    kinds = {node_id: node_kind(node) for node_id, node in net.nodes.items()}
    chains = []
    for node_id in net.ids:
        kind = kinds[node_id]
        if not is_item(kind):
            continue
        item = net.nodes[node_id]
        steps = _ItemChain(net, item, kinds).steps()
        if not steps:
            continue
        found = {s.step for s in steps}
        chains.append(
            SupplyChain(
                item_id=node_id,
                item=item.caption,
                kind=kind.value,
                serial=item.first("registrationNumber"),
                steps=tuple(steps),
                missing=tuple(s for s in REQUIRED if s not in found),
            )
        )
    chains.sort(key=lambda c: (len(c.missing), -len(c.agencies), c.item_id))
    return chains
