"""End-to-end fixtures: a real server, Debian's Chromium driven by Playwright.

Fixture strategy:

* ``template`` builds, once per test process, a small resolved store (the same
  three agencies as the API tests, plus a chain of payments for paths and a few
  situation events) with one analyst per agency (cheap argon2 parameters).
* ``server`` copies it and starts ``crosscurrent serve`` (uvicorn, one process,
  as deployed) on a free loopback port for each test: tests judge and upload, so
  none shares a store with another. Start-up is about a second.
* ``browser`` is one headless Chromium per test process, launched from
  ``/usr/bin/chromium`` (``make install-dev`` installs it with apt; Playwright
  never downloads a browser), with the flags that keep it off the network.
* ``ui.page(name)`` opens a new browser context (its own cookies) signed in as
  that user through the login form. Every page records console errors, page
  errors and CSP refusals; ``ui.check()`` (run after each test) fails the test
  if there were any.
* Screenshots go to ``$CROSSCURRENT_SCREENSHOTS`` or ``test-artifacts/ui``.

The data, all names synthetic (``DATA``): UK-NCA holds Ahmed Karimi (phone,
birth date) and Bilal Nouri, who paid Ahmed; FR-PN releases to UK-NCA Ahmad
Karimi (same birth date, an Arabic alias) who paid Dario Rossi, two events
(a launch at Gravelines, a death off Wissant), a boat stored in Duisburg and
launched from Gravelines on a crossing that arrived, and two people who each
half-match one of UK-NCA's (the review queue); IT-PS releases Chiara Bianchi to
all, but her nationality only to UK-NCA, and keeps a rescue event to itself.
"""

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, Playwright, sync_playwright

from crosscurrent.share import audit
from crosscurrent.web import missing_vendor
from factory import e, served_store

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # Without these Chromium keeps calling home, which this closed network refuses.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
CASE = "OP-UI/2025-001"
PASSWORD = "ui-test-password"
AGENCIES = {"UK-NCA": "National Crime Agency", "FR-PN": "Police nationale", "IT-PS": "Polizia"}
USERS = {"nina": "UK-NCA", "felix": "FR-PN", "ivo": "IT-PS"}
DATA = {
    ("uk-nca-subjects", "UK-NCA", None): [
        e("Person", "uk-p1", name="Ahmed Karimi", birthDate="1990-03-12", phone="+447700900123"),
        e("Person", "uk-p2", name="Bilal Nouri"),
        e("Person", "uk-p3", name="Samir Haddad", phone="+447700900555"),
        e("Person", "uk-p4", name="Yusuf Demir", birthDate="1985-05-05"),
        e("Payment", "uk-pay1", payer="uk-p2", beneficiary="uk-p1", date="2025-01-02",
          amount="1500", currency="EUR"),
    ],
    ("fr-pn-checks", "FR-PN", "UK-NCA"): [
        e("Person", "fr-p1", name="Ahmad Karimi", alias="أحمد كريمي", birthDate="1990-03-12"),
        e("Person", "fr-p2", name="Dario Rossi"),
        e("Payment", "fr-pay1", payer="fr-p1", beneficiary="fr-p2", date="2025-02-01",
          amount="1200", currency="EUR"),
        e("Address", "fr-l1", full="Plage des Huttes, Gravelines", latitude="51.01",
          longitude="2.12"),
        e("Event", "fr-ev1", keywords="launch-sighted", date="2024-09-15",
          addressEntity="fr-l1", summary="40 aboard; confidence: probable"),
        e("Event", "fr-ev2", keywords="death", date="2024-09-14", location="opale-south",
          summary="52 aboard; deaths: 2"),
        # A boat's supply chain: stored in Germany, launched from Gravelines, arrived.
        e("Address", "fr-s1", full="Lagerhalle 7, Duisburg", latitude="51.43",
          longitude="6.76", country="de", remarks="storage site"),
        e("Vessel", "fr-b1", name="Boat HX-77"),
        e("UnknownLink", "fr-st1", subject="fr-b1", object="fr-s1", role="stored at",
          date="2024-08-30"),
        e("UnknownLink", "fr-la1", subject="fr-b1", object="fr-l1", role="launched from",
          date="2024-09-15"),
        e("Trip", "fr-tr1", vehicle="fr-b1", startLocation="fr-l1", startDate="2024-09-15",
          summary="45 aboard; outcome: arrived"),
        # Two pairs for the review queue: part of a name and a phone or birth date.
        e("Person", "fr-p3", name="S. Haddad", phone="+447700900555"),
        e("Person", "fr-p4", name="Yusuf Demirci", birthDate="1985-05-05"),
    ],
    ("it-ps-shared", "IT-PS", "all"): [
        e("Person", "it-p1", name="Chiara Bianchi", nationality="it"),
    ],
    ("it-ps-own", "IT-PS", None): [
        e("Event", "it-ev1", keywords="rescue", date="2024-09-13", location="sicily-channel",
          summary="61 aboard; outcome: rescued"),
    ],
}  # fmt: skip


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture(scope="session")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    missing = missing_vendor()
    # Fail, not skip: a UI without its libraries is a broken install, and CI must say so.
    assert not missing, f"UI libraries missing ({missing}): run `make install`"
    assert CHROMIUM.exists(), "no /usr/bin/chromium: run `make install-dev` (apt install)"
    root = tmp_path_factory.mktemp("ui-template")
    people = [(name, agency, frozenset({"analyst"}), PASSWORD) for name, agency in USERS.items()]
    return served_store(root, AGENCIES, DATA, people)


