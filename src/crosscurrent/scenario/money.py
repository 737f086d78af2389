"""Money: who holds accounts, who pays whom, and the planted money routes.

Passengers' fees reach hawala brokers (from the passenger in cash or from a
relative abroad by transfer); brokers pass batches on to an organiser; the
finance organiser forwards money to the supply organiser, who pays Turkish
suppliers. A money route follows one fee along that flow, each payment later
than the one before.
"""

from __future__ import annotations

from datetime import date, timedelta
from random import Random
from typing import TYPE_CHECKING

from crosscurrent.scenario import identifiers as ident
from crosscurrent.scenario.facts import Account, Company, Party, Payment, Person, Role, Stage

if TYPE_CHECKING:
    from crosscurrent.scenario.world import Network, World

TO_EUR = {"EUR": 1.0, "GBP": 1.17, "USD": 0.92, "TRY": 0.028}
MSB_FORMS = {"gb": "Ltd", "de": "GmbH", "nl": "B.V.", "iq": "Co."}
MSB_TRADES = ("Money Transfer", "Exchange", "Travel & Money", "Cargo & Exchange")
COVER_STORIES = ("family support", "gift", "rent", "car sale", "loan repayment", "wedding")


def plan_money(world: World, rng: Random, net: Network) -> None:
    _accounts(world, rng, net)
    fees = _fees(world, rng, net)
    batches = _payouts(world, rng, net, fees)
    payouts = [payout for payout, _ in batches]
    forwards = _forwards(world, rng, net, payouts)
    purchases = _purchases(world, rng, net)
    net.payments = fees + payouts + forwards + purchases + _wages(world, rng, net)
    net.routes = _routes(rng, net, batches, forwards, purchases)


def account(world: World, rng: Random, country: str) -> Account:
    iban, bank = ident.iban(rng, country)
    return Account(id=world.ids.next("K"), iban=iban, bank=bank, country=country)


def _accounts(world: World, rng: Random, net: Network) -> None:
    for organiser in net.distinct_organisers:
        organiser.account = account(world, rng, organiser.country)
    for rel in net.role("relative"):
        if rel.country != "iq" and rng.random() < 0.8:
            rel.account = account(world, rng, rel.country)
    for broker in net.role("money broker"):
        if rng.random() < 0.5:
            surname = world.book.lexemes[broker.surname].canonical
            form = MSB_FORMS.get(broker.country, "Ltd")
            net.msb[broker.id] = Company(
                id=world.ids.next("C"),
                name=f"{surname} {rng.choice(MSB_TRADES)} {form}",
                kind="money service business",
                country=broker.country,
                city=broker.city,
                registration=str(rng.randint(10000000, 99999999)),
                phone=world.phones.new(broker.country),
                account=account(world, rng, broker.country),
                contact=broker,
            )
        else:
            broker.account = account(world, rng, broker.country)


def broker_party(net: Network, broker: Person) -> Party:
    return net.msb.get(broker.id, broker)


def _pay(
    world: World,
    payer: Party,
    payee: Party,
    amount: float,
    currency: str,
    day: date,
    purpose: str,
    cash: bool,
) -> Payment:
    return Payment(
        world.ids.next("F"), payer, payee, round(float(amount), 2), currency, day, purpose, cash
    )


def _fees(world: World, rng: Random, net: Network) -> list[Payment]:
    crossing_of = {m.id: c for c in net.crossings for m in c.identified}
    fees = []
    for migrant in net.role("migrant"):
        crossing = crossing_of.get(migrant.id)
        day = (
            crossing.day - timedelta(rng.randint(5, 40))
            if crossing
            else net.start + timedelta(rng.randrange(180))
        )
        relative = net.relative_of.get(migrant.id)
        payer: Person = relative if relative is not None and rng.random() < 0.7 else migrant
        currency = "GBP" if payer.country == "gb" else "EUR"
        broker = broker_party(net, rng.choice(net.role("money broker")))
        cash = payer.account is None
        amount = rng.randrange(1500, 3600, 50)
        purpose = rng.choice(COVER_STORIES)
        fees.append(_pay(world, payer, broker, amount, currency, day, purpose, cash))
    return sorted(fees, key=lambda p: p.day)


