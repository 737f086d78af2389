"""Disruption: sequential removal with the ranking recomputed, against random."""

import itertools

import networkx as nx  # type: ignore[import-untyped]
import pytest
from followthemoney.statement import StatementEntity

from crosscurrent.graph import build_network, money_routes, supply_chains
from crosscurrent.graph.disrupt import disrupt
from crosscurrent.graph.impact import chains_cut, recovery, routes_cut

from .factory import call, people, smuggling_cell


def _two_cells() -> list[StatementEntity]:
    """Two rings of five joined only through one broker, ``b``."""
    ids = [f"a{i}" for i in range(5)] + [f"c{i}" for i in range(5)] + ["b"]
    ents = people(*ids)
    n = 0
    for cell in ("a", "c"):
        for i in range(5):
            ents.append(call(f"k{n}", f"{cell}{i}", f"{cell}{(i + 1) % 5}"))
            n += 1
    ents += [call("kb1", "b", "a0"), call("kb2", "b", "c0"), call("kb3", "b", "a2")]
    return ents


def test_removing_the_broker_splits_the_network_and_beats_random() -> None:
    result = disrupt(build_network(_two_cells()), "betweenness", k=1)
    assert result.removed == ("b",)
    assert result.before.lcc == 11 and result.before.fragmentation == 0
    assert result.after.lcc == 5
    assert result.after.fragmentation == pytest.approx(1 - 2 * 20 / (10 * 9))
    assert result.after.fragmentation > result.baseline.fragmentation
    assert result.after.distance_fragmentation > result.before.distance_fragmentation


def test_ranking_is_recomputed_after_each_removal() -> None:
    graph = nx.k_core(nx.gnm_random_graph(40, 80, seed=11), 2)
    ents = people(*(f"p{n:02d}" for n in graph.nodes))
    ents += [call(f"c{i}", f"p{u:02d}", f"p{v:02d}") for i, (u, v) in enumerate(graph.edges)]
    steps = disrupt(build_network(ents), "degree", k=6).removed

    def top(g: nx.Graph) -> int:
        return int(max(g.nodes, key=lambda n: (g.degree(n), -n)))

    expected, rest = [], graph.copy()
    for _ in range(6):
        expected.append(top(rest))
        rest.remove_node(expected[-1])
    once = sorted(graph.nodes, key=lambda n: (-graph.degree(n), n))[:6]
    assert expected != once, "the oracle must tell recomputed from computed once"
    assert steps == tuple(f"p{n:02d}" for n in expected)


def test_listed_removals_and_what_they_cut() -> None:
    net = build_network(smuggling_cell())
    result = disrupt(net, remove=["drv", "mny"])
    assert result.strategy == "listed"
    assert result.removed == ("drv", "mny")
    # The driver drove the van that carried the boat; the broker relayed the money.
    assert chains_cut(net, supply_chains(net), result.removed) == ["boat"]
    routes = money_routes(net)
    assert routes and routes_cut(routes, ["mny"]) == routes
    assert routes_cut(routes, ["kpr"]) == []


def test_random_strategy_is_seeded() -> None:
    net = build_network(smuggling_cell())
    assert disrupt(net, "random", k=3, seed=1) == disrupt(net, "random", k=3, seed=1)


def test_unknown_strategy_is_refused() -> None:
    with pytest.raises(ValueError):
        disrupt(build_network(smuggling_cell()), "loudest")


def test_successor_is_whoever_already_shares_the_removed_persons_contacts() -> None:
    net = build_network(_two_cells())
    (heir,), rewired = recovery(net, ["b"])
    # b's contacts are a0, a2 and c0; a1 already talks to both a0 and a2.
    assert heir.successors[0].canonical_id == "a1"
    assert heir.successors[0].shared == 2
    assert disrupt(net, remove=["b"]).after.lcc == 5
    # Once a1 takes over b's ties, the two cells are joined again.
    assert rewired is not None and rewired.lcc == 10


def test_kpp_neg_removes_the_set_that_fragments_most_together() -> None:
    """Three cells joined by two brokers: no single removal splits more than one cell
    off, but the pair of brokers together leaves three; the set is checked against
    every pair of the core (networkx as the oracle)."""
    ids = [f"{c}{i}" for c in "xyz" for i in range(4)] + ["b1", "b2"]
    ents = people(*ids)
    n = 0
    for cell in "xyz":
        for i in range(4):
            ents.append(call(f"k{n}", f"{cell}{i}", f"{cell}{(i + 1) % 4}"))
            n += 1
    ents += [call("m1", "b1", "x0"), call("m2", "b1", "y0"), call("m3", "b2", "y2"),
             call("m4", "b2", "z0"), call("m5", "b1", "b2")]  # fmt: skip
    net = build_network(ents)
    result = disrupt(net, "kpp-neg", k=2)
    assert result.strategy == "kpp-neg"
    graph = nx.Graph()
    for e in ents:
        props = e.get("caller", quiet=True), e.get("receiver", quiet=True)
        if all(props):
            graph.add_edge(props[0][0], props[1][0])

    def fragmentation(removed: tuple[str, ...]) -> float:
        rest = graph.copy()
        rest.remove_nodes_from(removed)
        sizes = [len(c) for c in nx.connected_components(rest)]
        total = sum(sizes)
        return 1 - sum(s * (s - 1) for s in sizes) / (total * (total - 1))

    best = max(itertools.combinations(sorted(graph.nodes), 2), key=fragmentation)
    assert fragmentation(result.removed) == pytest.approx(fragmentation(best))
    assert result.after.fragmentation == pytest.approx(fragmentation(best))
    assert result.after.fragmentation > disrupt(net, "degree", k=2).after.fragmentation
