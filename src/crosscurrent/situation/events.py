"""Agencies' events as the situational picture reads them from FtM entities.

Conventions (docs/conventions.md, "Events for the situational picture"): an
``Event`` names its kind in ``keywords``; a crossing is a ``Trip`` whose kind
follows from its outcome; a seizure is an ``UnknownLink`` with role ``seized
at``. People aboard, outcome, deaths, missing and confidence are written in
``summary`` as ``<n> aboard; outcome: <o>; deaths: <k>; missing: <m>;
confidence: <c>``. Entities come from the caller's policy view only, so an
event is here exactly when the caller may see it.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date

from followthemoney.statement import Statement, StatementEntity

from crosscurrent.situation.catalogue import section_for
from crosscurrent.situation.levels import IMPACTS, PEOPLE_AT_SEA_KINDS, Impact, impact

KINDS = (
    "crossing-attempt", "arrival", "launch-sighted", "interception", "prevention", "rescue",
    "death", "missing", "seizure", "arrest",
)  # fmt: skip
OUTCOME_KIND = {
    "arrived": "arrival",
    "rescued": "rescue",
    "intercepted": "interception",
    "prevented": "prevention",
    "deaths": "death",
    "missing": "missing",
}
"""A crossing's outcome (as the scenario and agencies write it) -> event kind."""
CONFIDENCE = ("confirmed", "probable", "possible")
UNSTATED = "unstated"


@dataclass(frozen=True)
class SituationEvent:
    id: str
    """Canonical id in the caller's view."""
    schema: str
    kind: str
    day: date | None
    section: str | None
    """Border section code, or None when neither stated nor placeable."""
    site: str | None
    """Canonical id of the place (launch site, where seized)."""
    site_name: str | None
    latitude: float | None
    longitude: float | None
    aboard: int | None
    outcome: str | None
    deaths: int | None
    missing: int | None
    confidence: str
    items: tuple[str, ...]
    """Canonical ids of the boats and engines involved."""
    people: tuple[str, ...]
    originators: tuple[str, ...]
    datasets: tuple[str, ...]
    impact: Impact
    reports: tuple[str, ...] = ()
    """Ids of every event merged into this one (itself included): one crossing
    reported by several agencies is one event."""
    statements: tuple[str, ...] = ()
    """Store ids of the statements it was read from: a statement may carry a
    marking of its own, narrower than its dataset's."""


_PART = re.compile(r"^\s*(?:(?P<n>\d+)\s+aboard|(?P<key>[a-z ]+?)\s*:\s*(?P<value>.+?))\s*$")


def parse_summary(text: str | None) -> dict[str, str]:
    """``{"aboard": "61", "outcome": "rescued", ...}`` from a convention summary;
    parts that do not follow it are ignored (a summary may also be prose)."""
    found: dict[str, str] = {}
    for part in (text or "").split(";"):
        m = _PART.match(part.casefold())
        if m is None:
            continue
        if m["n"] is not None:
            found["aboard"] = m["n"]
        else:
            found[m["key"].strip()] = m["value"].strip()
    return found


def _int(value: str | None) -> int | None:
    return int(value) if value is not None and value.strip().isdigit() else None


def first(entity: StatementEntity, *props: str) -> str | None:
    """The first value (in sorted order) of the first of ``props`` the entity has."""
    for prop in props:
        if entity.schema.get(prop) is None:
            continue
        values = entity.get(prop, quiet=True)
        if values:
            return str(sorted(values)[0])
    return None


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def _float(entity: StatementEntity | None, prop: str) -> float | None:
    value = first(entity, prop) if entity is not None else None
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


def _kind(entity: StatementEntity, facts: dict[str, str]) -> str | None:
    stated = [k.strip().casefold() for k in entity.get("keywords", quiet=True)]
    for kind in KINDS:
        if kind in stated:
            return kind
    if entity.schema.is_a("Trip") and ("outcome" in facts or "aboard" in facts):
        return OUTCOME_KIND.get(facts.get("outcome", ""), "crossing-attempt")
    if entity.schema.is_a("UnknownLink"):
        role = " ".join(" ".join(entity.get("role", quiet=True)).split()).casefold()
        if role == "seized at":
            return "seizure"
    return None


def _place_and_items(
    entity: StatementEntity, index: dict[str, StatementEntity]
) -> tuple[str | None, tuple[str, ...]]:
    """The event's place (an Address) and the boats or engines it concerns."""
    if entity.schema.is_a("UnknownLink"):
        # Agencies swap subject and object; the Address end is the place.
        ends = [*entity.get("subject", quiet=True), *entity.get("object", quiet=True)]
        places = [e for e in ends if (x := index.get(e)) is not None and x.schema.is_a("Address")]
        return (places[0] if places else None), tuple(sorted(set(ends) - set(places)))
    site = first(entity, "startLocation", "addressEntity")
    return site, tuple(sorted(entity.get("vehicle", quiet=True)))


