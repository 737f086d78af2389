"""The resolver's decisions as a pure function of the statements it is given.

``decide`` reads no store: it takes profiles built from some set of statements
and the judgements on their records, and returns clusters and the links that
made them. The resolver runs it on everything (the system view, for the
operator's export and for hits); the policy view runs it on exactly what one
caller may see, so that a caller's entities depend on nothing it cannot see: a
hidden record's birth date cannot veto its merges, a judgement on a hidden
record cannot keep its records apart, and a link cannot rest on a hidden value.
"""

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from followthemoney import model, registry

from crosscurrent.resolve import normalise, scored
from crosscurrent.resolve.clusters import Clusters
from crosscurrent.resolve.rules import (
    STRONG,
    Key,
    Match,
    Profile,
    agency_record_matches,
    family,
    person_matches,
    strong_matches,
)

Row = tuple[str, str, str, str | None, str | None, str]
"""(dataset, entity id, schema, prop, value, originating agency) of one statement;
prop and value None for a record's statements that ``build_profiles`` does not read."""

PERSON_PROPS = frozenset(
    {"name", "alias", "firstName", "lastName", "middleName", "secondName", "fatherName",
     "birthDate", "birthPlace", "address", "phone", "passportNumber", "idNumber",
     "nationality", "citizenship", "gender", "position"}
)  # fmt: skip
"""What the scored model compares of a person (``score.Record.from_props``)."""


@lru_cache(maxsize=1)
def read_props() -> frozenset[str]:
    """Every property ``build_profiles`` may read a value of, in any schema. A record's
    other statements (a call's duration, a payment's purpose: most of a store) only
    say that the record exists, its schema and its agency."""
    phones = {
        prop.name
        for schema in model.schemata.values()
        for prop in schema.properties.values()
        if prop.type == registry.phone and not schema.is_a("Interval")
    }
    strong = {prop for props in STRONG.values() for prop in props}
    geo = {"latitude", "longitude"}
    return frozenset(PERSON_PROPS | phones | strong | geo)


@lru_cache(maxsize=1)
def inert_schemas() -> frozenset[str]:
    """Schemas no rule reads a value of: not people (the person rules and model), no
    strong identifier, not an address (its coordinates). A record of one of them
    joins another only by its agency's record id or a judgement (``view.lone``)."""
    return frozenset(
        name
        for name in model.schemata
        if family(name) not in ("Person", "Address")
        and not STRONG.get(family(name))
        and not STRONG.get(name)
    )


@dataclass
class Decision:
    canonical: dict[Key, str]
    """Each record's canonical id."""
    links: list[Match]
    """Every link the rules made and the clusters kept, in the order they were applied."""
    rule: dict[Key, str]
    """The rule that first joined each merged record."""
    rules: Counter[str] = field(default_factory=Counter)
    people: scored.People | None = None
    """The scored model of people, when it decided them."""
    scores: scored.Weighed | None = None
    """Every scored pair of people (indices into ``people.keys``), when asked for."""


def build_profiles(rows: Iterable[Row], regions: dict[str, str | None]) -> dict[Key, Profile]:
    """One profile per source record from its statements; ``regions`` maps an agency to
    its country, the default region of its phone numbers. A row whose prop is None
    (or outside ``read_props``) only makes the record exist."""
    out: dict[Key, Profile] = {}
    geo: dict[Key, dict[str, str]] = {}
    for dataset, entity_id, schema, prop, value, agency in rows:
        key = (dataset, entity_id)
        p = out.get(key)
        if p is None:
            p = out[key] = Profile(key, schema, agency)
        elif schema != p.schema and model.get(schema) and model.get(p.schema):
            p.schema = _specific(p.schema, schema)
        if prop is None or value is None:
            continue
        if prop in PERSON_PROPS:
            p.props.setdefault(prop, []).append(value)
        _observe(p, prop, value, regions.get(agency), geo)
    for key, coords in geo.items():
        if "latitude" in coords and "longitude" in coords:
            lat, lon = float(coords["latitude"]), float(coords["longitude"])
            out[key].strong.add(f"place:{lat:.3f},{lon:.3f}")
    return out


