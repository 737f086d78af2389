"""The call graph: organisers broker between stages without topping the degree."""

from __future__ import annotations

from typing import Any

import networkx as nx  # type: ignore[import-untyped]  # networkx ships no type hints

from .conftest import Mapped


def true_call_graph(scenario: Mapped, truth: list[dict[str, Any]]) -> nx.Graph:
    true_id = {(t["dataset"], t["id"]): t["entity"] for t in truth}
    graph = nx.Graph()
    for (dataset, _), proxy in scenario.entities.items():
        if proxy.schema.name != "Call":
            continue
        (caller,), (receiver,) = proxy.get("caller"), proxy.get("receiver")
        graph.add_edge(true_id[(dataset, caller)], true_id[(dataset, receiver)])
    return graph


def test_organisers_are_not_the_most_connected(
    scenario: Mapped, truth: list[dict[str, Any]], network: dict[str, Any]
) -> None:
    graph = true_call_graph(scenario, truth)
    organisers = [o["entity"] for o in network["organisers"] if o["entity"] in graph]
    assert len(organisers) >= 3
    by_degree = sorted(graph.nodes, key=lambda n: -graph.degree(n))
    top = by_degree[: max(len(organisers), 5)]
    assert not set(top) & set(organisers)
    roles = network["roles"]
    assert {roles[n] for n in top} <= {"recruiter", "driver", "money broker"}


def test_organisers_bridge_stages(
    scenario: Mapped, truth: list[dict[str, Any]], network: dict[str, Any]
) -> None:
    graph = true_call_graph(scenario, truth)
    organisers = {o["entity"] for o in network["organisers"]}
    centrality = nx.betweenness_centrality(graph)
    ranked = sorted(centrality, key=lambda n: -centrality[n])
    top = ranked[: len(organisers)]
    assert len(set(top) & organisers) >= len(organisers) // 2
    roles = network["roles"]
    for organiser in organisers & set(graph):
        contact_roles = {roles[n] for n in graph.neighbors(organiser)}
        assert len(contact_roles) >= 2


def test_passengers_are_leaves(
    scenario: Mapped, truth: list[dict[str, Any]], network: dict[str, Any]
) -> None:
    graph = true_call_graph(scenario, truth)
    roles = network["roles"]
    migrants = [n for n in graph if roles[n] == "migrant"]
    assert migrants
    assert sum(graph.degree(n) for n in migrants) / len(migrants) < 3
