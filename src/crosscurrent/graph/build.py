"""Build the typed multigraph from resolved, policy-filtered FtM entities.

One pass over the entities; each entity's statements are read once. Edge
endpoints are canonical ids already (the resolver rewrote them), so the only
fix-ups after the pass are stubs for endpoints outside the caller's view and
calls recorded by phone number only.
"""

from collections import Counter
from collections.abc import Iterable
from typing import NamedTuple

from followthemoney import model
from followthemoney.schema import Schema
from followthemoney.statement import StatementEntity

from crosscurrent.graph.network import Edge, Network, Node

KEPT_PROPS = ("type", "remarks", "registrationNumber", "country", "city")
"""Node properties the analyses classify by; everything else stays in the store."""

# Fallback captions when an entity has no name: a boat or engine is known by its
# serial, an account by its IBAN.
_CAPTION_FALLBACK = ("registrationNumber", "iban", "accountNumber", "phone")
_EDGE_PROPS = (
    ("role", "relationship"),
    ("date", "startDate"),
    ("amount",),
    ("currency",),
    ("summary", "purpose"),
)
_TRIP_DATE = ("startDate", "date")


class EdgeSpec(NamedTuple):
    """How one edge is read off an entity: the first source/target property with values."""

    sources: tuple[str, ...]
    targets: tuple[str, ...]
    leg: str | None = None
    """Fixed role for edges that are legs of one record (Trip)."""


