"""Incremental resolution: new and changed records resolve against the kept clusters.

A full run (``resolver.resolve``) keeps what the next run needs in table
``resolution_run``: the loads and judgements it read, the agencies' phone
regions, the person model it trained, and every candidate pair of people it
scored with its weight (``KeptPairs``; each run replaces them with its own).
An incremental run then recomputes only the part of the store that can have
changed, with that kept model, and leaves every other record's canonical id and
links as they are.

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
   of today's records; blocking runs over all records, so the pairs are the
   full run's. A pair's weight depends on its two records and the model alone,
   so a pair the last run scored between two records that did not change keeps
   its kept weight: only the pairs with a new or changed record, and those
   blocking did not propose last time, are scored (a tenth of them at 100,000
   records with 5% arriving);
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

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import numpy.typing as npt

from crosscurrent import __version__
from crosscurrent.arrays import distinct
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
FloatArray = npt.NDArray[np.float64]

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
    pairs: "KeptPairs | None" = None
    """The last run's scored pairs of people, when it kept them."""
    unread: str | None = None
    """Why the last run's kept pairs cannot be used, when it kept some."""


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
        "SELECT id, method, loads, judgements, regions, records, pairs FROM resolution_run "
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
    pairs, unread = None, None
    if row[6] is not None and usable:
        try:
            pairs = KeptPairs.from_blob(row[6], _basis(full[0]))
        except ValueError as why:
            unread = str(why)
    return Kept(
        run=int(row[0]),
        method=str(row[1]),
        loads={(int(i), str(at)) for i, at in json.loads(row[2])},
        judged={int(j[0]): (int(j[0]), *j[1:]) for j in json.loads(row[3])},
        regions=json.loads(row[4]),
        records=int(row[5]),
        model=model_from_json(full[0]) if usable else None,
        outdated=bool(full[0]) and not usable,
        pairs=pairs,
        unread=unread,
    )


def _basis(model: str) -> bytes:
    """What kept weights were made with: the kept model (as stored), and the code and
    libraries that read, normalise and compare records (``_scoring_code``)."""
    digest = hashlib.blake2b(_scoring_code(), digest_size=16)
    digest.update(model.encode())
    return digest.digest()


