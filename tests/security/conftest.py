"""Hypothesis profiles and the count of random queries checked against the oracle.

The property tests run a few examples each by default (the whole folder in well
under a minute with ``-n 2``). ``HYPOTHESIS_PROFILE=long`` runs 2000 examples
per property test instead (about a second each: hours, not minutes), and
``SECURITY_EXAMPLES=N`` runs N per property test, for a run with a time budget
(``tests/security/world.py`` ``examples``).

Every (caller, read path) pair checked against the oracle counts as one query;
the total is printed at the end of the run ("security: N random queries ...")
and kept in pytest's cache under ``security/queries``.
"""

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import duckdb
import pytest
from hypothesis import HealthCheck, settings

from .world import QueryCounter

settings.register_profile(
    "long",
    max_examples=2000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
if os.environ.get("HYPOTHESIS_PROFILE"):
    settings.load_profile(os.environ["HYPOTHESIS_PROFILE"])

_WORKER_TOTALS: list[int] = []


def pytest_sessionfinish(session: pytest.Session) -> None:
    config = session.config
    if hasattr(config, "workeroutput"):  # an xdist worker: hand the count to the controller
        config.workeroutput["security_queries"] = QueryCounter.count
    else:
        _WORKER_TOTALS.append(QueryCounter.count)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: Any) -> None:
    _WORKER_TOTALS.append(int(getattr(node, "workeroutput", {}).get("security_queries", 0)))


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    total = sum(_WORKER_TOTALS)
    if not total:
        return
    failed = len(terminalreporter.stats.get("failed", []))
    verdict = "zero leaks" if failed == 0 else f"{failed} failing tests"
    profile = os.environ.get("HYPOTHESIS_PROFILE", "default")
    if os.environ.get("SECURITY_EXAMPLES"):
        profile += f", {os.environ['SECURITY_EXAMPLES']} examples per property test"
    terminalreporter.write_line(
        f"security: {total} random queries (caller x read path) checked against the "
        f"oracle, profile {profile}: {verdict}"
    )
    cache = getattr(config, "cache", None)
    if cache is not None:
        cache.set("security/queries", {"profile": profile, "queries": total})


# ---------------------------------------------------------------- a small world


class Small:
    """Names in the small world (see ``small``)."""

    NCA, PN, PS, NL = "UK-NCA", "FR-PN", "IT-PS", "NL-POL"
    A1 = ("nca-subjects", "NCA-P-0001")  # UK-NCA's, released to FR-PN
    B1 = ("pn-register", "PN-P-0002")  # FR-PN's, released to UK-NCA
    C1 = ("ps-intel", "PS-P-0003")  # IT-PS's, hidden, hits allowed
    C2 = ("ps-archive", "PS-P-0004")  # IT-PS's, hidden, no hits
    D1 = ("pn-hits", "PN-P-0005")  # FR-PN's, hidden from UK-NCA, hits allowed
    CONTACT = "desk@it-ps.example.org"
    CANARIES: ClassVar[dict[tuple[str, str], str]] = {
        A1: "CANARY00001",
        B1: "CANARY00002",
        C1: "CANARY00003",
        C2: "CANARY00004",
        D1: "CANARY00005",
    }
    HIDDEN_FROM_NCA = (
        *("CANARY00003", "CANARY00004", "CANARY00005"),
        *("ps-intel", "ps-archive", "pn-hits", "PS-P-0003", "PS-P-0004", "PN-P-0005"),
        *("Zorimo", "1961-02-03"),
    )
    USERS: ClassVar[dict[str, tuple[str, str, bool]]] = {
        "ana": (NCA, "analyst", False),
        "dora": (NCA, "analyst", True),
        "audrey": (NCA, "auditor", False),
        "dave": (NCA, "auditor", True),
        "sam": (NCA, "system-admin", False),
        "fran": (PN, "analyst", False),
        "nils": (NL, "analyst", False),  # NL-POL is removed
        "ravi": (NL, "auditor", False),
    }


def _build_small(con: duckdb.DuckDBPyConnection, src: Path) -> None:
    from crosscurrent.resolve.resolver import resolve
    from crosscurrent.share.users import Role, add_user, set_disabled
    from crosscurrent.store import registry
    from factory import e, load, write_jsonl

    s = Small
    for code, name, country in (
        ("UK-NCA", "NCA", "GB"),
        ("FR-PN", "PN", "FR"),
        ("IT-PS", "PS", "IT"),
    ):
        registry.add_agency(con, code, name, country)
    person = {
        s.A1: {"name": "Kobado Tefuli", "passportNumber": "PASS00001"},
        s.B1: {"passportNumber": "PASS00001"},
        s.C1: {"passportNumber": "PASS00001"},
        s.C2: {"passportNumber": "PASS00001", "name": "Zorimo Quvani", "birthDate": "1961-02-03"},
        s.D1: {"name": "Zorimo Quvani", "birthDate": "1961-02-03"},
    }
    owners = {s.A1: (s.NCA, s.PN), s.B1: (s.PN, s.NCA), s.C1: (s.PS, None), s.C2: (s.PS, None),
              s.D1: (s.PN, None)}  # fmt: skip
    for key, props in person.items():
        rows = [e("Person", key[1], notes=s.CANARIES[key], **props)]
        owner, released = owners[key]
        load(con, write_jsonl(src / f"{key[0]}.jsonl", rows), key[0], owner, released)
    registry.set_dataset_options(con, s.C1[0], True, s.CONTACT)
    registry.set_dataset_options(con, s.D1[0], True)
    registry.add_agency(con, s.NL, "Politie")
    for name, (agency, role, disabled) in s.USERS.items():
        add_user(con, name, agency, frozenset({Role(role)}))
        if disabled:
            set_disabled(con, name)
    registry.remove_agency(con, s.NL)
    resolve(con)


@pytest.fixture(scope="session")
def small_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small world built once per test process; each test gets a copy."""
    from crosscurrent.store import db

    root = tmp_path_factory.mktemp("small")
    con = db.connect(root / "store.duckdb")
    try:
        _build_small(con, root)
    finally:
        con.close()
    return root / "store.duckdb"


@pytest.fixture
def small(small_template: Path, store_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """UK-NCA's person (passport PASS00001) released to FR-PN; FR-PN's person with the
    same passport released to UK-NCA; IT-PS's person with the same passport, hidden,
    hits allowed; IT-PS's archive person with that passport and a name and birth date,
    hidden, no hits; FR-PN's hit-allowed person with only that name and birth date,
    hidden from UK-NCA (so reached from UK-NCA's record only through the archive).
    Users of every kind; NL-POL registered, given a user, then removed. Resolved.
    A fresh copy at ``store_path`` (where the ``cli`` fixture points), open."""
    from crosscurrent.store import db

    shutil.copy(small_template, store_path)
    con = db.connect(store_path)
    yield con
    con.close()