def _specific(a: str, b: str) -> str:
    try:
        return model.common_schema(a, b).name
    except Exception:  # incompatible stubs: keep the first, the rules stay within families
        return a


@lru_cache(maxsize=4096)
def _plan(schema: str, prop: str) -> tuple[str | None, bool, str | None]:
    """What ``_observe`` does with a value of ``prop`` on a record of ``schema``: the
    strong identifier kind it makes, whether it is a coordinate of an address, and
    which of phone or birth date it reads as (a few schemas and properties
    recur over millions of statements: decided once per pair)."""
    the_schema = model.get(schema)
    fam = family(schema)
    kind = STRONG.get(fam, {}).get(prop) or STRONG.get(schema, {}).get(prop)
    geo = prop in ("latitude", "longitude") and fam == "Address"
    the_prop = the_schema.get(prop) if the_schema else None
    reads = None
    if the_prop is None:
        pass
    elif the_prop.type == registry.phone and not (the_schema and the_schema.is_a("Interval")):
        # A call's numbers are its two ends, not numbers the call is known by (the
        # graph reads them); they are most of a store's phone values.
        reads = "phone"
    elif prop == "birthDate":
        reads = "birth"
    return kind, geo, reads


def _observe(
    p: Profile, prop: str, value: str, region: str | None, geo: dict[Key, dict[str, str]]
) -> None:
    kind, coordinate, reads = _plan(p.schema, prop)
    if kind is not None:
        norm = normalise.iban(value) if kind == "iban" else normalise.identifier(value)
        if norm:
            p.strong.add(f"{kind}:{norm}")
    if coordinate:
        geo.setdefault(p.key, {})[prop] = value
    if reads == "phone":
        number = normalise.phone(value, region)
        if number:
            p.phones.add(number)
    elif reads == "birth":
        date = normalise.birth_date(value)
        if date:
            p.births.add(date)


def decide(
    found: dict[Key, Profile],
    merges: Iterable[tuple[Key, Key]] = (),
    splits: Iterable[tuple[Key, Key]] = (),
    method: str = "scored",
    regions: Mapping[str, str | None] | None = None,
    keep_scores: bool = False,
) -> Decision:
    """Cluster ``found``: analysts' merges first, then strong identifiers, then one
    agency's references to one record, which a birth-date conflict or a split judgement
    vetoes; then people, by the scored model trained on ``found`` (``method`` "scored",
    when there are enough people to learn from) or by the name and birth-date rules.
    Judgements on a record outside ``found`` are ignored; ``regions`` maps an agency to
    its country, for its phone numbers; ``keep_scores`` keeps every scored pair's
    weight in the decision (what an incremental run reuses)."""
    clusters = Clusters(found, [(a, b) for a, b in splits if a in found and b in found])
    values = list(found.values())
    judged = [Match(a, b, "judgement") for a, b in merges if a in found and b in found]
    links: list[Match] = []
    counts: Counter[str] = Counter()
    trained = scored.people(found, regions or {}) if method == "scored" else None
    rules: list[tuple[Iterable[Match], bool]] = [
        (judged, True),
        (strong_matches(values), True),
        (agency_record_matches(values), False),
    ]
    if trained is None:
        rules.append((person_matches(values), False))
    for matches, strong in rules:
        # Sorted, because union order decides which of two conflicting merges a
        # veto refuses: the same statements must always give the same clusters.
        # (As plain tuples, smaller record first: hundreds of thousands at a time.)
        ordered = sorted(
            (m.left, m.right, m.rule) if not m.right < m.left else (m.right, m.left, m.rule)
            for m in matches
        )
        for left, right, rule in ordered:
            # A link inside a cluster is kept too: hits chain through hidden records
            # and need the direct evidence.
            if clusters.same(left, right) or clusters.union(left, right, rule, strong=strong):
                links.append(Match(left, right, rule))
                counts[rule] += 1
    people, weighed = None, None
    if trained is not None:
        people, pairs = trained
        kept = scored.link(clusters, people.keys, pairs)
        links.extend(kept)
        counts[scored.RULE] += len(kept)
        if keep_scores:
            weighed = scored.Weighed(pairs.left, pairs.right, pairs.weight)
    return Decision(clusters.canonical_ids(), links, clusters.rule, counts, people, weighed)
