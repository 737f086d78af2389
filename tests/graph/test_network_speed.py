"""The speed benchmark on tiny sizes (no timings asserted: CI machines vary), and
the compiled neighbourhood and path queries it times, checked against networkx."""

import importlib.util
import sys
from itertools import pairwise
from pathlib import Path
from types import ModuleType

import networkx as nx  # type: ignore[import-untyped]
import numpy as np
import pytest

from crosscurrent.graph import key_players
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
