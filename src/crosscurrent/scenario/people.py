"""The people of one network: who they are, where they live, who watches them."""

from __future__ import annotations

from datetime import date, timedelta
from random import Random

from crosscurrent.scenario.facts import Person, Role, Stage
from crosscurrent.scenario.names import NameBook
from crosscurrent.scenario.phones import PhoneBook
from crosscurrent.scenario.places import Places

# Name groups and countries of residence per role: the shape of the trade
# as public reporting describes it (Kurdish-led networks, Turkish suppliers,
# Bulgarian and Albanian drivers, passengers from many countries).
ORIGINS: dict[Role, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "supplier": (("turkish",), ("tr",)),
    "storage keeper": (("turkish", "kurdish"), ("de",)),
    "driver": (("bulgarian", "kurdish", "albanian", "arab"), ("de", "bg", "fr")),
    "launch coordinator": (("kurdish", "arab", "eritrean"), ("fr",)),
    "recruiter": (("kurdish", "arab", "persian", "eritrean", "vietnamese", "albanian"), ("fr",)),
    "money broker": (("kurdish", "arab", "persian"), ("gb", "de", "nl", "iq")),
    "phone supplier": (("kurdish", "arab", "albanian"), ("fr", "be")),
    "migrant": (
        ("kurdish", "arab", "persian", "eritrean", "vietnamese", "albanian"),
        ("fr",),
    ),
    "relative": (("kurdish",), ("gb", "de", "nl", "iq")),
}
ORGANISER_ORIGINS: dict[Stage, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "supply": (("kurdish", "turkish", "arab"), ("tr", "de")),
    "storage": (("kurdish", "turkish", "albanian"), ("de",)),
    "launch": (("kurdish", "arab", "albanian"), ("fr", "be", "gb")),
    "finance": (("kurdish", "persian", "arab"), ("gb", "iq", "nl")),
}
# Agencies that intercept or hold as subjects the people of each role.
WATCHERS: dict[Role, tuple[str, ...]] = {
    "supplier": ("NL-POL", "UK-NCA"),
    "storage keeper": ("DE-BPOL", "NL-POL"),
    "driver": ("DE-BPOL", "FR-PN"),
    "launch coordinator": ("FR-PN",),
    "recruiter": ("FR-PN", "UK-NCA", "NL-POL"),
    "money broker": ("IT-PS", "UK-NCA", "NL-POL"),
    "phone supplier": ("FR-PN",),
    "migrant": (),
    "relative": (),
}
ORGANISER_WATCHERS: dict[Stage, tuple[str, ...]] = {
    "supply": ("UK-NCA", "NL-POL", "IT-PS"),
    "storage": ("DE-BPOL", "NL-POL"),
    "launch": ("FR-PN", "UK-NCA"),
    "finance": ("UK-NCA", "IT-PS"),
}
CORE_AGE = (22, 58)
MIGRANT_AGE = (16, 45)
SCENARIO_YEAR = 2024


class PeopleFactory:
    def __init__(self, book: NameBook, phones: PhoneBook, places: Places, ids: Ids) -> None:
        self.book = book
        self.phones = phones
        self.places = places
        self.ids = ids

    def person(
        self,
        rng: Random,
        role: Role,
        network: int,
        stage: Stage | None = None,
        groups: tuple[str, ...] | None = None,
        countries: tuple[str, ...] | None = None,
        female: bool = False,
    ) -> Person:
        if role == "organiser":
            assert stage is not None
            groups_, countries_ = ORGANISER_ORIGINS[stage]
            watchers_pool = ORGANISER_WATCHERS[stage]
        else:
            groups_, countries_ = ORIGINS[role]
            watchers_pool = WATCHERS[role]
        group = self.book.pick_group(rng, groups or groups_)
        given, surname, father = self.book.draw(rng, group, female)
        country = rng.choice(countries or countries_)
        if role == "migrant":
            city, address = rng.choice(self.places.camps), ""
        else:
            city, address = self.places.flat(rng, country)
        low, high = MIGRANT_AGE if role in ("migrant", "relative") else CORE_AGE
        born = date(SCENARIO_YEAR - rng.randint(low, high), 1, 1) + timedelta(rng.randrange(365))
        core = role not in ("migrant", "relative")
        # Core members churn SIM cards; the first number is the one most used.
        n_phones = rng.choice((1, 2, 2, 3)) if core else 1
        home = country if role != "migrant" else rng.choice((*group.nationalities, "fr"))
        phones = [
            self.phones.new(home if i == 0 else rng.choice((country, "fr", "gb")))
            for i in range(n_phones)
        ]
        person = Person(
            id=self.ids.next("P"),
            role=role,
            group=group.key,
            given=given,
            surname=surname,
            father=father,
            female=female,
            born=born,
            nationality=rng.choice(group.nationalities),
            country=country,
            city=city,
            address=address,
            phones=phones,
            network=network,
            stage=stage,
        )
        if watchers_pool:
            k = 1 if rng.random() < 0.6 else min(2, len(watchers_pool))
            person.watchers = tuple(sorted(rng.sample(watchers_pool, k)))
        if core:
            self._aliases(rng, person)
            if rng.random() < 0.35:
                letters = "".join(rng.choice("ABCDEFGHKLMNPRSTUZ") for _ in range(2))
                person.passport = f"{letters}{rng.randint(1000000, 9999999)}"
        return person

    def _aliases(self, rng: Random, person: Person) -> None:
        group = self.book.groups[person.group]
        r = rng.random()
        if person.group in ("kurdish", "arab", "persian") and r < 0.45:
            person.aliases.append(("abu", rng.choice(group.given)))
        elif person.group == "kurdish" and r < 0.7:
            person.aliases.append(("kak", person.given))
        elif r < 0.85:
            person.aliases.append(("nick", rng.choice(self.book.nicknames)))

    def relative_of(self, rng: Random, migrant: Person, brother: bool) -> Person:
        """A brother (same surname and father) or cousin living abroad."""
        rel = self.person(rng, "relative", migrant.network, groups=(migrant.group,))
        rel.surname = migrant.surname
        rel.nationality = migrant.nationality
        if brother:
            rel.father = migrant.father
        return rel

    def namesake(self, rng: Random, of: Person) -> Person:
        """A different man with the same given name and surname."""
        other = self.person(rng, "migrant", of.network, groups=(of.group,))
        other.given, other.surname = of.given, of.surname
        group = self.book.groups[of.group]
        while other.father == of.father and len(group.given) > 1 and not group.patronymic:
            other.father = rng.choice(group.given)
        return other


class Ids:
    """True ids: ``T-<kind>-<n>``, numbered in order of creation."""

    def __init__(self) -> None:
        self.counts: dict[str, int] = {}

    def next(self, kind: str) -> str:
        n = self.counts.get(kind, 0) + 1
        self.counts[kind] = n
        return f"T-{kind}-{n:06d}"
