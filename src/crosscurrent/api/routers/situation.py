"""The situational picture: official statistics (public), border sections, and the
agencies' events the caller may see (a consultation, through the policy view)."""

from collections.abc import Iterator
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query

from crosscurrent.api.deps import Consult, CurrentUser, State, Store
from crosscurrent.api.errors import BadRequest, NotFound
from crosscurrent.api.models.common import DerivedMarkingOut
from crosscurrent.api.models.situation import (
    EventOut,
    EventsOut,
    FiguresOut,
    OverviewOut,
    SectionOut,
    SectionPeriodOut,
    SeriesOut,
    SiteOut,
    TotalOut,
)
from crosscurrent.situation import render
from crosscurrent.situation import series as agg
from crosscurrent.situation.catalogue import sections, series_catalogue
from crosscurrent.situation.events import SituationEvent, read_events
from crosscurrent.situation.figures import OfficialFigures
from crosscurrent.situation.picture import NoSuchSeries, by_section, default_by, overview, view
from crosscurrent.situation.show import event_markings
from crosscurrent.situation.windows import BUCKETS, BadWindow, Window, shift_years

router = APIRouter(prefix="/situation", tags=["situation"])

Day = Annotated[date | None, Query(description="YYYY-MM-DD", examples=["2024-09-01"])]


def official_figures(principal: CurrentUser, con: Store, state: State) -> Iterator[OfficialFigures]:
    """The store's official figures, or the shipped snapshot while none are loaded
    (as the CLI does: a fresh install answers at once). Any signed-in user may read
    them: they are published figures."""
    found = OfficialFigures(con)
    if found.loaded():
        yield found
        return
    cursor = state.snapshot().cursor()
    try:
        yield OfficialFigures(cursor)
    finally:
        cursor.close()


Figures = Annotated[OfficialFigures, Depends(official_figures)]


def _window(start: date | None, end: date | None) -> tuple[date | None, date | None]:
    if start is not None and end is not None and end < start:
        raise BadRequest("the window ends before it starts")
    return start, end


@router.get(
    "/series",
    summary="Official series",
    description="The published series Crosscurrent holds (UK daily small-boat arrivals, "
    "weekly prevention figures, Italy's sea arrivals...), with publisher, licence and the "
    "days covered. Public figures: no case reference needed, nothing logged.",
)
def list_series(figs: Figures) -> list[SeriesOut]:
    found = []
    for info in series_catalogue().values():
        covered = figs.coverage(info.id)
        first, last = (covered.start, covered.end) if covered else (None, None)
        found.append(SeriesOut.of(info, first, last))
    return found


@router.get(
    "/series/{series}",
    summary="Figures of a series",
    description="A series over a window (default: the last year it covers) in buckets of a "
    "day, week, month or year, each with the same period a year before. A period with no "
    "published figure is counted as missing, never as zero.",
    responses={404: {"description": "No such series"}},
)
def read_series(
    figs: Figures,
    series: Annotated[str, Path(examples=["uk-daily"])],
    measure: Annotated[str, Query(max_length=40, examples=["people"])] = "people",
    start: Annotated[Day, Query(alias="from")] = None,
    end: Annotated[Day, Query(alias="to")] = None,
    by: Annotated[str | None, Query(pattern="^(day|week|month|year)$")] = None,
) -> FiguresOut:
    start, end = _window(start, end)
    info = series_catalogue().get(series)
    covered = figs.coverage(series) if info else None
    if info is None or covered is None:
        raise NotFound()
    last = min(end or covered.end, covered.end)
    first = max(start or date(last.year - 1, last.month, 1), covered.start)
    if first > last:
        raise BadRequest("no figures of this series in that window")
    try:
        window = Window(first, last)
        v = view(figs, series, measure, window.start, window.end, shift_years(window, -1))
        bucket = by or default_by(info, window)
        totals = agg.buckets(v.values, window, info.step, bucket)
    except (NoSuchSeries, BadWindow, ValueError) as exc:
        raise BadRequest(str(exc)) from None
    before = [agg.total(v.values, shift_years(t.window, -1), info.step) for t in totals]
    return FiguresOut(
        series=SeriesOut.of(info, covered.start, covered.end),
        measure=measure,
        by=bucket,
        buckets=[TotalOut.of(t) for t in totals],
        year_before=[TotalOut.of(t) for t in before],
        total=TotalOut.of(agg.total(v.values, window, info.step)),
        provenance=render.provenance(v),
    )


@router.get(
    "/overview",
    summary="Latest official figures",
    description="For each daily series of people: the last day, 7 and 28 days and the "
    "year to date, each against the same days a year before, with its volume level.",
)
def read_overview(figs: Figures, end: Day = None) -> list[OverviewOut]:
    return [OverviewOut.of(row) for row in overview(figs, end)]


@router.get(
    "/sections",
    summary="Border sections",
    description="The border sections events are counted in, with their boxes (south, west, "
    "north, east); an event without a stated section falls in the first box that holds it.",
)
def list_sections(principal: CurrentUser) -> list[SectionOut]:
    return [SectionOut.of(s) for s in sections()]


def _sites(events: list[SituationEvent]) -> list[SiteOut]:
    places: dict[str, list[SituationEvent]] = {}
    for e in events:
        if e.site is not None and e.latitude is not None and e.longitude is not None:
            places.setdefault(e.site, []).append(e)
    return [
        SiteOut(
            id=site,
            name=here[0].site_name,
            latitude=here[0].latitude or 0.0,
            longitude=here[0].longitude or 0.0,
            section=here[0].section,
            events=len(here),
            kinds=sorted({e.kind for e in here}),
        )
        for site, here in sorted(places.items())
    ]


@router.get(
    "/events",
    summary="Agencies' events",
    description="Crossings, launches, rescues, interceptions, deaths, seizures and arrests "
    "reported by agencies, as far as your agency may see them: per border section and "
    "period with the section's level, the latest events with their markings, and the "
    "places they happened at. A consultation: it needs a case reference and is logged.",
)
def read_events_route(
    c: Consult,
    start: Annotated[Day, Query(alias="from")] = None,
    end: Annotated[Day, Query(alias="to")] = None,
    section: Annotated[str | None, Query(max_length=100, examples=["opale-north"])] = None,
    by: Annotated[str | None, Query(pattern="^(day|week|month|year)$")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> EventsOut:
    start, end = _window(start, end)
    events = read_events(c.view.entities)
    if section:
        events = [e for e in events if (e.section or "unknown") == section]
    dated = [e.day for e in events if e.day is not None]
    if not dated:
        c.record("situation", [])
        return EventsOut(start=None, end=None, total=0, sections=[], events=[], sites=[])
    window = Window(start or min(dated), end or max(dated))
    events = [e for e in events if e.day in window]
    bucket = by or ("day" if window.days <= 31 else "month")
    assert bucket in BUCKETS
    rows = by_section(events, window, bucket)
    shown = events[:limit]
    markings = event_markings(c.con, c.principal.caller, shown)
    out = [
        EventOut.of(e, DerivedMarkingOut.of(markings[e.id]) if e.id in markings else None)
        for e in shown
    ]
    # Every record behind what is counted, listed or mapped is logged, merged
    # reports included (as the CLI does).
    c.record("situation", sorted({i for e in events for i in e.reports}))
    return EventsOut(
        start=window.start,
        end=window.end,
        total=len(events),
        sections=[SectionPeriodOut.of(r) for r in rows],
        events=out,
        sites=_sites(events),
    )
