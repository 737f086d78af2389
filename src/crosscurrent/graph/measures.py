"""The measures key players are ranked by, each per person of the core.

Computed once per network; the ranking then weighs them (``keyplayers``), and
the evaluation compares weightings on the same measures.
"""

import importlib
import threading
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

import networkit as nk

from crosscurrent.graph.core import split_core
from crosscurrent.graph.network import Network
from crosscurrent.graph.project import Projection
from crosscurrent.graph.roles import Roles, role_evidence
from crosscurrent.graph.stages import Stage, node_kinds, ordered, person_stages, suppliers

RECRUITER_LEAVES = 3
"""Leaf contacts from which a person counts as recruiting (migrants call once)."""
EXACT_BETWEENNESS_LIMIT = 4000
"""Above this many core nodes, betweenness is estimated by sampling (exact is O(nm))."""
PIVOTS = 256
"""Sources sampled for estimated betweenness."""
COMMAND_ROLE = 0.5
"""Role evidence from which a contact counts as someone who directs others."""
COMMAND_FOR_FULL = 3
"""Directing contacts from which proximity to command counts fully."""
SEED = 20240917
_ONE_THREAD = threading.Lock()


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
    core, leaves, everyone = split_core(net, removed)
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


def betweenness(core: Projection, exact_limit: int = EXACT_BETWEENNESS_LIMIT) -> list[float]:
    """Normalised betweenness: exact up to ``exact_limit`` nodes, sampled above."""
    # Unweighted: networkit reads weights as distances, but ours count records,
    # where more records mean a closer tie, not a longer path.
    graph = nk.graphtools.toUnweighted(core.graph)
    if graph.numberOfNodes() < 3:
        # Normalising divides by (n - 1)(n - 2): no node can lie between two others.
        return [0.0] * graph.numberOfNodes()
    if graph.numberOfNodes() > max(exact_limit, PIVOTS):
        nk.engineering.setSeed(SEED, False)
        # Parallel: the pivots are drawn before the threads start, so the scores
        # are the sequential ones up to the order partial sums are added (1e-16),
        # below the rounding of the ranking.
        algo = nk.centrality.EstimateBetweenness(graph, PIVOTS, True, True)
        algo.run()
        return [float(x) for x in algo.scores()]
    return exact_betweenness(graph, normalized=True)


def _rustworkx() -> Any | None:
    """rustworkx when installed (an optional speed-up), else None."""
    try:
        return importlib.import_module("rustworkx")
    except ImportError:
        return None


RUSTWORKX: Any | None = _rustworkx()


def exact_engine() -> str:
    """The library that computes exact betweenness here."""
    return "rustworkx" if RUSTWORKX is not None else "networkit"


def exact_betweenness(graph: Any, normalized: bool) -> list[float]:
    """Exact (Brandes) betweenness of an unweighted networkit graph, per node;
    unnormalised, each pair of nodes counts once (as in networkx).

    rustworkx's Brandes does the same work as networkit's in about half the CPU
    time (benchmarks/network_speed.py: 5,000 nodes and 25,000 edges), with the
    same scores, so it is used when installed; networkit otherwise. Both run in
    parallel, so scores may differ between runs in the order partial sums are
    added (1e-16), below the rounding of the rankings.
    """
    n = graph.numberOfNodes()
    if RUSTWORKX is None or graph.upperNodeIdBound() != n:  # rustworkx needs nodes 0..n-1
        algo = nk.centrality.Betweenness(graph, normalized=normalized)
        algo.run()
        # Unnormalised, networkit counts each pair of an undirected graph both ways.
        half = 0.5 if not normalized and not graph.isDirected() else 1.0
        return [float(x) * half for x in algo.scores()]
    copy = RUSTWORKX.PyGraph(
        multigraph=False, node_count_hint=n, edge_count_hint=graph.numberOfEdges()
    )
    copy.add_nodes_from(range(n))
    copy.extend_from_edge_list(list(graph.iterEdges()))
    scores = RUSTWORKX.graph_betweenness_centrality(copy, normalized=normalized)
    return [float(scores[u]) for u in range(n)]


def communities(core: Projection) -> list[int]:
    """Community per node, numbered 1.. in order of their first (smallest-id) member."""
    # Leiden rather than PLM (Louvain): its communities are connected, it scores
    # no worse on modularity and finds organisers as well (docs/network.md).
    # One thread: parallel moves depend on thread timing, and the ranking must be
    # reproducible for an analyst's report. The thread count is process-wide, so
    # concurrent requests take turns.
    with _ONE_THREAD:
        threads = nk.getMaxNumberOfThreads()
        nk.setNumberOfThreads(1)
        try:
            nk.engineering.setSeed(SEED, False)
            leiden = nk.community.ParallelLeiden(core.graph, randomize=True, iterations=3)
            leiden.run()
        finally:
            nk.setNumberOfThreads(threads)
    raw = [int(c) for c in leiden.getPartition().getVector()]
    renumber: dict[int, int] = {}
    for c in raw:
        renumber.setdefault(c, len(renumber) + 1)
    return [renumber[c] for c in raw]
