"""The situational picture: official series, border sections, agencies' events."""

from datetime import date

from pydantic import BaseModel, Field

from crosscurrent.api.models.common import DerivedMarkingOut
from crosscurrent.situation.catalogue import Section, SeriesInfo
from crosscurrent.situation.events import SituationEvent
from crosscurrent.situation.picture import OverviewRow, SectionPeriod
from crosscurrent.situation.series import Total


class SeriesOut(BaseModel):
    """A published series and where its figures come from."""

    id: str = Field(examples=["uk-daily"])
    title: str = Field(examples=["Small boat arrivals to the UK, daily"])
    border: str = Field(examples=["channel"])
    step: str = Field(description="day, week or year: the period of one figure.")
    measures: list[str] = Field(examples=[["people", "boats"]])
    publisher: str = Field(examples=["Home Office"])
    licence: str = Field(examples=["Open Government Licence v3.0"])
    attribution: str
    first: date | None = Field(description="First day covered; null when none is loaded.")
    last: date | None = Field(description="Last day covered.")

    @classmethod
    def of(cls, info: SeriesInfo, first: date | None, last: date | None) -> "SeriesOut":
        return cls(
            id=info.id, title=info.title, border=info.border, step=info.step,
            measures=list(info.measures), publisher=info.publisher, licence=info.licence,
            attribution=info.attribution, first=first, last=last,
        )  # fmt: skip


class TotalOut(BaseModel):
    """A sum over a period; periods without a published figure are counted as missing,
    never as zero."""

    start: date
    end: date
    label: str = Field(examples=["2024-W37"])
    value: int = Field(description="Sum of the figures present.", examples=[1245])
    missing: int = Field(description="Periods in the window with no figure.", examples=[0])

    @classmethod
    def of(cls, total: Total) -> "TotalOut":
        w = total.window
        return cls(start=w.start, end=w.end, label=w.label, value=total.value,
                   missing=total.missing)  # fmt: skip


class FiguresOut(BaseModel):
    """One series over a window, bucketed, with the same buckets a year before."""

    series: SeriesOut
    measure: str = Field(examples=["people"])
    by: str = Field(description="Bucket: day, week, month or year.", examples=["week"])
    buckets: list[TotalOut]
    year_before: list[TotalOut] = Field(
        description="Each bucket's same period a year before, in the same order."
    )
    total: TotalOut
    provenance: str = Field(description="Editions used and the attribution, for a caption.")


class OverviewOut(BaseModel):
    """The latest figures of a daily series against the same days a year before."""

    series: str = Field(examples=["uk-daily"])
    border: str = Field(examples=["channel"])
    window: str = Field(examples=["last 7 days"])
    start: date
    end: date
    value: int
    year_before: int
    change_percent: float | None = Field(description="Null when the year before was zero.")
    per_day: float | None
    level: str = Field(description="Volume level: low, medium, high or critical.")

    @classmethod
    def of(cls, row: OverviewRow) -> "OverviewOut":
        before = row.year_before.value
        change = 100.0 * (row.total.value - before) / before if before else None
        return cls(
            series=row.series.id, border=row.series.border, window=row.name,
            start=row.total.window.start, end=row.total.window.end, value=row.total.value,
            year_before=before, change_percent=change, per_day=row.total.per_day(),
            level=row.level.value,
        )  # fmt: skip


class SectionOut(BaseModel):
    """A border section (public geography)."""

    code: str = Field(examples=["opale-north"])
    name: str
    border: str = Field(examples=["channel"])
    box: list[float] = Field(description="South, west, north, east in degrees.")

    @classmethod
    def of(cls, s: Section) -> "SectionOut":
        return cls(code=s.code, name=s.name, border=s.border, box=list(s.box))


class SectionPeriodOut(BaseModel):
    """Events in one section over one period, with the section's level."""

    section: str
    start: date
    end: date
    label: str
    events: int
    people: int = Field(description="People aboard crossings, rescues, interceptions...")
    deaths: int
    missing: int
    worst: str | None = Field(description="Highest impact of its events.")
    level: str = Field(description="low, medium, high or critical.")

    @classmethod
    def of(cls, p: SectionPeriod) -> "SectionPeriodOut":
        return cls(
            section=p.section, start=p.window.start, end=p.window.end, label=p.window.label,
            events=p.events, people=p.people, deaths=p.deaths, missing=p.missing,
            worst=p.worst.value if p.worst else None, level=p.level.value,
        )  # fmt: skip


