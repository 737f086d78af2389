"""The measures key players are ranked by, each per person of the core.

Computed once per network; the ranking then weighs them (``keyplayers``), and
the evaluation compares weightings on the same measures.
"""

from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass

import networkit as nk

from crosscurrent.graph.core import core_of, person_network
from crosscurrent.graph.network import Network
from crosscurrent.graph.project import Projection
from crosscurrent.graph.roles import Roles, role_evidence
from crosscurrent.graph.stages import Stage, node_kinds, ordered, person_stages, suppliers

RECRUITER_LEAVES = 3
"""Leaf contacts from which a person counts as recruiting (migrants call once)."""
EXACT_BETWEENNESS_LIMIT = 4000
"""Above this many core nodes, betweenness is estimated by sampling (exact is O(nm))."""
COMMAND_ROLE = 0.5
"""Role evidence from which a contact counts as someone who directs others."""
COMMAND_FOR_FULL = 3
"""Directing contacts from which proximity to command counts fully."""
SEED = 20240917


@dataclass(frozen=True)
class Measures:
    """Raw measures per core node (index = networkit node of ``core``)."""

    core: Projection
    leaves: Counter[str]
    """Leaf contacts per person (set aside, not part of the core)."""
    contacts: list[int]
    """Distinct people each is tied to, leaves included (plain degree)."""
    betweenness: list[float]
    """Normalised betweenness on the core."""
    communities: list[tuple[int, ...]]
    """Communities (numbered from 1) of the person and their core contacts."""
    own_stages: list[set[Stage]]
    reach: list[tuple[Stage, ...]]
    """Stages touched by the person or their core contacts."""
    stages_present: int
    roles: list[Roles]
    command: list[int]
    """Core contacts with role evidence of their own: who they answer to or direct."""

    @property
    def size(self) -> int:
        return len(self.core.ids)


def measure(net: Network, removed: Collection[str] = ()) -> Measures | None:
    """All measures on the core of ``net`` without ``removed``; None if no core is left."""
    core, leaves = core_of(net, removed)
    if not core.ids:
        return None
    kinds = node_kinds(net)
    supplier_ids = suppliers(net)
    own: list[set[Stage]] = []
    for node_id in core.ids:
        stages = person_stages(net, node_id, kinds, supplier_ids)
        if leaves[node_id] >= RECRUITER_LEAVES:
            stages.add(Stage.RECRUITMENT)
        own.append(stages)
    community = communities(core)
    roles = role_evidence(net, set(core.ids), kinds, supplier_ids)
    directing = {node for node, r in roles.items() if r.score >= COMMAND_ROLE}
    spans: list[tuple[int, ...]] = []
    reach: list[tuple[Stage, ...]] = []
    command: list[int] = []
    for u in range(len(core.ids)):
        near = core.neighbours(u)
        spans.append(tuple(sorted({community[u], *(community[v] for v in near)})))
        reach.append(ordered(own[u].union(*(own[v] for v in near))))
        command.append(sum(1 for v in near if core.ids[v] in directing))
    everyone = person_network(net, removed)
    contacts = [everyone.degree(everyone.index[node_id]) for node_id in core.ids]
    return Measures(
        core=core,
        leaves=leaves,
        contacts=contacts,
        betweenness=betweenness(core),
        communities=spans,
        own_stages=own,
        reach=reach,
        stages_present=len(set().union(*own)),
        roles=[roles[node_id] for node_id in core.ids],
        command=command,
    )


def betweenness(core: Projection) -> list[float]:
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


def communities(core: Projection) -> list[int]:
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
