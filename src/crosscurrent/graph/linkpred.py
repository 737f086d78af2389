"""How well shared contacts predict ties nobody recorded: AUC with ties hidden.

The standard test (Lü and Zhou 2011): hide a share of the edges, score every
pair that is not an edge of what remains by resource allocation (the sum of
1/degree over shared neighbours), and measure the AUC, the probability that a
hidden edge scores above a pair that was never an edge (ties count half).
"""

import random
from typing import Any

import networkit as nk
import numpy as np


def resource_allocation(graph: Any, pairs: list[tuple[int, int]]) -> np.ndarray:
    if not pairs:
        return np.zeros(0)
    index = nk.linkprediction.ResourceAllocationIndex(graph)
    return np.array([score for _, score in index.runOn(pairs)], dtype=float)


def auc(positive: np.ndarray, negative: np.ndarray) -> float:
    """P(positive > negative) + P(equal) / 2, exactly, by ranking."""
    if len(positive) == 0 or len(negative) == 0:
        return float("nan")
    scores = np.concatenate([positive, negative])
    order = scores.argsort(kind="mergesort")
    ranks = np.empty(len(scores))
    ranks[order] = np.arange(1, len(scores) + 1)
    # Average ranks over ties so tied pairs count half (Mann-Whitney U).
    for value in np.unique(scores):
        tied = scores == value
        ranks[tied] = ranks[tied].mean()
    u = ranks[: len(positive)].sum() - len(positive) * (len(positive) + 1) / 2
    return float(u / (len(positive) * len(negative)))


def hidden_edge_auc(graph: Any, share: float = 0.1, repeats: int = 100, seed: int = 7) -> float:
    """Mean AUC of resource allocation over ``repeats`` draws of hidden edges."""
    rng = random.Random(seed)
    edges = sorted((min(u, v), max(u, v)) for u, v in graph.iterEdges())
    present = set(edges)
    n = graph.numberOfNodes()
    never = [(u, v) for u in range(n) for v in range(u + 1, n) if (u, v) not in present]
    found = []
    for _ in range(repeats):
        hidden = rng.sample(edges, max(1, round(share * len(edges))))
        training = nk.Graph(n)
        gone = set(hidden)
        for u, v in edges:
            if (u, v) not in gone:
                training.addEdge(u, v)
        found.append(
            auc(resource_allocation(training, hidden), resource_allocation(training, never))
        )
    return float(np.mean(found))
