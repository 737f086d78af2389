"""Fixtures for the situational picture.

Fixture strategy:

* Official statistics are read from the snapshot shipped in the package
  (``crosscurrent/situation/data``): real rows, so the figures the project's
  situational README checked by hand (``CHECKED``) are asserted against them.
  ``snapshot_store`` loads it once per test module into an in-memory DuckDB
  that the read-only tests share; a test that writes opens its own store.
* Malformed inputs are tiny files written by the test that reads them
  (``write_text`` from ``tests/factory.py``), in the published formats.
* Agencies' events are JSON lines of FtM entities loaded into the per-test
  store of ``tests/conftest.py`` (agencies UK-NCA, FR-PN, IT-PS), so every read
  goes through the policy view as in production.
* CLI tests import ``crosscurrent.cli.situation`` to register its commands on
  the shared click group before invoking it (the package's ``cli/__init__``
  does not import it yet).
"""

from collections.abc import Iterator

import duckdb
import pytest

import crosscurrent.cli.situation  # noqa: F401 (registers the commands)
from crosscurrent.situation.snapshot import in_memory

CHECKED = {
    "uk_2024_to_14_sep": 23241,
    "uk_14_sep_people": 801,
    "uk_14_sep_boats": 14,
    "uk_2024_to_31_oct": 30661,
    "uk_2024_total": 36816,
    "italy_2023_consolidated": 157651,
    "italy_2024_consolidated": 66317,
    "italy_change_full_year": -57.9,
    "italy_change_jan_jun": -60.3,
    "italy_change_jan_jul": -62.4,
}
"""The figures checked in shared/situational/README.md ("Checked here")."""


@pytest.fixture(scope="module")
def snapshot_store() -> Iterator[duckdb.DuckDBPyConnection]:
    con = in_memory()
    yield con
    con.close()
