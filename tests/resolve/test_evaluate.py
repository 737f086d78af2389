"""Cluster scores against a brute-force oracle over every pair of records."""

from itertools import combinations

from hypothesis import given
from hypothesis import strategies as st

from crosscurrent.resolve.evaluate import score

labels = st.lists(st.tuples(st.integers(0, 4), st.integers(0, 4)), min_size=1, max_size=30)


def brute(
    pred: dict[tuple[str, str], str], truth: dict[tuple[str, str], str]
) -> tuple[float, float]:
    same_p = {(a, b) for a, b in combinations(sorted(truth), 2) if pred[a] == pred[b]}
    same_t = {(a, b) for a, b in combinations(sorted(truth), 2) if truth[a] == truth[b]}
    precision = len(same_p & same_t) / len(same_p) if same_p else 1.0
    recall = len(same_p & same_t) / len(same_t) if same_t else 1.0
    return precision, recall


@given(labels)
def test_pairwise_scores_match_brute_force(rows: list[tuple[int, int]]) -> None:
    keys = [("ds", str(i)) for i in range(len(rows))]
    pred = {k: f"p{p}" for k, (p, _t) in zip(keys, rows, strict=True)}
    truth = {k: f"t{t}" for k, (_p, t) in zip(keys, rows, strict=True)}
    s = score(pred, truth)
    precision, recall = brute(pred, truth)
    assert abs(s.precision - precision) < 1e-9
    assert abs(s.recall - recall) < 1e-9
    assert 0.0 <= s.bcubed_f1 <= 1.0


def test_perfect_and_all_singletons() -> None:
    truth = {("a", "1"): "x", ("b", "2"): "x", ("c", "3"): "y"}
    assert score(dict(truth), truth).f1 == 1.0
    assert score(dict(truth), truth).bcubed_f1 == 1.0
    singletons = score({}, truth)
    assert singletons.recall == 0.0
    assert singletons.precision == 1.0
