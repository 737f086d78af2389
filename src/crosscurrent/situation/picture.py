"""The computations behind ``crosscurrent situation``: series views and the overview.

Everything here reads official figures (public) or events already filtered by
the policy view; rendering is in ``render.py``.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from crosscurrent.situation import series as agg
from crosscurrent.situation.catalogue import SeriesInfo, series_catalogue
from crosscurrent.situation.events import SituationEvent
from crosscurrent.situation.figures import OfficialFigures, Stored
from crosscurrent.situation.levels import (
    PEOPLE_AT_SEA_KINDS,
    Impact,
    Level,
    section_level,
    volume_level,
    worst,
)
from crosscurrent.situation.windows import Window, shift_years, split


class NoSuchSeries(ValueError):
    pass


@dataclass(frozen=True)
class SeriesView:
    info: SeriesInfo
    measure: str
    window: Window
    figures: dict[date, Stored]

    @property
    def values(self) -> dict[date, int]:
        return {d: s.value for d, s in self.figures.items()}

    def editions(self) -> tuple[date, date, set[str]] | None:
        """Oldest and newest edition used, and their statuses."""
        used = [s.edition for s in self.figures.values()]
        if not used:
            return None
        return min(used), max(used), {s.status for s in self.figures.values()}


def default_by(info: SeriesInfo, window: Window) -> str:
    if info.step == "year":
        return "year"
    if window.days <= 31 and info.step == "day":
        return "day"
    if window.days <= 120:
        return "week"
    return "month" if window.days <= 3 * 366 else "year"


def view(
    figs: OfficialFigures, series: str, measure: str, start: date | None, end: date | None,
    extra: Window | None = None,
) -> SeriesView:  # fmt: skip
    """Figures of one series over [start, end] (default: all it covers), plus ``extra``."""
    info = series_catalogue().get(series)
    if info is None:
        raise NoSuchSeries(f"unknown series {series!r} (known: {', '.join(series_catalogue())})")
    if measure not in info.measures:
        raise NoSuchSeries(f"{series} has no measure {measure!r} ({', '.join(info.measures)})")
    covered = figs.coverage(series)
    if covered is None:
        raise NoSuchSeries(f"no figures of {series} are loaded")
    window = Window(start or covered.start, end or covered.end)
    span = (
        window
        if extra is None
        else Window(min(window.start, extra.start), max(window.end, extra.end))
    )
    return SeriesView(info, measure, window, figs.values(series, measure, span))


@dataclass(frozen=True)
class OverviewRow:
    series: SeriesInfo
    name: str
    total: agg.Total
    year_before: agg.Total
    level: Level


def overview(figs: OfficialFigures, end: date | None) -> list[OverviewRow]:
    """For each daily series of people: the last day, 7 and 28 days and the year to
    date, each against the same days a year before, with the volume level."""
    rows = []
    for info in series_catalogue().values():
        if info.step != "day" or "people" not in info.measures:
            continue
        covered = figs.coverage(info.id)
        if covered is None:
            continue
        last = min(end or covered.end, covered.end)
        windows = {
            "last day": Window(last, last),
            "last 7 days": Window(last - timedelta(days=6), last),
            "last 28 days": Window(last - timedelta(days=27), last),
            "year to date": Window(date(last.year, 1, 1), last),
        }
        span = Window(shift_years(windows["year to date"], -1).start, last)
        values = {d: s.value for d, s in figs.values(info.id, "people", span).items()}
        for name, w in windows.items():
            now, before = agg.total(values, w, "day"), agg.total(values, shift_years(w, -1), "day")
            rows.append(OverviewRow(info, name, now, before, volume_level(now.per_day())))
    return rows


@dataclass(frozen=True)
class SectionPeriod:
    section: str
    window: Window
    events: int
    people: int
    deaths: int
    missing: int
    worst: Impact | None
    level: Level


def by_section(events: list[SituationEvent], window: Window, by: str) -> list[SectionPeriod]:
    """Events per border section and period with the section's level for that period."""
    rows = []
    sections = sorted({e.section or "unknown" for e in events})
    for part in split(window, by):
        for section in sections:
            here = [e for e in events if (e.section or "unknown") == section and e.day in part]
            if not here:
                continue
            people = sum(e.aboard or 0 for e in here if e.kind in PEOPLE_AT_SEA_KINDS)
            impacts = [e.impact for e in here]
            level = section_level(impacts, people / part.days)
            deaths = sum(e.deaths or 0 for e in here)
            missing = sum(e.missing or 0 for e in here)
            row = SectionPeriod(
                section, part, len(here), people, deaths, missing, worst(impacts), level
            )
            rows.append(row)
    return rows
