"""Which stages of the smuggling route a person touches, inferred from the records.

Never from ``Person.position`` or notes: those are one agency's judgement, not
evidence. A person's stage follows from what they are linked to: a storage
site, a launch site, a supplier, a van, accounts and relayed payments.
"""

from collections.abc import Iterable
from enum import StrEnum

from crosscurrent.graph.kinds import Kind, has_role, is_item, node_kind
from crosscurrent.graph.network import Network


class Stage(StrEnum):
    """Route stages in the order a crossing moves through them."""

    RECRUITMENT = "recruitment"
    SUPPLY = "supply"
    STORAGE = "storage"
    TRANSPORT = "transport"
    LAUNCH = "launch"
    MONEY = "money"


STAGE_ORDER = tuple(Stage)


def suppliers(net: Network) -> set[str]:
    """Ids of everyone recorded as having supplied a boat or engine."""
    return {
        edge.source
        for edge in net.edges
        if edge.schema == "UnknownLink" and has_role(edge, "supplied")
    }


def node_kinds(net: Network) -> dict[str, Kind]:
    return {node_id: node_kind(node) for node_id, node in net.nodes.items()}


def person_stages(
    net: Network, person_id: str, kinds: dict[str, Kind], supplier_ids: set[str]
) -> set[Stage]:
    """Stages evidenced by the person's own links to things, places and money."""
    stages: set[Stage] = set()
    pays = receives = False
    for edge, other in net.neighbours(person_id):
        kind = kinds.get(other, Kind.OTHER)
        if edge.schema == "Payment":
            pays = pays or edge.source == person_id
            receives = receives or edge.target == person_id
        if kind is Kind.STORAGE_SITE:
            stages.add(Stage.STORAGE)
        elif kind is Kind.LAUNCH_SITE or (kind is Kind.BOAT and edge.schema == "Trip"):
            stages.add(Stage.LAUNCH)
        elif kind is Kind.VEHICLE:
            stages.add(Stage.TRANSPORT)
        elif kind is Kind.ACCOUNT or (kind is Kind.ORGANISATION and edge.schema == "Payment"):
            stages.add(Stage.MONEY)
        if other in supplier_ids or (is_item(kind) and edge.schema == "Ownership"):
            stages.add(Stage.SUPPLY)
    # Receiving and paying on is what a money broker does; a migrant only pays.
    if pays and receives:
        stages.add(Stage.MONEY)
    return stages


def ordered(stages: Iterable[Stage]) -> tuple[Stage, ...]:
    present = set(stages)
    return tuple(s for s in STAGE_ORDER if s in present)
