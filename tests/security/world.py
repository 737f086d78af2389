"""Random multi-agency worlds and an oracle for who may see what, written from the
world's definition alone.

A world is agencies (one of them perhaps removed), users of each agency,
datasets with random markings, hit/no-hit settings and contact points, and
records designed to be merged by the real resolver across datasets: people of
one *group* share a passport number, or a name and a birth date; vehicles of one
group share a serial; an agency reuses its own record ids across its datasets;
payments link people. Some statements carry a marking of their own.

Every statement value carries a *marker*: a string that appears nowhere else
unless that value is shown (``CANARY00012`` in notes and summaries, group names
made of invented words, ``PASS00003``, ``SER00004``, birth dates before 1970,
entity ids ``ent00005``). A marker is *forbidden* to a caller when no statement
the caller may see carries it; no output byte may contain a forbidden marker.

The oracle (``Oracle``) computes, from the world alone and without calling
``crosscurrent.store.view``: the statements each caller may see, the records
it may see, its clusters (links between records it sees, with the evidence the
link compared visible on both ends), its canonical ids, the value each visible
entity reference is rewritten to, and its hits.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import duckdb
from hypothesis import strategies as st

from crosscurrent.ingest.loader import ingest_file
from crosscurrent.model.markings import Handling, Marking
from crosscurrent.resolve.resolver import resolve
from crosscurrent.share.users import Role, add_user, set_disabled
from crosscurrent.store import db, judgements, registry
from crosscurrent.store.judgements import Verdict

CODES = ("AG-A", "AG-B", "AG-C", "AG-D")
UNREGISTERED = "AG-Z"
"""An agency code no world registers (it may still be named in a statement marking)."""
ALL = "all"
READER_ROLES = ("analyst", "supervisor", "agency-admin")
OTHER_ROLES = ("auditor", "system-admin")
CASE = "CASE-2024/17"

# Invented name words: consonant, a, consonant, o, consonant, i, with distinct
# consonant triples (and the last two different), so that no two words share a
# consonant skeleton and people of different groups never share a name token.
_CONSONANTS = "bdfgklmnprstvz"
WORDS = [
    f"{a.upper()}a{b}o{c}i"
    for a, b, c in zip(
        _CONSONANTS,
        _CONSONANTS[3:] + _CONSONANTS[:3],
        _CONSONANTS[7:] + _CONSONANTS[:7],
        strict=True,
    )
]
MAX_PERSON_GROUPS = len(WORDS) // 2


def canonical(member: tuple[str, str]) -> str:
    """The canonical id a record gives its cluster (written here, not imported)."""
    digest = hashlib.sha1(f"{member[0]}/{member[1]}".encode(), usedforsecurity=False)
    return f"cc-{digest.hexdigest()[:20]}"


def examples(n: int) -> int:
    """``n`` examples, unless a hypothesis profile was chosen (HYPOTHESIS_PROFILE: then
    the profile's), or SECURITY_EXAMPLES says how many (a run with a time budget)."""
    from hypothesis import settings

    if os.environ.get("SECURITY_EXAMPLES"):
        return int(os.environ["SECURITY_EXAMPLES"])
    return settings.default.max_examples if os.environ.get("HYPOTHESIS_PROFILE") else n


class QueryCounter:
    """Counts (caller, read path) queries checked against the oracle in this process."""

    count = 0

    @classmethod
    def add(cls, n: int = 1) -> None:
        cls.count += n


# --------------------------------------------------------------------------- world


@dataclass(frozen=True)
class Stmt:
    prop: str
    value: str
    marker: str | None
    """The string that shows this value was disclosed (None: not distinctive)."""
    override: tuple[str, ...] | None = None
    """This statement's own releasable-to (else its dataset's)."""
    handling: str | None = None


@dataclass(frozen=True)
class Record:
    dataset: str
    entity_id: str
    schema: str
    stmts: tuple[Stmt, ...]
    """Including the ``id`` statement every loaded entity gets."""
    group: str | None = None

    @property
    def key(self) -> tuple[str, str]:
        return (self.dataset, self.entity_id)

    def values(self, prop: str) -> list[Stmt]:
        return [s for s in self.stmts if s.prop == prop]

    def as_json(self) -> dict[str, Any]:
        props: dict[str, list[str]] = {}
        for s in self.stmts:
            if s.prop != "id":
                props.setdefault(s.prop, []).append(s.value)
        return {"id": self.entity_id, "schema": self.schema, "properties": props}


@dataclass(frozen=True)
class DatasetSpec:
    name: str
    owner: str
    releasable: tuple[str, ...]
    """As stored: ``("all",)`` or sorted codes including the owner."""
    handling: str = "H0"
    hits: bool = False
    contact: str | None = None


@dataclass(frozen=True)
class UserSpec:
    name: str
    agency: str
    roles: tuple[str, ...]
    disabled: bool = False

    @property
    def reader(self) -> bool:
        return not self.disabled and any(r in READER_ROLES for r in self.roles)


@dataclass(frozen=True)
class CallerSpec:
    """A caller as the view takes it (agency, user) and as ``--as`` names it."""

    agency: str | None
    user: str | None = None

    @property
    def label(self) -> str:
        return self.user or self.agency or "system"


@dataclass(frozen=True)
class JudgementSpec:
    """A user's judgement on two records it sees ("undo" withdraws the one in force)."""

    left: tuple[str, str]
    right: tuple[str, str]
    verdict: str
    by: str
    agency: str


@dataclass
class World:
    agencies: tuple[str, ...]
    removed: str | None
    datasets: tuple[DatasetSpec, ...]
    records: tuple[Record, ...]
    users: tuple[UserSpec, ...]
    judgements: tuple[JudgementSpec, ...] = ()

    def in_force(self) -> dict[frozenset[tuple[str, str]], str]:
        """The verdict in force on each judged pair."""
        found: dict[frozenset[tuple[str, str]], str] = {}
        for j in self.judgements:
            pair = frozenset({j.left, j.right})
            if j.verdict == "undo":
                found.pop(pair, None)
            else:
                found[pair] = j.verdict
        return found

    def dataset(self, name: str) -> DatasetSpec:
        return next(d for d in self.datasets if d.name == name)

    def callers(self) -> list[CallerSpec]:
        """Every kind of caller: each agency (removed too), an unregistered one, every
        user with its own agency, and one user claiming another agency."""
        found = [CallerSpec(code) for code in self.agencies] + [CallerSpec(UNREGISTERED)]
        found += [CallerSpec(u.agency, u.name) for u in self.users]
        readers = [u for u in self.users if u.reader]
        if readers and len(self.agencies) > 1:
            u = readers[0]
            other = next(a for a in self.agencies if a != u.agency)
            found.append(CallerSpec(other, u.name))
        return found

    def describe(self) -> str:
        lines = [f"agencies={self.agencies} removed={self.removed}"]
        lines += [f"  {d}" for d in self.datasets]
        lines += [f"  {u}" for u in self.users]
        lines += [f"  {j}" for j in self.judgements]
        for r in self.records:
            lines.append(f"  {r.dataset}/{r.entity_id} {r.schema} group={r.group}")
            lines += [
                f"      {s.prop}={s.value!r} override={s.override} handling={s.handling}"
                for s in r.stmts
            ]
        return "\n".join(lines)


# ------------------------------------------------------------------------ strategy


@st.composite
def worlds(draw: st.DrawFn, overrides: bool = True, judgements: bool = True) -> World:
    """A random world. Some people carry a second document of another group's, or
    another group's birth date, so that merges rest on single values and vetoes
    arise; each value may be marked apart. Judgements are made by users on records
    their agency sees, as the CLI requires."""
    n_agencies = draw(st.integers(2, 4))
    agencies = CODES[:n_agencies]
    removed = draw(st.none() | st.sampled_from(agencies))
    release = st.one_of(
        st.just((ALL,)), st.lists(st.sampled_from(agencies), max_size=3, unique=True).map(tuple)
    )
    override = st.one_of(
        st.just((ALL,)),
        st.lists(st.sampled_from([*agencies, UNREGISTERED]), max_size=3, unique=True).map(
            lambda c: tuple(sorted(c))
        ),
    )
    n_groups = draw(st.integers(1, min(4, MAX_PERSON_GROUPS)))
    n_vgroups = draw(st.integers(0, 2))
    counter = iter(range(1, 100_000))
    datasets: list[DatasetSpec] = []
    records: list[Record] = []
    persons_of: dict[str, list[Record]] = defaultdict(list)  # agency -> person records

    def maybe_override() -> tuple[str, ...] | None:
        if overrides and draw(st.integers(0, 3)) == 0:
            return draw(override)
        return None

    for k in range(draw(st.integers(2, 5))):
        owner = draw(st.sampled_from(agencies))
        released = draw(release)
        stored = (ALL,) if ALL in released else tuple(sorted(set(released) | {owner}))
        contact = draw(st.none() | st.just(f"desk{k}@{owner.lower()}.example.org"))
        ds = DatasetSpec(
            f"dset-{k:02d}",
            owner,
            stored,
            draw(st.sampled_from([h.value for h in Handling])),
            draw(st.booleans()),
            contact,
        )
        datasets.append(ds)
        used_ids: set[str] = set()
        for _ in range(draw(st.integers(1, 4))):
            kind = draw(st.sampled_from(["person", "person", "vehicle", "payment"]))
            if kind == "vehicle" and n_vgroups == 0:
                kind = "person"
            n = next(counter)
            canary = f"CANARY{n:05d}"
            note = maybe_override()
            stmts: list[Stmt] = []
            group: str | None = None
            if kind == "person":
                g = draw(st.integers(0, n_groups - 1))
                group = f"p{g}"
                entity_id = f"ent{n:05d}"
                mine = [
                    r
                    for r in persons_of[owner]
                    if r.dataset != ds.name and r.entity_id not in used_ids
                ]
                if mine and draw(st.integers(0, 3)) == 0:
                    # The agency's own record id again, in another of its datasets.
                    reused = draw(st.sampled_from(mine))
                    entity_id, group = reused.entity_id, reused.group
                    g = int(str(group)[1:])
                schema = "Person"
                name = f"{WORDS[2 * g]} {WORDS[2 * g + 1]}"
                other = draw(st.integers(0, n_groups - 1))
                # Sometimes born on another group's day: the weaker rules must not
                # merge it with its group once a caller sees both birth dates.
                g_birth = other if draw(st.integers(0, 5)) == 0 else g
                birth = f"19{40 + g_birth:02d}-0{1 + g_birth % 9}-1{g_birth % 10}"
                passport = f"PASS{g:05d}"
                if draw(st.booleans()):
                    stmts.append(Stmt("name", name, name, maybe_override()))
                if draw(st.booleans()):
                    stmts.append(Stmt("birthDate", birth, birth, maybe_override()))
                if draw(st.booleans()):
                    stmts.append(Stmt("passportNumber", passport, passport, maybe_override()))
                second = f"PASS{other:05d}"
                if second != passport and draw(st.integers(0, 5)) == 0:
                    # A second document, shared with another group: a merge some
                    # callers may make and others may not even suspect.
                    stmts.append(Stmt("passportNumber", second, second, maybe_override()))
                stmts.append(Stmt("notes", canary, canary, note))
            elif kind == "vehicle":
                v = draw(st.integers(0, n_vgroups - 1))
                group = f"v{v}"
                entity_id = f"ent{n:05d}"
                schema = "Vehicle"
                serial = f"SER{v:05d}"
                if draw(st.booleans()):
                    stmts.append(Stmt("registrationNumber", serial, serial, maybe_override()))
                stmts.append(Stmt("notes", canary, canary, note))
            else:
                entity_id = f"ent{n:05d}"
                schema = "Payment"
                refs = [r.entity_id for r in persons_of[owner]] + [f"ghost{n:05d}"]
                for prop in ("payer", "beneficiary"):
                    if draw(st.booleans()):
                        ref = draw(st.sampled_from(refs))
                        stmts.append(Stmt(prop, ref, ref, maybe_override()))
                if draw(st.booleans()):
                    stmts.append(Stmt("amount", str(100 + n), None, maybe_override()))
                stmts.append(Stmt("summary", canary, canary, note))
            if overrides:  # some values handled more strictly than their dataset
                handled = st.sampled_from([None, None, None, None, "H1", "H2", "H3"])
                stmts = [replace(x, handling=draw(handled)) for x in stmts]
            # The id statement goes with the canary: whoever sees that a record
            # exists sees at least one of its values (see test_leaks for why).
            stmts.insert(0, Stmt("id", entity_id, entity_id, note))
            used_ids.add(entity_id)
            record = Record(ds.name, entity_id, schema, tuple(stmts), group)
            records.append(record)
            if schema == "Person":
                persons_of[owner].append(record)
    users: list[UserSpec] = []
    for code in agencies:
        x = code.lower()
        users.append(UserSpec(f"an-{x}", code, (draw(st.sampled_from(READER_ROLES)),)))
        users.append(UserSpec(f"au-{x}", code, (draw(st.sampled_from(OTHER_ROLES)),)))
        users.append(UserSpec(f"di-{x}", code, ("analyst",), disabled=True))
    world = World(agencies, removed, tuple(datasets), tuple(records), tuple(users))
    if not judgements:
        return world
    oracle = Oracle(world)
    judged: list[JudgementSpec] = []
    judges = [u for u in users if u.reader]
    for _ in range(draw(st.integers(0, 3))):
        judge = draw(st.sampled_from(judges))
        seen = sorted(
            r.key for r in records if any(oracle.visible(r, s, judge.agency) for s in r.stmts)
        )
        if len(seen) < 2:
            continue
        a, b = draw(st.lists(st.sampled_from(seen), min_size=2, max_size=2, unique=True))
        if oracle.by_key[a].schema != oracle.by_key[b].schema:
            continue  # a Person judged one with a Vehicle breaks every read: test_leaks
        verdict = draw(st.sampled_from(["merge", "split", "unsure", "undo"]))
        judged.append(JudgementSpec(a, b, verdict, judge.name, judge.agency))
    world.judgements = tuple(judged)
    return world


# --------------------------------------------------------------------------- build


def write_world(world: World, con: duckdb.DuckDBPyConnection, directory: Path) -> None:
    """Load the world as an operator would: register, ingest JSONL files, mark single
    statements by UPDATE, add users, resolve, then remove the removed agency."""
    for code in world.agencies:
        registry.add_agency(con, code, f"Agency {code}")
    for ds in world.datasets:
        path = directory / f"{ds.name}.jsonl"
        lines = [json.dumps(r.as_json()) + "\n" for r in world.records if r.dataset == ds.name]
        path.write_text("".join(lines), encoding="utf-8")
        marking = Marking(ds.owner, ds.releasable, Handling(ds.handling))
        report = ingest_file(con, path, ds.name, marking)
        assert not report.problems, report.problems
        registry.set_dataset_options(con, ds.name, ds.hits, ds.contact)
    for r in world.records:
        for s in r.stmts:
            if s.override is not None or s.handling is not None:
                con.execute(
                    "UPDATE statement SET releasable_to = ?, handling = ? "
                    "WHERE dataset = ? AND entity_id = ? AND prop = ? AND value = ?",
                    [
                        None if s.override is None else list(s.override),
                        s.handling,
                        r.dataset,
                        r.entity_id,
                        s.prop,
                        s.value,
                    ],
                )
    for u in world.users:
        add_user(con, u.name, u.agency, frozenset(Role(r) for r in u.roles))
        if u.disabled:
            set_disabled(con, u.name)
    for j in world.judgements:
        if j.verdict == "undo":
            judgements.undo(con, j.left, j.right)
        else:
            judgements.judge(con, j.left, j.right, Verdict(j.verdict), j.by, j.agency)
    resolve(con)
    if world.removed is not None:
        registry.remove_agency(con, world.removed)


def open_world(world: World, directory: Path) -> duckdb.DuckDBPyConnection:
    directory.mkdir(parents=True, exist_ok=True)
    con = db.connect(directory / "store.duckdb")
    write_world(world, con, directory)
    return con


def stored_facts(con: duckdb.DuckDBPyConnection) -> set[tuple[str, str, str, str]]:
    """(dataset, entity id, prop, value) of every raw statement (the test's own SQL)."""
    rows = con.execute("SELECT dataset, entity_id, prop, value FROM statement").fetchall()
    return {(str(a), str(b), str(c), str(d)) for a, b, c, d in rows}


def stored_links(con: duckdb.DuckDBPyConnection) -> set[tuple[frozenset[tuple[str, str]], str]]:
    rows = con.execute(
        "SELECT left_dataset, left_id, right_dataset, right_id, rule FROM resolution_link"
    ).fetchall()
    return {(frozenset({(str(a), str(b)), (str(c), str(d))}), str(r)) for a, b, c, d, r in rows}


# -------------------------------------------------------------------------- oracle

LINK_EVIDENCE = {
    "same doc": ("passportNumber",),
    "same serial": ("registrationNumber",),
    "name and birth date": ("name", "birthDate"),
    "same agency record": (),
    "judgement": (),
}


@dataclass(frozen=True)
class Link:
    left: tuple[str, str]
    right: tuple[str, str]
    rule: str


@dataclass
class View:
    """What one caller may see, by the oracle."""

    agency: str | None
    statements: set[tuple[str, str, str, str]] = field(default_factory=set)
    """(dataset, entity id, prop, value)."""
    records: set[tuple[str, str]] = field(default_factory=set)
    canon: dict[tuple[str, str], str] = field(default_factory=dict)
    allowed_markers: set[str] = field(default_factory=set)
    forbidden_markers: set[str] = field(default_factory=set)
    hidden_canon: set[str] = field(default_factory=set)
    """Canonical ids that only a record the caller cannot see would give."""


class Oracle:
    """What each caller may see. A caller's clusters are the resolver's rules applied
    to what it sees alone: links between records it sees, resting on values it sees
    on both ends, judgements on pairs it sees, and the vetoes (different birth dates
    against the weaker rules, split judgements against all) among what it sees.
    ``stored`` are the links the resolver kept for the system (as ``stored_links``
    reads them); without it, the oracle's own system decision."""

    def __init__(
        self, world: World, stored: set[tuple[frozenset[tuple[str, str]], str]] | None = None
    ) -> None:
        self.world = world
        self.by_key = {r.key: r for r in world.records}
        self.owner = {d.name: d.owner for d in world.datasets}
        everything = {r.key: {(s.prop, s.value) for s in r.stmts} for r in world.records}
        self.designed = list(self._links(everything))
        self.system = self.decide(everything)
        if stored is None:
            self.links = self.system[1]
        else:
            self.links = [Link(*sorted(pair), rule) for pair, rule in sorted(stored, key=str)]
        self.registered = set(world.agencies) - {world.removed}
        self.users = {u.name: u for u in world.users}
        self.all_markers = {s.marker for r in world.records for s in r.stmts if s.marker}
        self.all_markers |= {d.name for d in world.datasets}
        self.value_markers = {
            s.marker
            for r in world.records
            for s in r.stmts
            if s.marker and s.prop not in ("id", "payer", "beneficiary")
        }
        """Markers of values (not of ids): what an audit entry must never hold."""

    # The links the rules propose among records whose values are ``seen``, with the
    # strength of their rule: a weak link is vetoed by different birth dates.
    def _links(self, seen: dict[tuple[str, str], set[tuple[str, str]]]) -> Iterator[Link]:
        def shared(a: tuple[str, str], b: tuple[str, str], prop: str) -> bool:
            return any(p == prop and (p, v) in seen[b] for p, v in seen[a])

        keys = sorted(seen)
        for i, ka in enumerate(keys):
            for kb in keys[i + 1 :]:
                a, b = self.by_key[ka], self.by_key[kb]
                if a.schema == b.schema == "Person":
                    if shared(ka, kb, "passportNumber"):
                        yield Link(ka, kb, "same doc")
                    if shared(ka, kb, "name") and shared(ka, kb, "birthDate"):
                        yield Link(ka, kb, "name and birth date")
                    if (
                        a.entity_id == b.entity_id
                        and self.owner[a.dataset] == self.owner[b.dataset]
                    ):
                        yield Link(ka, kb, "same agency record")
                if a.schema == b.schema == "Vehicle" and shared(ka, kb, "registrationNumber"):
                    yield Link(ka, kb, "same serial")
        for pair, verdict in self.world.in_force().items():
            if verdict == "merge" and pair <= set(seen):
                yield Link(*sorted(pair), "judgement")

    def decide(
        self, seen: dict[tuple[str, str], set[tuple[str, str]]]
    ) -> tuple[dict[tuple[str, str], tuple[str, str]], list[Link]]:
        """Each seen record's cluster (named by its smallest member) and the links
        kept, applying judged merges, then identifiers, then the weaker rules, each
        tier in the order of its pairs."""
        proposed = list(self._links(seen))
        splits = [
            tuple(sorted(pair))
            for pair, verdict in self.world.in_force().items()
            if verdict == "split" and pair <= set(seen)
        ]
        parent = {k: k for k in seen}

        def find(k: tuple[str, str]) -> tuple[str, str]:
            while parent[k] != k:
                k = parent[k]
            return k

        def births(root: tuple[str, str]) -> set[str]:
            return {v for k in seen if find(k) == root for p, v in seen[k] if p == "birthDate"}

        tiers = (("judgement",), ("same doc", "same serial"), ("same agency record",),
                 ("name and birth date",))  # fmt: skip
        kept = []
        for tier, rules in enumerate(tiers):
            weak = tier >= 2
            for link in sorted((x for x in proposed if x.rule in rules),
                               key=lambda x: (x.left, x.right, x.rule)):  # fmt: skip
                a, b = find(link.left), find(link.right)
                if a != b:
                    ba, bb = births(a), births(b)
                    if weak and ba and bb and not ba & bb:
                        continue
                    if any({find(x), find(y)} == {a, b} for x, y in splits):
                        continue
                    parent[max(a, b)] = min(a, b)
                kept.append(link)
        return {k: find(k) for k in seen}, kept

    def agency_of(self, caller: CallerSpec) -> str | None:
        """The agency whose view the caller gets; None when it may read nothing."""
        if caller.agency is None or caller.agency not in self.registered:
            return None
        if caller.user is None:
            return caller.agency
        user = self.users.get(caller.user)
        if user is None or not user.reader or user.agency != caller.agency:
            return None
        return caller.agency

    def marking(self, record: Record, stmt: Stmt) -> tuple[str, tuple[str, ...], str]:
        """(originator, releasable-to, handling) a statement carries: each column its
        own where set, else its dataset's."""
        ds = self.world.dataset(record.dataset)
        released = stmt.override if stmt.override is not None else ds.releasable
        return ds.owner, released, stmt.handling or ds.handling

    def visible(self, record: Record, stmt: Stmt, agency: str | None) -> bool:
        """May ``agency`` see this statement? Its originator may; else its own marking,
        or its dataset's, must name the agency or ``all``."""
        if agency is None:
            return False
        ds = self.world.dataset(record.dataset)
        if agency == ds.owner:
            return True
        released = stmt.override if stmt.override is not None else ds.releasable
        return ALL in released or agency in released

    def view(self, caller: CallerSpec) -> View:
        agency = self.agency_of(caller)
        out = View(agency)
        # record -> visible (prop, value)
        seen: dict[tuple[str, str], set[tuple[str, str]]] = defaultdict(set)
        for r in self.world.records:
            for s in r.stmts:
                if self.visible(r, s, agency):
                    out.statements.add((r.dataset, r.entity_id, s.prop, s.value))
                    seen[r.key].add((s.prop, s.value))
                    if s.marker:
                        out.allowed_markers.add(s.marker)
        out.records = set(seen)
        for key in out.records:
            out.allowed_markers |= {key[0], key[1]}
        roots, _ = self.decide(seen)
        out.canon = {k: canonical(roots[k]) for k in out.records}
        out.forbidden_markers = self.all_markers - out.allowed_markers
        every = {canonical(r.key) for r in self.world.records}
        out.hidden_canon = every - set(out.canon.values())
        return out

    def reference(self, view: View, dataset: str, value: str) -> str:
        """What an entity reference (payer, beneficiary) in ``dataset`` reads as."""
        if (dataset, value) in view.canon:
            return view.canon[(dataset, value)]
        agency = self.owner[dataset]
        same = [c for (d, e), c in view.canon.items() if e == value and self.owner[d] == agency]
        return min(same) if same else f"x-{dataset}/{value}"

    def entities(self, view: View) -> set[tuple[str, str, str, str, str]]:
        """(canonical id, dataset, entity id, prop, value) of every non-id statement the
        caller's merged entities must hold, references rewritten."""
        found = set()
        for dataset, entity_id, prop, value in view.statements:
            if prop == "id":
                continue
            if prop in ("payer", "beneficiary"):
                value = self.reference(view, dataset, value)
            found.add((view.canon[(dataset, entity_id)], dataset, entity_id, prop, value))
        return found

    def hits(self, view: View) -> set[tuple[str, str, str]]:
        """(caller's canonical id, agency, contact) for each entity of the caller that a
        chain of links through records it sees or hit-allowed records it does not see
        joins to another agency's hit-allowed record."""
        if view.agency is None:
            return set()
        hidden = {
            r.key
            for r in self.world.records
            if r.key not in view.records
            and self.world.dataset(r.dataset).hits
            and self.world.dataset(r.dataset).owner != self.world.removed
        }
        nodes = view.records | hidden
        parent = {k: k for k in nodes}

        def find(k: tuple[str, str]) -> tuple[str, str]:
            while parent[k] != k:
                k = parent[k]
            return k

        for link in self.links:
            if link.left in parent and link.right in parent:
                a, b = find(link.left), find(link.right)
                if a != b:
                    parent[max(a, b)] = min(a, b)
        holders: dict[tuple[str, str], set[tuple[str, str]]] = defaultdict(set)
        for key in hidden:
            ds = self.world.dataset(key[0])
            if ds.owner != view.agency:
                holders[find(key)].add((ds.owner, ds.contact or ds.owner))
        # One answer per holding agency, naming its least contact point: two lines for
        # one agency would tell the caller that it holds several records.
        contacts: dict[tuple[str, str], set[str]] = defaultdict(set)
        for k in view.records:
            for agency, contact in holders.get(find(k), ()):
                contacts[(view.canon[k], agency)].add(contact)
        return {(canon, agency, min(c)) for (canon, agency), c in contacts.items()}


def _shared(a: Record, b: Record, prop: str) -> bool:
    return bool({s.value for s in a.values(prop)} & {s.value for s in b.values(prop)})


def leaked(text: str, markers: Iterable[str]) -> list[str]:
    return sorted(m for m in markers if m in text)


# ---------------------------------------------------------------------- fixed world


def _person(
    dataset: str,
    n: int,
    g: int,
    *props: str,
    overrides: dict[str, tuple[str, ...]] | None = None,
    entity_id: str | None = None,
) -> Record:
    """A person of group ``g`` with the named properties, notes ``CANARY{n}``."""
    overrides = overrides or {}
    values = {
        "name": f"{WORDS[2 * g]} {WORDS[2 * g + 1]}",
        "birthDate": f"19{40 + g:02d}-0{1 + g % 9}-1{g % 10}",
        "passportNumber": f"PASS{g:05d}",
    }
    entity_id = entity_id or f"ent{n:05d}"
    canary = f"CANARY{n:05d}"
    stmts = [Stmt("id", entity_id, entity_id, overrides.get("notes"))]
    stmts += [Stmt(p, values[p], values[p], overrides.get(p)) for p in props]
    stmts.append(Stmt("notes", canary, canary, overrides.get("notes")))
    return Record(dataset, entity_id, "Person", tuple(stmts), f"p{g}")


def _vehicle(dataset: str, n: int, v: int) -> Record:
    serial, canary, entity_id = f"SER{v:05d}", f"CANARY{n:05d}", f"ent{n:05d}"
    stmts = (
        Stmt("id", entity_id, entity_id),
        Stmt("registrationNumber", serial, serial),
        Stmt("notes", canary, canary),
    )
    return Record(dataset, entity_id, "Vehicle", stmts, f"v{v}")


def fixed_world(removed: str | None = None) -> World:
    """A small world with each feature the random ones may or may not draw:

    * AG-A sees ent00001 (its own), ent00002 (AG-B's, released to it) and its own id
      ent00001 again in dset-05: one entity across two owners and three datasets;
    * ent00003 (AG-C, released to all) shares a passport with ent00002 only, and
      that passport is marked for AG-B alone: AG-A must not see it merged;
    * ent00004 (AG-C, hidden, hits allowed) has ent00001's name and birth date: a hit;
    * ent00006 (AG-A) meets ent00008 (AG-C, hits allowed) only through ent00005
      (AG-B, hidden from AG-A, no hits): no hit for AG-A, a hit for AG-B;
    * vehicles ent00011 and ent00013 share a serial with ent00012, hidden from AG-A;
    * payments refer to people and to a record nobody loaded.
    """
    a, b, c = "AG-A", "AG-B", "AG-C"
    datasets = (
        DatasetSpec("dset-00", a, (a,), "H0", False, None),
        DatasetSpec("dset-01", b, (a, b), "H1", True, "desk1@ag-b.example.org"),
        DatasetSpec("dset-02", c, (ALL,), "H2", False, None),
        DatasetSpec("dset-03", c, (c,), "H0", True, None),
        DatasetSpec("dset-04", b, (b,), "H0", False, None),
        DatasetSpec("dset-05", a, (a, c), "H3", False, None),
    )
    pay9 = Record("dset-00", "ent00009", "Payment", (
        Stmt("id", "ent00009", "ent00009"),
        Stmt("payer", "ent00001", "ent00001"),
        Stmt("beneficiary", "ghost00009", "ghost00009"),
        Stmt("amount", "109", None),
        Stmt("summary", "CANARY00009", "CANARY00009"),
    ))  # fmt: skip
    only_b = (b,)
    pay10 = Record("dset-01", "ent00010", "Payment", (
        Stmt("id", "ent00010", "ent00010", only_b),
        Stmt("payer", "ent00002", "ent00002", (ALL,)),
        Stmt("beneficiary", "ent00002", "ent00002"),
        Stmt("summary", "CANARY00010", "CANARY00010", only_b),
    ))  # fmt: skip
    records = (
        _person("dset-00", 1, 0, "name", "birthDate"),
        _person(
            "dset-01",
            2,
            0,
            "name",
            "birthDate",
            "passportNumber",
            overrides={"passportNumber": only_b},
        ),
        _person("dset-02", 3, 0, "passportNumber"),
        _person("dset-03", 4, 0, "name", "birthDate"),
        _person("dset-04", 5, 1, "passportNumber", "name", "birthDate"),
        _person("dset-00", 6, 1, "passportNumber"),
        _person("dset-03", 8, 1, "name", "birthDate"),
        pay9,
        pay10,
        _vehicle("dset-02", 11, 0),
        _vehicle("dset-04", 12, 0),
        _vehicle("dset-01", 13, 0),
        _person("dset-05", 14, 0, overrides={}, entity_id="ent00001"),
    )
    users = []
    for code in (a, b, c):
        x = code.lower()
        users += [
            UserSpec(f"an-{x}", code, ("analyst",)),
            UserSpec(f"au-{x}", code, ("auditor",)),
            UserSpec(f"di-{x}", code, ("analyst",), disabled=True),
        ]
    return World((a, b, c), removed, datasets, records, tuple(users))