# Call and Trip are not FtM edge schemata, but they are relations in a
# smuggling network: who phoned whom; which van or boat went where, with whom.
_SPECIAL: dict[str, tuple[EdgeSpec, ...]] = {
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
    {p for group in _EDGE_PROPS for p in group}
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
    for name, special in _SPECIAL.items():
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


class _Scan(NamedTuple):
    values: dict[str, list[str]]
    agencies: frozenset[str]
    entity_ids: tuple[str, ...]


def _scan(entity: StatementEntity, wanted: frozenset[str]) -> _Scan:
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
    return _Scan(values, frozenset(agencies), tuple(sorted(entity_ids)))


def _first(values: dict[str, list[str]], props: tuple[str, ...]) -> str | None:
    for prop in props:
        found = values.get(prop)
        if found:
            return found[0]
    return None


def _values(values: dict[str, list[str]], props: tuple[str, ...]) -> tuple[str, list[str]]:
    """The first of ``props`` with values, and those values."""
    for prop in props:
        found = values.get(prop)
        if found:
            return prop, found
    return props[0], []


def _amount(values: dict[str, list[str]]) -> float | None:
    for raw in values.get("amount", ()):
        try:
            return float(raw)
        except ValueError:
            continue
    return None


def _caption(entity: StatementEntity, values: dict[str, list[str]]) -> str:
    caption = entity.caption
    if caption == entity.schema.label:
        return _first(values, _CAPTION_FALLBACK) or str(entity.id)
    return caption


class _Builder:
    def __init__(self) -> None:
        self.nodes: dict[str, Node] = {}
        self.edges: list[Edge] = []
        self.by_schema: Counter[str] = Counter()
        self.by_agency: Counter[str] = Counter()
        self.ranges: dict[str, str] = {}
        """Schema for stubs: the range of the property that referenced them."""
        self.phones: dict[str, str | None] = {}
        """Phone -> the one node carrying it (None when shared, so ambiguous)."""
        self.number_calls: list[tuple[str, _Scan]] = []
        self.unresolved_calls = 0

    def add(self, entity: StatementEntity) -> None:
        if entity.id is None:
            return
        schema = entity.schema
        self.by_schema[schema.name] += 1
        specs, wanted = edge_specs(schema)
        scan = _scan(entity, wanted)
        self.by_agency.update(scan.agencies)
        if specs is None:
            self._add_node(entity, schema, scan)
        elif specs:
            if schema.is_a("Call") and not (
                scan.values.get("caller") and scan.values.get("receiver")
            ):
                self.number_calls.append((entity.id, scan))
                return
            self._add_edges(entity.id, schema, specs, scan)

    def _add_node(self, entity: StatementEntity, schema: Schema, scan: _Scan) -> None:
        node_id = str(entity.id)
        props = {p: tuple(scan.values[p]) for p in KEPT_PROPS if p in scan.values}
        self.nodes[node_id] = Node(
            node_id,
            schema.name,
            _caption(entity, scan.values),
            scan.entity_ids,
            scan.agencies,
            props,
        )
        if schema.is_a("LegalEntity"):
            for phone in scan.values.get("phone", ()):
                owner = self.phones.setdefault(phone, node_id)
                if owner != node_id:
                    self.phones[phone] = None

    def _add_edges(
        self, edge_id: str, schema: Schema, specs: tuple[EdgeSpec, ...], scan: _Scan
    ) -> None:
        values = scan.values
        role, date, _, currency, summary = (_first(values, props) for props in _EDGE_PROPS)
        if schema.is_a("Trip"):
            date = _first(values, _TRIP_DATE)
        amount = _amount(values)
        for spec in specs:
            source_prop, sources = _values(values, spec.sources)
            target_prop, targets = _values(values, spec.targets)
            for source in sources:
                self._note_range(source, schema, source_prop)
                for target in targets:
                    self._note_range(target, schema, target_prop)
                    self.edges.append(
                        Edge(
                            edge_id,
                            schema.name,
                            source,
                            target,
                            spec.leg or role,
                            date,
                            amount,
                            currency,
                            summary,
                            scan.agencies,
                            scan.entity_ids,
                        )
                    )

    def _note_range(self, ref: str, schema: Schema, prop_name: str) -> None:
        # Remember what the referencing property expects, in case the entity never
        # arrives and becomes a stub. Nodes already seen need nothing.
        if ref not in self.nodes and ref not in self.ranges:
            prop = schema.get(prop_name)
            rng = prop.range if prop is not None else None
            self.ranges[ref] = rng.name if rng is not None else "Thing"

    def resolve_number_calls(self) -> None:
        """Tie calls recorded only by phone number to the one entity holding that phone."""
        call = model.get("Call")
        assert call is not None
        for edge_id, scan in self.number_calls:
            values = dict(scan.values)
            for ref, number in (("caller", "callerNumber"), ("receiver", "receiverNumber")):
                if not values.get(ref):
                    owners = {self.phones.get(n) for n in values.get(number, ())} - {None}
                    values[ref] = sorted(o for o in owners if o is not None)
            if values["caller"] and values["receiver"]:
                self._add_edges(edge_id, call, _SPECIAL["Call"], scan._replace(values=values))
            else:
                self.unresolved_calls += 1

    def finish(self) -> Network:
        self.resolve_number_calls()
        for edge in self.edges:
            for ref in (edge.source, edge.target):
                if ref not in self.nodes:
                    schema = self.ranges.get(ref, "Thing")
                    self.nodes[ref] = Node(ref, schema, ref, (), frozenset(), {}, stub=True)
        # Canonical order, so results never depend on the order the store returned rows.
        self.edges.sort(key=lambda e: (e.id, e.source, e.target, e.role or ""))
        ids = sorted(self.nodes)
        out_edges: dict[str, list[int]] = {}
        in_edges: dict[str, list[int]] = {}
        for i, edge in enumerate(self.edges):
            out_edges.setdefault(edge.source, []).append(i)
            in_edges.setdefault(edge.target, []).append(i)
        return Network(
            nodes=self.nodes,
            edges=self.edges,
            out_edges=out_edges,
            in_edges=in_edges,
            ids=ids,
            index={node_id: i for i, node_id in enumerate(ids)},
            entities_by_schema=self.by_schema,
            entities_by_agency=self.by_agency,
            unresolved_calls=self.unresolved_calls,
        )


def build_network(entities: Iterable[StatementEntity]) -> Network:
    """Build the network from merged entities (canonical ids, caller's view only)."""
    builder = _Builder()
    for entity in entities:
        builder.add(entity)
    return builder.finish()
