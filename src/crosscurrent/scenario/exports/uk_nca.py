"""National Crime Agency: intelligence already held as FtM entities.

Three JSON-lines files of FtM entities (subjects, supply, finance) and one
CSV of call data records. Values in the entity files are FtM-clean (ISO
dates, E.164 phones, country codes) because the NCA's own system exports
them that way; the names are no cleaner than anyone else's.
"""

from __future__ import annotations

from typing import Any

from followthemoney import model

from crosscurrent.scenario.facts import Account, Call, Company, Item, Party, Payment, Person
from crosscurrent.scenario.identifiers import write_serial
from crosscurrent.scenario.names import Spelling, write_alias, write_name

from .base import Agency, AgencyExport
from .render import birth_date, keep, position

STAMP = "%Y-%m-%d %H:%M:%S"
LATIN = Spelling(lang="en", script=0.0, typo=0.04, swap=0.05)
ROLES = {
    "organiser": "organiser",
    "recruiter": "agent",
    "driver": "driver",
    "storage keeper": "logistics",
    "launch coordinator": "facilitator",
    "money broker": "money launderer",
    "phone supplier": "enabler",
    "supplier": "supplier",
    "migrant": "",
    "relative": "",
}


class NationalCrimeAgency(AgencyExport):
    agency = Agency(
        code="UK-NCA",
        name="National Crime Agency",
        country="gb",
        lang="en",
        prefix="NCA",
        spelling=LATIN,
        serials="plain",
        date="%Y-%m-%d",
    )

    def _entity(self, key: str, schema: str, rid: str, true_id: str | None, **props: Any) -> str:
        proxy = model.make_entity(schema)
        proxy.id = rid
        for prop, values in props.items():
            for value in values if isinstance(values, list) else [values]:
                if value:
                    proxy.add(prop, value)
        return self.emit_entity(key, proxy.to_dict(), true_id)

    def person_id(self, person: Person) -> str:
        return self.lazy("P", person.id, lambda rid: self._person(person, rid), dup=0.03)

    def _person(self, person: Person, rid: str) -> None:
        rng = self.rng
        keys = (person.given, person.surname, person.father)
        latin = write_name(self.book, person.group, keys, LATIN, rng)
        names = [f"{latin.given} {latin.surname.upper()}"]
        script = self.book.groups[person.group].script
        if script not in (None, "native") and rng.random() < 0.3:
            original = write_name(self.book, person.group, keys, Spelling("en", 1.0, 0, 0), rng)
            names.append(f"{original.given} {original.surname}")
        aliases = [write_alias(self.book, a, "en", rng) for a in person.aliases]
        self._entity(
            "subjects",
            "Person",
            rid,
            person.id,
            name=names,
            firstName=latin.given,
            lastName=latin.surname,
            fatherName=keep(latin.father, 0.5, rng),
            alias=aliases,
            birthDate=keep(birth_date(person, "%Y-%m-%d", rng), 0.1, rng),
            nationality=person.nationality,
            phone=[p.e164 for p in person.phones if rng.random() < 0.7],
            address=keep(person.address, 0.4, rng),
            passportNumber=person.passport or "",
            position=position(person, ROLES, rng),
        )

    def company_id(self, company: Company) -> str:
        return self.lazy("C", company.id, lambda rid: self._company(company, rid))

    def _company(self, company: Company, rid: str) -> None:
        self._entity(
            "subjects",
            "Company",
            rid,
            company.id,
            name=company.name,
            country=company.country,
            phone=company.phone.e164,
            registrationNumber=company.registration,
            address=company.city,
        )

    def party_id(self, party: Party) -> str:
        return self.person_id(party) if isinstance(party, Person) else self.company_id(party)

    def account_id(self, account: Account, holder: Party) -> str:
        return self.lazy("A", account.id, lambda rid: self._account(account, holder, rid))

    def _account(self, account: Account, holder: Party, rid: str) -> None:
        self._entity(
            "subjects",
            "BankAccount",
            rid,
            account.id,
            iban=account.iban,
            bankName=account.bank,
            country=account.country,
        )
        self._entity(
            "subjects",
            "Ownership",
            self.new_id("O"),
            None,
            owner=self.party_id(holder),
            asset=rid,
            role="account holder",
        )

    def item_id(self, item: Item) -> str:
        rid = self.lazy(
            "V" if item.kind == "boat" else "E", item.id, lambda rid: self._item(item, rid)
        )
        record = (self.dataset("supply"), rid)
        if record not in item.records:
            item.records.append(record)
        return rid

    def _item(self, item: Item, rid: str) -> None:
        serial = write_serial(item.serial, self.agency.serials, self.rng)
        schema, kind = (
            ("Vessel", "inflatable boat") if item.kind == "boat" else ("Vehicle", "outboard engine")
        )
        self._entity(
            "supply",
            schema,
            rid,
            item.id,
            registrationNumber=serial,
            type=kind,
            model=f"{item.make} {item.model}",
        )

    def sale(self, item: Item) -> None:
        obj = self.item_id(item)
        bought, supplied = self.new_id("S"), self.new_id("U")
        dataset = self._entity(
            "supply",
            "Ownership",
            bought,
            None,
            owner=self.person_id(item.buyer),
            asset=obj,
            role="bought from",
            recordId=bought,
            date=item.sold.isoformat(),
        )
        self._entity(
            "supply",
            "UnknownLink",
            supplied,
            None,
            subject=self.company_id(item.supplier),
            object=obj,
            role="supplied",
            date=item.sold.isoformat(),
        )
        item.records.extend([(dataset, bought), (dataset, supplied)])

    def payment(self, payment: Payment) -> None:
        rid = self.new_id("F")
        accounts: dict[str, str] = {}
        if not payment.cash:
            for prop, party in (
                ("payerAccount", payment.payer),
                ("beneficiaryAccount", payment.payee),
            ):
                if party.account is not None:
                    accounts[prop] = self.account_id(party.account, party)
        dataset = self._entity(
            "finance",
            "Payment",
            rid,
            None,
            payer=self.party_id(payment.payer),
            beneficiary=self.party_id(payment.payee),
            amount=f"{payment.amount:.2f}",
            currency=payment.currency,
            date=payment.day.isoformat(),
            purpose=payment.purpose,
            **accounts,
        )
        payment.records.append((dataset, rid))

    def call(self, call: Call) -> None:
        row = {
            "call_id": self.new_id("K"),
            "caller_ref": self.person_id(call.caller),
            "receiver_ref": self.person_id(call.receiver),
            "a_number": call.caller_phone.e164,
            "b_number": call.receiver_phone.e164,
            "call_start": call.start.strftime(STAMP),
            "duration_s": str(call.seconds),
        }
        self.emit("calls", row, {"caller_ref": call.caller.id, "receiver_ref": call.receiver.id})
