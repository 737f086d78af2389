"""Key players: the people who run the network, not the busiest phones.

Recruiters and drivers call far more numbers than organisers do (migrants are
leaf contacts), so degree points at the wrong people, and so, on its own, does
betweenness: a driver between two cells carries as many shortest paths as the
organiser who directs both. The score therefore weighs five measures on the
core of the person network (leaves set aside, see ``core``):

- role evidence: paying the hands of a cell, buying boats and engines,
  receiving money others collected first (``roles``);
- proximity to command: how many of the person's core contacts themselves
  show role evidence (organisers talk to each other and to few others);
- betweenness on the core;
- brokerage: how many communities (networkit Leiden) the person's contacts span;
- stage bridging: how many route stages the person and their contacts touch.

``COMBINATIONS`` names other weightings, so the evaluation can show on ground
truth which combination finds organisers and which does not.
"""

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

from crosscurrent.graph.core import PERSON_LINKS, core_of
from crosscurrent.graph.measures import COMMAND_FOR_FULL, Measures, measure
from crosscurrent.graph.network import Network
from crosscurrent.graph.roles import Roles
from crosscurrent.graph.stages import Stage, ordered

__all__ = ["CAVEAT", "COMBINATIONS", "PERSON_LINKS", "WEIGHTS", "KeyPlayer", "core_of"]

CAVEAT = (
    "Smuggling is not a kingpin business: organisers are a minority spread over the "
    "route's stages (recruitment, supply, storage, transport, launch, money) and are "
    "replaced when arrested. Read this list as the people who direct stages and join "
    "them together, leads for joint work, not as the head of an organisation."
)

LISTED = 12
"""Communities named in ``why``; the rest are counted."""

Weights = Mapping[str, float]
WEIGHTS: Weights = {
    "roles": 0.35,
    "command": 0.2,
    "betweenness": 0.2,
    "brokerage": 0.1,
    "stages": 0.15,
}
"""How the normalised measures combine into the score (they sum to 1)."""
COMBINATIONS: dict[str, Weights] = {
    "degree": {"degree": 1.0},
    "betweenness": {"betweenness": 1.0},
    "structure": {"betweenness": 0.5, "brokerage": 0.25, "stages": 0.25},
    "roles": {"roles": 1.0},
    "combined": WEIGHTS,
}
"""Weightings the evaluation compares; ``structure`` is the ranking before role evidence."""


@dataclass(frozen=True)
class KeyPlayer:
    canonical_id: str
    entity_ids: tuple[str, ...]
    """Source record ids merged into this person."""
    name: str
    score: float
    """Weighted sum of the normalised measures, in [0, 1]."""
    why: str
    """The measures behind the score, in words."""
    agencies: tuple[str, ...]
    betweenness: float
    """Normalised betweenness on the core."""
    communities: tuple[int, ...]
    """Communities (numbered from 1) among the person's own and their contacts'."""
    stages: tuple[Stage, ...]
    """Stages touched by the person or their core contacts."""
    leaf_contacts: int
    """Contacts dropped as leaves (mostly migrants); not part of the score."""
    roles: Roles = field(default_factory=Roles)
    command: int = 0
    """Core contacts who show role evidence themselves."""


def _normalise(values: list[float]) -> list[float]:
    top = max(values, default=0.0)
    return [v / top if top > 0 else 0.0 for v in values]


def normalised(m: Measures) -> dict[str, list[float]]:
    """Every measure scaled to [0, 1], by name (the keys of ``WEIGHTS``)."""
    share = m.stages_present or 1
    return {
        "roles": [r.score for r in m.roles],
        "command": [min(1.0, c / COMMAND_FOR_FULL) for c in m.command],
        "betweenness": _normalise(m.betweenness),
        "brokerage": _normalise([float(len(s) - 1) for s in m.communities]),
        "stages": [len(r) / share for r in m.reach],
        "degree": _normalise([float(c) for c in m.contacts]),
    }


def rank(
    net: Network, m: Measures, weights: Weights = WEIGHTS, top: int | None = None
) -> list[KeyPlayer]:
    """Every core person (or the ``top``), best first, by the weighted measures."""
    scaled = normalised(m)
    # Rounded so float noise never reorders ties (which fall back to id).
    scores = [
        round(sum(w * scaled[name][u] for name, w in weights.items()), 6)
        for u in range(len(m.core.ids))
    ]
    order = sorted(range(len(scores)), key=lambda u: (-scores[u], m.core.ids[u]))
    # Only the people shown are described: on a large core the words cost more
    # than the ranking.
    players = []
    for u in order[:top]:
        node_id = m.core.ids[u]
        node = net.nodes[node_id]
        players.append(
            KeyPlayer(
                canonical_id=node_id,
                entity_ids=node.entity_ids,
                name=node.caption,
                score=scores[u],
                why=_why(m, u),
                agencies=tuple(sorted(node.agencies)),
                betweenness=m.betweenness[u],
                communities=m.communities[u],
                stages=m.reach[u],
                leaf_contacts=m.leaves[node_id],
                roles=m.roles[u],
                command=m.command[u],
            )
        )
    return players


def key_players(
    net: Network, top: int = 10, weights: Weights = WEIGHTS, removed: Collection[str] = ()
) -> list[KeyPlayer]:
    """The ``top`` persons by the weighted measures, leaving out ``removed``."""
    m = measure(net, removed)
    return [] if m is None else rank(net, m, weights, top)


def _why(m: Measures, u: int) -> str:
    parts = m.roles[u].describe()
    if m.command[u]:
        parts.append(f"in contact with {m.command[u]} who direct others")
    parts.append(f"betweenness {m.betweenness[u]:.3g} on the {m.size}-person core")
    communities = m.communities[u]
    if len(communities) > 1:
        # A broker on a large network can span hundreds: name the first few.
        listed = ", ".join(f"C{c}" for c in communities[:LISTED])
        listed += f" and {len(communities) - LISTED} more" if len(communities) > LISTED else ""
        parts.append(f"links {len(communities)} communities ({listed})")
    reach = m.reach[u]
    if len(reach) > 1:
        parts.append("bridges stages " + ", ".join(reach))
    elif reach:
        parts.append(f"touches stage {reach[0]}")
    own = m.own_stages[u]
    if own:
        parts.append("own links: " + ", ".join(ordered(own)))
    leaves = m.leaves[m.core.ids[u]]
    if leaves:
        parts.append(f"{leaves} leaf contacts set aside")
    return "; ".join(parts)
