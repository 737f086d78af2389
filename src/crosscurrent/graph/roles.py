"""Role evidence: what a person's own records say they do in the network.

Structure alone finds the people between cells, and in a smuggling network
those are as often drivers and brokers as organisers. Organisers leave other
traces (the investigations behind Europol's and the NCA's reporting describe
them): they pay the hands of their cell, buy the boats and engines, and
receive money that others have already collected. Each signal is read from
payments and ownership records only, never from an agency's ``position`` or
notes, which are one officer's judgement.
"""

from collections.abc import Collection
from dataclasses import dataclass

from crosscurrent.graph.kinds import Kind, is_item
from crosscurrent.graph.network import Network

HANDS_FOR_FULL = 3
"""Distinct people paid from which paying counts fully (a cell's hands)."""
ITEMS_FOR_FULL = 2
"""Boats or engines bought (or supplier payments) from which buying counts fully."""
RELAYS_FOR_FULL = 2
"""Distinct payers who had themselves been paid, from which collecting counts fully."""


@dataclass(frozen=True)
class Roles:
    """One person's role evidence, as counts of distinct counterparts."""

    hands_paid: int = 0
    """Distinct other people of the core this person paid (wages, shares)."""
    items_bought: int = 0
    """Boats and engines owned or bought, plus supplier companies paid."""
    relays: int = 0
    """Distinct payers who had themselves received money: money collected upstream."""

    @property
    def score(self) -> float:
        """In [0, 1]: the strongest signal plus a share of the others.

        One clear signal is enough (an organiser has one role), a second adds
        confidence. Paying one person is what a broker passing money on does,
        and being paid by one is what a hand on wages is, so both count from
        the second counterpart on.
        """
        parts = sorted(
            (
                _saturate(self.hands_paid - 1, HANDS_FOR_FULL - 1),
                _saturate(self.items_bought, ITEMS_FOR_FULL),
                _saturate(self.relays - 1, RELAYS_FOR_FULL - 1),
            ),
            reverse=True,
        )
        return min(1.0, parts[0] + 0.25 * (parts[1] + parts[2]))

    def describe(self) -> list[str]:
        parts = []
        if self.hands_paid > 1:
            parts.append(f"pays {self.hands_paid} people of the core")
        if self.items_bought:
            parts.append(f"bought {self.items_bought} boats, engines or supplies")
        if self.relays > 1:
            parts.append(f"receives money from {self.relays} who collected it first")
        return parts


def _saturate(count: int, full: int) -> float:
    return max(0.0, min(1.0, count / full))


def role_evidence(
    net: Network, people: Collection[str], kinds: dict[str, Kind], suppliers: set[str]
) -> dict[str, Roles]:
    """Role evidence for each of ``people`` (the core: paying a leaf is a refund or a fee)."""
    paid: set[str] = {edge.target for edge in net.edges if edge.schema == "Payment"}
    out: dict[str, Roles] = {}
    for person in people:
        hands: set[str] = set()
        items: set[str] = set()
        relays: set[str] = set()
        for edge, other in net.neighbours(person):
            if other == person:
                continue
            kind = kinds.get(other, Kind.OTHER)
            if edge.schema == "Payment":
                if edge.source == person and other in people:
                    hands.add(other)
                elif edge.source == person and other in suppliers:
                    items.add(other)
                elif edge.target == person and other in paid:
                    relays.add(other)
            elif edge.schema == "Ownership" and edge.source == person and is_item(kind):
                # Owning a boat or engine: bought from a supplier, by the conventions.
                items.add(other)
        out[person] = Roles(len(hands), len(items), len(relays))
    return out
