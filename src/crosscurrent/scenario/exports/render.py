"""How an agency writes a person, a date, an amount: the shared habits.

Every date written here parses with the format the agency's mapping gives,
so errors are plausible but never unparseable: day and month are swapped
only when both are 12 or less; the year slips by one; passengers without
papers get the 1 January placeholder.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from random import Random

from crosscurrent.scenario.facts import Person
from crosscurrent.scenario.names import NameBook, WrittenName, write_alias, write_name
from crosscurrent.scenario.phones import write_phone
from crosscurrent.scenario.places import Places

from .base import Agency


def birth_date(person: Person, fmt: str, rng: Random) -> str:
    born = person.born
    r = rng.random()
    if r < 0.05 and born.day <= 12 and born.day != born.month:
        born = date(born.year, born.day, born.month)
    elif r < 0.09:
        born = date(born.year + rng.choice((-1, 1)), born.month, min(born.day, 28))
    elif r < 0.15 and person.role == "migrant":
        born = date(born.year, 1, 1)
    return born.strftime(fmt)


def amount(value: float, agency: Agency) -> str:
    text = f"{value:.2f}"
    return text.replace(".", ",") if agency.decimal_comma else text


def keep(value: str, p_missing: float, rng: Random) -> str:
    """The value, or empty when the officer left the field blank."""
    return "" if rng.random() < p_missing else value


@dataclass(frozen=True, slots=True)
class PersonView:
    """One agency's record of a person, in its own spellings."""

    name: WrittenName
    born: str
    nationality: str
    phone: str
    alias: str
    address: str
    birthplace: str


def view(
    person: Person,
    agency: Agency,
    book: NameBook,
    places: Places,
    rng: Random,
    missing: float = 0.15,
) -> PersonView:
    keys = (person.given, person.surname, person.father)
    name = write_name(book, person.group, keys, agency.spelling, rng)
    phone = person.phones[0] if rng.random() < 0.75 else rng.choice(person.phones)
    alias = ""
    if person.aliases and rng.random() < 0.6:
        alias = write_alias(book, rng.choice(person.aliases), agency.lang, rng)
    # Birthplace is a fact about the person, so it must not change per record.
    towns = places.residences.get(person.nationality, ("",))
    birthplace = towns[int(person.id[-6:]) % len(towns)]
    return PersonView(
        name=name,
        born=keep(birth_date(person, agency.date, rng), missing, rng),
        nationality=keep(places.country_name(person.nationality, agency.lang), missing, rng),
        phone=keep(write_phone(phone, agency.country, rng), missing * 1.5, rng),
        alias=alias,
        address=keep(person.address, missing * 2, rng),
        birthplace=keep(birthplace, missing * 2, rng),
    )


def position(person: Person, labels: dict[str, str], rng: Random) -> str:
    """The role as the agency judged it: often blank, sometimes wrong."""
    r = rng.random()
    # Organisers keep their distance: agencies rarely know them as such.
    if r < (0.75 if person.role == "organiser" else 0.4):
        return ""
    if r < 0.5:
        return rng.choice(sorted(labels.values()))
    return labels[person.role]
