"""Supply chains: boats and engines from Turkish suppliers to French beaches.

Each boat goes with one engine: sold in Turkey, stored in Germany, driven to
the coast in a van, then launched (or seized on the beach) and, if launched,
the crossing's outcome.
"""

from __future__ import annotations

from datetime import date, timedelta
from random import Random
from typing import TYPE_CHECKING

from crosscurrent.scenario import identifiers as ident
from crosscurrent.scenario.facts import (
    Account,
    Company,
    Crossing,
    Item,
    Outcome,
    Site,
    Transport,
    Van,
)

if TYPE_CHECKING:
    from crosscurrent.scenario.world import Network, World

OUTCOMES: tuple[tuple[Outcome, float], ...] = (
    ("arrived", 0.55),
    ("intercepted", 0.2),
    ("rescued", 0.2),
    ("deaths", 0.05),
)
SUPPLIER_WORDS = ("Deniz", "Ege", "Mavi", "Liman", "Yıldız", "Akdeniz", "Poyraz", "Martı", "Dalga")
SUPPLIER_TRADES = ("Denizcilik", "Marin", "Tekne", "Motor", "Dış Ticaret")
SUPPLIER_FORMS = ("Ltd. Şti.", "A.Ş.", "San. ve Tic. Ltd. Şti.")


def plan_operations(world: World, rng: Random, net: Network) -> None:
    net.suppliers = _suppliers(world, rng, net)
    net.storage = [_storage_site(world, rng, net, i) for i in range(1 if net.scale < 0.5 else 2)]
    net.vans = [
        Van(
            id=world.ids.next("V"),
            plate=ident.plate(rng, country),
            country=country,
            model=rng.choice(ident.VAN_MODELS),
        )
        for country in rng.sample(("de", "bg", "pl", "nl", "fr", "be", "gb"), 3)
    ]
    pairs = max(2, round(6 * net.scale))
    sites = rng.sample(world.launch_sites, min(4, len(world.launch_sites)))
    transport: Transport | None = None
    for _ in range(pairs):
        sold = net.start + timedelta(rng.randrange(150))
        # A van carries one or two boats with their engines.
        if transport is None or len(transport.items) >= 4 or rng.random() < 0.5:
            transport = Transport(
                id=world.ids.next("J"),
                van=rng.choice(net.vans),
                driver=rng.choice(net.role("driver")),
                start=rng.choice(net.storage),
                end=rng.choice(sites),
                day=sold,
            )
            net.transports.append(transport)
        stored = sold + timedelta(rng.randint(10, 30))
        for kind in ("boat", "engine"):
            item = _item(world, rng, net, kind, sold, transport.start, stored, transport.end)
            item.transport = transport
            transport.items.append(item)
            net.items.append(item)
    for transport in net.transports:
        transport.day = max(i.stored for i in transport.items) + timedelta(rng.randint(3, 30))
        launched = transport.day + timedelta(rng.randint(0, 3))
        for item in transport.items:
            item.launched = launched
        for boat, engine in zip(transport.items[::2], transport.items[1::2], strict=True):
            # Every network loses at least one boat on the beach.
            last = boat is net.items[-2]
            seized = rng.random() < 0.12 or (last and not any(i.seized for i in net.items))
            _launch(world, rng, net, boat, engine, seized)
    _passengers(rng, net)


def _suppliers(world: World, rng: Random, net: Network) -> list[Company]:
    # A new supplier every third network: suppliers serve several networks.
    while len(world.suppliers) < 1 + net.index // 3:
        world.suppliers.append(_supplier(world, rng, net))
    # Networks buy from the suppliers active at the time, not the first ever.
    recent = world.suppliers[-4:]
    return rng.sample(recent, min(len(recent), rng.choice((1, 2))))


def _supplier(world: World, rng: Random, net: Network) -> Company:
    contact = world.factory.person(rng, "supplier", net.index, stage="supply")
    iban, bank = ident.iban(rng, "tr")
    name = (
        f"{rng.choice(SUPPLIER_WORDS)} {rng.choice(SUPPLIER_TRADES)} {rng.choice(SUPPLIER_FORMS)}"
    )
    return Company(
        id=world.ids.next("C"),
        name=name,
        kind="supplier",
        country="tr",
        city=contact.city,
        registration=str(rng.randint(1000000000, 9999999999)),
        phone=world.phones.new("tr"),
        account=Account(id=world.ids.next("K"), iban=iban, bank=bank, country="tr"),
        contact=contact,
    )


def _storage_site(world: World, rng: Random, net: Network, n: int) -> Site:
    town = rng.choice(world.places.storage_towns)
    keepers = net.role("storage keeper")
    return Site(
        id=world.ids.next("A"),
        kind="storage",
        name=rng.choice(("Lagerhalle", "Garage", "Scheune", "Container")) + f" {n + 1}",
        street=f"{rng.choice(world.places.storage_streets)} {rng.randint(1, 120)}",
        postcode=str(town["postcode"]),
        city=str(town["city"]),
        country="de",
        lat=round(float(town["lat"]) + rng.uniform(-0.04, 0.04), 5),
        lon=round(float(town["lon"]) + rng.uniform(-0.06, 0.06), 5),
        keeper=keepers[n % len(keepers)],
    )


def _item(
    world: World,
    rng: Random,
    net: Network,
    kind: str,
    sold: date,
    storage: Site,
    stored: date,
    launch: Site,
) -> Item:
    if kind == "boat":
        serial, make, model = ident.hull_number(rng, sold.year)
        prefix = "B"
    else:
        serial, make, model = ident.engine_serial(rng)
        prefix = "E"
    return Item(
        id=world.ids.next(prefix),
        kind="boat" if kind == "boat" else "engine",
        serial=serial,
        make=make,
        model=model,
        supplier=rng.choice(net.suppliers),
        buyer=net.organisers["supply"],
        sold=sold,
        storage=storage,
        stored=stored,
        launch=launch,
        launched=stored,
    )


def _launch(
    world: World, rng: Random, net: Network, boat: Item, engine: Item, seized: bool
) -> None:
    if seized:
        boat.seized = engine.seized = True
        return
    outcome = rng.choices([o for o, _ in OUTCOMES], weights=[w for _, w in OUTCOMES])[0]
    crossing = Crossing(
        id=world.ids.next("X"),
        site=boat.launch,
        day=boat.launched,
        aboard=rng.randint(50, 72),
        outcome=outcome,
        deaths=rng.randint(1, 8) if outcome == "deaths" else 0,
        landing=rng.choice(world.places.landing_points),
        boat=boat,
        engine=engine,
    )
    boat.crossing = engine.crossing = crossing
    net.crossings.append(crossing)


def _passengers(rng: Random, net: Network) -> None:
    """Put identified passengers aboard; those who land have phones examined."""
    if not net.crossings:
        return
    for migrant in net.role("migrant"):
        if rng.random() < 0.75:
            crossing = rng.choice(net.crossings)
            crossing.identified.append(migrant)
            if crossing.outcome in ("arrived", "rescued"):
                migrant.watchers = ("UK-BSC",)