@cache
def _scoring_code() -> bytes:
    """A digest of what a pair's weight depends on besides its records and the model:
    the modules that build, normalise and compare records, and the versions of this
    package and the libraries they call. Any change to them makes kept weights
    stale, and the next incremental run a full one."""
    from crosscurrent.resolve import decide, normalise, rules  # names taken here

    digest = hashlib.blake2b(digest_size=16)
    for module in (decide, normalise, rules, score, scored):
        path = getattr(module, "__file__", None)
        digest.update(Path(path).read_bytes() if path else module.__name__.encode())
    for package in ("crosscurrent", "followthemoney", "numpy", "phonenumbers", "rigour"):
        try:
            digest.update(f"{package} {metadata.version(package)}\n".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{package} {__version__}\n".encode())
    return digest.digest()


@dataclass(frozen=True)
class KeptPairs:
    """A run's scored pairs of people: row k is the pair of records (left[k],
    right[k]), indices into ``hashes`` (``key_hashes`` of the records, distinct), with
    its match weight in bits under the kept model."""

    hashes: IntArray
    left: npt.NDArray[np.integer[Any]]
    right: npt.NDArray[np.integer[Any]]
    weight: FloatArray

    def blob(self, basis: bytes) -> bytes:
        """Little-endian: ``basis`` (16 bytes: what the weights were made with), records
        n and pairs m (int64 each), the n hashes (int64), the m lefts and the m rights
        (int32), the m weights (float64)."""
        if len(self.hashes) >= 1 << 31:
            raise ValueError("too many people to keep their pairs")
        head = np.array([len(self.hashes), len(self.weight)], dtype="<i8")
        parts = (head, self.hashes.astype("<i8"), self.left.astype("<i4"),
                 self.right.astype("<i4"), self.weight.astype("<f8"))  # fmt: skip
        return basis + b"".join(part.tobytes() for part in parts)

    @classmethod
    def from_blob(cls, blob: bytes, basis: bytes) -> "KeptPairs":
        """The pairs ``blob`` wrote; ValueError, saying why, when they were made with
        another model or version than ``basis`` says, or do not hold together."""
        if len(blob) < 32 or blob[:16] != basis:
            raise ValueError("the kept pairs were weighed with another model or version")
        n, m = (int(x) for x in np.frombuffer(blob, dtype="<i8", count=2, offset=16))
        if not (0 <= n < 1 << 31 and m >= 0 and len(blob) == 32 + 8 * n + 16 * m):
            raise ValueError(f"the kept pairs are {len(blob)} bytes, not what they say")
        hashes = np.frombuffer(blob, dtype="<i8", count=n, offset=32).astype(np.int64)
        left = np.frombuffer(blob, dtype="<i4", count=m, offset=32 + 8 * n)
        right = np.frombuffer(blob, dtype="<i4", count=m, offset=32 + 8 * n + 4 * m)
        weight = np.frombuffer(blob, dtype="<f8", count=m, offset=32 + 8 * n + 8 * m)
        if m and not (int(left.min()) >= 0 and int(right.max()) < n and bool((left < right).all())):
            raise ValueError("the kept pairs name records they do not list")
        if len(distinct(hashes)) < n:
            raise ValueError("two kept records' keys hash alike")
        return cls(hashes, left, right, weight.astype(np.float64))


def key_hashes(keys: Sequence[Key]) -> IntArray:
    """Each record key's first 8 bytes of BLAKE2b over "dataset<US>entity_id": how a
    kept pair names its records (their positions change as records arrive)."""
    digests = b"".join(
        hashlib.blake2b(f"{d}\x1f{e}".encode(), digest_size=8).digest() for d, e in keys
    )
    return np.frombuffer(digests, dtype="<i8").astype(np.int64)


def save_run(
    con: duckdb.DuckDBPyConnection,
    kind: str,
    method: str,
    records: int,
    model: score.Model | None = None,
    pairs: KeptPairs | None = None,
) -> None:
    """Record a run inside the caller's transaction; a full run's model replaces the
    kept one, and every run's scored ``pairs`` (weighed with the kept model after the
    run) the kept ones."""
    row = fetch_one(con, "SELECT coalesce(max(id), 0) + 1 FROM resolution_run")
    run = int(row[0]) if row else 1
    text = model_to_json(model) if model is not None else None
    blob = None
    if pairs is not None:
        if text is None:
            found = fetch_one(con, "SELECT model FROM resolution_run WHERE model IS NOT NULL")
            if found is None:
                raise ValueError("scored pairs kept without a kept model")
            blob = pairs.blob(_basis(found[0]))
        else:
            blob = pairs.blob(_basis(text))
    if kind == "full":
        con.execute("UPDATE resolution_run SET model = NULL WHERE model IS NOT NULL")
    con.execute("UPDATE resolution_run SET pairs = NULL WHERE pairs IS NOT NULL")
    con.execute(
        "INSERT INTO resolution_run VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            run,
            kind,
            method,
            json.dumps(_loads(con)),
            json.dumps(sorted(_judged(con).values())),
            json.dumps(view.regions(con)),
            records,
            text,
            datetime.now(UTC).replace(tzinfo=None),
            blob,
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
    people: tuple[Sequence[Key], score.PairScores | scored.Weighed] | None,
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
    pairs: KeptPairs | None = None
    """Every scored pair of people after the run, for the next one."""


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
        return _nothing(last)

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
    # (switchboard phones here; blocks past their size limit in ``_reuse``, against
    # the kept pairs) seed the region too.
    old_found = {k: before.get(k, p) for k, p in found.items() if k not in brand_new}
    rules_now = rule_matches(found, merges, model is None)
    rules_then = rule_matches(old_found, merges, model is None)
    differ = _edges(rules_now[1:]) ^ _edges(rules_then[1:])
    for a, b in differ:
        if a not in touched and b not in touched:
            seeds.update((a, b))
    records: list[score.Record] = []
    pairs = np.zeros((0, 2), dtype=np.int64)
    weighed, blob, fresh = None, None, 0
    if model is not None:
        if last.pairs is None:
            return last.unread or "the last run kept no scored pairs (an older version made it)"
        records = scored.records(found, regions)
        pairs = score.candidate_pair_array(records)
        hashes = key_hashes([r.key for r in records])
        if len(distinct(hashes)) < len(hashes):
            return "two records' keys hash alike, so kept pairs cannot name them"
        weight, fresh, moved_pairs = _reuse(model, records, pairs, hashes, touched, last.pairs)
        seeds |= moved_pairs
        weighed = scored.Weighed(pairs[:, 0], pairs[:, 1], weight)
        blob = KeptPairs(hashes, weighed.left, weighed.right, weighed.weight)

    # A seed's previous cluster may come apart: all of it is decided again.
    seeds.update(view.cluster_mates(con, seeds - brand_new))
    seeds &= found.keys()

    region, in_region = _grow(seeds, rules_now, records, weighed)
    sub = {k: p for k, p in found.items() if k in region}
    sub_rules = [([m for m in ms if m.left in region], strong) for ms, strong in rules_now]
    decision = link(sub, splits, sub_rules, in_region)
    previous = view.canonical_ids(con, region)
    moved = sum(1 for k, c in decision.canonical.items() if previous.get(k) != c or k in brand_new)
    return Patch(
        records=len(found) + split.alone,
        region=sub,
        decision=decision,
        new=len(brand_new),
        changed=len(touched) - len(brand_new),
        seeds=len(seeds),
        pairs_scored=fresh,
        moved=moved,
        lone=split.lone,
        alone=split.alone,
        pairs=blob,
    )


def _count_in(con: duckdb.DuckDBPyConnection, table: str, keys: set[Key]) -> int:
    """How many of ``keys`` table ``table`` (dataset, entity_id, ...) holds."""
    if not keys:
        return 0
    row = fetch_one(
        con, f"SELECT count(*) FROM {table} WHERE {_keys_sql('keys')}", {"keys": _key_strings(keys)}
    )
    return int(row[0]) if row else 0


def _nothing(last: Kept) -> Patch:
    """The patch of a run with no load and no judgement since the last: empty, its
    scored pairs the last run's."""
    return Patch(last.records, region={}, decision=Decision({}, [], {}), pairs=last.pairs)


def _reuse(
    model: score.Model,
    records: Sequence[score.Record],
    pairs: IntArray,
    hashes: IntArray,
    touched: set[Key],
    kept: KeptPairs,
) -> tuple[FloatArray, int, set[Key]]:
    """Every candidate pair's weight, in order: the kept one when the last run scored
    the pair and neither record changed since (a pair's weight depends on its two
    records and the model alone), scored now otherwise; how many were scored; and the
    unchanged records of pairs blocking proposes in one world and not the other (a
    block that grew past its size limit drops pairs of records that did not change)."""
    n = len(records)
    if not n:
        return np.zeros(0), 0, set()
    order = np.argsort(hashes)
    ranked = hashes[order]

    def position(h: IntArray) -> tuple[IntArray, npt.NDArray[np.bool_]]:
        at = np.minimum(np.searchsorted(ranked, h), n - 1)
        return order[at], ranked[at] == h

    same = np.array([r.key not in touched for r in records], dtype=bool)
    # Each kept record's position today, and whether it is still among the people.
    where, found = position(kept.hashes)
    a, has_a = where[kept.left], found[kept.left]
    b, has_b = where[kept.right], found[kept.right]
    # The kept pairs between two unchanged records, as codes of today's positions.
    both = has_a & has_b & same[a] & same[b]
    low, high = np.minimum(a[both], b[both]), np.maximum(a[both], b[both])
    codes, kept_weight = low * n + high, kept.weight[both]
    # Kept pairs come sorted, and records keep their order among themselves as others
    # arrive (both runs sort people by key), so the codes are sorted already.
    if len(codes) > 1 and not bool((codes[1:] > codes[:-1]).all()):
        by_code = np.argsort(codes)
        codes, kept_weight = codes[by_code], kept_weight[by_code]
    kept_codes = codes
    # A kept pair with one record gone (not a person now) leaves the other's cluster
    # to be decided again.
    ends = np.concatenate((a[has_a & ~has_b & same[a]], b[has_b & ~has_a & same[b]]))

    now = pairs[:, 0] * n + pairs[:, 1]
    unchanged = same[pairs[:, 0]] & same[pairs[:, 1]]
    weight = np.zeros(len(pairs))
    reuse = np.zeros(len(pairs), dtype=bool)
    if len(kept_codes):
        at = np.minimum(np.searchsorted(kept_codes, now), len(kept_codes) - 1)
        reuse = unchanged & (kept_codes[at] == now)
        weight[reuse] = kept_weight[at[reuse]]
    fresh = np.flatnonzero(~reuse)
    if len(fresh):
        weight[fresh] = score.score_arrays(model, records, pairs[fresh]).weight
    # Pairs of unchanged records in one world only: proposed now and not kept, or kept
    # and not proposed now (every kept code is one of today's unchanged pairs' or not).
    dropped = kept_codes
    if len(now):
        at = np.minimum(np.searchsorted(now, kept_codes), len(now) - 1)
        dropped = kept_codes[now[at] != kept_codes]
    differ = np.concatenate((now[unchanged & ~reuse], dropped))
    moved = {records[int(i)].key for i in ends.tolist()}
    for c in differ.tolist():
        moved.update((records[c // n].key, records[c % n].key))
    return weight, len(fresh), moved


def _grow(
    seeds: set[Key],
    rules: Sequence[tuple[Sequence[Match], bool]],
    records: Sequence[score.Record],
    weighed: scored.Weighed | None,
) -> tuple[set[Key], tuple[list[Key], scored.Weighed] | None]:
    """The connected components of the seeds over the rules' matches and the scored
    pairs at or above even odds; and the region's people with its scored pairs
    (indices into them, in the full run's order)."""
    adjacent: dict[Key, set[Key]] = {}

    def join(a: Key, b: Key) -> None:
        adjacent.setdefault(a, set()).add(b)
        adjacent.setdefault(b, set()).add(a)

    for matches, _ in rules:
        for m in matches:
            join(m.left, m.right)
    if weighed is not None:
        strong = np.flatnonzero(score.probability(weighed.weight) >= scored.THRESHOLD)
        for i, j in zip(weighed.left[strong].tolist(), weighed.right[strong].tolist(), strict=True):
            join(records[i].key, records[j].key)
    region = set(seeds)
    frontier = list(seeds)
    while frontier:
        reached = [k for f in frontier for k in adjacent.get(f, ()) if k not in region]
        region.update(reached)
        frontier = reached
    if weighed is None:
        return region, None
    # The region's people, in key order as in the full run, and its pairs among them
    # renumbered (pairs stay sorted: the numbering keeps the order).
    inside = np.array([r.key in region for r in records], dtype=bool)
    renumber = np.cumsum(inside) - 1
    rows = inside[weighed.left] & inside[weighed.right]
    sub = [r.key for r in records if r.key in region]
    return region, (
        sub,
        scored.Weighed(
            renumber[weighed.left[rows]], renumber[weighed.right[rows]], weighed.weight[rows]
        ),
    )
