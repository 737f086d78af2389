"""What the situation map draws beside the events: storage sites, launch sites and
crossings, from the caller's view (a consultation, logged with the case)."""

from fastapi import APIRouter

from crosscurrent.api.deps import Consult
from crosscurrent.api.models.common import DerivedMarkingOut
from crosscurrent.api.models.situation import EventOut, PlaceOut, PlacesOut
from crosscurrent.api.routers.timeline import entity_marking
from crosscurrent.situation.activities import Place, Reader, originators
from crosscurrent.situation.catalogue import section_for
from crosscurrent.situation.events import read_events
from crosscurrent.situation.levels import PEOPLE_AT_SEA_KINDS
from crosscurrent.situation.show import event_markings

router = APIRouter(prefix="/situation", tags=["situation"])


def _place(c: Consult, p: Place) -> PlaceOut:
    entity = c.view.by_id[p.id]
    return PlaceOut(
        id=p.id, kind=p.kind, name=p.name, latitude=p.latitude, longitude=p.longitude,
        country=p.country, section=section_for(None, p.latitude, p.longitude),
        items=len(p.items), first=p.first, last=p.last, originators=originators(entity),
        marking=entity_marking(c.view, entity),
    )  # fmt: skip


@router.get(
    "/places",
    summary="Storage sites, launch sites and crossings",
    description="The storage sites (of boats and engines, often far from the coast) and "
    "launch sites with coordinates in the entities your agency may see, with how many "
    "items were stored or launched there; and every crossing (arrival, rescue, "
    "interception, death...) placed at its launch site. Each with its agencies and "
    "derived marking. A consultation: it needs a case reference and is logged.",
)
def read_places(c: Consult) -> PlacesOut:
    places = Reader(c.view.entities).places()
    crossings = [
        e
        for e in read_events(c.view.entities)
        if e.kind in PEOPLE_AT_SEA_KINDS and e.latitude is not None and e.longitude is not None
    ]
    markings = event_markings(c.con, c.principal.caller, crossings)
    out = PlacesOut(
        storage=[_place(c, p) for p in places if p.kind == "storage"],
        launch=[_place(c, p) for p in places if p.kind == "launch"],
        crossings=[
            EventOut.of(e, DerivedMarkingOut.of(markings[e.id]) if e.id in markings else None)
            for e in crossings
        ],
    )
    shown = {p.id for p in places} | {i for e in crossings for i in e.reports}
    shown |= {e.site for e in crossings if e.site}
    c.record("places", sorted(shown))
    return out
