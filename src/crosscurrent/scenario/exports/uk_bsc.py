"""Border Security Command: arrivals at Dover, the boats, who was aboard, and
the call logs of handsets examined on arrival.

English column names, British dates (dd/mm/yyyy), nationality as ISO 3166
alpha-3 codes, names taken down quickly at the quayside.
"""

from __future__ import annotations

from crosscurrent.scenario.facts import Call, Crossing, Item, Person
from crosscurrent.scenario.identifiers import write_serial
from crosscurrent.scenario.names import Spelling, write_alias
from crosscurrent.scenario.phones import write_phone

from .base import Agency, AgencyExport
from .render import position, view

DATE = "%d/%m/%Y"
ROLES = {
    "organiser": "facilitator",
    "recruiter": "agent",
    "driver": "driver",
    "storage keeper": "logistics",
    "launch coordinator": "facilitator",
    "money broker": "hawaladar",
    "phone supplier": "unknown",
    "supplier": "unknown",
    "migrant": "passenger",
    "relative": "family contact",
}


class BorderSecurityCommand(AgencyExport):
    agency = Agency(
        code="UK-BSC",
        name="Border Security Command",
        country="gb",
        lang="en",
        prefix="BSC",
        spelling=Spelling(lang="en", script=0.02, typo=0.09, swap=0.12),
        serials="compact",
        date=DATE,
    )

    def person_id(self, person: Person) -> str:
        return self.lazy("P", person.id, lambda rid: self._person(person, rid), dup=0.06)

    def _person(self, person: Person, rid: str) -> None:
        # Contacts found in a handset are often known only by the name they
        # were saved under, which then stands in the forenames field.
        if person.role != "migrant" and self.rng.random() < 0.3 and person.aliases:
            v = view(person, self.agency, self.book, self.places, self.rng, missing=0.0)
            label = write_alias(self.book, self.rng.choice(person.aliases), "en", self.rng)
            row = {"person_ref": rid, "forenames": label, "alias": label, "phone": v.phone}
        else:
            v = view(person, self.agency, self.book, self.places, self.rng, missing=0.2)
            row = {
                "person_ref": rid,
                "surname": v.name.surname,
                "forenames": v.name.given,
                "dob": v.born,
                "nationality": v.nationality,
                "phone": v.phone,
                "alias": v.alias,
                "assessment": position(person, ROLES, self.rng),
            }
        self.emit("persons", row, {"person_ref": person.id})

    def vessel_id(self, item: Item) -> str:
        rid = self.lazy("V", item.id, lambda rid: self._vessel(item, rid))
        record = (self.dataset("vessels"), rid)
        if record not in item.records:
            item.records.append(record)
        return rid

    def _vessel(self, item: Item, rid: str) -> None:
        hin = write_serial(item.serial, self.agency.serials, self.rng)
        row = {"vessel_ref": rid, "hin": hin, "description": f"grey inflatable, {item.model}"}
        self.emit("vessels", row, {"vessel_ref": item.id})

    def crossing(self, crossing: Crossing) -> None:
        assert crossing.boat is not None and crossing.engine is not None
        rid = self.new_id("X")
        row = {
            "crossing_ref": rid,
            "vessel_ref": self.vessel_id(crossing.boat),
            "date_arrived": crossing.day.strftime(DATE),
            "landing_point": crossing.landing,
            "persons_aboard": str(crossing.aboard),
            "outcome": crossing.outcome,
            "deaths": str(crossing.deaths),
        }
        dataset = self.emit("crossings", row, {"vessel_ref": crossing.boat.id})
        crossing.boat.records.append((dataset, rid))
        crossing.engine.records.append((dataset, rid))
        for i, person in enumerate(crossing.identified):
            status = "pilot" if i == 0 else "passenger"
            row = {"crossing_ref": rid, "person_ref": self.person_id(person), "status": status}
            self.emit("aboard", row, {"person_ref": person.id})

    def call(self, call: Call) -> None:
        row = {
            "call_ref": self.new_id("C"),
            "caller_ref": self.person_id(call.caller),
            "receiver_ref": self.person_id(call.receiver),
            "caller_number": write_phone(call.caller_phone, "gb", self.rng),
            "receiver_number": write_phone(call.receiver_phone, "gb", self.rng),
            "call_start": call.start.strftime("%d/%m/%Y %H:%M"),
            "duration_seconds": str(call.seconds),
        }
        self.emit(
            "device-calls", row, {"caller_ref": call.caller.id, "receiver_ref": call.receiver.id}
        )
