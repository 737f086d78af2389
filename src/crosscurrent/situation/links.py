"""From an event to the network: a seized engine to its supply chain, a launch
site to the people and companies that use it.

Both read the network built from the same policy-filtered entities as the
events, so a link never passes through a record the caller cannot see.
"""

from dataclasses import dataclass

from crosscurrent.graph.kinds import Kind, has_role, is_item, node_kind
from crosscurrent.graph.network import Network
from crosscurrent.graph.supply import SupplyChain, supply_chains
from crosscurrent.situation.events import SituationEvent

_USERS = (Kind.PERSON, Kind.ORGANISATION)


@dataclass(frozen=True)
class SiteUser:
    id: str
    caption: str
    via: str
    """How the link runs: ``bought <boat>``, ``drove <van>``, or the role of a direct link."""
    visible: bool = True
    """False for a record referenced by one the caller sees but itself out of its
    view: the caller knows its id as the source wrote it, and nothing more."""


@dataclass(frozen=True)
class EventLinks:
    event: str
    chains: tuple[SupplyChain, ...]
    """Supply chains of the boats and engines the event concerns."""
    site_users: tuple[SiteUser, ...]


class Linker:
    """Looks up events in one network; supply chains are computed once."""

    def __init__(self, net: Network) -> None:
        self.net = net
        self.kinds = {node_id: node_kind(node) for node_id, node in net.nodes.items()}
        self.chains = {chain.item_id: chain for chain in supply_chains(net)}

    def links(self, event: SituationEvent) -> EventLinks:
        chains = tuple(self.chains[i] for i in event.items if i in self.chains)
        users = self.site_users(event.site) if event.site else ()
        return EventLinks(event.id, chains, users)

    def site_users(self, site: str) -> tuple[SiteUser, ...]:
        """People and companies linked to the site directly, through a boat or engine
        launched or carried from it (its buyer), or through a van that drove to it."""
        net, found = self.net, {}
        if site not in net.nodes:
            return ()
        for edge, other in net.neighbours(site):
            kind = self.kinds.get(other)
            if kind in _USERS:
                found[other] = edge.role or edge.schema
            elif kind is not None and (is_item(kind) or kind is Kind.VEHICLE):
                for hop, user in net.neighbours(other):
                    if self.kinds.get(user) not in _USERS:
                        continue
                    if hop.schema == "Ownership" or has_role(hop, "bought from"):
                        found.setdefault(user, f"bought {net.nodes[other].caption}")
                    elif hop.schema == "Trip" and kind is Kind.VEHICLE:
                        found.setdefault(user, f"drove {net.nodes[other].caption}")
        return tuple(
            sorted(
                (
                    SiteUser(i, net.nodes[i].caption, via, not net.nodes[i].stub)
                    for i, via in found.items()
                ),
                key=lambda u: (u.caption, u.id),
            )
        )
