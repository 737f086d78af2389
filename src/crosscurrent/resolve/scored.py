"""People linked by the Fellegi–Sunter model (``resolve/score.py``), for the decision.

The model is trained on the records the decision is given: the system's on
everything, a caller's on what that caller sees. Weights learnt from hidden
records (how common a hidden name is, how often hidden pairs agree on a birth
date) would shape a caller's clusters with what it may not see, so they are
never borrowed from a wider view.

Links are applied by average link onto the clusters the identifiers and the
analysts' merges already made: a pair joins two clusters only when the mean
match probability of every scored pair between them is at least the threshold,
so one strong pair cannot glue two large clusters whose other members disagree.
An analyst's split is never crossed. A birth-date disagreement is the model's
negative evidence, weighed with the rest, not a veto: one typing error in a year
must not keep a man apart from himself.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from crosscurrent.resolve import score
from crosscurrent.resolve.clusters import Clusters
from crosscurrent.resolve.rules import Key, Match, Profile, family

MIN_RECORDS = 200
"""Fewer people than this and EM has too little to learn from: the rules decide."""
THRESHOLD = 0.5
"""Match probability at which a pair links (the model's own even odds)."""
UNCERTAIN_KEPT = 2_000
"""Scored pairs kept for the review queue, those nearest even odds."""
RULE = "scored match"


@dataclass
class People:
    """The model a decision was made with, and what it compared."""

    model: score.Model
    records: dict[Key, score.Record]
    uncertain: list[score.Scored]
    """The candidate pairs nearest even odds, most uncertain first."""
    pairs: int
    """Candidate pairs scored."""
    keys: list[Key] = field(default_factory=list)
    """The people in the order the pair arrays index them."""


def records(found: Mapping[Key, Profile], regions: Mapping[str, str | None]) -> list[score.Record]:
    """The people among ``found`` that have a name, in key order (training samples by
    position: the same statements must always train the same model)."""
    out = []
    # People first, then sorted: most records of a store are not people.
    people = [k for k, p in found.items() if p.props and family(p.schema) == "Person"]
    for key in sorted(people):
        p = found[key]
        record = score.Record.from_props(key, p.props, regions.get(p.agency))
        if record.tokens:
            out.append(record)
    return out


def people(
    found: Mapping[Key, Profile], regions: Mapping[str, str | None]
) -> tuple[People, score.PairScores] | None:
    """Train on ``found``'s people and score their candidate pairs (as arrays of indices
    into ``People.keys``); None when there are too few to learn from."""
    with score.gc_paused():
        people_ = records(found, regions)
        if len(people_) < MIN_RECORDS:
            return None
        pairs = score.candidate_pair_array(people_)
        if not len(pairs):
            return None
        model, scores = score.train_and_score(people_, pairs)
    near = _nearest_even_odds(scores.weight, UNCERTAIN_KEPT)
    uncertain = [
        score.Scored(
            people_[i].key,
            people_[j].key,
            float(scores.weight[k]),
            tuple(int(x) for x in scores.levels[k]),
            tuple(float(x) for x in scores.weights[k]),
        )
        for k, i, j in zip(
            near.tolist(), scores.left[near].tolist(), scores.right[near].tolist(), strict=True
        )
    ]
    uncertain.sort(key=lambda s: (abs(s.weight), s.left, s.right))
    keys = [r.key for r in people_]
    by_key = dict(zip(keys, people_, strict=True))
    return People(model, by_key, uncertain, len(scores), keys), scores


def _nearest_even_odds(weight: npt.NDArray[np.float64], count: int) -> npt.NDArray[np.int64]:
    """Indices of the ``count`` weights nearest 0, nearest first, ties by index (as a
    stable argsort of all of them gives, without sorting them all)."""
    distance = np.abs(weight)
    if len(distance) > count:
        bound = np.partition(distance, count - 1)[count - 1]
        within = np.flatnonzero(distance <= bound)  # ties at the bound all kept, in order
        order = within[np.argsort(distance[within], kind="stable")]
        return order[:count]
    return np.argsort(distance, kind="stable")


@dataclass(frozen=True)
class Weighed:
    """Scored pairs as the clustering reads them: row k is the pair (left[k],
    right[k]) of indices into a list of people, with its match weight in bits."""

    left: npt.NDArray[np.int64]
    right: npt.NDArray[np.int64]
    weight: npt.NDArray[np.float64]

    def __len__(self) -> int:
        return len(self.weight)


def link(
    clusters: Clusters,
    keys: Sequence[Key],
    scores: score.PairScores | Weighed,
    threshold: float = THRESHOLD,
) -> list[Match]:
    """Apply the scored pairs (indices into ``keys``) to ``clusters`` by average link,
    strongest first; the pairs that joined two clusters or fell inside one, as links."""
    probability = score.probability(scores.weight)
    strong = np.flatnonzero(probability >= threshold)
    # Two clusters can only merge within a component of the strong pairs and the
    # clusters already made, so only the pairs inside one need their probabilities
    # summed (a small share of them all).
    roots = [clusters.find(k) for k in keys]
    component: dict[Key, Key] = {}

    def top(k: Key) -> Key:
        while component.get(k, k) != k:
            k = component[k]
        return k

    for i, j in zip(scores.left[strong].tolist(), scores.right[strong].tolist(), strict=True):
        a, b = top(roots[i]), top(roots[j])
        if a != b:
            component[max(a, b)] = min(a, b)
    # Roots and tops as integers, so the pairs between two clusters of one component
    # are picked out by numpy (most pairs are neither).
    number: dict[Key, int] = {}
    root_no = np.array([number.setdefault(r, len(number)) for r in roots], dtype=np.int64)
    top_no = np.array([number.setdefault(top(r), len(number)) for r in roots], dtype=np.int64)
    inside = np.flatnonzero(
        (root_no[scores.left] != root_no[scores.right])
        & (top_no[scores.left] == top_no[scores.right])
    )
    # Per cluster root: the other roots it has scored pairs with, as (sum of p, count).
    named = list(number)
    between: dict[Key, dict[Key, tuple[float, float]]] = {
        named[x]: {named[y]: sums for y, sums in row.items()}
        for x, row in score.pair_sums(
            root_no[scores.left[inside]], root_no[scores.right[inside]], probability[inside]
        )
    }
    ranked = sorted(
        (-float(scores.weight[k]), *sorted((keys[i], keys[j])))
        for k, i, j in zip(
            strong.tolist(), scores.left[strong].tolist(), scores.right[strong].tolist(),
            strict=True,
        )
    )  # fmt: skip
    kept = []
    for _w, left, right in ranked:
        a, b = clusters.find(left), clusters.find(right)
        if a != b:
            total, count = between.get(a, {}).get(b, (0.0, 1.0))
            if total / count < threshold or not clusters.union(left, right, RULE, strong=True):
                continue
            root = clusters.find(left)
            _fold(between, b if root == a else a, root)
        kept.append(Match(left, right, RULE))
    return kept


def _fold(between: dict[Key, dict[Key, tuple[float, float]]], gone: Key, root: Key) -> None:
    """Move ``gone``'s sums of probabilities onto ``root`` after they merged."""
    moved = between.pop(gone, {})
    mine = between.setdefault(root, {})
    for other, (total, count) in moved.items():
        theirs = between[other]
        back = theirs.pop(gone)
        if other == root:
            continue
        t0, c0 = mine.get(other, (0.0, 0.0))
        mine[other] = (t0 + total, c0 + count)
        t1, c1 = theirs.get(root, (0.0, 0.0))
        theirs[root] = (t1 + back[0], c1 + back[1])
