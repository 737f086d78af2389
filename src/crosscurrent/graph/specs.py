"""Which records become which edges, and how an entity's statements are read.

FtM marks edge schemata (Payment, Ownership, UnknownLink, Family...) with a
source and target property; Call and Trip are added here because a smuggling
network is largely phone calls and journeys.
"""

from typing import NamedTuple

from followthemoney.schema import Schema
from followthemoney.statement import StatementEntity

KEPT_PROPS = ("type", "remarks", "registrationNumber", "country", "city", "phone", "address")
"""Node properties the analyses classify by; everything else stays in the store."""

# Fallback captions when an entity has no name: a boat or engine is known by its
# serial, an account by its IBAN.
_CAPTION_FALLBACK = ("registrationNumber", "iban", "accountNumber", "phone")
EDGE_PROPS = (  # role, date, amount, currency, summary: each the first property with a value
    ("role", "relationship"),
    ("date", "startDate"),
    ("amount",),
    ("currency",),
    ("summary", "purpose"),
)
TRIP_DATE = ("startDate", "date")


class EdgeSpec(NamedTuple):
    """How one edge is read off an entity: the first source/target property with values."""

    sources: tuple[str, ...]
    targets: tuple[str, ...]
    leg: str | None = None
    """Fixed role for edges that are legs of one record (Trip)."""


# Call and Trip are not FtM edge schemata, but they are relations in a
# smuggling network: who phoned whom; which van or boat went where, with whom.
SPECIAL: dict[str, tuple[EdgeSpec, ...]] = {
    "Call": (EdgeSpec(("caller",), ("receiver",)),),
    "Trip": (
        EdgeSpec(("vehicle",), ("startLocation",), "startLocation"),
        EdgeSpec(("vehicle",), ("endLocation",), "endLocation"),
        EdgeSpec(("involved",), ("vehicle",), "involved"),
    ),
    # Payments named only by account still show where money went.
    "Payment": (EdgeSpec(("payer", "payerAccount"), ("beneficiary", "beneficiaryAccount")),),
}
_specs_cache: dict[str, tuple[tuple[EdgeSpec, ...] | None, frozenset[str]]] = {}

# Properties read off any entity: edge qualifiers, node classifiers, captions.
_WANTED = frozenset(
    {p for group in EDGE_PROPS for p in group}
    | {"callerNumber", "receiverNumber"}
    | set(KEPT_PROPS)
    | set(_CAPTION_FALLBACK)
)


def edge_specs(schema: Schema) -> tuple[tuple[EdgeSpec, ...] | None, frozenset[str]]:
    """Edge specs for a schema (``None``: its entities are nodes, ``()``: ignored),
    with the properties to read off its entities."""
    cached = _specs_cache.get(schema.name)
    if cached is not None:
        return cached
    specs: tuple[EdgeSpec, ...] | None = ()
    for name, special in SPECIAL.items():
        if schema.is_a(name):
            specs = special
            break
    else:
        if schema.edge and schema.edge_source and schema.edge_target:
            specs = (EdgeSpec((schema.edge_source,), (schema.edge_target,)),)
        elif schema.is_a("Thing"):
            specs = None
    refs = {p for spec in specs or () for p in (*spec.sources, *spec.targets)}
    cached = (specs, _WANTED | refs)
    _specs_cache[schema.name] = cached
    return cached


class Scan(NamedTuple):
    """What one pass over an entity's statements yields."""

    values: dict[str, list[str]]
    agencies: frozenset[str]
    entity_ids: tuple[str, ...]


def scan(entity: StatementEntity, wanted: frozenset[str]) -> Scan:
    """Read every statement once: provenance from all, values of wanted properties."""
    values: dict[str, list[str]] = {}
    agencies: set[str] = set()
    entity_ids: set[str] = set()
    for prop in entity.iterprops():
        keep = prop.name in wanted
        found: list[str] = []
        for stmt in entity.get_statements(prop):
            agencies.add(stmt.origin or stmt.dataset)
            entity_ids.add(stmt.entity_id)
            if keep:
                found.append(stmt.value)
        if found:
            # Sorted: statement sets iterate in hash order, which changes per process.
            values[prop.name] = sorted(set(found))
    return Scan(values, frozenset(agencies), tuple(sorted(entity_ids)))


def first(values: dict[str, list[str]], props: tuple[str, ...]) -> str | None:
    for prop in props:
        found = values.get(prop)
        if found:
            return found[0]
    return None


def values_of(values: dict[str, list[str]], props: tuple[str, ...]) -> tuple[str, list[str]]:
    """The first of ``props`` with values, and those values."""
    for prop in props:
        found = values.get(prop)
        if found:
            return prop, found
    return props[0], []


def amount(values: dict[str, list[str]]) -> float | None:
    for raw in values.get("amount", ()):
        try:
            return float(raw)
        except ValueError:
            continue
    return None


def caption(entity: StatementEntity, values: dict[str, list[str]]) -> str:
    caption = entity.caption
    if caption == entity.schema.label:
        return first(values, _CAPTION_FALLBACK) or str(entity.id)
    return caption
