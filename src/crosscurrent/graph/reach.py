"""Neighbourhoods and shortest paths over the whole network, in compiled code.

The API's walks (``api.walk``) go record by record in Python, with type
filters; on a network of a million edges a hub's contacts alone take a second.
These answer the unfiltered questions (who is within two steps, how are A and
B tied) over a CSR adjacency built once per network, so that each query
touches arrays, not records: the speed benchmark measures them against the
targets of issue 6.
"""

from dataclasses import dataclass

import numpy as np

from crosscurrent.arrays import distinct
from crosscurrent.graph.network import Network


@dataclass(frozen=True)
class Adjacency:
    """Undirected, unweighted adjacency of every node (``Network.index`` numbers), as
    CSR arrays: the neighbours of node ``i`` are ``indices[indptr[i]:indptr[i + 1]]``."""

    indptr: np.ndarray
    indices: np.ndarray

    @classmethod
    def of(cls, net: Network) -> "Adjacency":
        a = net.arrays
        rows = np.concatenate([a.sources, a.targets])
        cols = np.concatenate([a.targets, a.sources])
        # One entry per tie: parallel records between a pair are one step.
        pairs = distinct(rows * max(len(net.ids), 1) + cols)
        rows, cols = pairs // max(len(net.ids), 1), pairs % max(len(net.ids), 1)
        indptr = np.searchsorted(rows, np.arange(len(net.ids) + 1))
        return cls(indptr, cols)

    def neighbours(self, nodes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(neighbour, the node of ``nodes`` it was reached from), one per tie."""
        starts, ends = self.indptr[nodes], self.indptr[nodes + 1]
        counts = ends - starts
        origin = np.repeat(nodes, counts)
        offsets = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
        return self.indices[np.repeat(starts, counts) + offsets], origin


def within(adj: Adjacency, node: int, depth: int = 2) -> np.ndarray:
    """Sorted numbers of the nodes within ``depth`` steps of ``node`` (itself included)."""
    # A mark per node rather than set operations: a hub's two-step ball holds
    # tens of thousands of nodes, and sorting them would cost more than finding them.
    seen = np.zeros(len(adj.indptr) - 1, dtype=bool)
    seen[node] = True
    frontier = np.array([node])
    for step in range(depth):
        found, _ = adj.neighbours(frontier)
        found = found[~seen[found]]
        if not len(found):
            break
        seen[found] = True
        # The last ring is never widened: no need to make it unique.
        frontier = distinct(found) if step < depth - 1 else found
    return np.flatnonzero(seen)


UNSEEN = -2
ROOT = -1


def path(adj: Adjacency, start: int, end: int, max_hops: int = 6) -> list[int] | None:
    """A shortest path from ``start`` to ``end`` (node numbers), or None within ``max_hops``.

    Bidirectional breadth first, always widening the smaller side. Deterministic:
    the same query on the same network gives the same path.
    """
    if start == end:
        return [start]
    n = len(adj.indptr) - 1
    parents = (np.full(n, UNSEEN), np.full(n, UNSEEN))
    parents[0][start], parents[1][end] = ROOT, ROOT
    fronts = [np.array([start]), np.array([end])]
    for _ in range(max_hops):
        side = 0 if len(fronts[0]) <= len(fronts[1]) else 1
        mine, other = parents[side], parents[1 - side]
        found, origin = adj.neighbours(fronts[side])
        fresh = mine[found] == UNSEEN
        found, origin = found[fresh], origin[fresh]
        if not len(found):
            return None
        # A node reached from several: one assignment keeps one of them (the
        # same one every time), and the nodes whose parent it is are unique.
        mine[found] = origin
        found = found[mine[found] == origin]
        meet = found[other[found] != UNSEEN]
        if len(meet):
            return _join(parents, int(meet.min()))
        fronts[side] = found
    return None


def _join(parents: tuple[np.ndarray, np.ndarray], middle: int) -> list[int]:
    halves = []
    for side in parents:
        half, node = [], middle
        while node != ROOT:
            half.append(node)
            node = int(side[node])
        halves.append(half)
    return halves[0][::-1] + halves[1][1:]
