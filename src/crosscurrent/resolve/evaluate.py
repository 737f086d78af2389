"""Scoring clusters against ground truth: pairwise precision, recall, F1 and B-cubed."""

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from crosscurrent.errors import UnreadableFile

Key = tuple[str, str]


@dataclass(frozen=True)
class Scores:
    records: int
    precision: float
    recall: float
    f1: float
    bcubed_precision: float
    bcubed_recall: float
    bcubed_f1: float


def read_truth(path: Path) -> dict[Key, str]:
    """JSON lines ``{"id", "person"}`` (or ``entity`` for the label), with ``dataset``
    when ids are only unique within a dataset; a scenario directory means its truth
    file. Records absent from the truth are not scored."""
    if path.is_dir():
        path = path / "truth" / "entities.jsonl"
    truth: dict[Key, str] = {}
    try:
        with path.open(encoding="utf-8") as fh:
            for number, line in enumerate(fh, start=1):
                if not line.strip():
                    continue
                row = json.loads(line)
                label = row.get("entity", row.get("person"))
                if "id" not in row or label is None:
                    raise UnreadableFile(
                        str(path), f"line {number}: needs 'id' and 'person' (or 'entity')"
                    )
                truth[(str(row.get("dataset", "")), str(row["id"]))] = str(label)
    except (OSError, json.JSONDecodeError) as exc:
        raise UnreadableFile(str(path), str(exc)) from None
    return truth


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def score(predicted: dict[Key, str], truth: dict[Key, str]) -> Scores:
    """Compare on the records present in the truth; a missing record counts as a singleton."""
    keys = list(truth)
    if not any(ds for ds, _ in keys):  # truth without datasets: match on ids alone
        by_id = {eid: c for (_ds, eid), c in predicted.items()}
        pred = {k: by_id.get(k[1], f"single:{k[1]}") for k in keys}
    else:
        pred = {k: predicted.get(k, f"single:{k}") for k in keys}
    joint = Counter((pred[k], truth[k]) for k in keys)
    p_sizes = Counter(pred[k] for k in keys)
    t_sizes = Counter(truth[k] for k in keys)
    tp = sum(_pairs(n) for n in joint.values())
    p_pairs = sum(_pairs(n) for n in p_sizes.values())
    t_pairs = sum(_pairs(n) for n in t_sizes.values())
    precision = tp / p_pairs if p_pairs else 1.0
    recall = tp / t_pairs if t_pairs else 1.0
    # B-cubed: per record, the share of its predicted cluster that is truly its
    # entity, and the share of its entity that is in its predicted cluster.
    bp = sum(n * n / p_sizes[p] for (p, _t), n in joint.items()) / len(keys)
    br = sum(n * n / t_sizes[t] for (_p, t), n in joint.items()) / len(keys)
    return Scores(len(keys), precision, recall, _f1(precision, recall), bp, br, _f1(bp, br))


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def clusters_of(rows: Iterable[tuple[str, str, str]]) -> dict[Key, str]:
    """(entity id, dataset, canonical id) rows as a record → cluster map."""
    return {(ds, eid): canon for eid, ds, canon in rows}
