from followthemoney.statement import StatementEntity

from crosscurrent.graph import Step, build_network, supply_chains

from .factory import e, merge


def _three_agency_chain() -> list[StatementEntity]:
    """Germany saw the supply and storage, France the van, the UK the crossing."""
    boat = merge(
        e("Vessel", "boat", "DE-BKA", record="de-v-17", type="inflatable boat"),
        e("Vessel", "boat", "UK-NCA", record="uk-hin-4", registrationNumber="TR-XYZ12345B424"),
    )
    return [
        boat,
        e("Company", "sup", "DE-BKA", name="Marmara Inflatables Ltd"),
        e("Address", "store", "DE-BKA", full="Lagerhalle 3, Essen", remarks="storage site"),
        e("Address", "beach", "FR-PN", full="Plage de Gravelines", remarks="launch site"),
        e("Vehicle", "van", "FR-PN", type="van", registrationNumber="AB-123-CD"),
        e(
            "UnknownLink",
            "l1",
            "DE-BKA",
            record="de-s-1",
            subject="sup",
            object="boat",
            role="supplied",
            date="2024-08-01",
        ),
        e(
            "UnknownLink",
            "l2",
            "DE-BKA",
            record="de-s-2",
            subject="boat",
            object="store",
            role="Stored  At",
            date="2024-08-10",
        ),
        e(
            "UnknownLink",
            "l3",
            "FR-PN",
            record="fr-7",
            subject="boat",
            object="van",
            role="transported by",
            date="2024-09-01",
        ),
        e(
            "Trip",
            "t1",
            "FR-PN",
            record="fr-8",
            vehicle="van",
            startLocation="store",
            endLocation="beach",
            startDate="2024-09-01",
        ),
        e(
            "Trip",
            "t0",
            "FR-PN",
            record="fr-6",
            vehicle="van",
            startLocation="beach",
            endLocation="store",
        ),
        # UnknownLink is undirected: this agency wrote the site as subject.
        e(
            "UnknownLink",
            "l4",
            "FR-PN",
            record="fr-9",
            subject="beach",
            object="boat",
            role="launched from",
            date="2024-09-07",
        ),
        e(
            "Trip",
            "x1",
            "UK-NCA",
            record="uk-x-1",
            vehicle="boat",
            startLocation="beach",
            startDate="2024-09-07",
            summary="58 aboard, intercepted",
        ),
    ]


def test_chain_split_across_three_agencies_is_found() -> None:
    (chain,) = supply_chains(build_network(_three_agency_chain()))
    assert chain.complete and chain.kind == "boat"
    assert chain.serial == "TR-XYZ12345B424"
    assert chain.agencies == ("DE-BKA", "FR-PN", "UK-NCA")
    steps = {s.step: s for s in chain.steps}
    assert steps[Step.SUPPLY].labels == ("Marmara Inflatables Ltd",)
    assert steps[Step.SUPPLY].agencies == ("DE-BKA",)
    assert steps[Step.STORAGE].records == ("de-s-2",)
    transport = steps[Step.TRANSPORT]
    assert transport.parties == ("van",) and transport.agencies == ("FR-PN",)
    # Only the van's trip out of this boat's storage supports the step.
    assert transport.records == ("fr-7", "fr-8")
    assert transport.note == "Lagerhalle 3, Essen -> Plage de Gravelines"
    assert steps[Step.LAUNCH].parties == ("beach",) and not steps[Step.LAUNCH].inferred
    crossing = steps[Step.CROSSING]
    assert crossing.agencies == ("UK-NCA",) and crossing.date == "2024-09-07"
    assert crossing.note == "58 aboard, intercepted"


def test_partial_chain_is_marked() -> None:
    ents = [e for e in _three_agency_chain() if e.id not in ("l3", "t1", "t0", "x1")]
    (chain,) = supply_chains(build_network(ents))
    assert not chain.complete
    assert chain.missing == (Step.TRANSPORT, Step.CROSSING)
    assert chain.agencies == ("DE-BKA", "FR-PN")


def test_transport_inferred_from_trip_leaving_storage() -> None:
    ents = [e for e in _three_agency_chain() if e.id != "l3"]
    (chain,) = supply_chains(build_network(ents))
    transport = chain.step(Step.TRANSPORT)
    assert transport is not None and transport.inferred
    assert transport.parties == ("van",) and transport.records == ("fr-8",)


def test_engine_crossing_inferred_from_launch_site_and_day() -> None:
    ents = [
        *_three_agency_chain(),
        e("Vehicle", "eng", "BE-FP", type="Outboard Engine", registrationNumber="1A2B3C"),
        e(
            "UnknownLink",
            "le",
            "BE-FP",
            subject="eng",
            object="beach",
            role="launched from",
            date="2024-09-07",
        ),
        e(
            "UnknownLink",
            "se",
            "BE-FP",
            subject="eng",
            object="store",
            role="seized at",
            date="2024-09-20",
        ),
    ]
    chains = {c.item_id: c for c in supply_chains(build_network(ents))}
    engine = chains["eng"]
    assert engine.kind == "engine"
    crossing = engine.step(Step.CROSSING)
    assert crossing is not None and crossing.inferred
    assert set(crossing.parties) == {"beach", "boat"}
    seizure = engine.step(Step.SEIZURE)
    assert seizure is not None and seizure.agencies == ("BE-FP",)
    assert Step.SEIZURE not in engine.missing


def test_complete_chains_come_first() -> None:
    ents = [
        *_three_agency_chain(),
        e("Vessel", "b2", "IT-PS", type="inflatable boat", name="Blue dinghy"),
        e("UnknownLink", "s2", "IT-PS", subject="b2", object="store", role="stored at"),
    ]
    chains = supply_chains(build_network(ents))
    assert [c.item_id for c in chains] == ["boat", "b2"]
    assert chains[1].item == "Blue dinghy"
