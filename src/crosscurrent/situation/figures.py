"""Official figures in the store: saving editions, reading the latest per period.

All editions are kept. A read takes, for each period, the figure of the latest
edition (consolidated before provisional on the same date), or the latest edition
on or before ``as_of`` to see a series as it stood then.
"""

from dataclasses import dataclass
from datetime import date

import duckdb

from crosscurrent.situation.catalogue import SeriesInfo, series_info
from crosscurrent.situation.sources import Parsed
from crosscurrent.situation.windows import Window
from crosscurrent.store.db import batch, fetch_one


@dataclass(frozen=True)
class Stored:
    """A figure as read back, with the edition it comes from."""

    value: int
    period_start: date
    period_end: date
    edition: date
    status: str


@dataclass(frozen=True)
class SaveReport:
    series: str
    path: str
    rows: int
    figures_new: int
    editions_new: int
    problems: int
    placeholders: int
    unchanged: bool = False


FIGURE_COLUMNS = {
    "series": "VARCHAR",
    "measure": "VARCHAR",
    "period_start": "DATE",
    "period_end": "DATE",
    "edition": "DATE",
    "status": "VARCHAR",
    "value": "BIGINT",
    "row_number": "INTEGER",
}
"""Table ``official_figure``'s columns, in order."""


def save(con: duckdb.DuckDBPyConnection, parsed: Parsed) -> SaveReport:
    """Store a parsed file's editions, figures and problems (inside the caller's
    transaction). A file already read (same SHA-256) changes nothing."""
    info = series_info(parsed.series)
    if info is None:
        raise ValueError(f"unknown series {parsed.series!r}")
    name = parsed.path.name
    if fetch_one(con, "SELECT 1 FROM official_load WHERE sha256 = ?", [parsed.sha256]):
        return SaveReport(parsed.series, name, parsed.rows, 0, 0, 0, 0, unchanged=True)
    editions_new = _save_editions(con, parsed, info)
    before = _count(con, parsed.series)
    figs = parsed.figures
    rows = (
        (f.series, f.measure, f.period_start, f.period_end, f.edition, f.status, f.value, f.row)
        for f in figs
    )
    # On the connection itself (a cursor is a connection of its own, and would insert
    # outside the caller's transaction).
    with batch(con, FIGURE_COLUMNS, rows) as table:
        # A figure already stored for the same period and edition stays: an edition
        # is what was published on its date, and a second file cannot rewrite it.
        con.execute(f"INSERT INTO official_figure SELECT * FROM {table} ON CONFLICT DO NOTHING")
    added = _count(con, parsed.series) - before
    for p in parsed.problems:
        con.execute(
            "INSERT INTO official_problem VALUES (?, ?, ?, ?, ?)",
            [parsed.sha256, p.path, p.row, p.field, p.reason],
        )
    con.execute(
        "INSERT INTO official_load VALUES (?, ?, ?, ?, ?, ?, now()::TIMESTAMP)",
        [parsed.sha256, parsed.series, name, parsed.rows, added, len(parsed.problems)],
    )
    return SaveReport(
        parsed.series, name, parsed.rows, added, editions_new, len(parsed.problems),
        parsed.placeholders,
    )  # fmt: skip


def _count(con: duckdb.DuckDBPyConnection, series: str) -> int:
    row = fetch_one(con, "SELECT count(*) FROM official_figure WHERE series = ?", [series])
    return int(row[0]) if row else 0


def _save_editions(con: duckdb.DuckDBPyConnection, parsed: Parsed, info: SeriesInfo) -> int:
    new = 0
    for edition, status in sorted({(f.edition, f.status) for f in parsed.figures}):
        exists = fetch_one(
            con,
            "SELECT 1 FROM official_edition WHERE series = ? AND edition = ? AND status = ?",
            [parsed.series, edition, status],
        )
        if exists:
            continue
        con.execute(
            "INSERT INTO official_edition VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, now()::TIMESTAMP)",
            [
                parsed.series, edition, status, info.publisher, info.compiled_by, info.licence,
                info.attribution, parsed.path.name, parsed.sha256,
            ],
        )  # fmt: skip
        new += 1
    return new


class OfficialFigures:
    """Read access to stored figures, optionally as they stood on ``as_of``."""

    def __init__(self, con: duckdb.DuckDBPyConnection, as_of: date | None = None) -> None:
        self.con = con
        self.as_of = as_of

    def loaded(self) -> list[str]:
        rows = self.con.execute("SELECT DISTINCT series FROM official_figure ORDER BY 1")
        return [str(r[0]) for r in rows.fetchall()]

    def has(self, series: str, measure: str = "people") -> bool:
        row = fetch_one(
            self.con,
            "SELECT 1 FROM official_figure WHERE series = ? AND measure = ? LIMIT 1",
            [series, measure],
        )
        return row is not None

    def values(self, series: str, measure: str, window: Window) -> dict[date, Stored]:
        """Period end -> the latest figure, for periods ending inside the window."""
        rows = self.con.execute(
            """
            SELECT value, period_start, period_end, edition, status FROM official_figure
            WHERE series = ? AND measure = ? AND period_end BETWEEN ? AND ?
              AND (?::DATE IS NULL OR edition <= ?::DATE)
            QUALIFY row_number() OVER (
                PARTITION BY period_start, period_end
                ORDER BY edition DESC, status = 'consolidated' DESC) = 1
            """,
            [series, measure, window.start, window.end, self.as_of, self.as_of],
        ).fetchall()
        return {r[2]: Stored(int(r[0]), r[1], r[2], r[3], str(r[4])) for r in rows}

    def plain_values(self, series: str, measure: str, window: Window) -> dict[date, int] | None:
        """Period end -> value; None when the series (or measure) is not loaded at all,
        which a claim check answers as "no data" rather than as zeros."""
        if not self.has(series, measure):
            return None
        return {d: s.value for d, s in self.values(series, measure, window).items()}

    def step_of(self, series: str) -> str | None:
        """The series' period (day, week, year) if any of it is loaded."""
        info = series_info(series)
        return info.step if info is not None and self.has(series) else None

    def coverage(self, series: str) -> Window | None:
        row = fetch_one(
            self.con,
            "SELECT min(period_start), max(period_end) FROM official_figure WHERE series = ?",
            [series],
        )
        if row is None or row[0] is None:
            return None
        return Window(row[0], row[1])

    def editions(self, series: str | None = None) -> list[tuple[str, date, str, str, str, str]]:
        """(series, edition, status, publisher, licence, attribution), oldest first."""
        rows = self.con.execute(
            "SELECT series, edition, status, publisher, licence, attribution "
            "FROM official_edition WHERE ?::VARCHAR IS NULL OR series = ? ORDER BY 1, 2, 3",
            [series, series],
        ).fetchall()
        return [(str(a), b, str(c), str(d), str(e), str(f)) for a, b, c, d, e, f in rows]

    def problems(self, limit: int = 50) -> list[tuple[str, int, str | None, str]]:
        rows = self.con.execute(
            "SELECT path, row_number, field, reason FROM official_problem "
            "ORDER BY path, row_number LIMIT ?",
            [limit],
        ).fetchall()
        return [(str(a), int(b), c, str(d)) for a, b, c, d in rows]
