"""Impact of one event and the level of a border section over a period.

The rules are tables, read top to bottom, first match wins; docs/situation.md
states them in words and tests/situation/test_levels.py keeps the two in step.
"""

from collections.abc import Iterable
from enum import StrEnum


class Impact(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    VERY_HIGH = "very high"


class Level(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"


IMPACTS = list(Impact)
LEVELS = list(Level)

PEOPLE_AT_SEA_KINDS = frozenset(
    {"crossing-attempt", "arrival", "interception", "prevention", "rescue", "death", "missing"}
)
"""Kinds whose people aboard were at sea (or about to be): they count towards volume."""

OVERLOADED = 60
"""People aboard from which a boat counts as overloaded. Channel boats carried
about 53 people on average in 2024 (36,816 people in 695 boats, Home Office)."""

IMPACT_RULES: tuple[tuple[str, Impact], ...] = (
    ("anyone died or is missing", Impact.VERY_HIGH),
    ("a rescue (people in distress at sea)", Impact.HIGH),
    (f"{OVERLOADED} or more people aboard", Impact.HIGH),
    ("people aboard a crossing, interception or prevention", Impact.MEDIUM),
    ("an arrest, or a seizure of a boat or engine", Impact.MEDIUM),
    ("anything else (a launch sighted with no one known aboard)", Impact.LOW),
)
"""The impact rules in words, in the order ``impact`` applies them."""


def impact(kind: str, aboard: int | None, deaths: int | None, missing: int | None) -> Impact:
    if (deaths or 0) > 0 or (missing or 0) > 0 or kind in ("death", "missing"):
        return Impact.VERY_HIGH
    if kind == "rescue":
        return Impact.HIGH
    if (aboard or 0) >= OVERLOADED:
        return Impact.HIGH
    if kind in PEOPLE_AT_SEA_KINDS and (aboard or 0) > 0:
        return Impact.MEDIUM
    if kind in ("arrest", "seizure"):
        return Impact.MEDIUM
    return Impact.LOW


VOLUME_RULES: tuple[tuple[float, Level], ...] = (
    (500.0, Level.CRITICAL),
    (200.0, Level.HIGH),
    (50.0, Level.MEDIUM),
    (0.0, Level.LOW),
)
"""People per day (average over the period) from which a section is at a level.
For scale: the UK averaged about 100 a day in 2024 with peaks over 800; Italy
about 430 a day in 2023 and 175 in 2024."""

IMPACT_LEVEL = {
    Impact.VERY_HIGH: Level.CRITICAL,
    Impact.HIGH: Level.HIGH,
    Impact.MEDIUM: Level.MEDIUM,
    Impact.LOW: Level.LOW,
}
"""The level a single event of that impact lifts its section to, at least."""


def volume_level(per_day: float | None) -> Level:
    if per_day is None:
        return Level.LOW
    return next(level for floor, level in VOLUME_RULES if per_day >= floor)


def section_level(impacts: Iterable[Impact], per_day: float | None) -> Level:
    """The higher of the volume level and the level of the worst event."""
    found = [IMPACT_LEVEL[i] for i in impacts] + [volume_level(per_day)]
    return max(found, key=LEVELS.index)


def worst(impacts: Iterable[Impact]) -> Impact | None:
    found = list(impacts)
    return max(found, key=IMPACTS.index) if found else None
