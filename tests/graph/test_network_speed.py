"""The speed benchmark on tiny sizes (no timings asserted: CI machines vary), and
the compiled neighbourhood and path queries and exact betweenness it times,
checked against networkx."""

import importlib.util
import sys
from itertools import pairwise
from pathlib import Path
from types import ModuleType

import networkit as nk
import networkx as nx  # type: ignore[import-untyped]
import numpy as np
import pytest

from crosscurrent.graph import key_players, measures
from crosscurrent.graph.measures import betweenness
from crosscurrent.graph.project import Projection
from crosscurrent.graph.reach import Adjacency, path, within

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


def _load(name: str) -> ModuleType:
    sys.path.insert(0, str(BENCHMARKS))
    spec = importlib.util.spec_from_file_location(name, BENCHMARKS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


synth = _load("network_synth")
speed = _load("network_speed")


def test_synthetic_network_has_the_asked_size_and_a_core_to_rank() -> None:
    net = synth.smuggling_network(2_000, 10_000, seed=3)
    assert len(net.nodes) == 2_000
    assert 9_000 <= len(net.edges) <= 10_000
    assert {e.schema for e in net.edges} >= {"Call", "Payment", "Ownership", "UnknownLink"}
    players = key_players(net, top=5)
    assert len(players) == 5 and all(p.leaf_contacts >= 0 for p in players)
    assert synth.smuggling_network(2_000, 10_000, seed=3).edges == net.edges  # seeded


def _nx(net: object) -> nx.Graph:
    g = nx.Graph()
    g.add_nodes_from(range(len(net.ids)))  # type: ignore[attr-defined]
    a = net.arrays  # type: ignore[attr-defined]
    g.add_edges_from(zip(a.sources.tolist(), a.targets.tolist(), strict=True))
    g.remove_edges_from(nx.selfloop_edges(g))
    return g


@pytest.mark.parametrize("seed", [1, 2])
def test_neighbourhoods_and_paths_agree_with_networkx(seed: int) -> None:
    net = synth.smuggling_network(1_500, 4_000, seed=seed)
    adj, g = Adjacency.of(net), _nx(net)
    rng = np.random.default_rng(seed)
    for a, b in rng.integers(0, len(net.ids), (60, 2)).tolist():
        assert within(adj, a, 2).tolist() == sorted(nx.single_source_shortest_path_length(g, a, 2))
        found = path(adj, a, b, 6)
        try:
            length: int | None = nx.shortest_path_length(g, a, b)
        except nx.NetworkXNoPath:
            length = None
        if length is None or length > 6:
            assert found is None
        else:
            assert found is not None and len(found) - 1 == length
            assert found[0] == a and found[-1] == b
            assert all(g.has_edge(x, y) for x, y in pairwise(found))
            assert path(adj, a, b, 6) == found  # the same path every time


def test_quick_run_prints_every_row(capsys: pytest.CaptureFixture[str]) -> None:
    assert speed.main(["--quick"]) == 0
    out = capsys.readouterr().out
    for task in ("exact betweenness", "sampled betweenness (256 pivots)", "PageRank", "Leiden",
                 "2-hop neighbourhood, p95", "A–B shortest path, p95",
                 "key-player analysis"):  # fmt: skip
        assert f"| {task}" in out, task


ENGINES = ["networkit", *(["rustworkx"] if measures.RUSTWORKX is not None else [])]


@pytest.mark.parametrize("engine", ENGINES)
def test_exact_betweenness_equals_networkx(engine: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """On small graphs (sparse, dense, disconnected, with isolated nodes) both
    engines give networkx's scores, normalised and not, whatever the weights."""
    if engine == "networkit":
        monkeypatch.setattr(measures, "RUSTWORKX", None)
    assert measures.exact_engine() == engine
    rng = np.random.default_rng(5)
    for trial in range(40):
        n = int(rng.integers(3, 80))
        h = nx.gnp_random_graph(n, float(rng.uniform(0.01, 0.3)), seed=trial)
        g = nk.Graph(n, weighted=True, directed=False)
        for a, b in h.edges():
            g.addEdge(a, b, float(rng.integers(1, 9)))  # records per pair: not distances
        proj = Projection(g, [str(i) for i in range(n)], {str(i): i for i in range(n)})
        normalised = nx.betweenness_centrality(h)
        assert max(abs(x - normalised[i]) for i, x in enumerate(betweenness(proj))) < 1e-9
        plain = nx.betweenness_centrality(h, normalized=False)
        found = measures.exact_betweenness(nk.graphtools.toUnweighted(g), normalized=False)
        assert max(abs(x - plain[i]) for i, x in enumerate(found)) < 1e-9