class EventOut(BaseModel):
    """An event as the caller's agency may see it, with its derived marking."""

    id: str = Field(examples=["cc-3f2a9c0d1e7b4a5c6d8e"])
    kind: str = Field(examples=["rescue"])
    day: date | None
    section: str | None = Field(examples=["opale-north"])
    site: str | None = Field(description="Canonical id of the place.")
    site_name: str | None = Field(examples=["Plage des Huttes, Gravelines"])
    latitude: float | None
    longitude: float | None
    aboard: int | None
    outcome: str | None
    deaths: int | None
    missing: int | None
    confidence: str = Field(examples=["confirmed"])
    impact: str = Field(examples=["high"])
    reports: int = Field(description="Reports merged into this event (one crossing seen by "
                         "several agencies is one event).")  # fmt: skip
    originators: list[str] = Field(examples=[["FR-PN", "UK-BSC"]])
    marking: DerivedMarkingOut | None

    @classmethod
    def of(cls, e: SituationEvent, marking: DerivedMarkingOut | None) -> "EventOut":
        return cls(
            id=e.id, kind=e.kind, day=e.day, section=e.section, site=e.site,
            site_name=e.site_name, latitude=e.latitude, longitude=e.longitude, aboard=e.aboard,
            outcome=e.outcome, deaths=e.deaths, missing=e.missing, confidence=e.confidence,
            impact=e.impact.value, reports=len(e.reports), originators=list(e.originators),
            marking=marking,
        )  # fmt: skip


class SiteOut(BaseModel):
    """A place events happened at (a launch site, where a boat was seized)."""

    id: str
    name: str | None
    latitude: float
    longitude: float
    section: str | None
    events: int
    kinds: list[str] = Field(examples=[["launch-sighted", "seizure"]])


class EventsOut(BaseModel):
    """Agencies' events the caller may see, in a window."""

    start: date | None = Field(description="Null when no dated event is visible.")
    end: date | None
    total: int = Field(description="Events in the window (the list may be shorter).")
    sections: list[SectionPeriodOut]
    events: list[EventOut] = Field(description="The latest first, at most `limit`.")
    sites: list[SiteOut] = Field(description="Every place with coordinates in the window.")


class TimelineItemOut(BaseModel):
    """One dated thing on the timeline: an agency's event or an activity of the
    supply chain (a supply, storage, transport, launch or payment)."""

    id: str = Field(description="Canonical id of the event, link, trip or payment.")
    day: date
    category: str = Field(description="`event` or `activity`.", examples=["event"])
    kind: str = Field(examples=["rescue", "launch"])
    title: str = Field(examples=["Boat HULL-77 launched from Plage des Huttes, Gravelines"])
    section: str | None = Field(examples=["opale-north"])
    place: str | None = Field(description="Name of the place, when it has one.")
    aboard: int | None = None
    deaths: int | None = None
    missing: int | None = None
    impact: str | None = Field(default=None, description="Events only: low to very high.")
    originators: list[str] = Field(examples=[["FR-PN"]])
    marking: DerivedMarkingOut | None


class DayCountOut(BaseModel):
    """How many events and activities one day holds (after the filters)."""

    day: date
    events: int
    activities: int


class TimelineOut(BaseModel):
    """Events and activities the caller may see, oldest first."""

    start: date | None = Field(description="Null when nothing dated is visible.")
    end: date | None
    total: int = Field(description="Items in the window after the filters.")
    kinds: dict[str, int] = Field(
        description="Items per kind in the window, before the kind filter (for the filter).",
        examples=[{"rescue": 3, "payment": 12}],
    )
    days: list[DayCountOut]
    items: list[TimelineItemOut] = Field(
        description="The latest `limit` items of the window, oldest first."
    )


class PlaceOut(BaseModel):
    """A storage or launch site with coordinates, as the caller may see it."""

    id: str
    kind: str = Field(description="`storage` or `launch`.", examples=["storage"])
    name: str = Field(examples=["Lagerhalle Hafenstraße, Duisburg"])
    latitude: float
    longitude: float
    country: str | None = Field(examples=["de"])
    section: str | None
    items: int = Field(description="Boats and engines stored or launched there.")
    first: date | None = Field(description="First dated storage or launch there.")
    last: date | None
    originators: list[str]
    marking: DerivedMarkingOut | None


class PlacesOut(BaseModel):
    """What the situation map draws from the caller's view, beside the events."""

    storage: list[PlaceOut]
    launch: list[PlaceOut]
    crossings: list[EventOut] = Field(
        description="Crossings (arrivals, rescues, interceptions, deaths...) placed at "
        "their launch site, newest first."
    )
