"""Incremental resolution: new and changed records resolve against the kept clusters.

A full run (``resolver.resolve``) keeps what the next run needs in table
``resolution_run``: the loads and judgements it read, the agencies' phone
regions, and the person model it trained. An incremental run then recomputes
only the part of the store that can have changed, with that kept model, and
leaves every other record's canonical id and links as they are.

Why the result is the full run's, with the same model. The decision
(``decide``) is local: every union it makes follows an edge, a rule's match
(an analyst's merge, a shared identifier, one agency's record reference, the
person rules) or a scored pair at or above even odds, and whether a union is
refused depends only on the two clusters it would join (their birth dates,
their split judgements, the mean probability of the scored pairs between
them). So the clusters inside one connected component of those edges depend
on that component's records and pairs alone, in the same order. The run:

1. finds the *seeds*: records with statements from loads after the last run
   (new or changed), the records of judgements made or withdrawn since, and
   the ends of any edge between two untouched records that blocking or a rule
   makes in one world and not the other (a block that grew past its size
   limit, a shared phone that became a switchboard); then every member of a
   seed's previous cluster, since that cluster may have to come apart;
2. grows the *region*: the connected components of the seeds over the edges
   of today's records, scoring (with the kept model) only candidate pairs that
   touch the region as it grows; blocking runs over all records, so the pairs
   are the full run's, filtered;
3. decides the region alone, as the full run would (``replay`` on it), and
   rewrites its records' canonical ids and links; nothing else is written.

Outside the region every component is one the last run decided with the same
records, pairs, judgements and model, so its clusters stand. Hence an
incremental run gives the clusters of a full run *with the kept model*
(``replay``); a real full run trains a new model on all records, whose
weights drift as records arrive: run one from time to time.

It falls back to a full run, and says why, when there is no kept run, the
method or an agency's phone region changed, or a dataset was erased since
(its records' old clusters are gone with them).
"""

import json
from collections.abc import Iterable, Mapping, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import UTC, datetime

import duckdb
import numpy as np
import numpy.typing as npt

from crosscurrent.arrays import either_only
from crosscurrent.resolve import score, scored
from crosscurrent.resolve.clusters import Clusters
from crosscurrent.resolve.decide import Decision, build_profiles, inert_schemas
from crosscurrent.resolve.rules import (
    Key,
    Match,
    Profile,
    agency_record_matches,
    person_matches,
    strong_matches,
)
from crosscurrent.store import judgements, options, view
from crosscurrent.store.db import fetch_one

IntArray = npt.NDArray[np.int64]

JudgedRow = tuple[int, str, str, str, str, str]
"""(judgement id, left dataset, left id, right dataset, right id, verdict)."""


# --- the kept state -----------------------------------------------------------------------


def model_to_json(model: score.Model) -> str:
    return json.dumps(
        {
            "m": model.m,
            "u": model.u,
            "prior": model.prior,
            "freq": model.freq,
            "tf_centre": [[c, level, v] for (c, level), v in sorted(model.tf_centre.items())],
            "records": model.records,
            "comparisons": comparisons(),
        }
    )


def comparisons() -> list[list[str]]:
    """The person model's comparisons and their levels, as this version defines them: a
    model kept by a version that compared otherwise cannot score today's pairs."""
    return [[c.name, *c.levels] for c in score.COMPARISONS]


def fits(text: str) -> bool:
    """Whether a kept model (``model_to_json``) was made with today's comparisons."""
    raw = json.loads(text)
    if "comparisons" in raw:
        return bool(raw["comparisons"] == comparisons())
    return [len(row) for row in raw["m"]] == [len(c.levels) for c in score.COMPARISONS]


def model_from_json(text: str) -> score.Model:
    raw = json.loads(text)
    return score.Model(
        m=raw["m"],
        u=raw["u"],
        prior=raw["prior"],
        freq=raw["freq"],
        tf_centre={(int(c), int(level)): float(v) for c, level, v in raw["tf_centre"]},
        records=int(raw["records"]),
    )


@dataclass
class Kept:
    """What the last run read, and the model of the last full run."""

    run: int
    method: str
    loads: set[tuple[int, str]]
    judged: dict[int, JudgedRow]
    regions: dict[str, str | None]
    records: int
    model: score.Model | None
    outdated: bool = False
    """The last full run's model was made with other comparisons (an older version)."""


