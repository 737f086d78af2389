"""Politie: the supplier investigation (purchases, storage abroad), a hawala
cash book seized in a search, and tapped calls.

Dutch column names, dates dd-mm-yyyy, amounts with a decimal comma, serials
without dashes.
"""

from __future__ import annotations

from crosscurrent.scenario.facts import Call, Company, Item, Party, Payment, Person
from crosscurrent.scenario.identifiers import write_serial
from crosscurrent.scenario.names import Spelling
from crosscurrent.scenario.phones import write_phone

from .base import Agency, AgencyExport
from .render import amount, position, view

DATE = "%d-%m-%Y"
ROLES = {
    "organiser": "organisator",
    "recruiter": "ronselaar",
    "driver": "chauffeur",
    "storage keeper": "opslagbeheerder",
    "launch coordinator": "mensensmokkelaar",
    "money broker": "hawala-bankier",
    "phone supplier": "simkaartleverancier",
    "supplier": "leverancier",
    "migrant": "gesmokkelde",
    "relative": "familielid",
}


class DutchPolice(AgencyExport):
    agency = Agency(
        code="NL-POL",
        name="Politie",
        country="nl",
        lang="nl",
        prefix="NLPOL",
        spelling=Spelling(lang="nl", script=0.0, typo=0.05, swap=0.07),
        serials="compact",
        date=DATE,
        decimal_comma=True,
    )

    def person_id(self, person: Person) -> str:
        return self.lazy("P", person.id, lambda rid: self._person(person, rid), dup=0.04)

    def _person(self, person: Person, rid: str) -> None:
        v = view(person, self.agency, self.book, self.places, self.rng)
        row = {
            "registratienummer": rid,
            "achternaam": v.name.surname,
            "voornamen": v.name.given,
            "geboortedatum": v.born,
            "geboorteplaats": v.birthplace,
            "nationaliteit": v.nationality,
            "telefoonnummer": v.phone,
            "adres": v.address,
            "bijnaam": v.alias,
            "rol": position(person, ROLES, self.rng),
        }
        self.emit("personen", row, {"registratienummer": person.id})

    def company_id(self, company: Company) -> str:
        return self.lazy("B", company.id, lambda rid: self._company(company, rid))

    def _company(self, company: Company, rid: str) -> None:
        row = {
            "bedrijfs_id": rid,
            "bedrijfsnaam": company.name,
            "land": self.places.country_name(company.country, "nl"),
            "vestigingsplaats": company.city,
            "telefoon": write_phone(company.phone, "nl", self.rng),
            "registratienummer": company.registration,
        }
        self.emit("bedrijven", row, {"bedrijfs_id": company.id})

    def party_id(self, party: Party) -> str:
        return self.person_id(party) if isinstance(party, Person) else self.company_id(party)

    def item_id(self, item: Item) -> str:
        key = "boten" if item.kind == "boat" else "motoren"
        rid = self.lazy("O", item.id, lambda rid: self._item(item, rid))
        record = (self.dataset(key), rid)
        if record not in item.records:
            item.records.append(record)
        return rid

    def _item(self, item: Item, rid: str) -> None:
        serial = write_serial(item.serial, self.agency.serials, self.rng)
        if item.kind == "boat":
            row = {
                "object_id": rid,
                "rompnummer": serial,
                "merk": item.make,
                "omschrijving": "rubberboot " + item.model,
            }
            self.emit("boten", row, {"object_id": item.id})
        else:
            row = {
                "object_id": rid,
                "serienummer": serial,
                "merk": item.make,
                "vermogen": item.model.replace("HP", "pk"),
            }
            self.emit("motoren", row, {"object_id": item.id})

    def sale(self, item: Item) -> None:
        bought, supplied = self.new_id("A"), self.new_id("L")
        row = {
            "aankoop_id": bought,
            "levering_id": supplied,
            "koper_id": self.person_id(item.buyer),
            "leverancier_id": self.company_id(item.supplier),
            "object_id": self.item_id(item),
            "datum": item.sold.strftime(DATE),
        }
        truths = {
            "koper_id": item.buyer.id,
            "leverancier_id": item.supplier.id,
            "object_id": item.id,
        }
        dataset = self.emit("aankopen", row, truths)
        item.records.extend([(dataset, bought), (dataset, supplied)])

    def storage(self, item: Item) -> None:
        rid = self.new_id("S")
        site = item.storage
        row = {
            "opslag_id": rid,
            "object_id": self.item_id(item),
            "locatie_id": self.known_id("Q", site.id),
            "locatie": site.street,
            "plaats": f"{site.postcode} {site.city}",
            "land": "Duitsland",
            "datum": item.stored.strftime(DATE),
        }
        dataset = self.emit("opslag", row, {"object_id": item.id, "locatie_id": site.id})
        item.records.append((dataset, rid))

    def payment(self, payment: Payment) -> None:
        rid = self.new_id("K")
        row = {
            "boeking_id": rid,
            "betaler_id": self.party_id(payment.payer),
            "ontvanger_id": self.party_id(payment.payee),
            "bedrag": amount(payment.amount, self.agency),
            "valuta": payment.currency,
            "datum": payment.day.strftime(DATE),
            "omschrijving": payment.purpose,
        }
        truths = {"betaler_id": payment.payer.id, "ontvanger_id": payment.payee.id}
        payment.records.append((self.emit("kasboek", row, truths), rid))

    def call(self, call: Call) -> None:
        row = {
            "gesprek_id": self.new_id("T"),
            "beller_id": self.person_id(call.caller),
            "gebelde_id": self.person_id(call.receiver),
            "nummer_beller": write_phone(call.caller_phone, "nl", self.rng),
            "nummer_gebelde": write_phone(call.receiver_phone, "nl", self.rng),
            "datum_tijd": call.start.strftime("%d-%m-%Y %H:%M"),
            "duur_sec": str(call.seconds),
        }
        self.emit(
            "tapverslagen", row, {"beller_id": call.caller.id, "gebelde_id": call.receiver.id}
        )
