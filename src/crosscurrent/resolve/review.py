"""The review queue: pairs of records whose evidence is mixed, most uncertain first.

The first resolver decides by rules, so "uncertain" means a pair that shares a
phone or a birth date and some, but not enough, of its name, or that the rules
would link but a birth date contradicts. The entity-resolution issue replaces
this with model scores; the queue's shape (pairs, evidence, order) stays.
"""

from collections import defaultdict
from dataclasses import dataclass, replace
from itertools import combinations

import duckdb

from crosscurrent.resolve.rules import Key, Profile, conflicting_births, family
from crosscurrent.store import view
from crosscurrent.store.judgements import in_force

LINK_AT = 4
"""Evidence points at which the rules would link (two agreements of weight 2)."""
BLOCK_LIMIT = 50
"""A phone or birth date shared by more records than this says nothing (a hotline)."""


@dataclass(frozen=True)
class Candidate:
    left: Key
    right: Key
    points: int
    evidence: tuple[str, ...]
    left_name: str
    right_name: str

    @property
    def uncertainty(self) -> float:
        """0 for a pair right at the decision point, growing as evidence is one-sided."""
        return abs(self.points - (LINK_AT - 0.5))


def _points(a: Profile, b: Profile) -> tuple[int, list[str]]:
    common = a.tokens & b.tokens
    points, evidence = 0, []
    if len(common) >= 2:
        points, evidence = 2, [f"{len(common)} name parts"]
    elif common:
        points, evidence = 1, ["1 name part"]
    if a.births & b.births:
        points += 2
        evidence.append("same birth date")
    if a.phones & b.phones:
        points += 2
        evidence.append("same phone")
    if conflicting_births(a, b):
        points -= 3
        evidence.append("different birth dates")
    return points, evidence


def review(con: duckdb.DuckDBPyConnection, caller: view.Caller, limit: int = 50) -> list[Candidate]:
    """Unjudged, unmerged pairs of people the caller can see, most uncertain first."""
    found = {k: p for k, p in view.profiles(con, caller).items() if family(p.schema) == "Person"}
    canon = view.clusters(con, caller)
    judged = {frozenset((j.left, j.right)) for j in in_force(con)}
    blocks: dict[str, list[Key]] = defaultdict(list)
    for key, p in found.items():
        for value in (*p.phones, *p.births):
            blocks[value].append(key)
    seen: set[tuple[Key, Key]] = set()
    out = []
    for keys in blocks.values():
        if len(keys) > BLOCK_LIMIT:
            continue
        for a, b in combinations(sorted(keys), 2):
            if (a, b) in seen or canon.get(a) == canon.get(b) or frozenset((a, b)) in judged:
                continue
            seen.add((a, b))
            points, evidence = _points(found[a], found[b])
            if points >= 2:
                out.append(Candidate(a, b, points, tuple(evidence), "", ""))
    out.sort(key=lambda c: (c.uncertainty, c.left, c.right))
    shown = out[:limit]
    names = _names(con, caller, [k for c in shown for k in (c.left, c.right)])
    return [
        replace(c, left_name=names.get(c.left, ""), right_name=names.get(c.right, ""))
        for c in shown
    ]


def _names(con: duckdb.DuckDBPyConnection, caller: view.Caller, keys: list[Key]) -> dict[Key, str]:
    """A name each record gives, as its source wrote it (the caller sees it: the pair is
    in its view), else its first and last name."""
    if not keys:
        return {}
    rows = view.statements(
        con,
        caller,
        "dataset, entity_id, prop, value",
        "prop IN ('name', 'firstName', 'lastName') "
        "AND list_contains($only, dataset || '/' || entity_id)",
        {"only": [f"{ds}/{eid}" for ds, eid in keys]},
    ).fetchall()
    parts: dict[Key, dict[str, list[str]]] = {}
    for dataset, entity_id, prop, value in sorted(rows):
        parts.setdefault((dataset, entity_id), {}).setdefault(prop, []).append(value)
    out = {}
    for key, props in parts.items():
        if props.get("name"):
            out[key] = props["name"][0]
        else:
            out[key] = " ".join(props[p][0] for p in ("firstName", "lastName") if props.get(p))
    return out
