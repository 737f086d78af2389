"""Ground truth refers to what is in the files, and the planted structures hold."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from crosscurrent.scenario.identifiers import normal_serial
from crosscurrent.scenario.truth import REAL_THINGS

from .conftest import Mapped


def agency_of(dataset: str, manifest: dict[str, Any]) -> str:
    (agency,) = {str(f["agency"]) for f in manifest["files"] if f["dataset"] == dataset}
    return agency


def test_truth_refers_to_entities_in_files(scenario: Mapped, truth: list[dict[str, Any]]) -> None:
    assert truth
    for line in truth:
        proxy = scenario.entities.get((line["dataset"], line["id"]))
        assert proxy is not None, line
        assert proxy.schema.name == line["schema"]
        assert line["stub"] == (len(proxy.properties) == 0)


def test_every_real_thing_has_truth(scenario: Mapped, truth: list[dict[str, Any]]) -> None:
    known = {(t["dataset"], t["id"]) for t in truth}
    for key, proxy in scenario.entities.items():
        if proxy.schema.name in REAL_THINGS:
            assert key in known, key


def test_true_people_have_roles(network: dict[str, Any], truth: list[dict[str, Any]]) -> None:
    roles = network["roles"]
    for line in truth:
        if line["schema"] == "Person":
            assert line["entity"] in roles
    assert set(Counter(roles.values())) >= {
        "organiser",
        "recruiter",
        "driver",
        "storage keeper",
        "launch coordinator",
        "money broker",
        "phone supplier",
        "migrant",
        "relative",
    }


def test_people_appear_under_several_spellings(
    scenario: Mapped, truth: list[dict[str, Any]]
) -> None:
    spellings: dict[str, set[str]] = {}
    for line in truth:
        proxy = scenario.entities[(line["dataset"], line["id"])]
        if line["schema"] == "Person" and not line["stub"]:
            spellings.setdefault(line["entity"], set()).update(proxy.get("name"))
    varied = [names for names in spellings.values() if len(names) > 1]
    assert len(varied) > 0.2 * len(spellings)
    # Same name, different people: the hard negatives.
    owners: dict[str, set[str]] = {}
    for entity, names in spellings.items():
        for name in names:
            owners.setdefault(name.lower(), set()).add(entity)
    assert any(len(entities) > 1 for entities in owners.values())


def test_organisers_are_a_minority(network: dict[str, Any]) -> None:
    organisers = network["organisers"]
    roles = Counter(network["roles"].values())
    assert 3 <= len(organisers) <= 8
    assert roles["organiser"] == len(organisers)
    assert len(organisers) < 0.1 * sum(roles.values())
    assert {o["stage"] for o in organisers} >= {"supply", "storage", "launch"}


def test_supply_chains_span_agencies(scenario: Mapped, network: dict[str, Any]) -> None:
    chains = network["supply_chains"]
    assert {c["kind"] for c in chains} == {"boat", "engine"}
    for chain in chains:
        agencies = {agency_of(d, scenario.manifest) for d, _ in chain["records"]}
        assert len(agencies) >= 2, chain["item"]
        serials = set()
        for dataset, entity_id in chain["records"]:
            proxy = scenario.entities[(dataset, entity_id)]
            serials.update(proxy.get("registrationNumber", quiet=True))
        # Written differently, joined only once normalised.
        assert {normal_serial(s) for s in serials} == {normal_serial(chain["serial"])}
    written = {
        s
        for c in chains
        for d, e in c["records"]
        for s in scenario.entities[(d, e)].get("registrationNumber", quiet=True)
    }
    assert len(written) > len({c["serial"] for c in chains})


def test_money_routes_follow_time(scenario: Mapped, network: dict[str, Any]) -> None:
    routes = network["money_routes"]
    assert routes
    for route in routes:
        n = len(route["payments"])
        assert len(route["path"]) == n + 1 == len(route["amounts"]) + 1
        assert len(route["currency"]) == n
        days = []
        for dataset, entity_id in route["payments"]:
            payment = scenario.entities[(dataset, entity_id)]
            assert payment.schema.name == "Payment"
            days.append(date.fromisoformat(payment.first("date") or ""))
        assert days == sorted(days) and len(set(days)) == n
        agencies = {agency_of(d, scenario.manifest) for d, _ in route["payments"]}
        assert len(agencies) >= 2
