"""Money routes: time-respecting chains of payments (A paid B, then B paid C).

A chain only counts if each payment is dated no earlier than the one before
it: money cannot be passed on before it arrives. Undated payments cannot be
placed in time and are left out. Routes are simple (no party twice), maximal
(not extendable at either end) and enumerated under a budget, because a hub
paying many people multiplies paths.
"""

import logging
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass

from crosscurrent.graph.network import Network

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Transfer:
    """One payment on a route."""

    payment_id: str
    payer: str
    payer_name: str
    beneficiary: str
    beneficiary_name: str
    date: str
    amount: float | None
    currency: str | None
    agencies: tuple[str, ...]
    records: tuple[str, ...]
    """Source record ids of the payment."""


@dataclass(frozen=True)
class MoneyRoute:
    transfers: tuple[Transfer, ...]

    @property
    def hops(self) -> int:
        return len(self.transfers)

    @property
    def parties(self) -> tuple[str, ...]:
        return (self.transfers[0].payer, *(t.beneficiary for t in self.transfers))

    @property
    def names(self) -> tuple[str, ...]:
        return (self.transfers[0].payer_name, *(t.beneficiary_name for t in self.transfers))

    @property
    def destination(self) -> str:
        return self.transfers[-1].beneficiary

    @property
    def first_date(self) -> str:
        return self.transfers[0].date

    @property
    def last_date(self) -> str:
        return self.transfers[-1].date

    @property
    def agencies(self) -> tuple[str, ...]:
        return tuple(sorted({a for t in self.transfers for a in t.agencies}))

    @property
    def value(self) -> float | None:
        """The smallest amount on the route (what can have passed all the way),
        if every payment is in the same currency; otherwise unknown."""
        currencies = {t.currency for t in self.transfers}
        amounts = [t.amount for t in self.transfers if t.amount is not None]
        if len(currencies) != 1 or len(amounts) != self.hops:
            return None
        return min(amounts)


def _transfers(net: Network) -> list[Transfer]:
    transfers = []
    for edge in net.edges:
        if edge.schema != "Payment" or edge.date is None or edge.source == edge.target:
            continue
        transfers.append(
            Transfer(
                payment_id=edge.id,
                payer=edge.source,
                payer_name=net.nodes[edge.source].caption,
                beneficiary=edge.target,
                beneficiary_name=net.nodes[edge.target].caption,
                date=edge.date,
                amount=edge.amount,
                currency=edge.currency,
                agencies=tuple(sorted(edge.agencies)),
                records=edge.entity_ids,
            )
        )
    transfers.sort(key=lambda t: (t.date, t.payment_id, t.payer, t.beneficiary))
    return transfers


class _Enumerator:
    def __init__(self, transfers: list[Transfer], min_hops: int, max_hops: int, budget: int):
        self.min_hops = min_hops
        self.max_hops = max_hops
        self.budget = budget
        self.out: dict[str, list[Transfer]] = {}
        self.into: dict[str, list[Transfer]] = {}
        for t in transfers:  # already in date order, so these lists are too
            self.out.setdefault(t.payer, []).append(t)
            self.into.setdefault(t.beneficiary, []).append(t)
        self.out_dates = {k: [t.date for t in v] for k, v in self.out.items()}
        self.routes: list[MoneyRoute] = []
        self.covered: set[int] = set()

    def successors(self, t: Transfer, seen: set[str]) -> list[Transfer]:
        onward = self.out.get(t.beneficiary, [])
        start = bisect_left(self.out_dates.get(t.beneficiary, []), t.date)
        return [n for n in onward[start:] if n.beneficiary not in seen]

    def has_predecessor(self, t: Transfer) -> bool:
        for p in self.into.get(t.payer, ()):
            if p.date > t.date:
                return False
            if p.payer != t.beneficiary:
                return True
        return False

    def walk(self, start: Transfer) -> None:
        """Depth-first over time-respecting continuations, emitting maximal routes."""
        stack: list[tuple[tuple[Transfer, ...], set[str]]] = [
            ((start,), {start.payer, start.beneficiary})
        ]
        while stack and self.budget > 0:
            path, seen = stack.pop()
            self.budget -= 1
            nexts = self.successors(path[-1], seen) if len(path) < self.max_hops else []
            if not nexts:
                if len(path) >= self.min_hops:
                    self.routes.append(MoneyRoute(path))
                    self.covered.update(id(t) for t in path)
                continue
            # Reversed so the earliest continuation is explored first.
            for n in reversed(nexts):
                stack.append(((*path, n), seen | {n.beneficiary}))


def money_routes(
    net: Network, min_hops: int = 2, max_hops: int = 6, budget: int = 500_000
) -> list[MoneyRoute]:
    """Maximal time-respecting payment routes of ``min_hops``..``max_hops`` payments.

    Ordered by destination (most routes in first), then longest, then largest.
    ``budget`` bounds the partial routes explored; if it runs out, the routes
    found so far are returned and a warning is logged.
    """
    transfers = _transfers(net)
    walker = _Enumerator(transfers, min_hops, max_hops, budget)
    for t in transfers:
        if not walker.has_predecessor(t):
            walker.walk(t)
    # Payments whose every predecessor forms a cycle with them have no clean
    # start; walk from any such payment no route has covered yet.
    for t in transfers:
        if id(t) not in walker.covered and walker.budget > 0:
            walker.walk(t)
    if walker.budget <= 0:
        log.warning("Money route budget exhausted; routes are incomplete")
    return rank_routes(walker.routes)


def rank_routes(routes: list[MoneyRoute]) -> list[MoneyRoute]:
    per_destination = Counter(r.destination for r in routes)
    return sorted(
        routes,
        key=lambda r: (
            -per_destination[r.destination],
            r.destination,
            -r.hops,
            -(r.value or 0.0),
            r.first_date,
            tuple(t.payment_id for t in r.transfers),
        ),
    )


def group_by_destination(routes: list[MoneyRoute]) -> list[tuple[str, list[MoneyRoute]]]:
    """Routes grouped by final beneficiary, keeping the order of ``routes``."""
    groups: dict[str, list[MoneyRoute]] = {}
    for route in routes:
        groups.setdefault(route.destination, []).append(route)
    return list(groups.items())
