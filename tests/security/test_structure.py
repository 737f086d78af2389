"""No read path bypasses the policy view.

Statically: only store/view.py holds SQL that reads the statement or resolution
tables; the writers (store/writer.py, store/erasure.py, ingest/loader.py, and
resolve/ for the resolution tables) may write them.

Dynamically: every SQL statement the read paths run (API and CLI) is recorded
through a connection wrapper, with the module that ran it; those touching the
statement or resolution tables must come from store/view.py. And with the view
poisoned to show nothing, no read path shows any stored value.
"""

import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest
from click.testing import Result

import crosscurrent
from crosscurrent.cli import util as cli_util
from crosscurrent.report import build_report
from crosscurrent.resolve.explain import explain
from crosscurrent.resolve.review import review
from crosscurrent.share.export import export_entities
from crosscurrent.share.hits import hits
from crosscurrent.store import db, view
from crosscurrent.store.view import Caller

from .conftest import Small

S = Small
SRC = Path(crosscurrent.__file__).parent
MODULES = sorted(str(p.relative_to(SRC)) for p in SRC.rglob("*.py"))

READS_STATEMENT = re.compile(r"\b(FROM|JOIN)\s+statement\b", re.IGNORECASE)
WRITES_STATEMENT = re.compile(r"\b(INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+statement\b", re.I)
READS_RESOLUTION = re.compile(
    r"(?<!DELETE )\b(FROM|JOIN)\s+(resolution|resolution_link)\b", re.IGNORECASE
)
WRITES_RESOLUTION = re.compile(
    r"\b(INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+(resolution|resolution_link)\b"
    r"|\bappend(er)?\(\s*([\w.]+,\s*)?(table\s*=\s*)?[\"'](resolution|resolution_link)[\"']",
    re.IGNORECASE,
)
STATEMENT_WRITERS = {"store/writer.py", "store/erasure.py", "ingest/loader.py"}


def reads_statement(module: str, text: str) -> bool:
    if module in STATEMENT_WRITERS:  # writers count what they wrote; they serve no caller
        return False
    return bool(READS_STATEMENT.search(text))


@pytest.mark.parametrize("module", MODULES)
def test_only_the_view_reads_the_statement_table(module: str) -> None:
    text = (SRC / module).read_text(encoding="utf-8")
    if module == "store/view.py":
        assert READS_STATEMENT.search(text)
        return
    assert not reads_statement(module, text), f"{module} reads the statement table"
    if module not in STATEMENT_WRITERS:
        assert not WRITES_STATEMENT.search(text), f"{module} writes the statement table"


@pytest.mark.parametrize("module", MODULES)
def test_only_the_view_reads_resolution_and_only_the_resolver_writes_it(module: str) -> None:
    text = (SRC / module).read_text(encoding="utf-8")
    if module != "store/view.py":
        assert not READS_RESOLUTION.search(text), f"{module} reads resolution"
    if not module.startswith("resolve/") and module != "store/erasure.py":
        assert not WRITES_RESOLUTION.search(text), f"{module} writes resolution"


def test_the_structural_checks_see_what_they_look_for() -> None:
    assert reads_statement("x.py", 'con.execute("SELECT value FROM statement WHERE id = ?")')
    assert reads_statement("x.py", "FROM dataset d JOIN\n   statement s ON ...")
    assert not reads_statement("x.py", "INSERT INTO statement SELECT * FROM statement_batch")
    assert READS_RESOLUTION.search("SELECT * FROM resolution_link")
    assert not READS_RESOLUTION.search("DELETE FROM resolution WHERE dataset = ?")
    assert WRITES_RESOLUTION.search('db.append(con, "resolution_link", rows)')
    assert WRITES_RESOLUTION.search("con.appender('resolution')")
    assert WRITES_RESOLUTION.search('db.append(self.con, "resolution", rows)')
    assert WRITES_RESOLUTION.search('con.appender(table="resolution_link")')
    assert not WRITES_RESOLUTION.search('db.append(con, "resolution_run", rows)')
    assert not WRITES_RESOLUTION.search('append(con, caller.label, "x", ["resolution"])')
    assert "store/view.py" in MODULES and "cli/read.py" in MODULES


# ------------------------------------------------------------------------ dynamic

TOUCHES = re.compile(r"\b(statement|resolution|resolution_link)\b(?!_)", re.IGNORECASE)


class Recorder:
    def __init__(self) -> None:
        self.calls: list[tuple[str, str]] = []

    def record(self, sql: Any) -> None:
        frame = sys._getframe(2)
        # The store's helpers (fetch_one, append, batch) run SQL for their caller.
        while (
            frame.f_back is not None and frame.f_globals.get("__name__") == "crosscurrent.store.db"
        ):
            frame = frame.f_back
        self.calls.append((str(frame.f_globals.get("__name__")), str(sql)))

    def bypasses(self) -> list[tuple[str, str]]:
        return [
            (module, " ".join(sql.split())[:120])
            for module, sql in self.calls
            if TOUCHES.search(sql)
            and module not in ("crosscurrent.store.view", "crosscurrent.store.erasure")
            and not module.startswith("crosscurrent.resolve.resolver")
        ]


