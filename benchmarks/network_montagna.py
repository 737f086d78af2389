"""Network analytics on the real Montagna networks, against the published figures.

    .venv/bin/python benchmarks/network_montagna.py [curves|kpp|links|all] [--data DIR]

The data (Cavallaro et al. 2020, PLOS ONE 15(8):e0236476; edge lists as the
authors published them) is read from ../shared/benchmarks/montagna and never
copied into the project; without it the script says so and exits 0.

- ``curves``: sequential removal (the ranking recomputed after each removal,
  unweighted) by betweenness and by degree; the largest-component ratio
  LCC(k)/LCC(0) compared step by step with the authors' published curves, and
  random removal (mean of 100 draws) as the baseline.
- ``kpp``: Borgatti's KPP-Neg set of 5 (greedy start, then swaps, 20 random
  restarts), its fragmentation F against the anchor, and F after removing the
  5 of top betweenness and 5 at random for comparison.
- ``links``: resource allocation AUC with 10% of edges hidden, 100 repeats.
"""

from __future__ import annotations

import argparse
import csv
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import networkit as nk

from crosscurrent.graph.fragment import (
    fragmentation,
    kpp_neg,
    lcc,
    top_betweenness,
    top_degree,
    without,
)
from crosscurrent.graph.linkpred import hidden_edge_auc

DATA = Path(__file__).resolve().parents[2] / "shared" / "benchmarks" / "montagna"
NETWORKS = ("meetings", "phonecalls")
K = 5
ANCHORS = {
    # Published or independently reproduced (shared/benchmarks/README.md).
    "lcc5_betweenness": {"meetings": 0.424, "phonecalls": 0.247},
    "lcc5_random": {"meetings": 0.93, "phonecalls": 0.93},
    "kpp_f": {"meetings": 0.784, "phonecalls": 0.932},
    "auc_ra": {"meetings": 0.931, "phonecalls": 0.583},
}
TARGETS = {"kpp_f": {"meetings": 0.784, "phonecalls": 0.932}, "auc_ra": {"meetings": 0.92}}
STRATEGIES = {"Betweenness": top_betweenness, "Degree": top_degree}


def load(data: Path, name: str) -> Any:
    """The network, nodes numbered in order of first appearance in the edge list
    (the order the published code met them in, which decides its ties)."""
    order: dict[str, int] = {}
    pairs = set()
    with (data / f"{name}_edgelist.csv").open() as fh:
        for line in fh:
            parts = line.split()
            if len(parts) < 2 or parts[0] == parts[1]:
                continue
            a, b = (order.setdefault(p, len(order)) for p in parts[:2])
            pairs.add((min(a, b), max(a, b)))
    graph = nk.Graph(len(order))
    for a, b in sorted(pairs):
        graph.addEdge(a, b)
    return graph


def reference(data: Path, name: str) -> dict[str, list[float]]:
    with (data / f"ref_sequential_unweighted_{name}.csv").open() as fh:
        rows = list(csv.DictReader(fh))
    return {s: [float(r[s]) for r in rows] for s in STRATEGIES}


def sequential(graph: Any, pick: Any, steps: int) -> list[float]:
    """LCC(k)/LCC(0) for k = 0..steps, the ranking recomputed after each removal."""
    start = lcc(graph)
    removed: list[int] = []
    curve = [1.0]
    for _ in range(steps):
        rest, alive = without(graph, removed)
        if rest.numberOfNodes() == 0:
            curve.append(0.0)
            continue
        removed.append(pick(rest, alive))
        curve.append(lcc(without(graph, removed)[0]) / start)
    return curve


def random_lcc(graph: Any, k: int, draws: int = 100, seed: int = 7) -> float:
    rng = random.Random(seed)
    start = lcc(graph)
    n = graph.numberOfNodes()
    return statistics.fmean(
        lcc(without(graph, rng.sample(range(n), k))[0]) / start for _ in range(draws)
    )