def _loads(con: duckdb.DuckDBPyConnection) -> list[tuple[int, str]]:
    rows = con.execute("SELECT id, loaded_at FROM load ORDER BY id").fetchall()
    return [(int(i), at.isoformat()) for i, at in rows]


def _judged(con: duckdb.DuckDBPyConnection) -> dict[int, JudgedRow]:
    return {
        j.id: (j.id, j.left[0], j.left[1], j.right[0], j.right[1], j.verdict.value)
        for j in judgements.in_force(con)
    }


def kept(con: duckdb.DuckDBPyConnection) -> Kept | None:
    """The last run's state, with the model of the last full run; None before any."""
    row = fetch_one(
        con,
        "SELECT id, method, loads, judgements, regions, records FROM resolution_run "
        "ORDER BY id DESC LIMIT 1",
    )
    if row is None:
        return None
    full = fetch_one(
        con, "SELECT model FROM resolution_run WHERE kind = 'full' ORDER BY id DESC LIMIT 1"
    )
    if full is None:
        return None
    usable = bool(full[0]) and fits(full[0])
    return Kept(
        run=int(row[0]),
        method=str(row[1]),
        loads={(int(i), str(at)) for i, at in json.loads(row[2])},
        judged={int(j[0]): (int(j[0]), *j[1:]) for j in json.loads(row[3])},
        regions=json.loads(row[4]),
        records=int(row[5]),
        model=model_from_json(full[0]) if usable else None,
        outdated=bool(full[0]) and not usable,
    )


def save_run(
    con: duckdb.DuckDBPyConnection,
    kind: str,
    method: str,
    records: int,
    model: score.Model | None = None,
) -> None:
    """Record a run inside the caller's transaction; a full run's model replaces the
    kept one."""
    row = fetch_one(con, "SELECT coalesce(max(id), 0) + 1 FROM resolution_run")
    run = int(row[0]) if row else 1
    if kind == "full":
        con.execute("UPDATE resolution_run SET model = NULL WHERE model IS NOT NULL")
    con.execute(
        "INSERT INTO resolution_run VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            run,
            kind,
            method,
            json.dumps(_loads(con)),
            json.dumps(sorted(_judged(con).values())),
            json.dumps(view.regions(con)),
            records,
            model_to_json(model) if model is not None else None,
            datetime.now(UTC).replace(tzinfo=None),
        ],
    )


# --- deciding with a given model ------------------------------------------------------------


def rule_matches(
    found: Mapping[Key, Profile], merges: Iterable[tuple[Key, Key]], person_rules: bool
) -> list[tuple[list[Match], bool]]:
    """The rules' matches over ``found``, as ``decide`` applies them: (matches, strong)."""
    values = list(found.values())
    judged = [Match(a, b, "judgement") for a, b in merges if a in found and b in found]
    out: list[tuple[list[Match], bool]] = [
        (judged, True),
        (list(strong_matches(values)), True),
        (list(agency_record_matches(values)), False),
    ]
    if person_rules:
        out.append((list(person_matches(values)), False))
    return out


def link(
    found: Mapping[Key, Profile],
    splits: Iterable[tuple[Key, Key]],
    rules: Sequence[tuple[Sequence[Match], bool]],
    people: tuple[Sequence[Key], score.PairScores] | None,
) -> Decision:
    """``decide``'s clustering of ``found`` from matches and scored pairs made already:
    the rules' matches in order, then the scored pairs (indices into the keys given
    with them) by average link."""
    clusters = Clusters(dict(found), [(a, b) for a, b in splits if a in found and b in found])
    links: list[Match] = []
    decision = Decision({}, links, {})
    for matches, strong in rules:
        ordered = (Match(m.right, m.left, m.rule) if m.right < m.left else m for m in matches)
        for match in sorted(ordered, key=lambda m: (m.left, m.right, m.rule)):
            if clusters.same(match.left, match.right) or clusters.union(
                match.left, match.right, match.rule, strong=strong
            ):
                links.append(match)
                decision.rules[match.rule] += 1
    if people is not None:
        kept_links = scored.link(clusters, *people)
        links.extend(kept_links)
        decision.rules[scored.RULE] += len(kept_links)
    decision.canonical = clusters.canonical_ids()
    decision.rule = clusters.rule
    return decision


