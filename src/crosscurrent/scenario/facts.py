"""The true world: what really happened, before any agency writes it down.

Every fact carries a true id (``T-…``); agencies never see these ids, only
the truth files do. Classes compare by identity (``eq=False``) because two
different men may share every written attribute — that is the point.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

from crosscurrent.scenario.phones import Phone

Role = Literal[
    "organiser",
    "recruiter",
    "driver",
    "storage keeper",
    "launch coordinator",
    "money broker",
    "phone supplier",
    "supplier",
    "migrant",
    "relative",
]
Stage = Literal["supply", "storage", "launch", "finance"]
Outcome = Literal["arrived", "rescued", "intercepted", "deaths"]
ItemKind = Literal["boat", "engine"]


@dataclass(eq=False, slots=True)
class Account:
    id: str
    iban: str
    bank: str
    country: str


@dataclass(eq=False, slots=True)
class Person:
    id: str
    role: Role
    group: str
    given: str
    """Lexeme key of the given name (see ``data/names.yaml``)."""
    surname: str
    father: str
    female: bool
    born: date
    nationality: str
    country: str
    """Country of residence (ISO 3166-1 alpha-2, lower case)."""
    city: str
    address: str
    phones: list[Phone]
    network: int
    stage: Stage | None = None
    aliases: list[tuple[str, str]] = field(default_factory=list)
    """(kind, value): kind ``abu`` and ``kak`` take a lexeme key, ``nick`` a word."""
    passport: str | None = None
    account: Account | None = None
    watchers: tuple[str, ...] = ()
    """Agencies that intercept this person's phone or hold them as a subject."""


@dataclass(eq=False, slots=True)
class Company:
    id: str
    name: str
    kind: Literal["supplier", "money service business"]
    country: str
    city: str
    registration: str
    phone: Phone
    account: Account
    contact: Person | None = None


Party = Person | Company


@dataclass(eq=False, slots=True)
class Site:
    id: str
    kind: Literal["storage", "launch"]
    name: str
    street: str
    postcode: str
    city: str
    country: str
    lat: float
    lon: float
    keeper: Person | None = None


@dataclass(eq=False, slots=True)
class Van:
    id: str
    plate: str
    country: str
    model: str


@dataclass(eq=False, slots=True)
class Crossing:
    id: str
    site: Site
    day: date
    aboard: int
    outcome: Outcome
    deaths: int
    landing: str
    boat: Item | None = None
    engine: Item | None = None
    identified: list[Person] = field(default_factory=list)


@dataclass(eq=False, slots=True)
class Transport:
    id: str
    van: Van
    driver: Person
    start: Site
    end: Site
    day: date
    items: list[Item] = field(default_factory=list)


@dataclass(eq=False, slots=True)
class Item:
    """A boat or an outboard engine, and the supply chain it went through."""

    id: str
    kind: ItemKind
    serial: str
    make: str
    model: str
    supplier: Company
    buyer: Person
    sold: date
    storage: Site
    stored: date
    launch: Site
    launched: date
    transport: Transport | None = None
    crossing: Crossing | None = None
    seized: bool = False
    records: list[tuple[str, str]] = field(default_factory=list)
    """(dataset, entity id) of every source record of this chain."""


@dataclass(eq=False, slots=True)
class Payment:
    id: str
    payer: Party
    payee: Party
    amount: float
    currency: str
    day: date
    purpose: str
    cash: bool
    records: list[tuple[str, str]] = field(default_factory=list)


@dataclass(eq=False, slots=True)
class Call:
    caller: Person
    receiver: Person
    caller_phone: Phone
    receiver_phone: Phone
    start: datetime
    seconds: int
