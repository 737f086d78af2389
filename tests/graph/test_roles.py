"""Role evidence read from payments and ownership, never from notes."""

from followthemoney.statement import StatementEntity

from crosscurrent.graph import build_network
from crosscurrent.graph.roles import Roles, role_evidence
from crosscurrent.graph.stages import node_kinds, suppliers

from .factory import e, pay, people


def _roles(ents: list[StatementEntity], who: set[str]) -> dict[str, Roles]:
    net = build_network(ents)
    return role_evidence(net, who, node_kinds(net), suppliers(net))


def test_paying_one_person_is_passing_money_on_paying_three_is_running_a_cell() -> None:
    ents = people("boss", "h1", "h2", "h3", "broker")
    ents += [pay(f"w{i}", "boss", f"h{i}", "2024-05-01") for i in (1, 2, 3)]
    ents.append(pay("b1", "broker", "boss", "2024-04-01"))
    found = _roles(ents, {"boss", "h1", "h2", "h3", "broker"})
    assert found["boss"].hands_paid == 3 and found["boss"].score == 1.0
    assert found["broker"].hands_paid == 1 and found["broker"].score == 0.0
    # A hand on wages from one boss (who was paid himself) shows nothing either.
    assert found["h1"].relays == 1 and found["h1"].score == 0.0


def test_buying_boats_and_collecting_from_collectors() -> None:
    ents = people("buyer", "fin", "b1", "b2")
    ents += [
        e("Vessel", "v1", type="inflatable boat"),
        e("Ownership", "o1", owner="buyer", asset="v1", role="bought from"),
        pay("f1", "m1", "b1", "2024-01-01"), pay("f2", "m2", "b2", "2024-01-01"),
        pay("f3", "b1", "fin", "2024-01-05"), pay("f4", "b2", "fin", "2024-01-06"),
    ]  # fmt: skip
    found = _roles(ents, {"buyer", "fin", "b1", "b2"})
    assert found["buyer"].items_bought == 1 and found["buyer"].score == 0.5
    assert found["fin"].relays == 2 and found["fin"].score == 1.0
    assert "receives money from 2 who collected it first" in found["fin"].describe()


def test_a_position_written_by_an_agency_is_not_evidence() -> None:
    ents = [e("Person", "p", name="P", position="organiser"), *people("q")]
    assert _roles(ents, {"p", "q"})["p"] == Roles()