Batch = tuple[Payment, list[Payment]]


def _payouts(world: World, rng: Random, net: Network, fees: list[Payment]) -> list[Batch]:
    """Brokers pass fees on in batches, less their commission: (payout, fees)."""
    organiser = net.organisers["finance"]
    payouts: list[Batch] = []
    for broker in {id(f.payee): f.payee for f in fees}.values():
        incoming = [f for f in fees if f.payee is broker]
        i = 0
        while i < len(incoming):
            batch = incoming[i : i + rng.randint(3, 8)]
            i += len(batch)
            total = sum(f.amount * TO_EUR[f.currency] for f in batch) * rng.uniform(0.92, 0.97)
            currency = "USD" if rng.random() < 0.2 else "EUR"
            day = batch[-1].day + timedelta(rng.randint(1, 7))
            amount = total / TO_EUR[currency]
            payout = _pay(world, broker, organiser, amount, currency, day, "trade goods", False)
            payouts.append((payout, batch))
    return sorted(payouts, key=lambda b: b[0].day)


def _forwards(world: World, rng: Random, net: Network, payouts: list[Payment]) -> list[Payment]:
    finance, supply = net.organisers["finance"], net.organisers["supply"]
    if finance is supply:
        return []
    forwards = []
    for payout in payouts:
        if rng.random() < 0.7:
            day = payout.day + timedelta(rng.randint(1, 10))
            amount = payout.amount * TO_EUR[payout.currency] * rng.uniform(0.5, 0.85)
            forwards.append(_pay(world, finance, supply, amount, "EUR", day, "car parts", False))
    return forwards


def _purchases(world: World, rng: Random, net: Network) -> list[Payment]:
    out = []
    for item in net.items:
        currency = rng.choices(("TRY", "EUR", "GBP"), weights=(5, 4, 1))[0]
        eur = rng.uniform(2500, 4500) if item.kind == "boat" else rng.uniform(3000, 6500)
        day = item.sold - timedelta(rng.randint(1, 5))
        purpose = "tekne" if item.kind == "boat" else "motor"
        amount = eur / TO_EUR[currency]
        out.append(_pay(world, item.buyer, item.supplier, amount, currency, day, purpose, False))
    return sorted(out, key=lambda p: p.day)


# Who pays the hands of each cell, in cash through a hawala shop.
PAYMASTERS: dict[Role, Stage] = {
    "driver": "storage",
    "storage keeper": "storage",
    "launch coordinator": "launch",
    "recruiter": "launch",
}


def _wages(world: World, rng: Random, net: Network) -> list[Payment]:
    out = []
    for role, stage in PAYMASTERS.items():
        for person in net.role(role):
            for _ in range(rng.randint(1, 2)):
                day = net.start + timedelta(rng.randrange(200))
                amount = rng.randrange(300, 1500, 50)
                payer = net.organisers[stage]
                out.append(_pay(world, payer, person, amount, "EUR", day, "salary", True))
    return out


def _routes(
    rng: Random,
    net: Network,
    batches: list[Batch],
    forwards: list[Payment],
    purchases: list[Payment],
) -> list[list[Payment]]:
    routes: list[list[Payment]] = []
    wanted = max(2, round(5 * net.scale))
    for payout, batch in rng.sample(batches, len(batches)):
        fee = rng.choice(batch)
        route = [fee, payout]
        holder: Party = payout.payee
        after = payout.day
        if forwards:
            nxt = next((f for f in forwards if f.payer is holder and f.day > after), None)
            if nxt is None:
                continue
            route.append(nxt)
            holder, after = nxt.payee, nxt.day
        final = next((p for p in purchases if p.payer is holder and p.day > after), None)
        if final is None:
            continue
        routes.append([*route, final])
        if len(routes) >= wanted:
            break
    return routes
