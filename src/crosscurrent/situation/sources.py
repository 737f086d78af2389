"""Importers for published series: rows in, figures and problems out.

Each file is told apart by its header (or, for consolidated totals, by being
YAML). A value that is empty, not a whole number or negative becomes a
*problem* (file, row, field, reason), never a figure: nothing downstream can
read it as zero, and a day without a figure is missing.
"""

import csv
import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import yaml

from crosscurrent.situation.catalogue import series_info
from crosscurrent.situation.windows import BadWindow, parse_window


@dataclass(frozen=True)
class Figure:
    series: str
    measure: str
    period_start: date
    period_end: date
    edition: date
    status: str
    value: int
    row: int
    """Row in the file (the header is row 1), so a figure can be traced to its line."""


@dataclass(frozen=True)
class Problem:
    path: str
    row: int
    field: str | None
    reason: str


@dataclass
class Parsed:
    path: Path
    series: str
    sha256: str
    rows: int = 0
    figures: list[Figure] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    placeholders: int = 0
    """Rows for days after their edition's date: the dashboard prints 0 for days
    that have not happened yet, which are not figures."""

    def problem(self, row: int, column: str | None, reason: str) -> None:
        self.problems.append(Problem(self.path.name, row, column, reason))


class UnknownFormat(ValueError):
    pass


def count(text: str | None) -> tuple[int | None, str | None]:
    """A published count, or why it is not one."""
    value = (text or "").strip()
    if not value:
        return None, "empty (missing, not zero)"
    # isascii: str.isdigit also accepts "²" and other digits int() refuses.
    if not (value.isascii() and value.isdigit()):
        return None, f"{value[:40]!r} is not a whole number"
    return int(value), None


def day_of(text: str | None) -> date | None:
    try:
        return date.fromisoformat((text or "").strip())
    except ValueError:
        return None


Reader = Callable[[Parsed, list[str], Iterator[list[str]], date | None], None]


def _counts(
    out: Parsed, n: int, cells: list[str], columns: dict[str, str], period: tuple[date, date],
    edition: date, status: str,
) -> None:  # fmt: skip
    """Figures for each measure -> column of one row; problems for the bad cells."""
    header = list(columns.values())
    for measure, column in columns.items():
        i = header.index(column) + 1  # column 0 is the date
        value, why = count(cells[i] if i < len(cells) else None)
        if value is None:
            out.problem(n, column, why or "unreadable")
            continue
        out.figures.append(Figure(out.series, measure, *period, edition, status, value, n))


def _uk(columns: dict[str, str], week: bool) -> Reader:
    def read(
        out: Parsed, header: list[str], rows: Iterator[list[str]], edition: date | None
    ) -> None:
        found: list[tuple[int, list[str], date]] = []
        for n, cells in enumerate(rows, start=2):
            if not cells:
                continue  # a blank line is no row
            out.rows += 1
            day = day_of(cells[0])
            if day is None:
                out.problem(n, header[0], f"{cells[0]!r} is not a date")
            elif week and day.weekday() != 6:
                # The compilation mixes a few daily rows into the weekly file.
                out.problem(n, header[0], f"{day} is a {day:%A}, not a week ending (Sunday)")
            else:
                found.append((n, cells, day))
        # Without a stated edition, the file is the edition of its last day.
        stated = edition or max((d for _, _, d in found), default=date.min)
        status = _status(out.series)
        for n, cells, day in found:
            period = (day - timedelta(days=6), day) if week else (day, day)
            _counts(out, n, cells, columns, period, stated, status)

    return read


def _italy(out: Parsed, header: list[str], rows: Iterator[list[str]], _: date | None) -> None:
    col = {name: i for i, name in enumerate(header)}
    status = _status(out.series)
    for n, cells in enumerate(rows, start=2):
        if not cells:
            continue
        out.rows += 1
        day, edition = day_of(_cell(cells, col, "Data")), day_of(_cell(cells, col, "Data_Report"))
        if day is None or edition is None:
            bad = "Data" if day is None else "Data_Report"
            out.problem(n, bad, f"{_cell(cells, col, bad)!r} is not a date")
            continue
        value, why = count(_cell(cells, col, "Valore"))
        if value is None:
            out.problem(n, "Valore", why or "unreadable")
        elif day > edition:
            out.placeholders += 1
        else:
            out.figures.append(Figure(out.series, "people", day, day, edition, status, value, n))


