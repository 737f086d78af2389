"""Markings: who originated a dataset, who may see it, and how it may be used."""

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from crosscurrent.errors import InvalidMarking

ALL = "all"
"""Releasable to every registered agency."""


class Handling(StrEnum):
    """Handling codes agreed between the partners."""

    H0 = "H0"
    """Law-enforcement use."""
    H1 = "H1"
    """Not for court without the originator's consent."""
    H2 = "H2"
    """No onward release without the originator's consent."""
    H3 = "H3"
    """Other restrictions, stated in text."""


@dataclass(frozen=True)
class Marking:
    """The marking a dataset (or a single statement) carries."""

    originator: str
    releasable_to: tuple[str, ...]
    """Agency codes, or ``("all",)``; the originator always sees its own data."""
    handling: Handling = Handling.H0

    def visible_to(self, agency: str) -> bool:
        return (
            agency == self.originator or ALL in self.releasable_to or agency in self.releasable_to
        )


def parse_releasable(value: str | Iterable[str] | None, originator: str) -> tuple[str, ...]:
    """Parse ``"all"``, ``"UK-NCA,FR-PN"`` or a list into a sorted tuple of codes.

    No value means originator only: releasing wider must be a deliberate act.
    """
    if value is None:
        codes: list[str] = []
    elif isinstance(value, str):
        codes = [c.strip() for c in value.split(",")]
    else:
        codes = [str(c).strip() for c in value]
    codes = [c for c in codes if c]
    if any(c.lower() == ALL for c in codes):
        if len(codes) > 1:
            raise InvalidMarking("releasable-to is either 'all' or a list of agency codes")
        return (ALL,)
    return tuple(sorted({c.upper() for c in codes} | {originator}))


def parse_handling(value: str | None) -> Handling:
    if value is None:
        return Handling.H0
    try:
        return Handling(value.strip().upper())
    except ValueError:
        codes = ", ".join(h.value for h in Handling)
        raise InvalidMarking(f"unknown handling code {value!r} (use one of {codes})") from None


HANDLING_ORDER = (Handling.H0, Handling.H1, Handling.H2, Handling.H3)


def tlp(marking: Marking) -> str:
    """TLP 2.0 label for exchange with STIX/MISP partners.

    Released to all partners: the partners are the community (GREEN). Released
    to named agencies, or originator only: named recipients (RED). No onward
    release without consent (H2, H3) caps the label at AMBER+STRICT even when
    released to all, since a recipient may not pass it on.
    """
    if ALL in marking.releasable_to:
        return "TLP:AMBER+STRICT" if marking.handling in (Handling.H2, Handling.H3) else "TLP:GREEN"
    return "TLP:RED"


@dataclass(frozen=True)
class Derived:
    """The marking of an object made from several sources."""

    originators: tuple[str, ...]
    releasable_to: tuple[str, ...]
    handling: Handling

    def as_dict(self) -> dict[str, object]:
        marking = Marking(self.originators[0], self.releasable_to, self.handling)
        return {
            "originators": list(self.originators),
            "releasable_to": list(self.releasable_to),
            "handling": self.handling.value,
            "tlp": tlp(marking),
        }


def derive(sources: Iterable[Marking]) -> Derived:
    """A merged entity or an export is released no wider than every one of its
    sources, and handled as the strictest of them."""
    found = list(sources)
    if not found:
        raise InvalidMarking("a derived object needs at least one source")
    released: set[str] | None = None
    for m in found:
        if ALL not in m.releasable_to:
            reach = set(m.releasable_to) | {m.originator}
            released = reach if released is None else released & reach
    handling = max((m.handling for m in found), key=HANDLING_ORDER.index)
    reach_text = (ALL,) if released is None else tuple(sorted(released))
    return Derived(tuple(sorted({m.originator for m in found})), reach_text, handling)
