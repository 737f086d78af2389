"""Walking the caller's network: neighbourhoods and shortest paths, with type filters."""

from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass

from followthemoney import model

from crosscurrent.graph import Edge, Network


@dataclass(frozen=True)
class Filter:
    """Which nodes and edges a walk may use; empty means any."""

    schemata: frozenset[str] = frozenset()
    """Node schemata (a Person is also a LegalEntity)."""
    edges: frozenset[str] = frozenset()
    """Edge schemata (Payment, Call, UnknownLink...) or labels ("UnknownLink: stored at")."""

    def node_ok(self, net: Network, node_id: str) -> bool:
        if not self.schemata:
            return True
        schema = model.get(net.nodes[node_id].schema)
        return schema is not None and any(schema.is_a(s) for s in self.schemata)

    def edge_ok(self, edge: Edge) -> bool:
        return not self.edges or edge.schema in self.edges or edge.label in self.edges

    def steps(
        self, net: Network, node_id: str, goal: str | None = None
    ) -> Iterator[tuple[Edge, str]]:
        """Edges out of the node that pass, and their other ends; ``goal`` passes
        whatever its schema (the filter narrows the way, not the destination)."""
        for edge, other in _sorted_steps(net, node_id):
            if self.edge_ok(edge) and (other == goal or self.node_ok(net, other)):
                yield edge, other


def _sorted_steps(net: Network, node_id: str) -> list[tuple[Edge, str]]:
    """Every edge of the node with its other end, sorted, so that limits and ties
    between equally short paths cut the same way on every request. Kept on the
    network (shared by the agency's requests until the store changes): sorting a
    hub's thousands of edges on every walk was most of a 2-hop request."""
    kept: dict[str, list[tuple[Edge, str]]] = vars(net).setdefault("_sorted_steps", {})
    found = kept.get(node_id)
    if found is None:
        found = sorted(net.neighbours(node_id), key=lambda step: (step[1], edge_key(step[0])))
        kept[node_id] = found
    return found


def edge_key(edge: Edge) -> tuple[str, str, str, str]:
    return edge.id, edge.source, edge.target, edge.role or ""


@dataclass(frozen=True)
class Neighbourhood:
    nodes: list[str]
    edges: list[Edge]
    truncated: bool


def neighbourhood(net: Network, start: str, depth: int, limit: int, only: Filter) -> Neighbourhood:
    """Nodes within ``depth`` steps (breadth first, at most ``limit``) and the edges
    among them."""
    seen = {start: 0}
    order = [start]
    queue = deque([start])
    truncated = False
    while queue and not truncated:
        node = queue.popleft()
        if seen[node] == depth:
            continue
        for _, other in only.steps(net, node):
            if other in seen:
                continue
            if len(order) >= limit:
                truncated = True
                break
            seen[other] = seen[node] + 1
            order.append(other)
            queue.append(other)
    inside = set(order)
    edges = {
        edge_key(e): e for node in order for e, other in only.steps(net, node) if other in inside
    }
    return Neighbourhood(order, [edges[k] for k in sorted(edges)], truncated)


def shortest_path(
    net: Network, start: str, end: str, max_hops: int, only: Filter
) -> tuple[list[str], list[Edge]] | None:
    """The nodes and edges of a shortest path, ignoring direction, or None."""
    back: dict[str, tuple[str, Edge] | None] = {start: None}
    frontier = [start]
    for _ in range(max_hops):
        if end in back or not frontier:
            break
        following = []
        for node in frontier:
            for edge, other in only.steps(net, node, goal=end):
                if other not in back:
                    back[other] = (node, edge)
                    following.append(other)
        frontier = following
    if end not in back:
        return None
    nodes, edges = [end], []
    while (step := back[nodes[-1]]) is not None:
        nodes.append(step[0])
        edges.append(step[1])
    return nodes[::-1], edges[::-1]