def _cell(cells: list[str], col: dict[str, int], name: str) -> str | None:
    i = col.get(name)
    return cells[i] if i is not None and i < len(cells) else None


def _status(series: str) -> str:
    info = series_info(series)
    return info.status if info else "provisional"


FORMATS: dict[str, tuple[str, Reader]] = {
    "#date,migrants,boats": ("uk-daily", _uk({"people": "migrants", "boats": "boats"}, False)),
    "#week_ending,migrants_arrived,boats_arrived,migrants_prevented,events_prevented": (
        "uk-weekly",
        _uk(
            {
                "people": "migrants_arrived",
                "boats": "boats_arrived",
                "people-prevented": "migrants_prevented",
                "events-prevented": "events_prevented",
            },
            True,
        ),
    ),
    "Data,Valore,Note,Fonte,Data_Report": ("italy-daily", _italy),
}
"""Header line -> series and reader."""


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_file(path: Path, edition: date | None = None) -> Parsed:
    """Figures and problems of one published file; ``edition`` for files that lack one."""
    if path.suffix.lower() in (".yaml", ".yml"):
        return _consolidated(path, edition)
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh)
        header = [c.strip() for c in next(reader, [])]
        known = FORMATS.get(",".join(header))
        if known is None:
            raise UnknownFormat(f"{path.name}: not a known series (header {','.join(header)!r})")
        out = Parsed(path, known[0], sha256(path))
        known[1](out, header, reader, edition)
    return _drop_conflicts(out)


def _consolidated(path: Path, edition: date | None) -> Parsed:
    spec = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    out = Parsed(path, str(spec.get("series", "")), sha256(path))
    if series_info(out.series) is None:
        raise UnknownFormat(f"{path.name}: unknown series {out.series!r}")
    stated = edition or day_of(str(spec.get("edition", "")))
    if stated is None:
        raise UnknownFormat(f"{path.name}: no edition date")
    status = str(spec.get("status", _status(out.series)))
    # YAML has no rows: number the figures from 1 in file order.
    for n, item in enumerate(spec.get("figures") or [], start=1):
        out.rows += 1
        try:
            window = parse_window(str(item.get("period", "")))
        except BadWindow as exc:
            out.problem(n, "period", str(exc))
            continue
        value, why = count(str(item.get("value", "")))
        if value is None:
            out.problem(n, "value", why or "unreadable")
            continue
        measure = str(item.get("measure", "people"))
        out.figures.append(
            Figure(out.series, measure, window.start, window.end, stated, status, value, n)
        )
    return _drop_conflicts(out)


def _drop_conflicts(out: Parsed) -> Parsed:
    """One figure per period and edition: a repeat with the same value is noted and
    dropped; conflicting values are both dropped, since either could be the wrong one."""
    first: dict[tuple[str, date, date, date], Figure] = {}
    conflicted: set[tuple[str, date, date, date]] = set()
    kept: list[Figure] = []
    for fig in out.figures:
        key = (fig.measure, fig.period_start, fig.period_end, fig.edition)
        seen = first.get(key)
        if seen is None:
            first[key] = fig
            kept.append(fig)
        elif seen.value == fig.value:
            out.problem(fig.row, fig.measure, f"repeats row {seen.row} (same value, kept once)")
        else:
            conflicted.add(key)
            out.problem(
                fig.row, fig.measure,
                f"{fig.value} conflicts with {seen.value} in row {seen.row} for the same "
                f"period and edition: neither is used",
            )  # fmt: skip
    out.figures = [
        f for f in kept if (f.measure, f.period_start, f.period_end, f.edition) not in conflicted
    ]
    return out
