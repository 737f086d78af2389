"""Following money: routes through a party, fan-in/out, hawala-like brokers."""

from crosscurrent.graph import build_network
from crosscurrent.graph.follow import follow, hawala_brokers, resolve_party

from .factory import e, pay, smuggling_cell


def test_routes_through_the_broker_respect_time() -> None:
    net = build_network(smuggling_cell())
    found = follow(net, "mny")
    assert found.routes
    for route in found.routes:
        assert "mny" in route.parties
        dates = [t.date for t in route.transfers]
        assert dates == sorted(dates)
    # One path per migrant who paid the recruiter, each a route of its own.
    assert len(found.paths) == 25
    assert {p.parties[1:] for p in found.paths} == {("rec", "mny", "org")}
    assert {p.routes for p in found.paths} == {1}
    assert found.fan_in.payments == 1 and found.fan_out.totals == {"EUR": 9000.0}


def test_money_passed_on_before_it_arrived_is_no_route() -> None:
    ents = [pay("p1", "a", "b", "2024-05-10"), pay("p2", "b", "c", "2024-05-01")]
    assert follow(build_network(ents), "b").routes == ()


def test_many_small_in_few_large_out_looks_like_hawala() -> None:
    net = build_network(smuggling_cell())
    (broker,) = hawala_brokers(net)
    # The recruiter collects 25 fees of 2500 and passes on one payment of 12000.
    assert broker.canonical_id == "rec"
    assert (broker.inbound, broker.payers, broker.outbound) == (25, 25, 1)
    assert "25 payments in from 25 payers" in broker.why
    assert follow(net, "org").brokers == (broker,)


def test_a_broker_paying_out_as_much_as_it_takes_in_is_not_hawala() -> None:
    ents = [pay(f"i{n}", f"m{n}", "x", "2024-01-01", "100") for n in range(6)]
    ents += [pay(f"o{n}", "x", f"y{n}", "2024-01-02", "100") for n in range(6)]
    assert hawala_brokers(build_network(ents)) == []


def test_a_party_is_named_by_canonical_or_source_record_id() -> None:
    net = build_network([*smuggling_cell(), e("Person", "z", record="NCA-P-9", name="Zed")])
    assert resolve_party(net, "org") == "org"
    assert resolve_party(net, "nca-771") == "org"
    assert resolve_party(net, "NCA-P-9") == "z"
    assert resolve_party(net, "nobody") is None
