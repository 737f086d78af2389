"""What a reader yields for each source row: entities with raw values kept, or problems."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Fact:
    """One property value: cleaned, with the value exactly as the source wrote it."""

    prop: str
    value: str
    original: str | None = None


@dataclass
class MappedEntity:
    """An entity as one row describes it (ids are the source's own)."""

    id: str
    schema: str
    facts: list[Fact] = field(default_factory=list)


@dataclass(frozen=True)
class Problem:
    """Why a row (or one of its fields) could not be loaded."""

    row: int
    field: str | None
    reason: str


@dataclass
class RowResult:
    """A source row: loaded when it has no problems, quarantined whole otherwise."""

    row: int
    entities: list[MappedEntity] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
