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
from dataclasses import dataclass

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


def records(found: Mapping[Key, Profile], regions: Mapping[str, str | None]) -> list[score.Record]:
    """The people among ``found`` that have a name, in key order (training samples by
    position: the same statements must always train the same model)."""
    out = []
    for key in sorted(found):
        p = found[key]
        if family(p.schema) != "Person" or not p.props:
            continue
        record = score.Record.from_props(key, p.props, regions.get(p.agency))
        if record.tokens:
            out.append(record)
    return out


def people(
    found: Mapping[Key, Profile], regions: Mapping[str, str | None]
) -> tuple[People, list[score.Scored]] | None:
    """Train on ``found``'s people and score their candidate pairs; None when there are
    too few to learn from."""
    people_ = records(found, regions)
    if len(people_) < MIN_RECORDS:
        return None
    pairs = list(score.candidate_pairs(people_))
    if not pairs:
        return None
    model = score.train(people_, pairs)
    scored = score.score_pairs(model, people_, pairs)
    uncertain = sorted(scored, key=lambda s: (abs(s.weight), s.left, s.right))[:UNCERTAIN_KEPT]
    return People(model, {r.key: r for r in people_}, uncertain, len(pairs)), scored


def link(
    clusters: Clusters, scored: Sequence[score.Scored], threshold: float = THRESHOLD
) -> list[Match]:
    """Apply the scored pairs to ``clusters`` by average link, strongest first; the
    pairs that joined two clusters or fell inside one, as links."""
    between: dict[Key, dict[Key, list[float]]] = {}
    for s in scored:
        a, b = clusters.find(s.left), clusters.find(s.right)
        if a == b:
            continue
        p = s.probability
        for x, y in ((a, b), (b, a)):
            entry = between.setdefault(x, {}).get(y)
            if entry is None:
                between[x][y] = [p, 1.0]
            else:
                entry[0] += p
                entry[1] += 1
    ranked = sorted(
        (s for s in scored if s.probability >= threshold),
        key=lambda s: (-s.weight, s.left, s.right),
    )
    kept = []
    for s in ranked:
        a, b = clusters.find(s.left), clusters.find(s.right)
        if a != b:
            total, count = between.get(a, {}).get(b, (0.0, 1.0))
            if total / count < threshold or not clusters.union(s.left, s.right, RULE, strong=True):
                continue
            root = clusters.find(s.left)
            _fold(between, b if root == a else a, root)
        kept.append(Match(s.left, s.right, RULE))
    return kept


def _fold(between: dict[Key, dict[Key, list[float]]], gone: Key, root: Key) -> None:
    """Move ``gone``'s sums of probabilities onto ``root`` after they merged."""
    moved = between.pop(gone, {})
    for other, (total, count) in moved.items():
        back = between[other].pop(gone)
        if other == root:
            continue
        entry = between.setdefault(root, {}).setdefault(other, [0.0, 0.0])
        entry[0] += total
        entry[1] += count
        mirror = between[other].setdefault(root, [0.0, 0.0])
        mirror[0] += back[0]
        mirror[1] += back[1]
