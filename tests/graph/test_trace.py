"""Tracing one boat or engine by serial, source record or canonical id."""

import pytest

from crosscurrent.graph import build_network
from crosscurrent.graph.supply import Step
from crosscurrent.graph.trace import trace

from .factory import e, smuggling_cell


@pytest.mark.parametrize("query", ["TR-XYZ12345B424", "tr xyz12345b424", "boat"])
def test_a_boat_is_found_however_its_serial_is_written(query: str) -> None:
    (found,) = trace(build_network(smuggling_cell()), query)
    chain = found.chain
    assert chain.item_id == "boat" and chain.complete
    assert [s.step for s in chain.steps] == [
        Step.SUPPLY, Step.STORAGE, Step.TRANSPORT, Step.LAUNCH, Step.CROSSING,
    ]  # fmt: skip
    assert chain.step(Step.STORAGE).records == ("l-sto",)  # type: ignore[union-attr]
    assert chain.agencies == ("DE-BKA", "FR-PN", "UK-NCA")
    names = {name for _, name in found.people}
    assert {"Kurt Platzhalter", "Dario Sampleton", "Luc Fauxnom"} <= names


def test_a_source_record_id_finds_the_merged_item() -> None:
    ents = [
        *smuggling_cell(),
        e("Vehicle", "eng", "FR-PN", record="FRPN-E-7", type="outboard engine",
          registrationNumber="YMH-40X-123456"),
        e("UnknownLink", "l-e", "FR-PN", subject="eng", object="beach", role="launched from"),
    ]  # fmt: skip
    (found,) = trace(build_network(ents), "FRPN-E-7")
    assert found.chain.kind == "engine"
    assert found.entity_ids == ("FRPN-E-7",)


def test_nothing_is_traced_for_an_unknown_serial_or_a_person() -> None:
    net = build_network(smuggling_cell())
    assert trace(net, "NO-SUCH-SERIAL") == []
    assert trace(net, "org") == []