def replay(
    found: Mapping[Key, Profile],
    merges: Iterable[tuple[Key, Key]],
    splits: Iterable[tuple[Key, Key]],
    regions: Mapping[str, str | None],
    model: score.Model | None,
) -> Decision:
    """A full decision with a given person model, not one trained on ``found`` (the
    rules decide people when ``model`` is None): what an incremental run equals."""
    people = None
    if model is not None:
        records = scored.records(found, regions)
        scores = score.score_arrays(model, records, score.candidate_pair_array(records))
        people = ([r.key for r in records], scores)
    return link(found, splits, rule_matches(found, merges, model is None), people)


# --- the incremental plan -------------------------------------------------------------------


@dataclass
class Patch:
    """What an incremental run rewrites: the region's records, decided anew."""

    records: int
    """Records in the store."""
    region: dict[Key, Profile]
    decision: Decision
    """The region's decision (canonical ids, rules and links of its records only)."""
    canonical: dict[Key, str]
    """Every record's canonical id after the run."""
    new: int = 0
    changed: int = 0
    seeds: int = 0
    pairs_scored: int = 0
    moved: int = 0
    """Records whose canonical id changed (new records included)."""
    notes: list[str] = field(default_factory=list)
    lone: str | None = None
    """The table of records no rule can join (``view.split``): each its own cluster,
    and not in ``canonical``."""
    alone: int = 0
    """How many records ``lone`` holds."""


def _keys_sql(name: str) -> str:
    return f"dataset || chr(31) || entity_id IN (SELECT unnest(${name}))"


def _key_strings(keys: Iterable[Key]) -> list[str]:
    return [f"{d}\x1f{e}" for d, e in keys]


def _arrivals(
    con: duckdb.DuckDBPyConnection, new_loads: list[int]
) -> tuple[set[Key], dict[Key, Profile]]:
    """Records with statements from ``new_loads``, and, of those that existed before,
    their profiles from the earlier loads' statements alone (as the last run saw them)."""
    if not new_loads:
        return set(), {}
    fresh = "first_seen IN (SELECT loaded_at FROM load WHERE list_contains($new_loads, id))"
    system = view.Caller.system()
    cursor = view.statements(con, system, "DISTINCT dataset, entity_id", fresh,
                             {"new_loads": new_loads})  # fmt: skip
    try:
        touched = {(str(d), str(e)) for d, e in cursor.fetchall()}
    finally:
        cursor.close()
    if not touched:
        return touched, {}
    cursor = view.statements(
        con, system, "dataset, entity_id, schema, prop, value, agency",
        f"{_keys_sql('touched')} AND NOT ({fresh})",
        {"touched": _key_strings(touched), "new_loads": new_loads},
    )  # fmt: skip
    try:
        before = build_profiles(cursor.fetchall(), view.regions(con))
    finally:
        cursor.close()
    return touched, before


def _edges(rules: Sequence[tuple[Sequence[Match], bool]]) -> set[tuple[Key, Key]]:
    return {(min(m.left, m.right), max(m.left, m.right)) for ms, _ in rules for m in ms}


