"""Simple networkit graphs over a chosen set of nodes, for the algorithms.

The multigraph keeps every record; algorithms want a simple undirected graph,
so parallel edges between a pair collapse into one edge weighted by how many
records link the pair (more calls, payments, links = a stronger tie).
"""

from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Any

import networkit as nk
import numpy as np

from crosscurrent.graph.network import Network


@dataclass(frozen=True)
class Projection:
    """A networkit graph over some nodes, with the id index to read results back."""

    graph: Any
    """``networkit.Graph``: undirected, weighted by number of records per pair."""
    ids: list[str]
    """networkit node number -> canonical id (sorted ids)."""
    index: dict[str, int]

    def neighbours(self, node: int) -> list[int]:
        return sorted(int(v) for v in self.graph.iterNeighbors(node))

    def degree(self, node: int) -> int:
        return int(self.graph.degree(node))


def project(
    net: Network, nodes: Iterable[str], schemata: Collection[str] | None = None
) -> Projection:
    """Collapse the edges among ``nodes`` (only of ``schemata``, if given) into a graph."""
    ids = sorted(set(nodes))
    index = {node_id: i for i, node_id in enumerate(ids)}
    pairs: Counter[tuple[int, int]] = Counter()
    for edge in net.edges:
        if schemata is not None and edge.schema not in schemata:
            continue
        u = index.get(edge.source)
        v = index.get(edge.target)
        # networkit's core decomposition rejects self-loops; a record linking an
        # entity to itself (two records resolved together) carries no structure.
        if u is None or v is None or u == v:
            continue
        pairs[(u, v) if u < v else (v, u)] += 1
    graph = nk.Graph(len(ids), weighted=True, directed=False)
    if pairs:
        keys = sorted(pairs)
        weights = np.array([float(pairs[k]) for k in keys])
        us = np.array([k[0] for k in keys], dtype=np.uint64)
        vs = np.array([k[1] for k in keys], dtype=np.uint64)
        graph.addEdges((weights, (us, vs)))
    return Projection(graph, ids, index)
