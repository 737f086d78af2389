"""Fixtures for the API tests: one small three-agency store, a fresh copy per test.

Fixture strategy:

* ``template`` builds, once per test process, a store with three agencies and
  one tiny dataset each, resolved, and five users (with cheap argon2
  parameters, or sign-in would dominate the run). Each test gets its own copy of the file and its
  audit key (``api``), so tests change the store freely and run in parallel.
* ``api.client(name)`` is a ``TestClient`` signed in as that user (the CSRF token
  and, unless told otherwise, a case reference set on it); all clients of a test
  share one application, started once (its lifespan opens the store). Clients use
  ``https://testserver``: the session cookie is ``Secure``.
* ``api.con()`` is a cursor on the application's own connection, for what a test
  changes behind the API's back (disabling a user) or checks (the audit log).

The data (``DATA``), all names synthetic:

=============== ======== ============== =============================================
dataset         agency   released to    records
=============== ======== ============== =============================================
uk-nca-subjects UK-NCA   (UK-NCA only)  Ahmed Karimi (born 1990-03-12, a phone),
                                        Bilal Nouri, Bilal paid Ahmed on 2025-01-02
fr-pn-checks    FR-PN    UK-NCA         Ahmad Karimi (same birth date, an Arabic
                                        alias), Dario Rossi, Ahmad paid Dario
                                        on 2025-02-01
it-ps-shared    IT-PS    all            Chiara Bianchi; her nationality is marked
                                        apart: UK-NCA and IT-PS only, H1
=============== ======== ============== =============================================

The resolver merges the two Karimis, so UK-NCA sees one Ahmed paid by Bilal and
paying Dario (a money route); FR-PN sees only its own Ahmad and Dario.
"""

import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from crosscurrent.api import create_app
from crosscurrent.share import audit
from crosscurrent.share.users import Role
from crosscurrent.store import view
from factory import e, served_store

BASE_URL = "https://testserver"
CASE = "OP-TEST/2025-001"
AGENCIES = {"UK-NCA": "National Crime Agency", "FR-PN": "Police nationale", "IT-PS": "Polizia"}
DATA = {
    ("uk-nca-subjects", "UK-NCA", None): [
        e("Person", "uk-p1", name="Ahmed Karimi", birthDate="1990-03-12", phone="+447700900123"),
        e("Person", "uk-p2", name="Bilal Nouri"),
        e("Payment", "uk-pay1", payer="uk-p2", beneficiary="uk-p1", date="2025-01-02",
          amount="1500", currency="EUR"),
    ],
    ("fr-pn-checks", "FR-PN", "UK-NCA"): [
        e("Person", "fr-p1", name="Ahmad Karimi", alias="أحمد كريمي", birthDate="1990-03-12"),
        e("Person", "fr-p2", name="Dario Rossi"),
        e("Payment", "fr-pay1", payer="fr-p1", beneficiary="fr-p2", date="2025-02-01",
          amount="1200", currency="EUR"),
    ],
    ("it-ps-shared", "IT-PS", "all"): [
        e("Person", "it-p1", name="Chiara Bianchi", nationality="it"),
    ],
}  # fmt: skip
USERS = {
    # name: (agency, roles)
    "nina": ("UK-NCA", {Role.ANALYST}),
    "sam": ("UK-NCA", {Role.SUPERVISOR}),
    "ada": ("UK-NCA", {Role.AUDITOR}),
    "felix": ("FR-PN", {Role.ANALYST}),
    "ivo": ("IT-PS", {Role.AGENCY_ADMIN}),
}


def password(name: str) -> str:
    return f"pw-{name}-long-enough"


def cid(dataset: str, record: str) -> str:
    """The canonical id of a cluster whose smallest member is this record."""
    return view.canonical_id((dataset, record))


AHMED = cid("fr-pn-checks", "fr-p1")  # the merged Karimi (smallest member is FR's)
BILAL = cid("uk-nca-subjects", "uk-p2")
DARIO = cid("fr-pn-checks", "fr-p2")
CHIARA = cid("it-ps-shared", "it-p1")
MISSING = cid("no-such-dataset", "nobody")


@pytest.fixture(scope="session")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("api-template")
    people = [(name, agency, frozenset(roles), password(name))
              for name, (agency, roles) in USERS.items()]  # fmt: skip
    return served_store(root, AGENCIES, DATA, people)


@dataclass
class Api:
    app: FastAPI
    path: Path
    clients: list[TestClient] = field(default_factory=list)

    def anonymous(self) -> TestClient:
        client = TestClient(self.app, base_url=BASE_URL)
        self.clients.append(client)
        return client

    def client(self, name: str, case: str | None = CASE) -> TestClient:
        """A client signed in as ``name``, sending its CSRF token."""
        client = self.anonymous()
        body: dict[str, Any] = {"name": name, "password": password(name)}
        if case:
            body["case_reference"] = case
        response = client.post("/auth/login", json=body)
        assert response.status_code == 200, response.text
        client.headers["X-CSRF-Token"] = response.json()["csrf_token"]
        return client

    def con(self) -> duckdb.DuckDBPyConnection:
        return self.app.state.cc.con.cursor()  # type: ignore[no-any-return]

    def log(self, since: int = 0) -> list[audit.AuditEntry]:
        return audit.entries(self.con(), since)

    def last_seq(self) -> int:
        entries = self.log()
        return entries[-1].seq if entries else 0


@pytest.fixture
def api(template: Path, tmp_path: Path) -> Iterator[Api]:
    path = tmp_path / "store.duckdb"
    shutil.copy(template, path)
    key = audit.key_path(template)
    shutil.copy(key, audit.key_path(path))  # copy keeps the 0600 mode
    shutil.copy(audit.public_key_path(key), audit.public_key_path(audit.key_path(path)))
    app = create_app(path)
    with TestClient(app, base_url=BASE_URL):  # runs the lifespan: opens the store
        found = Api(app, path)
        yield found
        for client in found.clients:
            client.close()
