"""What ``crosscurrent situation`` prints: official series, then (with --as) events."""

from datetime import date
from pathlib import Path

import duckdb
from rich.console import Console

from crosscurrent.graph import build_network
from crosscurrent.model.markings import Derived, Marking, derive, parse_handling
from crosscurrent.situation import SituationError, render
from crosscurrent.situation import series as agg
from crosscurrent.situation.charts import BadChart, series_chart
from crosscurrent.situation.events import SituationEvent, read_events
from crosscurrent.situation.figures import OfficialFigures
from crosscurrent.situation.links import Linker
from crosscurrent.situation.picture import (
    NoSuchSeries,
    SeriesView,
    by_section,
    default_by,
    overview,
    view,
)
from crosscurrent.situation.windows import Window, shift_years
from crosscurrent.store import registry
from crosscurrent.store import view as policy
from crosscurrent.store.view import Caller


def show_official(
    console: Console, con: duckdb.DuckDBPyConnection, series: str | None, measure: str,
    start: date | None, end: date | None, by: str | None, compare: tuple[Window, Window] | None,
    year_on_year: bool, busiest: int | None, chart: Path | None, as_of: date | None,
) -> None:  # fmt: skip
    figs = OfficialFigures(con, as_of)
    if series is None:
        console.print(render.overview_table(overview(figs, end)))
        console.print("More: --series NAME (uk-daily, uk-weekly, italy-daily, italy-yearly).")
        return
    extra = None
    if compare:
        extra = Window(min(w.start for w in compare), max(w.end for w in compare))
    try:
        v = view(figs, series, measure, start, end, extra)
        if year_on_year:
            before = shift_years(v.window, -1)
            v = view(figs, series, measure, v.window.start, v.window.end, before)
        step, bucket = v.info.step, by or default_by(v.info, v.window)
        totals = agg.buckets(v.values, v.window, step, bucket)
    except (NoSuchSeries, ValueError) as exc:
        raise SituationError(str(exc)) from None
    console.print(render.series_table(v, totals))
    console.print(f"Window total: {render.number(agg.total(v.values, v.window, step))}")
    changes = []
    if year_on_year:
        changes.append(
            (f"{before.label} -> {v.window.label}", agg.change(v.values, before, v.window, step))
        )
    if compare:
        changes.append(
            (f"{compare[0].label} -> {compare[1].label}", agg.change(v.values, *compare, step))
        )
    if changes:
        console.print(render.change_table(changes, measure))
    if busiest:
        if step != "day":
            raise SituationError(f"--busiest needs a daily series ({series} is {step}ly)")
        console.print(render.busiest_table(agg.busiest(v.values, v.window, busiest), measure))
    console.print(render.provenance(v), highlight=False)
    if chart is not None:
        _chart(console, v, totals, bucket, chart, year_on_year, compare)


def _chart(
    console: Console, v: SeriesView, totals: list[agg.Total], bucket: str, path: Path,
    year_on_year: bool, compare: tuple[Window, Window] | None,
) -> None:  # fmt: skip
    step = v.info.step
    baseline, label, title = None, "", f"{v.info.title} ({v.measure}), {v.window.label}"
    if compare:
        # Bucket both windows the same way and draw W1 over W2, period by period.
        base = agg.buckets(v.values, compare[0], step, bucket)
        totals = agg.buckets(v.values, compare[1], step, bucket)
        size = min(len(base), len(totals))
        baseline, totals, label = base[:size], totals[:size], compare[0].label
        title = f"{v.info.title} ({v.measure}), {compare[1].label} against {compare[0].label}"
    elif year_on_year:
        # Each bar against the same period a year before, so weeks and months line up.
        baseline = [agg.total(v.values, shift_years(t.window, -1), step) for t in totals]
        label = f"a year before ({shift_years(v.window, -1).label})"
    try:
        now = compare[1].label if compare else v.window.label
        credit = render.provenance(v)
        series_chart(totals, path, title, v.measure, credit, baseline, label, now)
    except BadChart as exc:
        raise SituationError(str(exc)) from None
    console.print(f"chart written to {path}")


def show_events(
    console: Console, con: duckdb.DuckDBPyConnection, caller: Caller, start: date | None,
    end: date | None, by: str | None, section: str | None, latest: int,
) -> list[str]:  # fmt: skip
    """Print the caller's events; return the ids shown (for the audit log)."""
    entities = list(policy.entities(con, caller))
    events = read_events(entities)
    if section:
        events = [e for e in events if (e.section or "unknown") == section]
    dated = [e.day for e in events if e.day is not None]
    if not dated:
        console.print(
            f"No events visible to {caller.label}" + (f" in {section}" if section else "")
        )
        return []
    window = Window(start or min(dated), end or max(dated))
    events = [e for e in events if e.day in window]
    rows = by_section(events, window, by or ("day" if window.days <= 31 else "month"))
    console.print(render.section_table(rows))
    shown = events[:latest]
    linker = Linker(build_network(entities))
    links = {e.id: linker.links(e) for e in shown}
    console.print(render.events_table(shown, event_markings(con, caller, shown)))
    console.print(render.links_table(shown, links))
    # Every record behind what was counted or listed is logged, merged reports included.
    return sorted({i for e in events for i in e.reports})


def event_markings(
    con: duckdb.DuckDBPyConnection, caller: Caller, events: list[SituationEvent]
) -> dict[str, Derived]:
    """Each event's marking: no wider, and handled no laxer, than any statement it
    was read from (a statement's own marking replaces its dataset's)."""
    datasets: dict[str, Marking | None] = {}
    for name in sorted({d for e in events for d in e.datasets}):
        datasets[name] = registry.dataset_marking(con, name)
    # Statement markings are rare: read the few the caller may see, through the view.
    cursor = policy.statements(
        con, caller, "id, dataset, releasable_to, handling",
        "releasable_to IS NOT NULL OR handling IS NOT NULL",
    )  # fmt: skip
    own = {str(i): (str(d), r, h) for i, d, r, h in cursor.fetchall()}
    cursor.close()
    found = {}
    for e in events:
        sources = {m for name in e.datasets if (m := datasets.get(name)) is not None}
        for sid in e.statements:
            if sid in own:
                name, releasable, handling = own[sid]
                base = datasets.get(name)
                if base is not None:
                    sources.add(_override(base, releasable, handling))
        if sources:
            found[e.id] = derive(sorted(sources, key=repr))
    return found


def _override(base: Marking, releasable: list[str] | None, handling: str | None) -> Marking:
    reach = tuple(sorted(releasable)) if releasable is not None else base.releasable_to
    return Marking(base.originator, reach, parse_handling(handling) if handling else base.handling)
