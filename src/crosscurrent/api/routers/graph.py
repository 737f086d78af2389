"""The caller's network: expanding around an entity, and paths between two."""

from typing import Annotated

from fastapi import APIRouter, Path, Query

from crosscurrent.api.deps import Consult
from crosscurrent.api.errors import NotFound
from crosscurrent.api.models.graph import EdgeOut, NodeOut, PathOut, SubgraphOut
from crosscurrent.api.walk import Filter, neighbourhood, shortest_path
from crosscurrent.graph import Edge, Network

router = APIRouter(prefix="/graph", tags=["graph"])

Schemata = Annotated[
    list[str],
    Query(
        alias="schema",
        description="Only through entities of these types (repeat the parameter).",
        examples=[["Person", "Company"]],
    ),
]
EdgeTypes = Annotated[
    list[str],
    Query(
        alias="edge",
        description="Only along these relations: a schema (Payment, Call, Trip) or an "
        "UnknownLink role ('UnknownLink: stored at'). Repeat the parameter.",
        examples=[["Payment", "Call"]],
    ),
]


def _ids(nodes: list[NodeOut], edges: list[EdgeOut]) -> list[str]:
    return [n.id for n in nodes] + [e.id for e in edges]


def _edges(net: Network, edges: list[Edge]) -> list[EdgeOut]:
    made: dict[Edge, EdgeOut] = vars(net).setdefault("_edges_out", {})
    return [made.get(e) or made.setdefault(e, EdgeOut.of(e)) for e in edges]


def _nodes(net: Network, ids: list[str]) -> list[NodeOut]:
    """The nodes as answered, each made once per network (which is the caller's
    agency's until the store changes, and never changed): a 2-hop answer is
    hundreds of them."""
    made: dict[str, NodeOut] = vars(net).setdefault("_nodes_out", {})
    return [made.get(n) or made.setdefault(n, NodeOut.of(net.nodes[n])) for n in ids]


@router.get(
    "/{entity_id}/neighbours",
    summary="Expand around an entity",
    description="Entities within one or two steps of an entity, and the relations among "
    "them, breadth first up to `limit` entities. Relations are drawn from records "
    "(payments, calls, trips, links); an entity outside your view appears as a stub "
    "carrying only the id its source gave.",
    responses={404: {"description": "No such entity in your view"}},
)
def neighbours(
    c: Consult,
    entity_id: Annotated[str, Path(examples=["cc-3f2a9c0d1e7b4a5c6d8e"])],
    depth: Annotated[int, Query(ge=1, le=2)] = 1,
    limit: Annotated[int, Query(ge=1, le=2000)] = 200,
    schemata: Schemata = [],  # noqa: B006 (FastAPI copies defaults per request)
    edges: EdgeTypes = [],  # noqa: B006
) -> SubgraphOut:
    net = c.view.network
    if entity_id not in net.nodes or net.nodes[entity_id].stub:
        raise NotFound()
    found = neighbourhood(
        net, entity_id, depth, limit, Filter(frozenset(schemata), frozenset(edges))
    )
    nodes = _nodes(net, found.nodes)
    out = _edges(net, found.edges)
    c.record("neighbours", _ids(nodes, out), depth=depth)
    return SubgraphOut(center=entity_id, nodes=nodes, edges=out, truncated=found.truncated)


@router.get(
    "/path",
    summary="Shortest path between two entities",
    description="A shortest chain of relations between two entities, whatever their "
    "direction, within `max_hops` steps; the filters restrict the entities and relations "
    "it may pass through (typed paths: only payments, say).",
    responses={404: {"description": "Either entity is not in your view"}},
)
def path(
    c: Consult,
    source: Annotated[str, Query(alias="from", examples=["cc-3f2a9c0d1e7b4a5c6d8e"])],
    target: Annotated[str, Query(alias="to", examples=["cc-0a1b2c3d4e5f6a7b8c9d"])],
    max_hops: Annotated[int, Query(ge=1, le=8)] = 6,
    schemata: Schemata = [],  # noqa: B006
    edges: EdgeTypes = [],  # noqa: B006
) -> PathOut:
    net = c.view.network
    for end in (source, target):
        if end not in net.nodes or net.nodes[end].stub:
            raise NotFound()
    only = Filter(frozenset(schemata), frozenset(edges))
    found = shortest_path(net, source, target, max_hops, only)
    if found is None:
        c.record("path", [], found=False)
        return PathOut(found=False, nodes=[], edges=[])
    nodes = _nodes(net, found[0])
    out = _edges(net, found[1])
    c.record("path", _ids(nodes, out))
    return PathOut(found=True, nodes=nodes, edges=out)