@pytest.fixture
def server(template: Path, tmp_path: Path) -> Iterator[str]:
    path = tmp_path / "store.duckdb"
    shutil.copy(template, path)
    key = audit.key_path(template)
    shutil.copy(key, audit.key_path(path))
    shutil.copy(audit.public_key_path(key), audit.public_key_path(audit.key_path(path)))
    port = free_port()
    command = [str(Path(sys.executable).parent / "crosscurrent"), "--db", str(path), "serve"]
    proc = subprocess.Popen(
        [*command, "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=(tmp_path / "server.log").open("w"),
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{base}/ui/", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError((tmp_path / "server.log").read_text())
            time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    found = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield found
    found.close()


@pytest.fixture(scope="session")
def shots() -> Path:
    path = Path(os.environ.get("CROSSCURRENT_SCREENSHOTS", "test-artifacts/ui"))
    path.mkdir(parents=True, exist_ok=True)
    return path


@dataclass
class Ui:
    base: str
    browser: Browser
    shots: Path
    test: str
    problems: list[str] = field(default_factory=list)
    pages: list[Page] = field(default_factory=list)

    def page(self, name: str | None = None, case: str = CASE) -> Page:
        """A fresh browser context (its own cookies), signed in as ``name`` if given."""
        context = self.browser.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.on("console", lambda m: self._console(name, m))
        page.on("pageerror", lambda exc: self.problems.append(f"{name}: page error {exc}"))
        self.pages.append(page)
        page.goto(f"{self.base}/ui/")
        if name is not None:
            page.fill("#login-name", name)
            page.fill("#login-password", PASSWORD)
            page.fill("#login-case", case)
            page.click("#login-form button")
            page.wait_for_selector("#search-q")
        return page

    def _console(self, name: str | None, message: ConsoleMessage) -> None:
        text = message.text
        # The first GET /auth/me of a signed-out page answers 401: expected.
        if message.type == "error" and "401" not in text:
            self.problems.append(f"{name}: console {text}")
        elif "Content Security Policy" in text:
            self.problems.append(f"{name}: CSP {text}")

    def shot(self, page: Page, label: str) -> Path:
        path = self.shots / f"{self.test}-{label}.png"
        page.screenshot(path=str(path), full_page=True)
        return path


@pytest.fixture
def ui(server: str, browser: Browser, shots: Path, request: pytest.FixtureRequest) -> Iterator[Ui]:
    found = Ui(server, browser, shots, request.node.name)
    yield found
    for i, page in enumerate(found.pages):
        # The last state of every page, to see at a glance what a failing test saw.
        found.shot(page, f"end-{i}")
        page.context.close()
    assert not found.problems, "\n".join(found.problems)