def _pair_diff(
    now: Sequence[score.Record],
    now_pairs: IntArray,
    then: Sequence[score.Record],
    then_pairs: IntArray,
) -> set[tuple[Key, Key]]:
    """Candidate pairs in one world and not the other, as pairs of keys."""
    keys = sorted({r.key for r in now} | {r.key for r in then})
    rank = {k: i for i, k in enumerate(keys)}
    n = len(keys)

    def codes(records: Sequence[score.Record], pairs: IntArray) -> IntArray:
        ranks = np.array([rank[r.key] for r in records], dtype=np.int64)
        if not len(pairs):
            return np.zeros(0, dtype=np.int64)
        a, b = ranks[pairs[:, 0]], ranks[pairs[:, 1]]
        return np.minimum(a, b) * n + np.maximum(a, b)

    # Each side's codes are distinct, as its pairs are (np.setxor1d took 0.4 s here).
    differ = either_only(codes(now, now_pairs), codes(then, then_pairs))
    return {(keys[c // n], keys[c % n]) for c in differ.tolist()}


def plan(con: duckdb.DuckDBPyConnection, stack: ExitStack) -> Patch | str:
    """The incremental run's patch, or why a full run is needed instead; ``stack``
    keeps the patch's table of lone records until the caller leaves it."""
    last = kept(con)
    if last is None:
        return "no previous full run"
    method = options.resolver_method(con)
    if method != last.method:
        return f"the method changed from {last.method} to {method} since the last run"
    if last.outdated:
        return "the person model's comparisons changed since the last full run"
    regions = view.regions(con)
    if any(regions.get(a, c) != c for a, c in last.regions.items()):
        return "an agency's phone region changed since the last run"
    loads = set(_loads(con))
    if not last.loads <= loads:
        return "a dataset was erased or reloaded since the last run"
    new_loads = sorted(i for i, _ in loads - last.loads)
    judged_now = _judged(con)
    if not new_loads and judged_now.keys() == last.judged.keys():
        return _nothing(con)

    # Records no rule can join stay out of the plan (``view.split``), but for those of
    # a judgement made or undone since: their old clusters may have to come apart.
    ends = {k for j in (judged_now | last.judged).values() for k in ((j[1], j[2]), (j[3], j[4]))}
    with ExitStack() as mine:
        split = mine.enter_context(view.split(con, view.Caller.system(), inert_schemas(), ends))
        patch = _plan(con, split, last, method, regions, new_loads, judged_now)
        if isinstance(patch, Patch):  # its lone table stays until the patch is written
            stack.push(mine.pop_all())
        return patch  # a reason: the profiles and tables go before the full run


def _plan(
    con: duckdb.DuckDBPyConnection,
    split: view.Split,
    last: Kept,
    method: str,
    regions: dict[str, str | None],
    new_loads: list[int],
    judged_now: dict[int, JudgedRow],
) -> Patch | str:
    found = split.profiles
    touched, before = _arrivals(con, new_loads)
    brand_new = {k for k in touched if k not in before}
    outside = touched - found.keys()
    if len(found) + split.alone - len(brand_new) != last.records or _count_in(
        con, split.lone, outside
    ) != len(outside):
        return "the records differ from the last run's (a run or erasure outside this one)"
    model = last.model
    if (
        method == "scored"
        and model is None
        and len(scored.records(found, regions)) >= scored.MIN_RECORDS
    ):
        return "enough people to train the person model now"

    merges = [((j[1], j[2]), (j[3], j[4])) for j in judged_now.values() if j[5] == "merge"]
    splits = [((j[1], j[2]), (j[3], j[4])) for j in judged_now.values() if j[5] == "split"]
    changed_judgements = [
        j for i, j in (judged_now | last.judged).items() if (i in judged_now) != (i in last.judged)
    ]
    seeds = set(touched)
    for j in changed_judgements:
        seeds.update(k for k in ((j[1], j[2]), (j[3], j[4])) if k in found)

    # The world the last run saw: today's records less the new ones, changed ones as
    # they were. Edges between two untouched records that differ between the worlds
    # (blocks past their size limit, switchboard phones) seed the region too.
    old_found = {k: before.get(k, p) for k, p in found.items() if k not in brand_new}
    rules_now = rule_matches(found, merges, model is None)
    rules_then = rule_matches(old_found, merges, model is None)
    differ = _edges(rules_now[1:]) ^ _edges(rules_then[1:])
    records: list[score.Record] = []
    pairs = np.zeros((0, 2), dtype=np.int64)
    if model is not None:
        records = scored.records(found, regions)
        pairs = score.candidate_pair_array(records)
        unchanged = [r for r in records if r.key not in touched]
        then = sorted(unchanged + scored.records(before, regions), key=lambda r: r.key)
        differ |= _pair_diff(records, pairs, then, score.candidate_pair_array(then))
    for a, b in differ:
        if a not in touched and b not in touched:
            seeds.update((a, b))

    # A seed's previous cluster may come apart: all of it is decided again.
    previous = {(d, e): c for e, d, c in view.cluster_rows(con)}
    members: dict[str, list[Key]] = {}
    for k, c in previous.items():
        members.setdefault(c, []).append(k)
    for k in list(seeds):
        if k not in brand_new and k in previous:
            seeds.update(members[previous[k]])
    seeds &= found.keys()

    region, in_region, pairs_scored = _grow(seeds, rules_now, records, pairs, model)
    sub = {k: p for k, p in found.items() if k in region}
    sub_rules = [([m for m in ms if m.left in region], strong) for ms, strong in rules_now]
    decision = link(sub, splits, sub_rules, in_region)
    canonical = {k: previous.get(k, "") for k in found}
    canonical.update(decision.canonical)
    moved = sum(1 for k, c in decision.canonical.items() if previous.get(k) != c or k in brand_new)
    return Patch(
        records=len(found) + split.alone,
        region=sub,
        decision=decision,
        canonical=canonical,
        new=len(brand_new),
        changed=len(touched) - len(brand_new),
        seeds=len(seeds),
        pairs_scored=pairs_scored,
        moved=moved,
        lone=split.lone,
        alone=split.alone,
    )


def _count_in(con: duckdb.DuckDBPyConnection, table: str, keys: set[Key]) -> int:
    """How many of ``keys`` table ``table`` (dataset, entity_id, ...) holds."""
    if not keys:
        return 0
    row = fetch_one(
        con, f"SELECT count(*) FROM {table} WHERE {_keys_sql('keys')}", {"keys": _key_strings(keys)}
    )
    return int(row[0]) if row else 0


def _nothing(con: duckdb.DuckDBPyConnection) -> Patch:
    """The patch of a run with no load and no judgement since the last: empty."""
    canonical = {(d, e): c for e, d, c in view.cluster_rows(con)}
    return Patch(len(canonical), region={}, decision=Decision({}, [], {}), canonical=canonical)


def _grow(
    seeds: set[Key],
    rules: Sequence[tuple[Sequence[Match], bool]],
    records: Sequence[score.Record],
    pairs: IntArray,
    model: score.Model | None,
) -> tuple[set[Key], tuple[list[Key], score.PairScores] | None, int]:
    """The connected components of the seeds over the rules' matches and the scored
    pairs at or above even odds; the region's people and its scored pairs (indices
    into them, in the full run's order); and how many pairs were scored.

    Every candidate pair is scored once with the kept model, in one call: a pair's
    score depends on its two records and the model alone, and one call over all the
    pairs (two threads, ``score.compare_arrays``) took less time than scoring the
    pairs that touch the region as it grows (13 calls for 54% of the pairs at
    100,000 records)."""
    adjacent: dict[Key, set[Key]] = {}

    def join(a: Key, b: Key) -> None:
        adjacent.setdefault(a, set()).add(b)
        adjacent.setdefault(b, set()).add(a)

    for matches, _ in rules:
        for m in matches:
            join(m.left, m.right)
    scores = None
    if model is not None and len(pairs):
        scores = score.score_arrays(model, records, pairs)
        strong = np.flatnonzero(scores.probability >= scored.THRESHOLD)
        for i, j in zip(pairs[strong, 0].tolist(), pairs[strong, 1].tolist(), strict=True):
            join(records[i].key, records[j].key)
    region = set(seeds)
    frontier = list(seeds)
    while frontier:
        reached = [k for f in frontier for k in adjacent.get(f, ()) if k not in region]
        region.update(reached)
        frontier = reached
    if model is None:
        return region, None, 0
    # The region's people, in key order as in the full run, and its pairs among them
    # renumbered (pairs stay sorted: the numbering keeps the order).
    inside = np.array([r.key in region for r in records], dtype=bool)
    renumber = np.cumsum(inside) - 1
    sub = [r for r in records if r.key in region]
    if scores is None:
        empty = np.zeros(0, dtype=np.int64)
        none = score.PairScores(empty, empty, np.zeros(0), np.zeros((0, len(score.COMPARISONS)),
                                dtype=np.int8), np.zeros((0, len(score.COMPARISONS))))  # fmt: skip
        return region, ([r.key for r in sub], none), 0
    rows = inside[pairs[:, 0]] & inside[pairs[:, 1]]
    kept = renumber[pairs[rows]]
    region_scores = score.PairScores(
        kept[:, 0], kept[:, 1], scores.weight[rows], scores.levels[rows], scores.weights[rows]
    )
    return region, ([r.key for r in sub], region_scores), len(pairs)
