"""Likely missing ties between people, each with the evidence that suggests it.

Intercepts are partial: a tie nobody recorded still leaves traces. Two people
using the same phone, living at the same address, travelling in the same van,
or sharing contacts few others share (resource allocation, the best simple
predictor on the Montagna networks) are likely tied. Pairs already tied by a
record are not suggested.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from itertools import combinations

from crosscurrent.graph.core import core_of, person_network
from crosscurrent.graph.network import Network

WEIGHTS = {"phone": 1.0, "address": 0.6, "travel": 0.5, "contacts": 1.0}
"""Evidence weights: a shared phone is close to proof, shared contacts only a hint."""
MAX_TRAVELLERS = 6
"""Trips with more people involved (a crossing's passengers) say nothing about a tie."""
MIN_SHARED_CONTACTS = 2

Note = Callable[[str, str, str, float, str], None]
"""Records one piece of evidence: (a, b, kind, weight, text)."""


@dataclass(frozen=True)
class Suggestion:
    a: str
    b: str
    a_name: str
    b_name: str
    score: float
    evidence: tuple[str, ...]


def _key(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)


def suggest_links(net: Network, top: int = 20) -> list[Suggestion]:
    """The ``top`` likeliest missing person-to-person ties, best first."""
    everyone = person_network(net)
    people = set(everyone.ids)
    tied = {_key(everyone.ids[u], everyone.ids[v]) for u, v in everyone.graph.iterEdges()}
    scores: dict[tuple[str, str], float] = defaultdict(float)
    evidence: dict[tuple[str, str], list[str]] = defaultdict(list)

    def note(a: str, b: str, kind: str, weight: float, text: str) -> None:
        pair = _key(a, b)
        if a != b and pair not in tied:
            scores[pair] += WEIGHTS[kind] * weight
            evidence[pair].append(text)

    for prop, kind in (("phone", "phone"), ("address", "address")):
        holders: dict[str, set[str]] = defaultdict(set)
        for p in people:
            for value in net.nodes[p].props.get(prop, ()):
                holders[value].add(p)
        for value, group in sorted(holders.items()):
            for a, b in combinations(sorted(group), 2):
                note(a, b, kind, 1.0, f"same {prop} {value}")
    trips: dict[str, set[str]] = defaultdict(set)
    for edge in net.edges:
        if edge.schema == "Trip" and edge.role == "involved" and edge.source in people:
            trips[edge.id].add(edge.source)
    for trip, group in sorted(trips.items()):
        if 1 < len(group) <= MAX_TRAVELLERS:
            for a, b in combinations(sorted(group), 2):
                note(a, b, "travel", 1.0, f"travelled together ({trip})")
    _common_contacts(net, note)
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
    return [
        Suggestion(
            a, b, net.nodes[a].caption, net.nodes[b].caption, round(s, 6), tuple(evidence[(a, b)])
        )
        for (a, b), s in ranked
    ]


def _common_contacts(net: Network, note: Note) -> None:
    """Resource allocation on the core: shared contacts, each weighted 1/its degree."""
    core, _ = core_of(net)
    shared: dict[tuple[int, int], list[int]] = defaultdict(list)
    for z in range(len(core.ids)):
        for u, v in combinations(core.neighbours(z), 2):
            shared[(u, v)].append(z)
    for (u, v), via in sorted(shared.items()):
        if len(via) < MIN_SHARED_CONTACTS:
            continue
        ra = sum(1.0 / core.degree(z) for z in via)
        names = ", ".join(net.nodes[core.ids[z]].caption for z in via[:3])
        more = f" and {len(via) - 3} more" if len(via) > 3 else ""
        note(
            core.ids[u], core.ids[v], "contacts", ra, f"{len(via)} shared contacts ({names}{more})"
        )
