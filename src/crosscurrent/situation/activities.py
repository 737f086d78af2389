"""Dated activities and places of the supply chain, read from the caller's entities.

Under the conventions (docs/conventions.md) a launch, a storage, a supply and a
transport are links or trips, and storage and launch sites are Addresses told
apart by ``remarks`` (or by the links that use them). These are not events of the
situational picture (nobody was at sea), but they belong on its timeline and map.
Entities come from the caller's policy view only.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from followthemoney.statement import Statement, StatementEntity

from crosscurrent.situation.catalogue import section_for
from crosscurrent.situation.events import first, to_event

LINK_KINDS = {"launched from": "launch", "stored at": "storage", "supplied": "supply"}
"""An UnknownLink's role -> activity kind."""
ACTIVITY_KINDS = ("supply", "storage", "transport", "launch", "payment")


@dataclass(frozen=True)
class Activity:
    id: str
    """Canonical id of the link, trip or payment."""
    kind: str
    day: date
    title: str
    place: str | None
    """Canonical id of the Address where it happened, when it has one."""
    section: str | None
    shown: tuple[str, ...]
    """Canonical ids of every entity named in ``title``."""


@dataclass(frozen=True)
class Place:
    id: str
    kind: str
    """``storage`` or ``launch``."""
    name: str
    latitude: float
    longitude: float
    country: str | None
    items: tuple[str, ...]
    """Boats and engines stored or launched there."""
    first: date | None
    last: date | None


def day_of(entity: StatementEntity) -> date | None:
    value = first(entity, "date", "startDate")
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def coordinates(entity: StatementEntity | None) -> tuple[float, float] | None:
    if entity is None or not entity.schema.is_a("Address"):
        return None
    try:
        lat, lon = first(entity, "latitude"), first(entity, "longitude")
        return (float(lat), float(lon)) if lat and lon else None
    except ValueError:
        return None


def role(entity: StatementEntity) -> str:
    return " ".join(" ".join(entity.get("role", quiet=True)).split()).casefold()


def kind_verb(kind: str) -> str:
    return {"launch": "launched from", "storage": "stored at"}.get(kind, kind)


def originators(entity: StatementEntity) -> list[str]:
    return sorted({s.origin for s in entity.statements if s.prop != Statement.BASE and s.origin})


class Reader:
    """Activities and places among one caller's entities."""

    def __init__(self, entities: Iterable[StatementEntity]) -> None:
        self.index = {str(e.id): e for e in entities if e.id is not None}

    def caption(self, entity_id: str | None) -> str:
        found = self.index.get(entity_id or "")
        # A reference to a record outside the view: say so, never guess its name.
        return found.caption if found is not None else "a record outside your view"

    def _ends(self, link: StatementEntity) -> tuple[list[str], list[str]]:
        """(Address ends, other ends) of a link: agencies swap subject and object."""
        ends = [*link.get("subject", quiet=True), *link.get("object", quiet=True)]
        places = [
            i for i in ends if (x := self.index.get(i)) is not None and x.schema.is_a("Address")
        ]
        return places, [i for i in ends if i not in places]

    def _is_item(self, entity_id: str) -> bool:
        found = self.index.get(entity_id)
        return found is not None and (found.schema.is_a("Vessel") or found.schema.is_a("Vehicle"))

    def _section(self, place: str | None) -> str | None:
        where = coordinates(self.index.get(place or ""))
        return section_for(None, *where) if where else None

    def activity(self, entity: StatementEntity) -> Activity | None:
        day = day_of(entity)
        if entity.id is None or day is None:
            return None
        if entity.schema.is_a("Payment"):
            payer, payee = first(entity, "payer"), first(entity, "beneficiary")
            money = " ".join(x for x in (first(entity, "amount"), first(entity, "currency")) if x)
            title = f"Payment {money}: {self.caption(payer)} → {self.caption(payee)}".replace(
                "  ", " "
            )
            return Activity(entity.id, "payment", day, title, None, None,
                            tuple(x for x in (payer, payee) if x))  # fmt: skip
        if to_event(entity, self.index) is not None:
            return None  # a crossing, a seizure: an event of the situational picture
        if entity.schema.is_a("Trip"):
            van, start, end = (
                first(entity, p) for p in ("vehicle", "startLocation", "endLocation")
            )
            title = f"Transport by {self.caption(van)}: {self.caption(start)} → {self.caption(end)}"
            shown = tuple(x for x in (van, start, end) if x)
            return Activity(entity.id, "transport", day, title, end, self._section(end), shown)
        if entity.schema.is_a("UnknownLink") and (kind := LINK_KINDS.get(role(entity))):
            places, ends = self._ends(entity)
            items = [i for i in ends if self._is_item(i)] or ends
            parties = [i for i in ends if i not in items]
            place = places[0] if places else None
            what = ", ".join(self.caption(i) for i in items) or "an item"
            if kind == "supply":
                title = f"{what} supplied by {', '.join(map(self.caption, parties)) or 'unknown'}"
            else:
                title = f"{what} {kind_verb(kind)} {self.caption(place)}"
            return Activity(entity.id, kind, day, title, place, self._section(place),
                            tuple(ends) + tuple(places))  # fmt: skip
        return None

    def activities(self) -> list[Activity]:
        found = [a for e in self.index.values() if (a := self.activity(e)) is not None]
        return sorted(found, key=lambda a: (a.day, a.kind, a.id))

    def places(self) -> list[Place]:
        """Storage and launch sites with coordinates: by their remarks, or by the
        links and crossings that use them."""
        kinds: dict[str, str] = {}
        items: dict[str, set[str]] = {}
        days: dict[str, list[date]] = {}
        for e in self.index.values():
            if e.schema.is_a("Address"):
                remarks = " ".join(e.get("remarks", quiet=True)).casefold()
                if "storage" in remarks:
                    kinds.setdefault(str(e.id), "storage")
                elif "launch" in remarks:
                    kinds.setdefault(str(e.id), "launch")
            elif e.schema.is_a("UnknownLink") and role(e) in ("stored at", "launched from"):
                places, things = self._ends(e)
                for p in places:
                    kinds[p] = LINK_KINDS[role(e)]
                    items.setdefault(p, set()).update(things)
                    if (d := day_of(e)) is not None:
                        days.setdefault(p, []).append(d)
            elif e.schema.is_a("Trip") and to_event(e, self.index) is not None:
                start = first(e, "startLocation")
                if start is not None:
                    kinds.setdefault(start, "launch")
        found = []
        for pid, kind in sorted(kinds.items()):
            entity = self.index.get(pid)
            where = coordinates(entity)
            if entity is None or where is None:
                continue
            seen = days.get(pid, [])
            found.append(Place(
                pid, kind, first(entity, "summary", "name", "full") or entity.caption,
                where[0], where[1], first(entity, "country"), tuple(sorted(items.get(pid, ()))),
                min(seen, default=None), max(seen, default=None),
            ))  # fmt: skip
        return found
