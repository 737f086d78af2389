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
    """Why a row, or one value of it, could not be loaded as written.

    ``warning`` problems concern one value (a nonsense date dropped, control
    characters removed): the rest of the row loads. Any other problem makes the
    row unusable (no id, unknown schema, not JSON) and quarantines it whole.
    """

    row: int
    field: str | None
    reason: str
    warning: bool = False


@dataclass
class RowResult:
    """A source row: loaded unless one of its problems quarantines it whole."""

    row: int
    entities: list[MappedEntity] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def quarantined(self) -> bool:
        return any(not p.warning for p in self.problems)
