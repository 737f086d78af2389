"""Resource allocation and AUC, against networkx and a brute-force count."""

import random

import networkit as nk
import networkx as nx  # type: ignore[import-untyped]
import numpy as np
import pytest

from crosscurrent.graph.linkpred import auc, hidden_edge_auc, resource_allocation


def test_resource_allocation_matches_networkx() -> None:
    graph = nx.gnm_random_graph(30, 60, seed=4)
    g = nk.Graph(30)
    for u, v in graph.edges:
        g.addEdge(u, v)
    pairs = [(u, v) for u in range(30) for v in range(u + 1, 30) if not graph.has_edge(u, v)]
    expected = [s for _, _, s in nx.resource_allocation_index(graph, pairs)]
    assert resource_allocation(g, pairs) == pytest.approx(expected)


def test_auc_counts_ties_as_half() -> None:
    rng = random.Random(3)
    pos = np.array([rng.choice([0.0, 0.5, 1.0]) for _ in range(15)])
    neg = np.array([rng.choice([0.0, 0.5, 1.0]) for _ in range(20)])
    brute = sum((p > q) + 0.5 * (p == q) for p in pos for q in neg) / (len(pos) * len(neg))
    assert auc(pos, neg) == pytest.approx(brute)


def test_shared_contacts_predict_hidden_ties_in_clustered_networks() -> None:
    # Cliques hide ties that shared contacts recover; a random graph does not.
    cliques = nx.connected_caveman_graph(6, 6)
    random_graph = nx.gnm_random_graph(36, cliques.number_of_edges(), seed=5)
    found = []
    for graph in (cliques, random_graph):
        g = nk.Graph(graph.number_of_nodes())
        for u, v in graph.edges:
            g.addEdge(u, v)
        found.append(hidden_edge_auc(g, repeats=20, seed=1))
    assert found[0] > 0.9
    assert found[1] < 0.7
