"""How broken a network is, and which nodes break it most.

Measures on a simple undirected networkit graph (Borgatti 2006, "Identifying
sets of key players in a social network"):

- LCC: the size of the largest connected component;
- fragmentation F = 1 - sum_k s_k (s_k - 1) / (n (n - 1)), the share of pairs
  that can no longer reach each other (0: connected, 1: all isolated);
- distance-weighted fragmentation dF = 1 - sum_{i != j} (1 / d_ij) / (n (n - 1)),
  which also counts pairs that still reach each other, but only far apart.

Removed nodes are left out of n: the question is how well the rest can still
work together. Graphs are rebuilt without removed nodes rather than deleting
nodes in place, because some networkit algorithms reject graphs with holes in
their node ids.
"""

import random
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

import networkit as nk
import numpy as np

from crosscurrent.graph.measures import exact_betweenness

EXACT_DISTANCE_LIMIT = 3000
"""Above this many nodes, dF is estimated from a sample of BFS sources."""
DISTANCE_SAMPLES = 500


@dataclass(frozen=True)
class Cohesion:
    """A network's cohesion at one point of a disruption."""

    nodes: int
    lcc: int
    components: int
    fragmentation: float
    distance_fragmentation: float


def without(graph: Any, removed: Collection[int]) -> tuple[Any, list[int]]:
    """The graph without ``removed`` (numbered 0..), and new node -> old node."""
    gone = set(removed)
    keep = [v for v in range(graph.numberOfNodes()) if v not in gone]
    index = {old: new for new, old in enumerate(keep)}
    out = nk.Graph(len(keep), weighted=False, directed=False)
    for u, v in graph.iterEdges():
        if u in index and v in index:
            out.addEdge(index[u], index[v])
    return out, keep


def component_sizes(graph: Any) -> list[int]:
    if graph.numberOfNodes() == 0:
        return []
    cc = nk.components.ConnectedComponents(graph)
    cc.run()
    return [int(s) for s in cc.getComponentSizes().values()]


def lcc(graph: Any) -> int:
    return max(component_sizes(graph), default=0)


def fragmentation(graph: Any) -> float:
    n = graph.numberOfNodes()
    if n < 2:
        return 1.0 if n else 0.0
    sizes = np.array(component_sizes(graph), dtype=float)
    return float(1.0 - (sizes * (sizes - 1)).sum() / (n * (n - 1)))


def distance_fragmentation(graph: Any, seed: int = 1) -> float:
    """dF; exact up to ``EXACT_DISTANCE_LIMIT`` nodes, else from sampled BFS sources."""
    n = graph.numberOfNodes()
    if n < 2:
        return 1.0 if n else 0.0
    sources = list(range(n))
    if n > EXACT_DISTANCE_LIMIT:
        sources = random.Random(seed).sample(sources, DISTANCE_SAMPLES)
    total = 0.0
    for s in sources:
        bfs = nk.distance.BFS(graph, s, storePaths=False)
        bfs.run()
        d = np.array(bfs.getDistances(), dtype=float)
        # Unreachable nodes come back as a huge sentinel: 1/d is ~0 for them, as wanted.
        reach = d[(d > 0) & (d < n)]
        total += float((1.0 / reach).sum())
    return float(1.0 - total / (len(sources) * (n - 1)))


def cohesion(graph: Any) -> Cohesion:
    sizes = component_sizes(graph)
    return Cohesion(
        nodes=graph.numberOfNodes(),
        lcc=max(sizes, default=0),
        components=len(sizes),
        fragmentation=fragmentation(graph),
        distance_fragmentation=distance_fragmentation(graph),
    )


def top_betweenness(graph: Any, alive: Sequence[int]) -> int:
    """The alive node with the highest betweenness, ties to the highest id.

    Ties go last because the published Montagna curves do (their code takes the
    last of the tied nodes in networkx's node order); with nodes numbered in
    order of first appearance the curves are reproduced exactly. Scores are
    rounded so that float noise between libraries does not break ties.
    """
    scores = exact_betweenness(graph, normalized=False)
    best = max(range(len(alive)), key=lambda i: (round(scores[i], 9), alive[i]))
    return alive[best]


def top_degree(graph: Any, alive: Sequence[int]) -> int:
    """The alive node with the most neighbours, ties to the highest id (as above)."""
    best = max(range(len(alive)), key=lambda i: (graph.degree(i), alive[i]))
    return alive[best]


def kpp_neg(graph: Any, k: int, restarts: int = 20, seed: int = 7) -> tuple[list[int], float]:
    """Borgatti's KPP-Neg: the set of ``k`` nodes whose removal maximises F.

    Greedy start, then swaps (a member for a non-member) while F improves; the
    best of ``restarts`` random starts too, since swaps stop at local optima.
    """
    n = graph.numberOfNodes()
    k = min(k, n)
    if k == 0:
        return [], fragmentation(graph)
    rng = random.Random(seed)

    def score(nodes: Collection[int]) -> float:
        return fragmentation(without(graph, nodes)[0])

    greedy: list[int] = []
    for _ in range(k):
        rest = [v for v in range(n) if v not in greedy]
        greedy.append(max(rest, key=lambda v: (score([*greedy, v]), -v)))
    starts = [greedy] + [rng.sample(range(n), k) for _ in range(restarts)]
    best, best_f = greedy, score(greedy)
    for start in starts:
        current, f = _swap(start, score, n)
        if f > best_f + 1e-12:
            best, best_f = current, f
    return sorted(best), best_f


def _swap(start: list[int], score: Any, n: int) -> tuple[list[int], float]:
    current = list(start)
    f = score(current)
    improved = True
    while improved:
        improved = False
        for i in range(len(current)):
            for v in range(n):
                if v in current:
                    continue
                trial = [*current[:i], v, *current[i + 1 :]]
                g = score(trial)
                if g > f + 1e-12:
                    current, f, improved = trial, g, True
    return current, f
