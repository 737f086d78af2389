import logging

import pytest
from followthemoney.statement import StatementEntity

from crosscurrent.graph import build_network, group_by_destination, money_routes

from .factory import e, pay, people


def _chain(second_date: str) -> list[StatementEntity]:
    return [
        *people("a", "b", "c", "d"),
        pay("p1", "a", "b", "2024-09-01", "5000"),
        pay("p2", "b", "c", second_date, "4800", agency="NL-POL"),
        pay("p3", "c", "d", "2024-09-10", "4500", agency="BE-FP"),
    ]


def test_route_follows_payments_in_time() -> None:
    (route,) = money_routes(build_network(_chain("2024-09-05")))
    assert route.parties == ("a", "b", "c", "d")
    assert route.hops == 3
    assert [t.date for t in route.transfers] == ["2024-09-01", "2024-09-05", "2024-09-10"]
    assert route.agencies == ("BE-FP", "NL-POL", "UK-NCA")
    assert route.value == 4500
    assert route.transfers[0].records == ("p1",)


def test_payment_dated_before_its_predecessor_breaks_the_route() -> None:
    # b paid c before a paid b: the money cannot be a's.
    (route,) = money_routes(build_network(_chain("2024-08-20")))
    assert route.parties == ("b", "c", "d")


def test_same_day_relay_counts() -> None:
    (route,) = money_routes(build_network(_chain("2024-09-01")))
    assert route.hops == 3


def test_min_hops_and_undated_payments() -> None:
    ents = [*people("a", "b", "c"), pay("p1", "a", "b", "2024-09-01")]
    ents.append(e("Payment", "p2", payer="b", beneficiary="c", amount="10"))  # no date
    net = build_network(ents)
    assert money_routes(net) == []
    assert [r.parties for r in money_routes(net, min_hops=1)] == [("a", "b")]


def test_routes_do_not_revisit_a_party() -> None:
    ents = [
        *people("a", "b", "c"),
        pay("p1", "a", "b", "2024-09-01"),
        pay("p2", "b", "a", "2024-09-02"),
        pay("p3", "a", "c", "2024-09-03"),
    ]
    routes = {r.parties for r in money_routes(build_network(ents))}
    # a -> b -> a -> c would pass a twice, so its simple part b -> a -> c stands.
    assert routes == {("b", "a", "c")}


def test_routes_grouped_by_destination_longest_first() -> None:
    ents = [
        *people("m1", "m2", "m3", "r", "h", "o", "x", "y", "z"),
        pay("q1", "m1", "r", "2024-09-01"),
        pay("q2", "m2", "r", "2024-09-01"),
        pay("q3", "m3", "h", "2024-09-01"),
        pay("q4", "r", "h", "2024-09-02"),
        pay("q5", "h", "o", "2024-09-03"),
        pay("q6", "x", "y", "2024-09-01"),
        pay("q7", "y", "z", "2024-09-05", "90000"),
    ]
    routes = money_routes(build_network(ents))
    groups = group_by_destination(routes)
    assert groups[0][0] == "o"
    assert [r.hops for r in groups[0][1]] == [3, 3, 2]
    # The larger route to z still ranks after the destination more money converges on.
    assert [d for d, _ in groups] == ["o", "z"]


def test_enumeration_is_bounded(caplog: pytest.LogCaptureFixture) -> None:
    # Each of 12 people pays every other on successive days: paths explode.
    ids = [f"p{i}" for i in range(12)]
    ents = people(*ids)
    n = 0
    for day in range(1, 8):
        for a in ids:
            for b in ids:
                if a != b:
                    n += 1
                    ents.append(pay(f"x{n}", a, b, f"2024-09-0{day}"))
    with caplog.at_level(logging.WARNING):
        routes = money_routes(build_network(ents), budget=5000)
    assert 0 < len(routes) <= 5000
    assert "budget exhausted" in caplog.text
