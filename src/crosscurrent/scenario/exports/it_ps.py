"""Polizia di Stato: financial investigation of hawala networks and wiretaps.

Italian column names, dates dd/mm/yyyy, amounts with a decimal comma,
surname first, the father's name (paternità) recorded as Italian records do.
"""

from __future__ import annotations

from crosscurrent.scenario.facts import Account, Call, Company, Party, Payment, Person
from crosscurrent.scenario.identifiers import write_iban
from crosscurrent.scenario.names import Spelling
from crosscurrent.scenario.phones import write_phone

from .base import Agency, AgencyExport
from .render import amount, keep, position, view

DATE = "%d/%m/%Y"
ROLES = {
    "organiser": "organizzatore",
    "recruiter": "procacciatore",
    "driver": "autista",
    "storage keeper": "custode deposito",
    "launch coordinator": "coordinatore partenze",
    "money broker": "hawaladar",
    "phone supplier": "fornitore SIM",
    "supplier": "fornitore",
    "migrant": "migrante",
    "relative": "familiare",
}
KIN = {"brother": "fratello", "cousin": "cugino"}


class ItalianPolice(AgencyExport):
    agency = Agency(
        code="IT-PS",
        name="Polizia di Stato",
        country="it",
        lang="it",
        prefix="ITPS",
        spelling=Spelling(lang="it", script=0.06, typo=0.06, swap=0.08),
        date=DATE,
        decimal_comma=True,
    )

    def person_id(self, person: Person) -> str:
        return self.lazy("P", person.id, lambda rid: self._person(person, rid), dup=0.04)

    def _person(self, person: Person, rid: str) -> None:
        v = view(person, self.agency, self.book, self.places, self.rng)
        row = {
            "id_soggetto": rid,
            "cognome": v.name.surname,
            "nome": v.name.given,
            "paternita": keep(v.name.father, 0.3, self.rng),
            "data_nascita": v.born,
            "luogo_nascita": v.birthplace,
            "nazionalita": v.nationality,
            "utenza": v.phone,
            "domicilio": v.address,
            "alias": v.alias,
            "passaporto": keep(person.passport or "", 0.3, self.rng),
            "qualifica": position(person, ROLES, self.rng),
        }
        self.emit("persone", row, {"id_soggetto": person.id})

    def company_id(self, company: Company) -> str:
        return self.lazy("I", company.id, lambda rid: self._company(company, rid))

    def _company(self, company: Company, rid: str) -> None:
        row = {
            "id_impresa": rid,
            "denominazione": company.name.upper(),
            "paese": self.places.country_name(company.country, "it"),
            "sede": company.city,
            "telefono": write_phone(company.phone, "it", self.rng),
            "codice_identificativo": company.registration,
        }
        self.emit("imprese", row, {"id_impresa": company.id})

    def party_id(self, party: Party) -> str:
        return self.person_id(party) if isinstance(party, Person) else self.company_id(party)

    def account_id(self, account: Account, holder: Party) -> str:
        return self.lazy("R", account.id, lambda rid: self._account(account, holder, rid))

    def _account(self, account: Account, holder: Party, rid: str) -> None:
        row = {
            "id_rapporto": rid,
            "iban": write_iban(account.iban, self.rng),
            "banca": account.bank,
            "id_intestazione": self.new_id("H"),
            "id_intestatario": self.party_id(holder),
        }
        self.emit("conti", row, {"id_rapporto": account.id, "id_intestatario": holder.id})

    def family(self, person: Person, relative: Person, kin: str) -> None:
        row = {
            "id_legame": self.new_id("L"),
            "id_soggetto": self.person_id(person),
            "id_congiunto": self.person_id(relative),
            "relazione": KIN.get(kin, kin),
        }
        self.emit("legami", row, {"id_soggetto": person.id, "id_congiunto": relative.id})

    def payment(self, payment: Payment) -> None:
        payer_account, payee_account = _account(payment.payer), _account(payment.payee)
        # Only bank transfers reach an Italian financial investigation.
        assert payer_account is not None and payee_account is not None
        rid = self.new_id("M")
        row = {
            "id_operazione": rid,
            "id_ordinante": self.party_id(payment.payer),
            "id_beneficiario": self.party_id(payment.payee),
            "rapporto_ordinante": self.account_id(payer_account, payment.payer),
            "rapporto_beneficiario": self.account_id(payee_account, payment.payee),
            "importo": amount(payment.amount, self.agency),
            "divisa": payment.currency,
            "data_operazione": payment.day.strftime(DATE),
            "causale": payment.purpose,
        }
        truths = {
            "id_ordinante": payment.payer.id,
            "id_beneficiario": payment.payee.id,
            "rapporto_ordinante": payer_account.id,
            "rapporto_beneficiario": payee_account.id,
        }
        payment.records.append((self.emit("movimenti", row, truths), rid))

    def call(self, call: Call) -> None:
        row = {
            "progressivo": self.new_id("T"),
            "id_chiamante": self.person_id(call.caller),
            "id_chiamato": self.person_id(call.receiver),
            "utenza_chiamante": write_phone(call.caller_phone, "it", self.rng),
            "utenza_chiamata": write_phone(call.receiver_phone, "it", self.rng),
            "data": call.start.strftime(DATE),
            "ora": call.start.strftime("%H:%M:%S"),
            "durata_sec": str(call.seconds),
        }
        self.emit(
            "intercettazioni",
            row,
            {"id_chiamante": call.caller.id, "id_chiamato": call.receiver.id},
        )


def _account(party: Party) -> Account | None:
    return party.account
