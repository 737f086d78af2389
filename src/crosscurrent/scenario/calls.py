"""Who phones whom, and which agency's intercept records it.

The call graph has the shape investigators describe: recruiters and drivers
phone many passengers (leaves), cells talk inside themselves, and organisers
are the few who talk across cells and to each other. Organisers therefore
have a middling degree but sit on the paths between stages.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from random import Random
from typing import TYPE_CHECKING

from crosscurrent.scenario.facts import Call, Company, Person
from crosscurrent.scenario.phones import Phone

if TYPE_CHECKING:
    from crosscurrent.scenario.world import Network, World


@dataclass(slots=True)
class Edge:
    a: Person
    b: Person
    weight: float
    recorders: tuple[str, ...]


def call_edges(world: World, rng: Random, net: Network) -> list[Edge]:
    pairs: list[tuple[Person, Person, float]] = []

    def link(a: Person, b: Person, weight: float) -> None:
        if a is not b:
            pairs.append((a, b, weight))

    def some(people: list[Person], k: int) -> list[Person]:
        return rng.sample(people, min(k, len(people)))

    org = net.organisers
    organisers = net.distinct_organisers
    for i, a in enumerate(organisers):
        for b in organisers[i + 1 :]:
            link(a, b, 3)
    for supplier in net.suppliers:
        if supplier.contact is not None:
            link(org["supply"], supplier.contact, 2)
            for keeper in some(net.role("storage keeper"), 1):
                link(keeper, supplier.contact, 1)
    for person in net.role("storage keeper"):
        link(org["storage"], person, 2)
    for person in some(net.role("driver"), 2):
        link(org["storage"], person, 2)
    for person in some(net.role("launch coordinator"), 2):
        link(org["launch"], person, 2)
    for person in some(net.role("recruiter"), max(1, len(net.role("recruiter")) // 2)):
        link(org["launch"], person, 2)
    for person in net.role("phone supplier"):
        link(org["launch"], person, 1)
    for person in net.role("money broker"):
        link(org["finance"], person, 2)
    earlier = [o for o in world.all_organisers if o.network != net.index]
    for person in some(earlier, rng.choice((0, 1, 2))):
        link(rng.choice(organisers), person, 1)
    for driver in net.role("driver"):
        for keeper in some(net.role("storage keeper"), 1):
            link(driver, keeper, 2)
        for coordinator in some(net.role("launch coordinator"), 1):
            link(driver, coordinator, 2)
        for other in some(net.role("driver"), 1):
            link(driver, other, 1)
    for recruiter in net.role("recruiter"):
        for coordinator in some(net.role("launch coordinator"), 1):
            link(recruiter, coordinator, 2)
        if rng.random() < 0.5:
            link(recruiter, net.role("phone supplier")[0], 1)
    for migrant in net.role("migrant"):
        link(net.recruiter_of[migrant.id], migrant, 2)
        pickup = net.driver_of.get(migrant.id)
        if pickup is not None:
            link(pickup, migrant, 1)
        if rng.random() < 0.1:
            link(rng.choice(net.role("launch coordinator")), migrant, 1)
        relative = net.relative_of.get(migrant.id)
        if relative is not None:
            link(relative, migrant, 1)
    for fee in net.payments:
        payer, payee = fee.payer, fee.payee
        broker = payee.contact if isinstance(payee, Company) else payee
        if isinstance(payer, Person) and payer.role == "relative" and broker is not None:
            link(payer, broker, 1)
    return _recorded(rng, pairs)


def _recorded(rng: Random, pairs: list[tuple[Person, Person, float]]) -> list[Edge]:
    """Keep the pairs some agency intercepts; a few are intercepted twice."""
    edges = []
    for a, b, weight in pairs:
        watchers = sorted(set(a.watchers) | set(b.watchers))
        if not watchers:
            continue
        first = rng.choice(watchers)
        recorders: tuple[str, ...] = (first,)
        if len(watchers) > 1 and rng.random() < 0.15:
            recorders = (first, rng.choice([w for w in watchers if w != first]))
        edges.append(Edge(a, b, weight, recorders))
    return edges


def calls(rng: Random, net: Network, edges: list[Edge], extra: int) -> Iterator[tuple[Call, str]]:
    """Each edge once per recorder, then `extra` calls spread by edge weight."""
    for edge in edges:
        for agency in edge.recorders:
            yield _call(rng, net, edge), agency
    if extra > 0 and edges:
        weights = [e.weight for e in edges]
        for edge in rng.choices(edges, weights=weights, k=extra):
            yield _call(rng, net, edge), edge.recorders[0]


def _call(rng: Random, net: Network, edge: Edge) -> Call:
    caller, receiver = (edge.a, edge.b) if rng.random() < 0.6 else (edge.b, edge.a)
    day = net.start + timedelta(rng.randrange(220))
    hour = rng.choice((8, 10, 12, 14, 16, 18, 19, 20, 21, 22, 23, 1))
    start = datetime.combine(day, time(hour, rng.randrange(60), rng.randrange(60)))
    return Call(
        caller=caller,
        receiver=receiver,
        caller_phone=_phone(rng, caller),
        receiver_phone=_phone(rng, receiver),
        start=start,
        seconds=int(min(3600, rng.expovariate(1 / 120)) + 5),
    )


def _phone(rng: Random, person: Person) -> Phone:
    if len(person.phones) == 1 or rng.random() < 0.7:
        return person.phones[0]
    return rng.choice(person.phones[1:])
