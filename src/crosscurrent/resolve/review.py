"""The review queue: pairs of records whose evidence is mixed, most uncertain first.

Where the scored model decided the caller's people, "uncertain" is a match
weight near zero bits (even odds), and the evidence is each comparison's level
and weight. Where the rules decided (``resolve --method rules``, or too few
people to train on), it means a pair that shares a phone or a birth date and
some, but not enough, of its name, or that the rules would link but a birth
date contradicts.
"""

from collections import defaultdict
from dataclasses import dataclass, replace
from itertools import combinations

import duckdb

from crosscurrent.resolve.rules import Key, Profile, conflicting_births, family
from crosscurrent.resolve.score import Scored
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
    weight: float | None = None
    """The scored model's match weight in bits (None when the rules decided)."""

    @property
    def uncertainty(self) -> float:
        """0 for a pair right at the decision point, growing as evidence is one-sided."""
        if self.weight is not None:
            return abs(self.weight)
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
    """Unjudged pairs of people the caller can see, most uncertain first: by the scored
    model's weight nearest even odds when the model decided the caller's people
    (linked or not: a link at 0.55 deserves a look too), else by the rules' points
    (unmerged pairs only)."""
    judged = {frozenset((j.left, j.right)) for j in in_force(con)}
    people = view.decision(con, caller).people
    if people is not None:
        out = [_scored(s) for s in people.uncertain if frozenset((s.left, s.right)) not in judged]
    else:
        out = _by_rules(con, caller, judged)
    out.sort(key=lambda c: (c.uncertainty, c.left, c.right))
    shown = out[:limit]
    names = _names(con, caller, [k for c in shown for k in (c.left, c.right)])
    return [
        replace(c, left_name=names.get(c.left, ""), right_name=names.get(c.right, ""))
        for c in shown
    ]


def _scored(s: Scored) -> Candidate:
    evidence = tuple(f"{e.comparison}: {e.level} ({e.weight:+.1f})" for e in s.evidence)
    return Candidate(s.left, s.right, round(s.weight), evidence, "", "", s.weight)


def _by_rules(
    con: duckdb.DuckDBPyConnection, caller: view.Caller, judged: set[frozenset[Key]]
) -> list[Candidate]:
    found = {k: p for k, p in view.profiles(con, caller).items() if family(p.schema) == "Person"}
    canon = view.clusters(con, caller)
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
    return out


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
