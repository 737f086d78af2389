"""Follow the money of one party: who paid them, whom they paid, and where it went.

Paths are time-respecting (``money``): A paid B before B paid C. Next to the
paths, the party's fan-in and fan-out, and the brokers in the caller's view
that look like hawala: many small payments in from many payers, few large
payments out, across countries. Amounts are kept per currency; nothing is
converted, because an exchange rate would be a guess the records do not hold.
"""

import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from crosscurrent.graph.money import MoneyRoute, money_routes
from crosscurrent.graph.network import Edge, Network

HAWALA_MIN_PAYERS = 5
"""Distinct payers from which inbound counts as collecting."""
HAWALA_FAN_RATIO = 3.0
"""Inbound payments per outbound payment from which the flow counts as pooling."""
HAWALA_SIZE_RATIO = 3.0
"""Median outbound over median inbound amount from which payments out count as large."""
LAYERING_HOPS = 3


@dataclass(frozen=True)
class Flow:
    """One direction of a party's payments."""

    payments: int = 0
    counterparts: int = 0
    totals: dict[str, float] = field(default_factory=dict)
    """Currency -> sum of amounts (``?`` for payments without a currency)."""
    countries: tuple[str, ...] = ()


@dataclass(frozen=True)
class Broker:
    canonical_id: str
    name: str
    inbound: int
    payers: int
    outbound: int
    median_in: float
    median_out: float
    countries: tuple[str, ...]
    why: str


@dataclass(frozen=True)
class Path:
    """Routes along the same parties, told apart only by which payments carried them."""

    parties: tuple[str, ...]
    names: tuple[str, ...]
    routes: int
    first_date: str
    last_date: str
    currencies: tuple[str, ...]


@dataclass(frozen=True)
class Follow:
    party: str
    name: str
    fan_in: Flow
    fan_out: Flow
    routes: tuple[MoneyRoute, ...]
    """Time-respecting routes the party is on, as payer, relay or beneficiary."""
    layered: tuple[MoneyRoute, ...]
    """Routes of ``LAYERING_HOPS`` payments or more: money passed on and on."""
    brokers: tuple[Broker, ...]
    """Hawala-like brokers on the party's routes (or the party itself)."""

    @property
    def paths(self) -> list[Path]:
        """The routes grouped by the parties they pass, most routes first: a relay
        passing many batches on makes many routes along the same people."""
        groups: dict[tuple[str, ...], list[MoneyRoute]] = defaultdict(list)
        for route in self.routes:
            groups[route.parties].append(route)
        paths = [
            Path(
                parties,
                rs[0].names,
                len(rs),
                min(r.first_date for r in rs),
                max(r.last_date for r in rs),
                tuple(sorted({t.currency or "?" for r in rs for t in r.transfers})),
            )
            for parties, rs in groups.items()
        ]
        return sorted(paths, key=lambda p: (-p.routes, p.parties))


def resolve_party(net: Network, query: str) -> str | None:
    """A canonical id, or the node that merged the source record id ``query``."""
    wanted = query.strip()
    if wanted in net.nodes:
        return wanted
    return next((i for i in net.ids if wanted in net.nodes[i].entity_ids), None)


def _countries(net: Network, ids: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted({c for i in ids for c in net.nodes[i].props.get("country", ())}))


def _flow(net: Network, edges: list[Edge], other: str) -> Flow:
    totals: dict[str, float] = defaultdict(float)
    for e in edges:
        if e.amount is not None:
            totals[e.currency or "?"] += e.amount
    parties = {getattr(e, other) for e in edges}
    return Flow(
        payments=len(edges),
        counterparts=len(parties),
        totals={c: round(v, 2) for c, v in sorted(totals.items())},
        countries=_countries(net, parties),
    )


def hawala_broker(net: Network, node_id: str) -> Broker | None:
    """The party as a hawala-like broker, or None if its payments do not look like one."""
    inbound = [e for e in net.incoming(node_id, "Payment") if e.source != node_id]
    outbound = [e for e in net.outgoing(node_id, "Payment") if e.target != node_id]
    payers = {e.source for e in inbound}
    amounts_in = [e.amount for e in inbound if e.amount is not None]
    amounts_out = [e.amount for e in outbound if e.amount is not None]
    if len(payers) < HAWALA_MIN_PAYERS or not outbound or not amounts_in or not amounts_out:
        return None
    if len(inbound) < HAWALA_FAN_RATIO * len(outbound):
        return None
    median_in, median_out = statistics.median(amounts_in), statistics.median(amounts_out)
    if median_out < HAWALA_SIZE_RATIO * median_in:
        return None
    countries = _countries(net, {e.source for e in inbound} | {e.target for e in outbound})
    node = net.nodes[node_id]
    why = (
        f"{len(inbound)} payments in from {len(payers)} payers (median {median_in:g}), "
        f"{len(outbound)} out (median {median_out:g})"
    )
    if len(countries) > 1:
        why += ", across " + ", ".join(countries)
    return Broker(
        node_id,
        node.caption,
        len(inbound),
        len(payers),
        len(outbound),
        median_in,
        median_out,
        countries,
        why,
    )


def hawala_brokers(net: Network) -> list[Broker]:
    found = (hawala_broker(net, i) for i in net.ids)
    return sorted((b for b in found if b is not None), key=lambda b: (-b.payers, b.canonical_id))


def follow(net: Network, party: str, routes: list[MoneyRoute] | None = None) -> Follow:
    """The money around ``party`` (a canonical id in ``net``)."""
    if routes is None:
        routes = money_routes(net)
    mine = tuple(r for r in routes if party in r.parties)
    on_routes = {p for r in mine for p in r.parties} | {party}
    brokers = tuple(b for b in (hawala_broker(net, i) for i in sorted(on_routes)) if b is not None)
    inbound = [e for e in net.incoming(party, "Payment") if e.source != party]
    outbound = [e for e in net.outgoing(party, "Payment") if e.target != party]
    return Follow(
        party=party,
        name=net.nodes[party].caption,
        fan_in=_flow(net, inbound, "source"),
        fan_out=_flow(net, outbound, "target"),
        routes=mine,
        layered=tuple(r for r in mine if r.hops >= LAYERING_HOPS),
        brokers=brokers,
    )