def row(label: str, ours: float, anchor: float | None) -> str:
    if anchor is None:
        return f"  {label:<44} {ours:8.3f}"
    return f"  {label:<44} {ours:8.3f}   anchor {anchor:6.3f}   ratio {ours / anchor:6.3f}"


def curves(data: Path) -> bool:
    ok = True
    for name in NETWORKS:
        graph = load(data, name)
        print(f"{name}: {graph.numberOfNodes()} nodes, {graph.numberOfEdges()} edges")
        for strategy, published in reference(data, name).items():
            t = time.perf_counter()
            ours = sequential(graph, STRATEGIES[strategy], len(published) - 1)
            seconds = time.perf_counter() - t
            off = [
                k for k, (a, b) in enumerate(zip(ours, published, strict=True)) if abs(a - b) > 1e-9
            ]
            same = "identical" if not off else f"differs from k = {off[0]} ({len(off)} steps)"
            ok &= strategy != "Betweenness" or not off
            print(f"  sequential {strategy.lower():<12} {len(published)} steps, {same} "
                  f"to the published curve ({seconds:.2f} s)")  # fmt: skip
            anchor = (
                ANCHORS["lcc5_betweenness"][name] if strategy == "Betweenness" else published[K]
            )
            print(row(f"LCC({K})/LCC(0), {strategy.lower()}", ours[K], anchor))
        print(row(f"LCC({K})/LCC(0), random (mean of 100)", random_lcc(graph, K),
                  ANCHORS["lcc5_random"][name]))  # fmt: skip
    return ok


def kpp(data: Path) -> bool:
    ok = True
    for name in NETWORKS:
        graph = load(data, name)
        t = time.perf_counter()
        chosen, f = kpp_neg(graph, K)
        seconds = time.perf_counter() - t
        ok &= f >= TARGETS["kpp_f"][name] - 1e-3
        print(f"{name}: KPP-Neg set of {K} {chosen} in {seconds:.1f} s")
        print(row(f"F after removing the KPP-Neg set of {K}", f, ANCHORS["kpp_f"][name]))
        removed: list[int] = []
        for _ in range(K):
            rest, alive = without(graph, removed)
            removed.append(top_betweenness(rest, alive))
        print(row(f"F after sequential betweenness, {K}", fragmentation(without(graph, removed)[0]),
                  None))  # fmt: skip
        rng = random.Random(7)
        n = graph.numberOfNodes()
        rand = statistics.fmean(
            fragmentation(without(graph, rng.sample(range(n), K))[0]) for _ in range(100)
        )
        print(row(f"F after {K} at random (mean of 100)", rand, None))
        print(row("F before any removal", fragmentation(graph), None))
    return ok


def links(data: Path) -> bool:
    ok = True
    for name in NETWORKS:
        graph = load(data, name)
        t = time.perf_counter()
        value = hidden_edge_auc(graph, share=0.1, repeats=100, seed=7)
        seconds = time.perf_counter() - t
        target = TARGETS["auc_ra"].get(name)
        ok &= target is None or value >= target
        print(f"{name}: resource allocation, 10% of edges hidden, 100 repeats ({seconds:.1f} s)")
        print(row("AUC", value, ANCHORS["auc_ra"][name]))
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("what", nargs="?", default="all", choices=("curves", "kpp", "links", "all"))
    parser.add_argument("--data", type=Path, default=DATA)
    args = parser.parse_args(argv)
    if not (args.data / "meetings_edgelist.csv").exists():
        print(f"skipped: the Montagna data is not at {args.data} (see shared/benchmarks/README.md)")
        return 0
    ok = True
    for what, run in (("curves", curves), ("kpp", kpp), ("links", links)):
        if args.what in (what, "all"):
            print(f"== {what}")
            ok &= run(args.data)
    print("all targets met" if ok else "some target missed")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
