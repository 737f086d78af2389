"""Federal Police (Belgium): vans stopped in transit on the motorways to the
coast, what they carried, and who drove them.

Bilingual Dutch/French column names; the persons register is the one Excel
workbook in the scenario, with the name in a single "SURNAME, Given" cell.
"""

from __future__ import annotations

from crosscurrent.scenario.facts import Item, Person, Transport, Van
from crosscurrent.scenario.identifiers import write_plate, write_serial
from crosscurrent.scenario.names import Spelling

from .base import Agency, AgencyExport
from .render import view

DATE = "%d/%m/%Y"


class FederalPoliceBE(AgencyExport):
    agency = Agency(
        code="BE-FP",
        name="Federal Police",
        country="be",
        lang="nl",
        prefix="BEFP",
        spelling=Spelling(lang="nl", script=0.0, typo=0.06, swap=0.05),
        serials="lower",
        date=DATE,
    )

    def person_id(self, person: Person) -> str:
        return self.lazy("P", person.id, lambda rid: self._person(person, rid), dup=0.03)

    def _person(self, person: Person, rid: str) -> None:
        v = view(person, self.agency, self.book, self.places, self.rng)
        lang = self.rng.choice(("nl", "fr"))
        nationality = self.places.country_name(person.nationality, lang) if v.nationality else ""
        row = {
            "dossiernummer": rid,
            "naam_nom": f"{v.name.surname.upper()}, {v.name.given}",
            "geboortedatum_date_naissance": v.born,
            "nationaliteit_nationalite": nationality,
            "telefoon_telephone": v.phone,
            "adres_adresse": v.address,
            "alias": v.alias,
        }
        self.emit("personen", row, {"dossiernummer": person.id})

    def van_id(self, van: Van) -> str:
        return self.lazy("V", van.id, lambda rid: self._van(van, rid))

    def _van(self, van: Van, rid: str) -> None:
        row = {
            "voertuig_id": rid,
            "nummerplaat_immatriculation": write_plate(van.plate, self.rng),
            "land_pays": van.country.upper(),
            "merk_marque": van.model,
        }
        self.emit("voertuigen", row, {"voertuig_id": van.id})

    def item_id(self, item: Item) -> str:
        key = "boten" if item.kind == "boat" else "motoren"
        rid = self.lazy("O", item.id, lambda rid: self._item(item, rid))
        record = (self.dataset(key), rid)
        if record not in item.records:
            item.records.append(record)
        return rid

    def _item(self, item: Item, rid: str) -> None:
        serial = write_serial(item.serial, self.agency.serials, self.rng)
        column = "rompnummer_numero_coque" if item.kind == "boat" else "serienummer_numero_serie"
        row = {"object_id": rid, column: serial, "merk_marque": item.make}
        self.emit("boten" if item.kind == "boat" else "motoren", row, {"object_id": item.id})

    def transport(self, transport: Transport) -> None:
        rid = self.new_id("T")
        start, end = transport.start, transport.end
        row = {
            "transport_id": rid,
            "voertuig_id": self.van_id(transport.van),
            "chauffeur_id": self.person_id(transport.driver),
            "vertrek_id": self.known_id("A", start.id),
            "vertrek_adres": f"{start.street}, {start.postcode} {start.city}, Duitsland",
            "bestemming_id": self.known_id("A", end.id),
            "bestemming_adres": f"{end.name}, {end.city}, France",
            "datum_date": transport.day.strftime(DATE),
        }
        truths = {
            "voertuig_id": transport.van.id,
            "chauffeur_id": transport.driver.id,
            "vertrek_id": start.id,
            "bestemming_id": end.id,
        }
        dataset = self.emit("transporten", row, truths)
        for item in transport.items:
            item.records.append((dataset, rid))
            load = self.new_id("L")
            row = {
                "lading_id": load,
                "object_id": self.item_id(item),
                "voertuig_id": self.van_id(transport.van),
                "datum_date": transport.day.strftime(DATE),
            }
            truths = {"object_id": item.id, "voertuig_id": transport.van.id}
            item.records.append((self.emit("lading", row, truths), load))
