"""Link suggestions: each kind of evidence, and ties already recorded left out."""

from followthemoney.statement import StatementEntity

from crosscurrent.graph import build_network
from crosscurrent.graph.suggest import suggest_links

from .factory import call, e, people


def _pairs(ents: list[StatementEntity]) -> dict[tuple[str, str], tuple[str, ...]]:
    return {(s.a, s.b): s.evidence for s in suggest_links(build_network(ents), top=100)}


def test_shared_phone_and_address_are_evidence() -> None:
    ents = [
        e("Person", "a", name="Anna", phone="+447700900111", address="1 Dock Rd, Dover"),
        e("Person", "b", name="Bela", phone="+447700900111"),
        e("Person", "c", name="Cleo", address="1 Dock Rd, Dover"),
    ]
    found = _pairs(ents)
    assert found[("a", "b")] == ("same phone +447700900111",)
    assert found[("a", "c")] == ("same address 1 Dock Rd, Dover",)
    assert ("b", "c") not in found


def test_people_in_one_van_are_suggested_but_not_a_boatload() -> None:
    ents = people("d1", "d2", *(f"m{i}" for i in range(10)))
    ents.append(e("Trip", "t-van", vehicle="van", involved=["d1", "d2"]))
    ents.append(e("Trip", "t-boat", vehicle="boat", involved=[f"m{i}" for i in range(10)]))
    found = _pairs(ents)
    assert found[("d1", "d2")] == ("travelled together (t-van)",)
    assert not any(a.startswith("m") for a, _ in found)


def test_shared_contacts_suggest_ties_and_recorded_ties_are_not_suggested() -> None:
    # x and y both call p, q and r (a core around them), but not each other.
    ents = people("x", "y", "p", "q", "r")
    ents += [call(f"c{i}", a, b) for i, (a, b) in enumerate(
        [("x", "p"), ("x", "q"), ("x", "r"), ("y", "p"), ("y", "q"), ("y", "r")])]  # fmt: skip
    found = _pairs(ents)
    assert found[("x", "y")][0].startswith("3 shared contacts")
    tied = _pairs([*ents, call("cxy", "x", "y")])
    assert ("x", "y") not in tied
