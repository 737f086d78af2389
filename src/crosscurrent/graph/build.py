"""Build the typed multigraph from resolved, policy-filtered FtM entities.

One pass over the entities; each entity's statements are read once. Edge
endpoints are canonical ids already (the resolver rewrote them), so the only
fix-ups after the pass are stubs for endpoints outside the caller's view and
calls recorded by phone number only.
"""

from collections import Counter
from collections.abc import Iterable

from followthemoney import model
from followthemoney.schema import Schema
from followthemoney.statement import StatementEntity

from crosscurrent.graph.network import Edge, Network, Node, assemble
from crosscurrent.graph.specs import (
    EDGE_PROPS,
    KEPT_PROPS,
    SPECIAL,
    TRIP_DATE,
    EdgeSpec,
    Scan,
    amount,
    caption,
    edge_specs,
    first,
    scan,
    values_of,
)


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
        self.number_calls: list[tuple[str, Scan]] = []
        self.unresolved_calls = 0

    def add(self, entity: StatementEntity) -> None:
        if entity.id is None:
            return
        schema = entity.schema
        self.by_schema[schema.name] += 1
        specs, wanted = edge_specs(schema)
        record = scan(entity, wanted)
        self.by_agency.update(record.agencies)
        if specs is None:
            self._add_node(entity, schema, record)
        elif specs:
            values = record.values
            if schema.is_a("Call") and not (values.get("caller") and values.get("receiver")):
                self.number_calls.append((entity.id, record))
                return
            self._add_edges(entity.id, schema, specs, record)

    def _add_node(self, entity: StatementEntity, schema: Schema, record: Scan) -> None:
        node_id = str(entity.id)
        props = {p: tuple(record.values[p]) for p in KEPT_PROPS if p in record.values}
        self.nodes[node_id] = Node(
            node_id,
            schema.name,
            caption(entity, record.values),
            record.entity_ids,
            record.agencies,
            props,
        )
        if schema.is_a("LegalEntity"):
            for phone in record.values.get("phone", ()):
                if self.phones.setdefault(phone, node_id) != node_id:
                    self.phones[phone] = None

    def _add_edges(
        self, edge_id: str, schema: Schema, specs: tuple[EdgeSpec, ...], record: Scan
    ) -> None:
        values = record.values
        role, date, _, currency, summary = (first(values, props) for props in EDGE_PROPS)
        if schema.is_a("Trip"):
            date = first(values, TRIP_DATE)
        value = amount(values)
        for spec in specs:
            source_prop, sources = values_of(values, spec.sources)
            target_prop, targets = values_of(values, spec.targets)
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
                            value,
                            currency,
                            summary,
                            record.agencies,
                            record.entity_ids,
                        )
                    )

    def _note_range(self, ref: str, schema: Schema, prop_name: str) -> None:
        # Remember what the referencing property expects, in case the entity never
        # arrives and becomes a stub. Nodes already seen need nothing.
        if ref not in self.nodes and ref not in self.ranges:
            prop = schema.get(prop_name)
            rng = prop.range if prop is not None else None
            self.ranges[ref] = rng.name if rng is not None else "Thing"

    def _resolve_number_calls(self) -> None:
        """Tie calls recorded only by phone number to the one entity holding that phone."""
        call = model.schemata["Call"]
        for edge_id, record in self.number_calls:
            values = dict(record.values)
            for ref, number in (("caller", "callerNumber"), ("receiver", "receiverNumber")):
                if not values.get(ref):
                    owners = {self.phones.get(n) for n in values.get(number, ())}
                    values[ref] = sorted(o for o in owners if o is not None)
            if values["caller"] and values["receiver"]:
                self._add_edges(edge_id, call, SPECIAL["Call"], record._replace(values=values))
            else:
                self.unresolved_calls += 1

    def finish(self) -> Network:
        self._resolve_number_calls()
        for edge in self.edges:
            for ref in (edge.source, edge.target):
                if ref not in self.nodes:
                    schema = self.ranges.get(ref, "Thing")
                    self.nodes[ref] = Node(ref, schema, ref, (), frozenset(), {}, stub=True)
        return assemble(
            self.nodes, self.edges, self.by_schema, self.by_agency, self.unresolved_calls
        )


def build_network(entities: Iterable[StatementEntity]) -> Network:
    """Build the network from merged entities (canonical ids, caller's view only)."""
    builder = _Builder()
    for entity in entities:
        builder.add(entity)
    return builder.finish()
