"""Police nationale: the beaches — launches, seizures, crossings, call records.

French column names, dates dd/mm/yyyy, surnames in capitals, serials keyed
in with spaces. Detailed billing records are the ``fadettes``.
"""

from __future__ import annotations

from crosscurrent.scenario.facts import Call, Crossing, Item, Person, Site
from crosscurrent.scenario.identifiers import write_serial
from crosscurrent.scenario.names import Spelling
from crosscurrent.scenario.phones import write_phone

from .base import Agency, AgencyExport
from .render import position, view

DATE = "%d/%m/%Y"
ROLES = {
    "organiser": "organisateur",
    "recruiter": "rabatteur",
    "driver": "chauffeur",
    "storage keeper": "logisticien",
    "launch coordinator": "passeur",
    "money broker": "collecteur",
    "phone supplier": "fournisseur de lignes",
    "supplier": "fournisseur",
    "migrant": "migrant",
    "relative": "proche",
}
OUTCOMES = {
    "arrived": "arrivée Royaume-Uni",
    "rescued": "secourue",
    "intercepted": "interceptée",
    "deaths": "naufrage avec décès",
}


class FrenchPolice(AgencyExport):
    agency = Agency(
        code="FR-PN",
        name="Police nationale",
        country="fr",
        lang="fr",
        prefix="FRPN",
        spelling=Spelling(lang="fr", script=0.0, typo=0.07, swap=0.1, upper_surname=True),
        serials="spaced",
        date=DATE,
    )

    def person_id(self, person: Person) -> str:
        return self.lazy("I", person.id, lambda rid: self._person(person, rid), dup=0.05)

    def _person(self, person: Person, rid: str) -> None:
        v = view(person, self.agency, self.book, self.places, self.rng)
        row = {
            "id_individu": rid,
            "nom": v.name.surname,
            "prenom": v.name.given,
            "date_naissance": v.born,
            "lieu_naissance": v.birthplace,
            "nationalite": v.nationality,
            "telephone": v.phone,
            "adresse": v.address,
            "alias": v.alias,
            "qualite": position(person, ROLES, self.rng),
        }
        self.emit("individus", row, {"id_individu": person.id})

    def site_id(self, site: Site) -> str:
        return self.lazy("L", site.id, lambda rid: self._site(site, rid))

    def _site(self, site: Site, rid: str) -> None:
        row = {
            "id_lieu": rid,
            "libelle": site.name,
            "commune": site.city,
            "latitude": f"{site.lat:.4f}",
            "longitude": f"{site.lon:.4f}",
        }
        self.emit("lieux", row, {"id_lieu": site.id})

    def item_id(self, item: Item) -> str:
        key = "embarcations" if item.kind == "boat" else "moteurs"
        rid = self.lazy(item.kind[0].upper(), item.id, lambda rid: self._item(item, rid))
        record = (self.dataset(key), rid)
        if record not in item.records:
            item.records.append(record)
        return rid

    def _item(self, item: Item, rid: str) -> None:
        serial = write_serial(item.serial, self.agency.serials, self.rng)
        if item.kind == "boat":
            row = {
                "id_embarcation": rid,
                "numero_coque": serial,
                "marque": item.make,
                "description": item.model,
            }
            self.emit("embarcations", row, {"id_embarcation": item.id})
        else:
            row = {
                "id_moteur": rid,
                "numero_serie": serial,
                "marque": item.make,
                "puissance": item.model.replace("HP", "CV"),
            }
            self.emit("moteurs", row, {"id_moteur": item.id})

    def launch(self, item: Item) -> None:
        key, id_column, date_column = (
            ("saisies", "id_saisie", "date_saisie")
            if item.seized
            else ("mises-a-eau", "id_constat", "date_constat")
        )
        rid = self.new_id("S" if item.seized else "C")
        row = {
            id_column: rid,
            "id_objet": self.item_id(item),
            "id_lieu": self.site_id(item.launch),
            date_column: item.launched.strftime(DATE),
        }
        dataset = self.emit(key, row, {"id_objet": item.id, "id_lieu": item.launch.id})
        item.records.append((dataset, rid))

    def crossing(self, crossing: Crossing) -> None:
        assert crossing.boat is not None and crossing.engine is not None
        rid = self.new_id("T")
        row = {
            "id_traversee": rid,
            "id_embarcation": self.item_id(crossing.boat),
            "id_lieu": self.site_id(crossing.site),
            "date_depart": crossing.day.strftime(DATE),
            "personnes_a_bord": str(crossing.aboard),
            "issue": OUTCOMES[crossing.outcome],
            "code_issue": crossing.outcome,
            "deces": str(crossing.deaths),
        }
        truths = {"id_embarcation": crossing.boat.id, "id_lieu": crossing.site.id}
        dataset = self.emit("traversees", row, truths)
        crossing.boat.records.append((dataset, rid))
        crossing.engine.records.append((dataset, rid))

    def call(self, call: Call) -> None:
        row = {
            "id_appel": self.new_id("F"),
            "id_appelant": self.person_id(call.caller),
            "id_appele": self.person_id(call.receiver),
            "numero_appelant": write_phone(call.caller_phone, "fr", self.rng),
            "numero_appele": write_phone(call.receiver_phone, "fr", self.rng),
            "date_heure": call.start.strftime("%d/%m/%Y %H:%M:%S"),
            "duree_s": str(call.seconds),
        }
        self.emit("fadettes", row, {"id_appelant": call.caller.id, "id_appele": call.receiver.id})
