"""The timeline: agencies' events and dated supply-chain activities, day by day,
as far as the caller may see them (a consultation, through the policy view)."""

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query
from followthemoney.statement import Statement, StatementEntity

from crosscurrent.api.caller_view import CallerView
from crosscurrent.api.deps import Consult
from crosscurrent.api.errors import BadRequest
from crosscurrent.api.models.common import DerivedMarkingOut
from crosscurrent.api.models.situation import DayCountOut, TimelineItemOut, TimelineOut
from crosscurrent.model.markings import Marking, derive
from crosscurrent.situation.activities import Activity, Reader, originators
from crosscurrent.situation.events import SituationEvent, read_events
from crosscurrent.situation.show import event_markings

router = APIRouter(prefix="/situation", tags=["situation"])

Day = Annotated[date | None, Query(description="YYYY-MM-DD", examples=["2024-09-01"])]


def entity_marking(view: CallerView, entity: StatementEntity) -> DerivedMarkingOut | None:
    """Released no wider, and handled no laxer, than any value it was read from."""
    found: list[Marking] = []
    for s in entity.statements:
        if s.prop != Statement.BASE and (m := view.value_marking(s.id, s.dataset)) is not None:
            found.append(m)
    return DerivedMarkingOut.of(derive(found)) if found else None


def _event_title(e: SituationEvent) -> str:
    title = e.kind.replace("-", " ").capitalize()
    if e.site_name:
        title += f" at {e.site_name}"
    if e.outcome:
        title += f" ({e.outcome})"
    return title


def _event_item(e: SituationEvent, marking: DerivedMarkingOut | None) -> TimelineItemOut:
    assert e.day is not None
    return TimelineItemOut(
        id=e.id, day=e.day, category="event", kind=e.kind, title=_event_title(e),
        section=e.section, place=e.site_name, aboard=e.aboard, deaths=e.deaths,
        missing=e.missing, impact=e.impact.value, originators=list(e.originators),
        marking=marking,
    )  # fmt: skip


def _activity_item(view: CallerView, reader: Reader, a: Activity) -> TimelineItemOut:
    entity = view.by_id[a.id]
    place = reader.index.get(a.place or "")
    return TimelineItemOut(
        id=a.id, day=a.day, category="activity", kind=a.kind, title=a.title, section=a.section,
        place=place.caption if place is not None else None, originators=originators(entity),
        marking=entity_marking(view, entity),
    )  # fmt: skip


@router.get(
    "/timeline",
    summary="Timeline of events and activities",
    description="Agencies' events (crossings, launches sighted, interceptions, rescues, "
    "deaths, seizures, arrests) and, unless `activities=false`, the dated activities of "
    "the supply chain in your entities (supplies, storage, transports, launches, "
    "payments), oldest first, with counts per day and per kind. Each item has its "
    "agencies and the marking derived from what it was read from. Filter by `kind` "
    "(repeatable) and `section`. A consultation: it needs a case reference and is logged.",
)
def read_timeline(
    c: Consult,
    start: Annotated[Day, Query(alias="from")] = None,
    end: Annotated[Day, Query(alias="to")] = None,
    kind: Annotated[list[str] | None, Query(max_length=20, examples=[["rescue"]])] = None,
    section: Annotated[str | None, Query(max_length=100, examples=["opale-north"])] = None,
    activities: bool = True,
    limit: Annotated[int, Query(ge=1, le=2000)] = 500,
) -> TimelineOut:
    if start is not None and end is not None and end < start:
        raise BadRequest("the window ends before it starts")
    reader = Reader(c.view.entities)
    events = [e for e in read_events(c.view.entities) if e.day is not None]
    acts = reader.activities() if activities else []
    if section:
        events = [e for e in events if (e.section or "unknown") == section]
        acts = [a for a in acts if (a.section or "unknown") == section]
    events = [
        e for e in events if e.day is not None and (start or e.day) <= e.day <= (end or e.day)
    ]
    acts = [a for a in acts if (start or a.day) <= a.day <= (end or a.day)]
    kinds: dict[str, int] = {}
    for k in [e.kind for e in events] + [a.kind for a in acts]:
        kinds[k] = kinds.get(k, 0) + 1
    if kind:
        wanted = set(kind)
        events = [e for e in events if e.kind in wanted]
        acts = [a for a in acts if a.kind in wanted]
    days: dict[date, list[int]] = {}
    for e in events:
        assert e.day is not None
        days.setdefault(e.day, [0, 0])[0] += 1
    for a in acts:
        days.setdefault(a.day, [0, 0])[1] += 1
    dated: list[tuple[date, str, SituationEvent | Activity]] = [
        *((e.day, e.id, e) for e in events if e.day is not None),
        *((a.day, a.id, a) for a in acts),
    ]
    shown = [x for _, _, x in sorted(dated, key=lambda t: (t[0], t[1]))[-limit:]]
    shown_events = [x for x in shown if isinstance(x, SituationEvent)]
    markings = event_markings(c.con, c.principal.caller, shown_events)
    items = [
        _event_item(x, DerivedMarkingOut.of(markings[x.id]) if x.id in markings else None)
        if isinstance(x, SituationEvent)
        else _activity_item(c.view, reader, x)
        for x in shown
    ]
    # Everything counted is logged, as for /situation/events; and every entity
    # whose name a title shows.
    logged = {i for e in events for i in e.reports} | {
        i for e in shown_events if e.site for i in [e.site]
    }
    logged |= {a.id for a in acts} | {i for x in shown if isinstance(x, Activity) for i in x.shown}
    c.record("timeline", sorted(logged))
    return TimelineOut(
        start=min(days) if days else None,
        end=max(days) if days else None,
        total=len(dated),
        kinds=dict(sorted(kinds.items())),
        days=[DayCountOut(day=d, events=n[0], activities=n[1]) for d, n in sorted(days.items())],
        items=items,
    )
