import random

from crosscurrent.graph import build_network

from .factory import call, e, merge, pay, people, smuggling_cell


def test_payment_edge_keeps_amount_date_and_agencies() -> None:
    payment = merge(
        e("Payment", "pay", "FR-PN", record="fr-9", payer="a", beneficiary="b", amount="1500.5"),
        e("Payment", "pay", "NL-POL", record="nl-3", date="2024-09-02", currency="EUR"),
    )
    net = build_network([*people("a", "b"), payment])
    (edge,) = net.edges
    assert (edge.source, edge.target, edge.schema) == ("a", "b", "Payment")
    assert edge.amount == 1500.5
    assert (edge.date, edge.currency) == ("2024-09-02", "EUR")
    assert edge.agencies == {"FR-PN", "NL-POL"}
    assert edge.entity_ids == ("fr-9", "nl-3")


def test_merged_node_lists_source_records_and_agencies() -> None:
    person = merge(
        e("Person", "cc-1", "FR-PN", record="fr-1", name="Rami Exemplar"),
        e("Person", "cc-1", "UK-NCA", record="uk-1", name="Rami Exemplar"),
    )
    net = build_network([person])
    node = net.nodes["cc-1"]
    assert node.entity_ids == ("fr-1", "uk-1")
    assert node.agencies == {"FR-PN", "UK-NCA"}
    assert node.caption == "Rami Exemplar"


def test_trip_becomes_vehicle_legs_and_involvement() -> None:
    trip = e("Trip", "t", vehicle="van", startLocation="s", endLocation="l", involved="drv")
    net = build_network([trip])
    legs = {(x.source, x.target, x.role) for x in net.edges}
    assert legs == {
        ("van", "s", "startLocation"),
        ("van", "l", "endLocation"),
        ("drv", "van", "involved"),
    }
    # Endpoints outside the caller's view become stubs typed by the property range.
    assert net.nodes["van"].stub and net.nodes["van"].schema == "Vehicle"
    assert net.nodes["drv"].schema == "LegalEntity"


def test_call_by_number_is_tied_to_the_phone_holder() -> None:
    ents = [
        e("Person", "a", phone="+447700900001"),
        e("Person", "b", phone="+33612345678"),
        e("Person", "c", phone="+33612345678"),  # shares b's phone: ambiguous
        e("Call", "c1", callerNumber="+447700900001", receiver="a2"),
        e("Call", "c2", caller="a", receiverNumber="+33612345678"),
        e("Call", "c3", callerNumber="+447700900001", receiverNumber="+447700900001"),
    ]
    net = build_network(ents)
    calls = {(x.id, x.source, x.target) for x in net.edges}
    assert ("c1", "a", "a2") in calls
    assert not any(x.id == "c2" for x in net.edges)
    assert net.unresolved_calls == 1


def test_edge_schemata_and_ignored_entities() -> None:
    ents = [
        e("Ownership", "o", owner="p", asset="acc", role="account holder"),
        e("Associate", "as", person="p", associate="q", relationship="cousin"),
        e("Sanction", "s", entity="p"),
    ]
    net = build_network(ents)
    assert {(x.schema, x.role) for x in net.edges} == {
        ("Ownership", "account holder"),
        ("Associate", "cousin"),
    }
    assert net.entities_by_schema["Sanction"] == 1


def test_build_does_not_depend_on_input_order() -> None:
    ents = smuggling_cell()
    first = build_network(ents)
    random.Random(3).shuffle(ents)
    second = build_network(ents)
    assert first.ids == second.ids
    assert first.edges == second.edges


def test_adjacency_indexes_edges() -> None:
    net = build_network([call("c", "a", "b"), pay("p", "b", "a", "2024-01-01")])
    assert [x.id for x in net.outgoing("a")] == ["c"]
    assert [x.id for x in net.incoming("a", "Payment")] == ["p"]
    assert sorted(other for _, other in net.neighbours("a")) == ["b", "b"]
