"""Key players: the people who hold the network together, not the busiest phones.

Recruiters and drivers call far more numbers than organisers do (migrants are
leaf contacts), so degree points at the wrong people. We rank persons on the
core of the person-to-person network (calls, payments, associations) after
dropping leaf contacts, and combine three measures:

- betweenness on that core (who the others' shortest paths run through);
- brokerage: how many communities (networkit PLM) the person's contacts span;
- stage bridging: how many route stages (supply, storage, transport, launch,
  money, recruitment) the person and their core contacts touch.
"""

from collections import Counter
from dataclasses import dataclass

import networkit as nk

from crosscurrent.graph.network import Network
from crosscurrent.graph.project import Projection, project
from crosscurrent.graph.stages import Stage, node_kinds, ordered, person_stages, suppliers

CAVEAT = (
    "Smuggling is not a kingpin business: organisers are a minority spread over the "
    "route's stages (recruitment, supply, storage, transport, launch, money) and are "
    "replaced when arrested. Read this list as the people who join stages and "
    "communities together, leads for joint work, not as the head of an organisation."
)

PERSON_LINKS = frozenset({"Call", "Payment", "Associate", "Family", "UnknownLink"})
"""Edge schemata that make the person-to-person network."""
WEIGHTS = {"betweenness": 0.5, "brokerage": 0.25, "stages": 0.25}
"""How the three normalised measures combine into the score."""
RECRUITER_LEAVES = 3
"""Leaf contacts from which a person counts as recruiting (migrants call once)."""
EXACT_BETWEENNESS_LIMIT = 4000
"""Above this many core nodes, betweenness is estimated by sampling (exact is O(nm))."""
SEED = 20240917


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


def core_of(net: Network) -> tuple[Projection, Counter[str]]:
    """The person network without leaf contacts, and the leaves each person had."""
    # Stubs are referenced people outside the caller's view: nothing to rank them by.
    persons = [i for i, node in net.nodes.items() if node.schema == "Person" and not node.stub]
    full = project(net, persons, PERSON_LINKS)
    leaves: Counter[str] = Counter()
    for node in range(len(full.ids)):
        if full.degree(node) == 1:
            (only,) = full.neighbours(node)
            leaves[full.ids[only]] += 1
    decomposition = nk.centrality.CoreDecomposition(full.graph)
    decomposition.run()
    core = [full.ids[i] for i, c in enumerate(decomposition.scores()) if c >= 2]
    if len(core) < 3:
        # A tree-shaped network (sparse reporting) has an empty 2-core: drop one
        # layer of leaves instead, so the people between them can still be ranked.
        core = [full.ids[i] for i in range(len(full.ids)) if full.degree(i) >= 2]
    return project(net, core, PERSON_LINKS), leaves


def _betweenness(core: Projection) -> list[float]:
    # Unweighted: networkit reads weights as distances, but ours count records,
    # where more records mean a closer tie, not a longer path.
    graph = nk.graphtools.toUnweighted(core.graph)
    if graph.numberOfNodes() > EXACT_BETWEENNESS_LIMIT:
        nk.engineering.setSeed(SEED, False)
        algo = nk.centrality.EstimateBetweenness(graph, 256, True, False)
    else:
        algo = nk.centrality.Betweenness(graph, normalized=True)
    algo.run()
    return [float(x) for x in algo.scores()]


def _communities(core: Projection) -> list[int]:
    """Community per node, numbered 1.. in order of their first (smallest-id) member."""
    nk.engineering.setSeed(SEED, False)
    # Sequential PLM: parallel moves depend on thread timing, and the ranking
    # must be reproducible for an analyst's report.
    plm = nk.community.PLM(core.graph, refine=True, par="none")
    plm.run()
    raw = [int(c) for c in plm.getPartition().getVector()]
    renumber: dict[int, int] = {}
    for c in raw:
        renumber.setdefault(c, len(renumber) + 1)
    return [renumber[c] for c in raw]


def _normalise(values: list[float]) -> list[float]:
    top = max(values, default=0.0)
    return [v / top if top > 0 else 0.0 for v in values]


def key_players(net: Network, top: int = 10) -> list[KeyPlayer]:
    """The ``top`` persons by combined betweenness, brokerage and stage bridging."""
    core, leaves = core_of(net)
    if not core.ids:
        return []
    kinds = node_kinds(net)
    supplier_ids = suppliers(net)
    own: list[set[Stage]] = []
    for node_id in core.ids:
        stages = person_stages(net, node_id, kinds, supplier_ids)
        if leaves[node_id] >= RECRUITER_LEAVES:
            stages.add(Stage.RECRUITMENT)
        own.append(stages)
    stages_present = set().union(*own)
    betweenness = _betweenness(core)
    community = _communities(core)
    spans: list[tuple[int, ...]] = []
    reach: list[tuple[Stage, ...]] = []
    for u in range(len(core.ids)):
        contacts = core.neighbours(u)
        spans.append(tuple(sorted({community[u], *(community[v] for v in contacts)})))
        reach.append(ordered(own[u].union(*(own[v] for v in contacts))))
    bridged = _normalise([float(len(s) - 1) for s in spans])
    between = _normalise(betweenness)
    stage_share = [len(r) / len(stages_present) if stages_present else 0.0 for r in reach]
    players = []
    for u, node_id in enumerate(core.ids):
        score = (
            WEIGHTS["betweenness"] * between[u]
            + WEIGHTS["brokerage"] * bridged[u]
            + WEIGHTS["stages"] * stage_share[u]
        )
        node = net.nodes[node_id]
        players.append(
            KeyPlayer(
                canonical_id=node_id,
                entity_ids=node.entity_ids,
                name=node.caption,
                # Rounded so float noise never reorders ties (which fall back to id).
                score=round(score, 6),
                why=_why(
                    betweenness[u], len(core.ids), spans[u], reach[u], own[u], leaves[node_id]
                ),
                agencies=tuple(sorted(node.agencies)),
                betweenness=betweenness[u],
                communities=spans[u],
                stages=reach[u],
                leaf_contacts=leaves[node_id],
            )
        )
    players.sort(key=lambda p: (-p.score, p.canonical_id))
    return players[:top]


def _why(
    betweenness: float,
    core_size: int,
    communities: tuple[int, ...],
    reach: tuple[Stage, ...],
    own: set[Stage],
    leaves: int,
) -> str:
    parts = [f"betweenness {betweenness:.3g} on the {core_size}-person core"]
    if len(communities) > 1:
        listed = ", ".join(f"C{c}" for c in communities)
        parts.append(f"links {len(communities)} communities ({listed})")
    if len(reach) > 1:
        parts.append("bridges stages " + ", ".join(reach))
    elif reach:
        parts.append(f"touches stage {reach[0]}")
    if own:
        parts.append("own links: " + ", ".join(ordered(own)))
    if leaves:
        parts.append(f"{leaves} leaf contacts set aside")
    return "; ".join(parts)
