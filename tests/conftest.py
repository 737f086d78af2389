"""Shared fixtures for the ingest, store and model tests.

Fixture strategy:

* Every test gets its own store: a DuckDB file under pytest's ``tmp_path``
  (``store_path``), migrated by ``db.connect`` and pre-registered with three
  agencies (``con``). Nothing is shared between tests, so they run in any order
  and in parallel under xdist; a test that needs a second process (the
  kill-mid-load test) closes ``con`` first, because DuckDB lets one process at a
  time write a file.
* Input files are tiny and written by the test that reads them (``src`` is a
  fresh directory for them), with the helpers in ``tests/factory.py``:
  ``e("Person", "p1", name="Anna")`` builds one FtM entity dict, ``write_jsonl``
  / ``write_csv`` / ``write_text`` put them on disk. The bad-input and quarantine
  tests keep their cases as data tables next to the test. There are no fixture
  data files checked in and no big data: the one large file (the kill test's
  ~200k-row CSV) is generated in a few hundred milliseconds.
* Property-based tests (hypothesis) cannot use function-scoped fixtures, so they
  open an in-memory store per example (``memory_store``) and write their files
  under a session-scoped temporary directory.
* The CLI is driven in-process with click's ``CliRunner`` (``cli``), with a wide
  stderr console so that rich does not wrap messages (wrapping is tested on its own).
"""

from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner, Result
from rich.console import Console

from crosscurrent.cli import main
from crosscurrent.cli import util as cli_module
from crosscurrent.store import db, registry

AGENCIES = (
    ("UK-NCA", "National Crime Agency", "GB"),
    ("FR-PN", "Police nationale", "FR"),
    ("IT-PS", "Polizia di Stato", "IT"),
)
"""Registered in every ``con`` store; ``XX-NONE`` is the code of no agency."""


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return tmp_path / "store.duckdb"


@pytest.fixture
def con(store_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    con = db.connect(store_path)
    for code, name, country in AGENCIES:
        registry.add_agency(con, code, name, country)
    yield con
    con.close()


@pytest.fixture
def src(tmp_path: Path) -> Path:
    """An empty directory for the input files a test writes."""
    path = tmp_path / "in"
    path.mkdir()
    return path


@pytest.fixture
def cli(store_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Result]:
    """Run ``crosscurrent --db STORE ARGS...`` in-process; stdout and stderr apart.

    The CLI's stderr console is made ``columns`` wide: rich reads ``COLUMNS`` once,
    when ``crosscurrent.cli`` is imported (80 in an xdist worker), so one
    invocation's environment cannot widen it.
    """
    runner = CliRunner()

    def run(*args: str, columns: int = 1000) -> Result:
        monkeypatch.setattr(cli_module, "err", Console(stderr=True, width=columns))
        return runner.invoke(main, ["--db", str(store_path), *args])

    return run
