"""Why a planted money route was not followed: each reason on a tiny network.

The planted route is a -> b -> c -> d in three payments (source records
``r1``..``r3``, canonical ids ``p1``..``p3``). Each test breaks it one way and
checks that ``evaluate`` puts the miss down to that reason, not to the route
finder. All names are synthetic.
"""

import pytest
from followthemoney.statement import StatementEntity

from crosscurrent.cli.network import ROUTE_HELP
from crosscurrent.graph import build_network, money_routes
from crosscurrent.graph.evaluate import ROUTE_REASONS, Truth, evaluate, route_status

from .factory import e, pay, people

PLANTED = [["ds", "r1"], ["ds", "r2"], ["ds", "r3"]]
CANON = {("ds", f"r{i}"): f"p{i}" for i in (1, 2, 3)}


def _truth() -> Truth:
    route = {"path": ["a", "b", "c", "d"], "payments": PLANTED}
    return Truth({"organisers": [], "supply_chains": [], "money_routes": [route]}, {})


def _chain(payer2: str = "b", date2: str | None = "2024-09-05") -> list[StatementEntity]:
    second = (
        pay("p2", payer2, "c", date2, "4800")
        if date2
        else e("Payment", "p2", payer=payer2, beneficiary="c", amount="4800", currency="EUR")
    )
    return [*people("a", "b", "b2", "c", "d"), pay("p1", "a", "b", "2024-09-01", "5000"),
            second, pay("p3", "c", "d", "2024-09-10", "4500")]  # fmt: skip


def _unfollowed(entities: list[StatementEntity]) -> dict[str, int]:
    net = build_network(entities)
    result = evaluate(net, CANON, _truth(), [], money_routes(net))
    assert result.routes_planted == 1
    assert result.routes_followed + sum(result.routes_unfollowed.values()) == 1
    return {k: v for k, v in result.routes_unfollowed.items() if v}


def test_followed_route_counts_as_followed() -> None:
    assert _unfollowed(_chain()) == {}


def test_payment_out_of_view_is_hidden_not_missed() -> None:
    assert _unfollowed([x for x in _chain() if x.id != "p2"]) == {"hidden": 1}


def test_undated_payment_is_said() -> None:
    assert _unfollowed(_chain(date2=None)) == {"undated": 1}


def test_party_split_by_resolution_is_said() -> None:
    # b's records were not merged: p1 reaches b, p2 leaves from b2.
    assert _unfollowed(_chain(payer2="b2")) == {"split": 1}


def test_payment_dated_before_its_funding_is_out_of_order() -> None:
    assert _unfollowed(_chain(date2="2024-08-20")) == {"out of order": 1}


@pytest.mark.parametrize("found", [[], [{"p1", "p2"}]])
def test_connected_dated_route_not_found_is_the_finders_miss(found: list[set[str]]) -> None:
    net = build_network(_chain())
    payments = {edge.id: [edge] for edge in net.edges if edge.schema == "Payment"}
    assert route_status(PLANTED, CANON, payments, found) == "missed"
    assert route_status(PLANTED, CANON, payments, [*found, {"p1", "p2", "p3"}]) is None


def test_every_reason_is_explained_to_the_analyst() -> None:
    assert set(ROUTE_HELP) == set(ROUTE_REASONS)
