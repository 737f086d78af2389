"""The true world, built one network at a time.

Networks are independent apart from a few shared things (Turkish suppliers,
launch beaches, the organisers they phone across networks), so memory stays
bounded per network and time grows linearly with the number of networks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from random import Random

from crosscurrent.scenario.facts import (
    Company,
    Crossing,
    Item,
    Payment,
    Person,
    Role,
    Site,
    Stage,
    Transport,
    Van,
)
from crosscurrent.scenario.money import plan_money
from crosscurrent.scenario.names import namebook
from crosscurrent.scenario.operations import plan_operations
from crosscurrent.scenario.people import Ids, PeopleFactory
from crosscurrent.scenario.phones import PhoneBook
from crosscurrent.scenario.places import places

NETWORK_RECORDS = 1500
"""Records one network yields; the size sets how many networks there are."""
STAGES: tuple[Stage, ...] = ("supply", "storage", "launch", "finance")


@dataclass(eq=False)
class Network:
    index: int
    start: date
    scale: float
    organisers: dict[Stage, Person] = field(default_factory=dict)
    members: dict[Role, list[Person]] = field(default_factory=dict)
    recruiter_of: dict[str, Person] = field(default_factory=dict)
    driver_of: dict[str, Person] = field(default_factory=dict)
    relative_of: dict[str, Person] = field(default_factory=dict)
    family: list[tuple[Person, Person, str]] = field(default_factory=list)
    suppliers: list[Company] = field(default_factory=list)
    msb: dict[str, Company] = field(default_factory=dict)
    storage: list[Site] = field(default_factory=list)
    vans: list[Van] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    transports: list[Transport] = field(default_factory=list)
    crossings: list[Crossing] = field(default_factory=list)
    payments: list[Payment] = field(default_factory=list)
    routes: list[list[Payment]] = field(default_factory=list)

    def role(self, role: Role) -> list[Person]:
        return self.members.setdefault(role, [])

    @property
    def distinct_organisers(self) -> list[Person]:
        seen: dict[str, Person] = {}
        for person in self.organisers.values():
            seen.setdefault(person.id, person)
        return list(seen.values())

    def people(self) -> list[Person]:
        out = list(self.distinct_organisers)
        for role, members in self.members.items():
            if role != "organiser":
                out.extend(members)
        return out


class World:
    def __init__(self, seed: int, size: int) -> None:
        self.seed = seed
        self.size = size
        self.networks = max(1, round(size / NETWORK_RECORDS))
        self.budget = size / self.networks
        self.ids = Ids()
        self.book = namebook()
        self.places = places()
        self.phones = PhoneBook(Random(f"{seed}:phones"))
        self.factory = PeopleFactory(self.book, self.phones, self.places, self.ids)
        self.launch_sites = [
            Site(
                id=self.ids.next("A"),
                kind="launch",
                name=s["name"],
                street="",
                postcode="",
                city=s["city"],
                country="fr",
                lat=float(s["lat"]),
                lon=float(s["lon"]),
            )
            for s in self.places.launch_sites
        ]
        self.suppliers: list[Company] = []
        self.all_organisers: list[Person] = []

    def rng(self, *parts: object) -> Random:
        """A generator of its own for each part, so parts don't shift each other."""
        return Random(":".join(str(p) for p in (self.seed, *parts)))

    def build(self, index: int) -> Network:
        rng = self.rng("network", index)
        scale = min(1.0, self.budget / NETWORK_RECORDS)
        start = date(2024, 1, 8) + timedelta(rng.randrange(60))
        net = Network(index=index, start=start, scale=scale)
        self._cast(rng, net)
        plan_operations(self, rng, net)
        plan_money(self, rng, net)
        self.all_organisers.extend(net.distinct_organisers)
        return net

    def _cast(self, rng: Random, net: Network) -> None:
        make = self.factory.person
        for stage in STAGES:
            if stage == "finance" and rng.random() < 0.3:
                # The launch organiser also collects the money in some networks.
                net.organisers[stage] = net.organisers["launch"]
                continue
            net.organisers[stage] = make(rng, "organiser", net.index, stage=stage)
        net.members["organiser"] = net.distinct_organisers
        small = net.scale < 0.5
        counts: dict[Role, tuple[int, Stage]] = {
            "storage keeper": (1 if small else 2, "storage"),
            "driver": (2 if small else 3, "storage"),
            "launch coordinator": (1 if small else 2, "launch"),
            "recruiter": (2 if small else 4, "launch"),
            "money broker": (2, "finance"),
            "phone supplier": (1, "launch"),
        }
        for role, (n, stage) in counts.items():
            net.members[role] = [make(rng, role, net.index, stage=stage) for _ in range(n)]
        n_migrants = max(14, round(70 * net.scale))
        for _ in range(n_migrants):
            recruiter = rng.choice(net.role("recruiter"))
            # Passengers mostly come through a recruiter of their own community.
            groups = (recruiter.group,) if rng.random() < 0.6 else None
            m = make(rng, "migrant", net.index, groups=groups, female=rng.random() < 0.15)
            net.role("migrant").append(m)
            net.recruiter_of[m.id] = recruiter
            if rng.random() < 0.5:
                net.driver_of[m.id] = rng.choice(net.role("driver"))
            if rng.random() < 0.4:
                rel = self.factory.relative_of(rng, m, brother=rng.random() < 0.6)
                net.role("relative").append(rel)
                net.relative_of[m.id] = rel
                kin = "brother" if rel.father == m.father else "cousin"
                net.family.append((m, rel, kin))
        self._hard_negatives(rng, net)

    def _hard_negatives(self, rng: Random, net: Network) -> None:
        core = [p for p in net.people() if p.role not in ("migrant", "relative")]
        for target in rng.sample(core, min(3, len(core))):
            other = self.factory.namesake(rng, target)
            net.role("migrant").append(other)
            net.recruiter_of[other.id] = rng.choice(net.role("recruiter"))
        # A driver who is the brother of an organiser: same surname, father
        # and flat, sometimes the same phone, yet another man.
        organiser = net.organisers["launch"]
        driver = net.role("driver")[0]
        group = self.book.groups[organiser.group]
        driver.group, driver.surname, driver.father = group.key, organiser.surname, organiser.father
        driver.given = rng.choice([g for g in group.given if g != organiser.given])
        driver.nationality = organiser.nationality
        driver.country, driver.city, driver.address = (
            organiser.country,
            organiser.city,
            organiser.address,
        )
        if rng.random() < 0.5:
            driver.phones.append(organiser.phones[0])
        net.family.append((organiser, driver, "brother"))
        # The phone supplier tries out the SIMs he sells before handing them on.
        if rng.random() < 0.5:
            recruiter = rng.choice(net.role("recruiter"))
            net.role("phone supplier")[0].phones.append(recruiter.phones[-1])
