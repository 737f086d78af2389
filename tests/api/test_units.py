"""The small parts on their own: rate limiter, fuzzy scores, graph walks."""

from followthemoney.statement import StatementEntity

from crosscurrent.api import fuzzy
from crosscurrent.api.ratelimit import LoginLimiter
from crosscurrent.api.walk import Filter, neighbourhood, shortest_path
from crosscurrent.graph import build_network
from graph.factory import e, pay


def test_the_limiter_forgets_failures_after_the_window() -> None:
    now = [0.0]
    limiter = LoginLimiter(attempts=2, window=60, clock=lambda: now[0])
    limiter.failed("Nina ", "10.0.0.1")
    assert limiter.retry_after("nina", "10.0.0.1") is None
    limiter.failed("nina", "10.0.0.1")
    assert limiter.retry_after("NINA", "10.0.0.1") == 61
    assert limiter.retry_after("nina", "10.0.0.2") is None  # another address
    now[0] = 60.5
    assert limiter.retry_after("nina", "10.0.0.1") is None
    limiter.failed("nina", "10.0.0.1")
    limiter.succeeded("nina", "10.0.0.1")
    limiter.failed("nina", "10.0.0.1")
    assert limiter.retry_after("nina", "10.0.0.1") is None


def person(name: str) -> StatementEntity:
    return e("Person", "p", name=name)


def test_fuzzy_scores() -> None:
    q = fuzzy.Query.parse("Mohammed al-Rashid")
    assert fuzzy.score(q, "Mohammed Al Rashid") == 1.0
    assert fuzzy.score(q, "Rashid, Muhammad") >= fuzzy.THRESHOLD
    assert fuzzy.score(q, "محمد الرشيد") >= fuzzy.THRESHOLD
    assert fuzzy.score(q, "Maria Rossi") < fuzzy.THRESHOLD
    assert fuzzy.match(fuzzy.Query.parse("ros"), person("Maria Rossi"))[1] == ["Maria Rossi"]
    split = e("Person", "p", firstName="Maria", lastName="Rossi")
    assert fuzzy.names_of(split) == ["Maria Rossi"]


def chain() -> list[StatementEntity]:
    return [
        e("Person", "a", name="A"),
        e("Person", "b", name="B"),
        e("Company", "c", name="C"),
        e("Person", "d", name="D"),
        pay("p1", "a", "b", "2024-01-01"),
        pay("p2", "b", "c", "2024-01-02"),
        pay("p3", "c", "d", "2024-01-03"),
    ]


def test_neighbourhoods_walk_breadth_first_within_filters() -> None:
    net = build_network(chain())
    assert neighbourhood(net, "b", 1, 10, Filter()).nodes == ["b", "a", "c"]
    assert neighbourhood(net, "a", 2, 10, Filter()).nodes == ["a", "b", "c"]
    people = neighbourhood(net, "a", 2, 10, Filter(frozenset({"Person"})))
    assert people.nodes == ["a", "b"] and not people.truncated
    assert neighbourhood(net, "b", 1, 2, Filter()).truncated


def test_paths_pass_filters_except_at_their_ends() -> None:
    net = build_network(chain())
    nodes, edges = shortest_path(net, "a", "d", 6, Filter()) or ([], [])
    assert nodes == ["a", "b", "c", "d"] and [x.id for x in edges] == ["p1", "p2", "p3"]
    assert shortest_path(net, "a", "d", 6, Filter(frozenset({"Person"}))) is None
    assert shortest_path(net, "a", "c", 6, Filter(frozenset({"Person"}))) is not None
    assert shortest_path(net, "a", "d", 2, Filter()) is None