def to_event(entity: StatementEntity, index: dict[str, StatementEntity]) -> SituationEvent | None:
    """The event an entity records under the conventions, or None if it records none."""
    if entity.id is None:
        return None
    facts = parse_summary(first(entity, "summary"))
    kind = _kind(entity, facts)
    if kind is None:
        return None
    site, items = _place_and_items(entity, index)
    place = index.get(site) if site else None
    lat, lon = _float(place, "latitude"), _float(place, "longitude")
    aboard, deaths, missing = (_int(facts.get(k)) for k in ("aboard", "deaths", "missing"))
    stated = [s for s in entity.statements if s.prop != Statement.BASE]
    confidence = facts.get("confidence", UNSTATED)
    return SituationEvent(
        id=entity.id,
        schema=entity.schema.name,
        kind=kind,
        day=_day(first(entity, "date", "startDate")),
        section=section_for(first(entity, "location"), lat, lon),
        site=site,
        site_name=first(place, "name", "full") if place is not None else None,
        latitude=lat,
        longitude=lon,
        aboard=aboard,
        outcome=facts.get("outcome"),
        deaths=deaths,
        missing=missing,
        confidence=confidence if confidence in CONFIDENCE else UNSTATED,
        items=items,
        people=tuple(
            sorted({*entity.get("involved", quiet=True), *entity.get("organizer", quiet=True)})
        ),
        originators=tuple(sorted({s.origin for s in stated if s.origin})),
        datasets=tuple(sorted({s.dataset for s in stated})),
        impact=impact(kind, aboard, deaths, missing),
        reports=(entity.id,),
        statements=tuple(sorted({s.id for s in stated if s.id})),
    )


def read_events(entities: Iterable[StatementEntity]) -> list[SituationEvent]:
    """Events among the caller's entities, one per crossing, newest first (undated last)."""
    index = {e.id: e for e in entities if e.id is not None}
    found = merge_reports([ev for e in index.values() if (ev := to_event(e, index)) is not None])
    return sorted(found, key=lambda ev: (ev.day is None, -(ev.day or date.min).toordinal(), ev.id))


def merge_reports(events: list[SituationEvent]) -> list[SituationEvent]:
    """Reports of one crossing (the same boat, after resolution, at sea on the same
    day) become one event, so its people are counted once: the UK records an
    arrival and France the launch of the same boat."""
    groups: dict[tuple[date, tuple[str, ...]], list[SituationEvent]] = {}
    kept = []
    for ev in events:
        if ev.kind in PEOPLE_AT_SEA_KINDS and ev.items and ev.day is not None:
            groups.setdefault((ev.day, ev.items), []).append(ev)
        else:
            kept.append(ev)
    return kept + [_merge(group) for group in groups.values()]


def _most(values: Iterable[int | None]) -> int | None:
    """The highest count any report gives: reports undercount more often than not."""
    return max((v for v in values if v is not None), default=None)


def _merge(group: list[SituationEvent]) -> SituationEvent:
    if len(group) == 1:
        return group[0]
    # The gravest report leads (a death outranks an arrival); places fill in from others.
    lead = max(group, key=lambda ev: (IMPACTS.index(ev.impact), ev.site is not None, ev.id))
    placed = next((ev for ev in group if ev.site is not None), lead)
    aboard = _most(ev.aboard for ev in group)
    deaths, missing = _most(ev.deaths for ev in group), _most(ev.missing for ev in group)
    stated = [ev.confidence for ev in group if ev.confidence != UNSTATED]
    return replace(
        lead,
        section=lead.section or next((ev.section for ev in group if ev.section), None),
        site=placed.site,
        site_name=placed.site_name,
        latitude=placed.latitude,
        longitude=placed.longitude,
        aboard=aboard,
        deaths=deaths,
        missing=missing,
        confidence=min(stated, key=CONFIDENCE.index) if stated else UNSTATED,
        people=tuple(sorted({p for ev in group for p in ev.people})),
        originators=tuple(sorted({a for ev in group for a in ev.originators})),
        datasets=tuple(sorted({d for ev in group for d in ev.datasets})),
        impact=impact(lead.kind, aboard, deaths, missing),
        reports=tuple(sorted(ev.id for ev in group)),
        statements=tuple(sorted({i for ev in group for i in ev.statements})),
    )
