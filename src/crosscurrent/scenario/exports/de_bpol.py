"""Bundespolizei: storage sites, boats and engines found in them, vans
checked on the way west, and intercepted calls.

German column names, ``;`` as delimiter, dates dd.mm.yyyy, Turkish names
with their own letters, serials with spaces.
"""

from __future__ import annotations

from crosscurrent.scenario.facts import Call, Item, Person, Site, Transport, Van
from crosscurrent.scenario.identifiers import write_plate, write_serial
from crosscurrent.scenario.names import Spelling
from crosscurrent.scenario.phones import write_phone

from .base import Agency, AgencyExport
from .render import position, view

DATE = "%d.%m.%Y"
ROLES = {
    "organiser": "Organisator",
    "recruiter": "Anwerber",
    "driver": "Fahrer",
    "storage keeper": "Lagerhalter",
    "launch coordinator": "Schleuser",
    "money broker": "Geldkurier",
    "phone supplier": "SIM-Lieferant",
    "supplier": "Lieferant",
    "migrant": "Geschleuster",
    "relative": "Angehöriger",
}


class FederalPoliceDE(AgencyExport):
    agency = Agency(
        code="DE-BPOL",
        name="Bundespolizei",
        country="de",
        lang="de",
        prefix="BPOL",
        spelling=Spelling(lang="de", script=0.03, typo=0.05, swap=0.06),
        serials="spaced",
        delimiter=";",
        date=DATE,
    )

    def person_id(self, person: Person) -> str:
        return self.lazy("P", person.id, lambda rid: self._person(person, rid), dup=0.04)

    def _person(self, person: Person, rid: str) -> None:
        v = view(person, self.agency, self.book, self.places, self.rng)
        row = {
            "Personen_ID": rid,
            "Nachname": v.name.surname,
            "Vorname": v.name.given,
            "Geburtsdatum": v.born,
            "Geburtsort": v.birthplace,
            "Staatsangehörigkeit": v.nationality,
            "Telefon": v.phone,
            "Anschrift": v.address,
            "Aliasname": v.alias,
            "Reisepass": person.passport or "",
            "Rolle": position(person, ROLES, self.rng),
        }
        self.emit("personen", row, {"Personen_ID": person.id})

    def site_id(self, site: Site) -> str:
        return self.lazy("L", site.id, lambda rid: self._site(site, rid))

    def _site(self, site: Site, rid: str) -> None:
        assert site.keeper is not None
        row = {
            "Lager_ID": rid,
            "Bezeichnung": site.name,
            "Straße": site.street,
            "PLZ": site.postcode,
            "Ort": site.city,
            "Breite": f"{site.lat:.5f}",
            "Länge": f"{site.lon:.5f}",
            "Halter_ID": self.person_id(site.keeper),
            "Halter_Vorgang": self.new_id("H"),
        }
        self.emit("lager", row, {"Lager_ID": site.id, "Halter_ID": site.keeper.id})

    def item_id(self, item: Item) -> str:
        key = "boote" if item.kind == "boat" else "motoren"
        rid = self.lazy("O", item.id, lambda rid: self._item(item, rid))
        record = (self.dataset(key), rid)
        if record not in item.records:
            item.records.append(record)
        return rid

    def _item(self, item: Item, rid: str) -> None:
        serial = write_serial(item.serial, self.agency.serials, self.rng)
        if item.kind == "boat":
            row = {
                "Objekt_ID": rid,
                "Rumpfnummer": serial,
                "Hersteller": item.make,
                "Beschreibung": "Schlauchboot " + item.model.split()[-2] + " m",
            }
            self.emit("boote", row, {"Objekt_ID": item.id})
        else:
            row = {
                "Objekt_ID": rid,
                "Seriennummer": serial,
                "Hersteller": item.make,
                "Leistung": item.model.replace("HP", "PS"),
            }
            self.emit("motoren", row, {"Objekt_ID": item.id})

    def van_id(self, van: Van) -> str:
        return self.lazy("F", van.id, lambda rid: self._van(van, rid))

    def _van(self, van: Van, rid: str) -> None:
        row = {
            "Fahrzeug_ID": rid,
            "Kennzeichen": write_plate(van.plate, self.rng),
            "Zulassungsland": self.places.country_name(van.country, "de")
            if van.country in self.places.countries
            else van.country.upper(),
            "Marke_Modell": van.model,
        }
        self.emit("fahrzeuge", row, {"Fahrzeug_ID": van.id})

    def storage(self, item: Item) -> None:
        rid = self.new_id("V")
        row = {
            "Vorgang_ID": rid,
            "Objekt_ID": self.item_id(item),
            "Lager_ID": self.site_id(item.storage),
            "Festgestellt_am": item.stored.strftime(DATE),
        }
        dataset = self.emit("lagerungen", row, {"Objekt_ID": item.id, "Lager_ID": item.storage.id})
        item.records.append((dataset, rid))

    def transport(self, transport: Transport) -> None:
        rid = self.new_id("K")
        end = transport.end
        row = {
            "Kontroll_ID": rid,
            "Fahrzeug_ID": self.van_id(transport.van),
            "Fahrer_ID": self.person_id(transport.driver),
            "Lager_ID": self.site_id(transport.start),
            "Ziel_ID": self.known_id("Z", end.id),
            "Zielort": f"{end.name}, {end.city}, Frankreich",
            "Kontrolldatum": transport.day.strftime(DATE),
        }
        truths = {
            "Fahrzeug_ID": transport.van.id,
            "Fahrer_ID": transport.driver.id,
            "Lager_ID": transport.start.id,
            "Ziel_ID": end.id,
        }
        dataset = self.emit("transporte", row, truths)
        for item in transport.items:
            item.records.append((dataset, rid))
            load = self.new_id("D")
            row = {
                "Ladung_ID": load,
                "Objekt_ID": self.item_id(item),
                "Fahrzeug_ID": self.van_id(transport.van),
                "Datum": transport.day.strftime(DATE),
            }
            truths = {"Objekt_ID": item.id, "Fahrzeug_ID": transport.van.id}
            item.records.append((self.emit("ladungen", row, truths), load))

    def call(self, call: Call) -> None:
        row = {
            "Verbindungs_ID": self.new_id("C"),
            "Anrufer_ID": self.person_id(call.caller),
            "Angerufener_ID": self.person_id(call.receiver),
            "Rufnummer_A": write_phone(call.caller_phone, "de", self.rng),
            "Rufnummer_B": write_phone(call.receiver_phone, "de", self.rng),
            "Beginn": call.start.strftime("%d.%m.%Y %H:%M"),
            "Dauer_s": str(call.seconds),
        }
        truths = {"Anrufer_ID": call.caller.id, "Angerufener_ID": call.receiver.id}
        self.emit("verbindungen", row, truths)
