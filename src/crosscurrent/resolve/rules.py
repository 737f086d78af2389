"""The first resolver's decision rules: strong identifiers, then name and birth date.

Each rule proposes pairs of source entities to merge, with the rule's name so
every canonical id can say why it exists. Negative evidence (two different full
birth dates) vetoes the weaker rules; a shared phone is never enough alone,
because brothers and flatmates share phones.
"""

import itertools
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from followthemoney import model

from crosscurrent.resolve import normalise

Key = tuple[str, str]
"""A source entity: (dataset, entity id as in the file)."""


@dataclass
class Profile:
    """What the rules compare of one source entity."""

    key: Key
    schema: str
    agency: str = ""
    strong: set[str] = field(default_factory=set)
    phones: set[str] = field(default_factory=set)
    births: set[str] = field(default_factory=set)
    props: dict[str, list[str]] = field(default_factory=dict)
    """A person's values as written, for the scored model (``PERSON_PROPS`` only)."""

    @cached_property
    def names(self) -> frozenset[frozenset[str]]:
        """Skeletons of each name: a person's names and aliases, and its first and last
        name read as one. Made when a rule first asks, once the profile is built (the
        scored model reads ``props`` its own way: normalising every name for the rules
        cost a run 0.2 s). A record whose statements carry several schemas is read by
        its final one: before, a name read while it was still a LegalEntity stub was
        not a person's name, so the result hung on the statements' order."""
        out: set[frozenset[str]] = set()
        if family(self.schema) == "Person":
            for prop in ("name", "alias"):
                out.update(normalise.name_tokens(v) for v in self.props.get(prop, ()))
        first, last = self.props.get("firstName"), self.props.get("lastName")
        if first or last:  # the last value read of each, as the profile kept them
            out.add(normalise.name_tokens(" ".join(v[-1] for v in (first, last) if v)))
        out.discard(frozenset())
        return frozenset(out)

    @property
    def tokens(self) -> frozenset[str]:
        return frozenset().union(*self.names) if self.names else frozenset()


# Properties that identify one thing of a schema family; the value is prefixed
# with the family so a van's plate never meets a passport number.
STRONG = {
    "Person": {"passportNumber": "doc", "idNumber": "doc"},
    "Passport": {"passportNumber": "doc", "number": "doc"},
    "Vehicle": {"registrationNumber": "serial"},
    "Vessel": {"registrationNumber": "serial", "imoNumber": "serial", "mmsi": "serial"},
    "BankAccount": {"iban": "iban", "accountNumber": "account"},
    "Company": {"registrationNumber": "reg", "taxNumber": "reg"},
}


@lru_cache(maxsize=1024)
def family(schema: str) -> str:
    """Entities only merge within a family: a Vessel is a Vehicle, a Person is not a Company."""
    s = model.get(schema)
    if s is None:
        return schema
    for name in ("Person", "Vessel", "Vehicle", "BankAccount", "Address", "Company"):
        if s.is_a(name):
            return "Vehicle" if name == "Vessel" else name
    if s.is_a("Organization") or s.name == "LegalEntity":
        return "LegalEntity"
    return s.name


@dataclass(frozen=True)
class Match:
    left: Key
    right: Key
    rule: str

    @property
    def evidence(self) -> list[str]:
        """The property groups the rule compared; a caller may use this link only if
        it sees a value of each group on both records."""
        return list(EVIDENCE.get(self.rule.split(" ", 1)[-1], EVIDENCE.get(self.rule, ())))


NAMES = "name|firstName|lastName|alias"
EVIDENCE: dict[str, tuple[str, ...]] = {
    "doc": ("passportNumber|idNumber|number",),
    "serial": ("registrationNumber|imoNumber|mmsi",),
    "iban": ("iban",),
    "account": ("accountNumber",),
    "reg": ("registrationNumber|taxNumber",),
    "place": ("latitude", "longitude"),
    "name and birth date": (NAMES, "birthDate"),
    "phone and name": ("phone", NAMES),
    "phone, birth date and a name part": ("phone", "birthDate", NAMES),
    "same agency record": (),
    "judgement": (),
    "scored match": (NAMES,),
}


def _pairs(members: list[Profile]) -> Iterator[tuple[Profile, Profile]]:
    for i, left in enumerate(members):
        for right in members[i + 1 :]:
            yield left, right


def conflicting_births(a: Profile, b: Profile) -> bool:
    return bool(a.births and b.births and not (a.births & b.births))


def strong_matches(profiles: list[Profile]) -> Iterator[Match]:
    """Same normalised document number, serial, plate, IBAN or registration."""
    blocks: dict[str, list[Key]] = defaultdict(list)
    for p in profiles:
        for value in p.strong:
            blocks[f"{family(p.schema)}|{value}"].append(p.key)
    for block, keys in blocks.items():
        kind = block.split("|", 1)[1].split(":", 1)[0]
        # Every pair in a small block, so that a caller who cannot see one record
        # still sees the others linked; a star in a large one keeps it linear.
        pairs = (
            itertools.combinations(keys, 2) if len(keys) <= 20 else ((keys[0], k) for k in keys[1:])
        )
        for left, right in pairs:
            yield Match(left, right, f"same {kind}")


@lru_cache(maxsize=4096)
def compatible(a: str, b: str) -> bool:
    """One schema is the other or a parent of it: a LegalEntity stub can be a Person."""
    sa, sb = model.get(a), model.get(b)
    if sa is None or sb is None:
        return a == b
    return sa.is_a(sb) or sb.is_a(sa)


def agency_record_matches(profiles: list[Profile]) -> Iterator[Match]:
    """One agency's record id names one thing across its own datasets.

    A link file (calls, payments, launches) refers to the agency's register by
    record id; those references are the same entity as the register record.
    Different agencies' ids never meet this way.
    """
    blocks: dict[tuple[str, str], list[Profile]] = defaultdict(list)
    for p in profiles:
        if p.agency:
            blocks[(p.agency, p.key[1])].append(p)
    for members in blocks.values():
        if len(members) < 2:
            continue
        for a, b in _pairs(members):
            if compatible(a.schema, b.schema):
                yield Match(a.key, b.key, "same agency record")


def person_matches(profiles: list[Profile]) -> Iterator[Match]:
    """Same full birth date and two name parts; a shared phone and two name parts; or a
    shared phone, the same birth date and one name part."""
    by_birth: dict[str, list[Profile]] = defaultdict(list)
    by_phone: dict[str, list[Profile]] = defaultdict(list)
    for p in profiles:
        if family(p.schema) != "Person":
            continue
        for birth in p.births:
            by_birth[birth].append(p)
        for number in p.phones:
            by_phone[number].append(p)
    for members in by_birth.values():
        for a, b in _pairs(members):
            if _same_name(a, b):
                yield Match(a.key, b.key, "name and birth date")
    for members in by_phone.values():
        if len(members) > 50:  # a shared switchboard or a recruiter's hotline: no evidence
            continue
        for a, b in _pairs(members):
            if conflicting_births(a, b):
                continue
            if _same_name(a, b):
                yield Match(a.key, b.key, "phone and name")
            elif a.births & b.births and a.tokens & b.tokens:
                # Kaveh DJALAL and Kawa Jalal share little spelling, but one phone,
                # one birth date and a name part are three independent agreements.
                yield Match(a.key, b.key, "phone, birth date and a name part")


def _same_name(a: Profile, b: Profile) -> bool:
    """Two shared name parts, or all of a single-part name."""
    for x in a.names:
        for y in b.names:
            common = x & y
            if len(common) >= 2 or (common and (len(x) == 1 or len(y) == 1)):
                return True
    return False
