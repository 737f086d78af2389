"""Simple networkit graphs over a chosen set of nodes, for the algorithms.

The multigraph keeps every record; algorithms want a simple undirected graph,
so parallel edges between a pair collapse into one edge weighted by how many
records link the pair (more calls, payments, links = a stronger tie).
"""

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
    # Vectorised: this runs over every edge of the network, a million on the
    # largest ones, several times per ranking.
    arrays = net.arrays
    local = np.full(len(net.ids) + 1, -1, dtype=np.int64)
    known = [(net.index[node_id], i) for i, node_id in enumerate(ids) if node_id in net.index]
    if known:
        where, number = zip(*known, strict=True)
        local[list(where)] = number
    mask = (
        np.ones(len(arrays.sources), bool)
        if schemata is None
        else arrays.of_schemata(frozenset(schemata))
    )
    u = local[arrays.sources[mask]]
    v = local[arrays.targets[mask]]
    # networkit's core decomposition rejects self-loops; a record linking an
    # entity to itself (two records resolved together) carries no structure.
    keep = (u >= 0) & (v >= 0) & (u != v)
    low, high = np.minimum(u[keep], v[keep]), np.maximum(u[keep], v[keep])
    # One key per pair, sorted by (low, high): the order edges are added in, so
    # node and edge numbering never depend on the order records came in.
    pairs, counts = np.unique(low * max(len(ids), 1) + high, return_counts=True)
    graph = nk.Graph(len(ids), weighted=True, directed=False)
    if len(pairs):
        us = (pairs // len(ids)).astype(np.uint64)
        vs = (pairs % len(ids)).astype(np.uint64)
        graph.addEdges((counts.astype(float), (us, vs)))
    return Projection(graph, ids, index)
