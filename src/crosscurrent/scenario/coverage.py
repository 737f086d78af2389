"""Which agency records which fact. No agency sees the whole network.

The split follows the partnerships in the scenario: suppliers are known to
the NCA and the Dutch (the joint supplier investigation), storage to the
Germans or the Dutch, vans in transit to the Germans or Belgians, beaches
to the French, arrivals to the Border Security Command, transfers to the
Italian financial investigation or the NCA, cash books to the Dutch.
"""

from __future__ import annotations

from random import Random

from crosscurrent.scenario.exports import AgencyExport
from crosscurrent.scenario.facts import Company, Payment, Person
from crosscurrent.scenario.world import Network

Exports = dict[str, AgencyExport]


def record_network(rng: Random, net: Network, exports: Exports) -> None:
    _supply_chains(rng, net, exports)
    _crossings(rng, net, exports)
    for person, relative, kin in net.family:
        if rng.random() < 0.5:
            exports["IT-PS"].family(person, relative, kin)
    for payment in net.payments:
        exports[payment_recorder(rng, net, payment)].payment(payment)
    _nominal(rng, net, exports)


def _supply_chains(rng: Random, net: Network, exports: Exports) -> None:
    for item in net.items:
        # At most one of the two early steps goes unrecorded, so that every
        # chain still spans several agencies.
        missing = rng.choice(("sale", "storage")) if rng.random() < 0.2 else None
        if missing != "sale":
            exports["UK-NCA" if rng.random() < 0.6 else "NL-POL"].sale(item)
        if missing != "storage":
            exports["DE-BPOL" if rng.random() < 0.65 else "NL-POL"].storage(item)
    for transport in net.transports:
        r = rng.random()
        if r < 0.65:
            exports["DE-BPOL"].transport(transport)
        if r > 0.5:
            exports["BE-FP"].transport(transport)
    for item in net.items:
        if item.seized or rng.random() < 0.85:
            exports["FR-PN"].launch(item)


def _crossings(rng: Random, net: Network, exports: Exports) -> None:
    for crossing in net.crossings:
        if crossing.outcome == "arrived":
            by_bsc, by_fr = True, rng.random() < 0.3
        elif crossing.outcome == "rescued":
            by_bsc = rng.random() < 0.6
            by_fr = not by_bsc or rng.random() < 0.5
        elif crossing.outcome == "intercepted":
            by_bsc, by_fr = False, True
        else:
            by_bsc, by_fr = rng.random() < 0.5, True
        if by_bsc:
            exports["UK-BSC"].crossing(crossing)
        if by_fr:
            exports["FR-PN"].crossing(crossing)


def payment_recorder(rng: Random, net: Network, payment: Payment) -> str:
    """Exactly one agency records each payment (money routes rely on it)."""
    if payment.cash:
        return "NL-POL"
    payer, payee = payment.payer, payment.payee
    if isinstance(payer, Person) and payer.role in ("migrant", "relative"):
        return "UK-NCA" if payer.country == "gb" or rng.random() < 0.5 else "IT-PS"
    if isinstance(payee, Company) and payee.kind == "supplier":
        return "UK-NCA" if rng.random() < 0.55 else "IT-PS"
    return "IT-PS" if rng.random() < 0.65 else "UK-NCA"


def _nominal(rng: Random, net: Network, exports: Exports) -> None:
    """Subjects an agency holds a record on, whatever else it recorded."""
    for person in net.people():
        if person.role == "migrant":
            if rng.random() < 0.15:
                exports["IT-PS"].person_id(person)
            continue
        for agency in person.watchers:
            if rng.random() < 0.6:
                exports[agency].person_id(person)