class Recording:
    """A connection or cursor that records the SQL it runs and who ran it."""

    def __init__(self, inner: Any, recorder: Recorder) -> None:
        self._inner = inner
        self._recorder = recorder

    def execute(self, sql: Any, *args: Any, **kwargs: Any) -> "Recording":
        self._recorder.record(sql)
        self._inner.execute(sql, *args, **kwargs)
        return self

    def executemany(self, sql: Any, *args: Any, **kwargs: Any) -> "Recording":
        self._recorder.record(sql)
        self._inner.executemany(sql, *args, **kwargs)
        return self

    def sql(self, sql: Any, *args: Any, **kwargs: Any) -> Any:
        self._recorder.record(sql)
        return self._inner.sql(sql, *args, **kwargs)

    query = sql

    def appender(self, table: str, *args: Any, **kwargs: Any) -> Any:
        # Rows appended are written as surely as rows inserted.
        self._recorder.record(f"APPEND INTO {table}")
        return self._inner.appender(table, *args, **kwargs)

    def cursor(self) -> "Recording":
        return Recording(self._inner.cursor(), self._recorder)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)

    def __enter__(self) -> "Recording":
        return self

    def __exit__(self, *exc: Any) -> None:
        self._inner.close()


@pytest.fixture
def recorder(monkeypatch: pytest.MonkeyPatch, store_path: Path) -> Iterator[Recorder]:
    found = Recorder()

    def connect(self: cli_util.Context) -> Recording:
        return Recording(db.connect(self.db_override), found)

    monkeypatch.setattr(cli_util.Context, "connect", connect)
    yield found


API_READS: dict[str, Callable[[Any, Caller], Any]] = {
    "entities": lambda con, c: list(view.entities(con, c)),
    "export": lambda con, c: list(export_entities(con, c)),
    "report": lambda con, c: build_report(view.entities(con, c)),
    "hits": hits,
    "explain": lambda con, c: explain(con, c, S.A1, S.B1),
    "review": review,
}

CLI_READS = [
    ["report", "--as", "ana", "--case", "C-1"],
    ["export", "entities", "--as", "ana", "--case", "C-1"],
    ["hits", "--as", "ana", "--case", "C-1"],
    ["explain", "/".join(S.A1), "/".join(S.B1), "--as", "ana", "--case", "C-1"],
    ["review", "--as", "ana", "--case", "C-1"],
    ["audit", "log", "--as", "audrey", "--case", "C-1"],
    ["judge", "/".join(S.A1), "/".join(S.B1), "--split", "--by", "ana"],
]


@pytest.mark.parametrize("read", list(API_READS))
def test_api_reads_query_statements_only_through_the_view(
    small: duckdb.DuckDBPyConnection, read: str
) -> None:
    found = Recorder()
    API_READS[read](Recording(small, found), Caller(S.NCA, "ana"))
    assert any(m == "crosscurrent.store.view" for m, _ in found.calls), "nothing was recorded"
    assert found.bypasses() == []


@pytest.mark.parametrize("args", CLI_READS, ids=lambda a: " ".join(a[:2]))
def test_cli_reads_query_statements_only_through_the_view(
    small: duckdb.DuckDBPyConnection,
    cli: Callable[..., Result],
    recorder: Recorder,
    args: list[str],
) -> None:
    result = cli(*args)
    assert result.exit_code == 0, (result.output, result.exception)
    assert recorder.calls, "the CLI did not connect through the recording wrapper"
    assert recorder.bypasses() == []


def _poison(monkeypatch: pytest.MonkeyPatch) -> None:
    """A view that shows every caller (but the system) nothing at all."""
    original = view._visible
    view.forget_decisions()  # decisions kept from before the poison would still answer

    def nothing(caller: Caller) -> tuple[str, dict[str, Any]]:
        sql, params = original(caller)
        if caller.is_system:
            return sql, params
        return f"SELECT * FROM ({sql}) WHERE FALSE", params

    monkeypatch.setattr(view, "_visible", nothing)


@pytest.mark.parametrize("read", list(API_READS))
def test_with_the_view_showing_nothing_no_api_read_shows_anything(
    small: duckdb.DuckDBPyConnection, monkeypatch: pytest.MonkeyPatch, read: str
) -> None:
    _poison(monkeypatch)
    shown = repr(API_READS[read](small, Caller(S.NCA, "ana")))
    for value in (*S.CANARIES.values(), "PASS00001", "Kobado", *(k[1] for k in S.CANARIES)):
        assert value not in shown


@pytest.mark.parametrize("args", CLI_READS[:5], ids=lambda a: " ".join(a[:2]))
def test_with_the_view_showing_nothing_no_cli_read_shows_anything(
    small: duckdb.DuckDBPyConnection,
    cli: Callable[..., Result],
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
) -> None:
    _poison(monkeypatch)
    result = cli(*args)
    for value in (*S.CANARIES.values(), "PASS00001", "Kobado", S.PS, S.CONTACT):
        assert value not in result.output


def test_the_recorder_catches_a_read_outside_the_view(small: duckdb.DuckDBPyConnection) -> None:
    found = Recorder()
    Recording(small, found).execute("SELECT value FROM statement").fetchall()
    assert found.bypasses() and found.bypasses()[0][0] == __name__


def test_the_recorder_sees_appended_rows_and_who_asked_the_store_helpers() -> None:
    recorder = Recorder()
    con = Recording(duckdb.connect(), recorder)
    con.execute("CREATE TABLE resolution_link (a VARCHAR)")
    db.append(con, "resolution_link", [("x",)])
    assert db.fetch_one(con, "SELECT count(*) FROM resolution_link") == (1,)
    # Attributed to this module, not to the helpers in store/db.py.
    assert [m for m, _ in recorder.bypasses()] == [__name__] * 3
    assert any(sql.startswith("APPEND INTO resolution_link") for _, sql in recorder.calls)
