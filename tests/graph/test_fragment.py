"""Fragmentation measures and KPP-Neg, against networkx as the oracle."""

import itertools

import networkit as nk
import networkx as nx  # type: ignore[import-untyped]
import pytest

from crosscurrent.graph.fragment import (
    distance_fragmentation,
    fragmentation,
    kpp_neg,
    lcc,
    top_betweenness,
    without,
)


def _nk(graph: nx.Graph) -> nk.Graph:
    out = nk.Graph(graph.number_of_nodes())
    for u, v in graph.edges:
        out.addEdge(u, v)
    return out


def _f(graph: nx.Graph) -> float:
    n = graph.number_of_nodes()
    sizes = [len(c) for c in nx.connected_components(graph)]
    return float(1 - sum(s * (s - 1) for s in sizes) / (n * (n - 1)))


def _df(graph: nx.Graph) -> float:
    n = graph.number_of_nodes()
    lengths = dict(nx.all_pairs_shortest_path_length(graph))
    total = sum(1 / d for u in graph for v, d in lengths[u].items() if v != u)
    return float(1 - total / (n * (n - 1)))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_measures_match_networkx(seed: int) -> None:
    graph = nx.gnm_random_graph(40, 45, seed=seed)
    g = _nk(graph)
    assert lcc(g) == max(len(c) for c in nx.connected_components(graph))
    assert fragmentation(g) == pytest.approx(_f(graph))
    assert distance_fragmentation(g) == pytest.approx(_df(graph))


def test_removing_nodes_renumbers_the_rest() -> None:
    g = _nk(nx.path_graph(5))
    rest, keep = without(g, [2])
    assert keep == [0, 1, 3, 4]
    assert rest.numberOfEdges() == 2 and lcc(rest) == 2
    assert fragmentation(rest) == pytest.approx(1 - 4 / 12)


def test_kpp_neg_finds_the_bridge_between_two_cliques() -> None:
    # Two 6-cliques joined through one broker (node 12): removing him splits them.
    graph = nx.disjoint_union(nx.complete_graph(6), nx.complete_graph(6))
    graph.add_edges_from([(12, 0), (12, 6)])
    chosen, f = kpp_neg(_nk(graph), 1)
    assert chosen == [12]
    assert f == pytest.approx(1 - 2 * 30 / (12 * 11))
    best = max(
        _f(graph.subgraph(set(graph) - set(c)).copy())
        for c in itertools.combinations(graph.nodes, 2)
    )
    assert kpp_neg(_nk(graph), 2)[1] == pytest.approx(best)


def test_top_betweenness_breaks_ties_towards_the_highest_id() -> None:
    # A 4-cycle: all four nodes tie.
    g = _nk(nx.cycle_graph(4))
    assert top_betweenness(g, [10, 11, 12, 13]) == 13
    star = _nk(nx.star_graph(3))
    assert top_betweenness(star, [0, 1, 2, 3]) == 0
