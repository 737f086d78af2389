"""Ground truth for evaluators: which source entity is which real thing, and
the planted structures (organisers, supply chains, money routes).

Nothing here is exported to agencies; the truth files sit beside the exports.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import IO, Any, TypedDict

from crosscurrent.scenario.facts import Company, Item, Party, Payment, Person
from crosscurrent.scenario.names import NameBook

REAL_THINGS = frozenset(
    {"Person", "Company", "LegalEntity", "Vessel", "Vehicle", "Address", "BankAccount"}
)


class TruthEntity(TypedDict):
    id: str
    dataset: str
    schema: str
    entity: str
    stub: bool


class SupplyChain(TypedDict):
    item: str
    kind: str
    serial: str
    supplier: str
    storage: str
    launch: str
    crossing: str | None
    records: list[list[str]]


class MoneyRoute(TypedDict):
    path: list[str]
    payments: list[list[str]]
    amounts: list[float]
    currency: list[str]


class Truth:
    def __init__(self, out: Path, book: NameBook) -> None:
        self.dir = out / "truth"
        self.dir.mkdir(parents=True, exist_ok=True)
        self.book = book
        self._fh: IO[str] = (self.dir / "entities.jsonl").open("w", encoding="utf-8")
        self._seen: set[tuple[str, str]] = set()
        self.organisers: list[dict[str, str]] = []
        self.roles: dict[str, str] = {}
        self.chains: list[SupplyChain] = []
        self.routes: list[MoneyRoute] = []

    def entity(self, dataset: str, entity_id: str, schema: str, true_id: str, stub: bool) -> None:
        """Record that (dataset, entity_id) stands for `true_id`; repeats are ignored."""
        key = (dataset, entity_id)
        if key in self._seen:
            return
        self._seen.add(key)
        line = TruthEntity(id=entity_id, dataset=dataset, schema=schema, entity=true_id, stub=stub)
        self._fh.write(json.dumps(line, ensure_ascii=False) + "\n")

    def person(self, person: Person) -> None:
        self.roles[person.id] = person.role
        if person.role == "organiser":
            name = self.book.canonical(person.given, person.surname)
            self.organisers.append({"entity": person.id, "name": name, "stage": person.stage or ""})

    def company(self, company: Company) -> None:
        self.roles[company.id] = company.kind

    def chain(self, item: Item) -> None:
        self.chains.append(
            SupplyChain(
                item=item.id,
                kind=item.kind,
                serial=item.serial,
                supplier=item.supplier.id,
                storage=item.storage.id,
                launch=item.launch.id,
                crossing=item.crossing.id if item.crossing else None,
                records=[list(r) for r in item.records],
            )
        )

    def route(self, payments: list[Payment]) -> None:
        path: list[Party] = [payments[0].payer, *(p.payee for p in payments)]
        self.routes.append(
            MoneyRoute(
                path=[party.id for party in path],
                # Each payment is recorded by exactly one agency (see coverage).
                payments=[list(p.records[0]) for p in payments],
                amounts=[p.amount for p in payments],
                currency=[p.currency for p in payments],
            )
        )

    def close(self) -> dict[str, Any]:
        self._fh.close()
        network = {
            "organisers": self.organisers,
            "roles": self.roles,
            "supply_chains": self.chains,
            "money_routes": self.routes,
        }
        with (self.dir / "network.json").open("w", encoding="utf-8") as fh:
            json.dump(network, fh, ensure_ascii=False, indent=1)
        return network
