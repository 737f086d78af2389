"""The typed multigraph the analyses read: nodes, edges and their provenance."""

from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple

import numpy as np


@dataclass(frozen=True, slots=True)
class Node:
    """A thing in the network (person, company, boat, engine, van, place, account)."""

    id: str
    """Canonical id after resolution."""
    schema: str
    caption: str
    entity_ids: tuple[str, ...]
    """The source records (agency record ids) merged into this node, sorted."""
    agencies: frozenset[str]
    """Agencies whose statements describe this node."""
    props: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """The few properties analyses classify by (see ``specs.KEPT_PROPS``)."""
    stub: bool = False
    """True when only referenced by an edge: the entity itself is not in the
    caller's view (or not ingested), so we know nothing but its id."""

    def first(self, prop: str) -> str | None:
        values = self.props.get(prop)
        return values[0] if values else None


class Edge(NamedTuple):
    """One relation drawn from an edge entity (Payment, UnknownLink, Call, Trip leg...).

    A NamedTuple rather than a dataclass: networks hold hundreds of thousands of
    these and tuple construction is the cheapest typed record in CPython.
    """

    id: str
    """Canonical id of the edge entity (the Payment, Call, Trip...)."""
    schema: str
    source: str
    target: str
    role: str | None
    """Qualifier: ``role``/``relationship`` of FtM edges; for Trip the leg
    (``startLocation``, ``endLocation`` or ``involved``)."""
    date: str | None
    amount: float | None
    currency: str | None
    summary: str | None
    """Free text of the record: Trip summary (people aboard, outcome), Payment purpose."""
    agencies: frozenset[str]
    entity_ids: tuple[str, ...]
    """Source record ids of the edge entity, sorted."""

    @property
    def label(self) -> str:
        """Edge type for counting: the schema, refined by role for UnknownLink."""
        if self.schema == "UnknownLink" and self.role:
            return f"UnknownLink: {self.role}"
        return self.schema


class EdgeArrays(NamedTuple):
    """Every edge as numbers, for the vectorised projections of large networks."""

    sources: np.ndarray
    """Node number (``Network.index``) of each edge's source."""
    targets: np.ndarray
    schemata: np.ndarray
    """Code of each edge's schema: its index in ``names``."""
    names: tuple[str, ...]

    def of_schemata(self, wanted: Mapping[str, object] | frozenset[str]) -> np.ndarray:
        """Boolean mask of the edges whose schema is one of ``wanted``."""
        codes = [i for i, name in enumerate(self.names) if name in wanted]
        return np.isin(self.schemata, codes)


@dataclass
class Network:
    """Nodes and edges plus adjacency by edge index, built once by ``build_network``."""

    nodes: dict[str, Node]
    edges: list[Edge]
    out_edges: dict[str, list[int]]
    """Canonical id -> indices into ``edges`` where the node is the source."""
    in_edges: dict[str, list[int]]
    ids: list[str]
    """networkit node number -> canonical id (ids sorted, so numbering does not
    depend on input order and algorithms stay deterministic)."""
    index: dict[str, int]
    """Canonical id -> networkit node number."""
    entities_by_schema: Counter[str]
    """Input entities counted by schema, edges and non-graph entities included."""
    entities_by_agency: Counter[str]
    """Agency -> number of input entities its statements contribute to."""
    unresolved_calls: int = 0
    """Calls whose endpoints could not be tied to a known person or company."""

    @cached_property
    def arrays(self) -> EdgeArrays:
        """The edges as arrays, made on first use (edges never change once assembled)."""
        names = tuple(sorted({e.schema for e in self.edges}))
        code = {name: i for i, name in enumerate(names)}
        index = self.index
        sources = np.fromiter((index[e.source] for e in self.edges), np.int64, len(self.edges))
        targets = np.fromiter((index[e.target] for e in self.edges), np.int64, len(self.edges))
        schemata = np.fromiter((code[e.schema] for e in self.edges), np.int64, len(self.edges))
        return EdgeArrays(sources, targets, schemata, names)

    def outgoing(self, node_id: str, schema: str | None = None) -> Iterator[Edge]:
        for i in self.out_edges.get(node_id, ()):
            edge = self.edges[i]
            if schema is None or edge.schema == schema:
                yield edge

    def incoming(self, node_id: str, schema: str | None = None) -> Iterator[Edge]:
        for i in self.in_edges.get(node_id, ()):
            edge = self.edges[i]
            if schema is None or edge.schema == schema:
                yield edge

    def neighbours(self, node_id: str) -> Iterator[tuple[Edge, str]]:
        """Every edge touching the node, with the node at its other end."""
        # Indexes the edge list directly: the rankings call this for every
        # person, over every edge, on networks of a million edges.
        edges = self.edges
        for i in self.out_edges.get(node_id, ()):
            edge = edges[i]
            yield edge, edge.target
        for i in self.in_edges.get(node_id, ()):
            edge = edges[i]
            yield edge, edge.source


def assemble(
    nodes: dict[str, Node],
    edges: list[Edge],
    entities_by_schema: Counter[str] | None = None,
    entities_by_agency: Counter[str] | None = None,
    unresolved_calls: int = 0,
) -> Network:
    """A network over ``nodes`` and ``edges`` (every endpoint must be a node).

    Edges are sorted in place into canonical order, so results never depend on
    the order the store returned rows; the speed benchmark builds its synthetic
    networks through here too, so it times the structures the analyses read.
    """
    edges.sort(key=lambda e: (e.id, e.source, e.target, e.role or ""))
    ids = sorted(nodes)
    out_edges: dict[str, list[int]] = {}
    in_edges: dict[str, list[int]] = {}
    for i, edge in enumerate(edges):
        out_edges.setdefault(edge.source, []).append(i)
        in_edges.setdefault(edge.target, []).append(i)
    return Network(
        nodes=nodes,
        edges=edges,
        out_edges=out_edges,
        in_edges=in_edges,
        ids=ids,
        index={node_id: i for i, node_id in enumerate(ids)},
        entities_by_schema=entities_by_schema or Counter(),
        entities_by_agency=entities_by_agency or Counter(),
        unresolved_calls=unresolved_calls,
    )
