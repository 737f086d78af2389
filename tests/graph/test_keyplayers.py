import random
from collections import Counter
from itertools import pairwise

import networkx as nx  # type: ignore[import-untyped]
import pytest

from crosscurrent.graph import Stage, build_network, key_players

from .factory import call, pay, people, smuggling_cell


def test_recruiter_with_many_leaf_contacts_does_not_outrank_organiser() -> None:
    net = build_network(smuggling_cell())
    # The premise: by degree the recruiter is by far the busiest person.
    degree = Counter(x.source for x in net.edges if x.schema == "Call")
    degree.update(x.target for x in net.edges if x.schema == "Call")
    assert degree.most_common(1)[0][0] == "rec"

    players = key_players(net)
    ranked = [p.canonical_id for p in players]
    assert ranked[0] == "org"
    assert ranked.index("rec") > 0
    assert not any(p.canonical_id.startswith("mig") for p in players)


def test_key_player_explains_itself() -> None:
    (top,) = key_players(build_network(smuggling_cell()), top=1)
    assert top.name == "Oskar Fictus"
    assert top.entity_ids == ("nca-771",)
    assert top.agencies == ("UK-NCA",)
    # Organisers touch no boat themselves; their contacts span the route.
    assert {Stage.STORAGE, Stage.TRANSPORT, Stage.LAUNCH, Stage.MONEY} <= set(top.stages)
    assert "betweenness" in top.why and "bridges stages" in top.why
    assert 0 < top.score <= 1


def test_recruiter_stage_comes_from_leaf_contacts() -> None:
    players = {p.canonical_id: p for p in key_players(build_network(smuggling_cell()))}
    assert players["rec"].leaf_contacts == 25
    assert "25 leaf contacts" in players["rec"].why
    assert players["kpr"].leaf_contacts == 0


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_betweenness_on_core_matches_networkx(seed: int) -> None:
    graph = nx.gnm_random_graph(40, 70, seed=seed)
    ents = people(*(f"p{n:02d}" for n in graph.nodes))
    ents += [call(f"c{i}", f"p{u:02d}", f"p{v:02d}") for i, (u, v) in enumerate(graph.edges)]
    players = key_players(build_network(ents), top=100)

    core = nx.k_core(graph, 2)
    expected = nx.betweenness_centrality(core, normalized=True)
    assert {p.canonical_id for p in players} == {f"p{n:02d}" for n in core.nodes}
    for player in players:
        assert player.betweenness == pytest.approx(expected[int(player.canonical_id[1:])], abs=1e-9)


def test_tree_network_falls_back_to_dropping_one_leaf_layer() -> None:
    # A chain has no 2-core; its inner people must still be ranked.
    ids = [f"p{i}" for i in range(6)]
    ents = people(*ids) + [call(f"c{i}", a, b) for i, (a, b) in enumerate(pairwise(ids))]
    ranked = [p.canonical_id for p in key_players(build_network(ents))]
    assert set(ranked) == {"p1", "p2", "p3", "p4"}
    assert set(ranked[:2]) == {"p2", "p3"}


def test_ranking_is_deterministic_whatever_the_input_order() -> None:
    ents = smuggling_cell()
    first = key_players(build_network(ents))
    random.Random(7).shuffle(ents)
    assert key_players(build_network(ents)) == first


def test_no_people_no_players() -> None:
    assert key_players(build_network([])) == []


def test_a_core_too_small_to_have_anyone_between_has_betweenness_zero() -> None:
    # Two payments in a line: the middle person is the whole core.
    net = build_network([*people("a", "b", "c"), pay("p1", "a", "b", "2024-09-01"),
                         pay("p2", "b", "c", "2024-09-02")])  # fmt: skip
    (player,) = key_players(net)
    assert player.betweenness == 0.0
    assert "nan" not in player.why
