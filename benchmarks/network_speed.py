"""Speed of the network analytics on generated graphs, against networkx in the same run.

    .venv/bin/python benchmarks/network_speed.py            # up to 200k nodes, 1M edges
    .venv/bin/python benchmarks/network_speed.py --quick    # tiny sizes (the CI test)

Graphs come from ``network_synth`` (seeded, community power-law). Each row is
timed with our code path (networkit through ``crosscurrent.graph``) and, where
it finishes in reasonable time, with networkx on the same graph; rows where
networkx would take minutes are skipped and say so (nothing is extrapolated).
Prints wall seconds, process CPU seconds (all threads: the machine may be
shared, and CPU time says what the work cost) and the networkx/ours ratio.
Exact betweenness is timed through ``measures.betweenness`` (rustworkx when it
is installed, networkit otherwise), with networkit's own for comparison.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkit as nk
import networkx as nx
import numpy as np

from crosscurrent.graph.keyplayers import key_players
from crosscurrent.graph.measures import (
    PIVOTS,
    RUSTWORKX,
    betweenness,
    communities,
    exact_engine,
)
from crosscurrent.graph.project import Projection
from crosscurrent.graph.reach import Adjacency, path, within

sys.path.insert(0, str(Path(__file__).resolve().parent))
from network_synth import edge_pairs, smuggling_network

FULL = {"small": (5_000, 25_000), "medium": (20_000, 100_000), "large": (200_000, 1_000_000)}
QUICK = {"small": (1_000, 5_000), "medium": (1_500, 7_500), "large": (2_000, 10_000)}
NX_LIMIT = {"exact": "small", "sampled": "medium", "leiden": "medium"}
"""Largest size networkx runs for the slow rows (beyond: minutes to hours)."""
QUERIES = 200


@dataclass
class Row:
    task: str
    size: str
    ours: float
    cpu: float
    theirs: float | None
    target: str
    note: str = ""


def timed(fn: Callable[[], Any]) -> tuple[float, float, Any]:
    wall, cpu = time.perf_counter(), time.process_time()
    out = fn()
    return time.perf_counter() - wall, time.process_time() - cpu, out


def graphs(nodes: int, edges: int) -> tuple[Projection, nx.Graph]:
    """The same simple graph in networkit (as a Projection, as the analyses get it)
    and in networkx."""
    u, v = edge_pairs(nodes, edges)
    g = nk.Graph(nodes, weighted=True, directed=False)
    g.addEdges((np.ones(len(u)), (u.astype(np.uint64), v.astype(np.uint64))))
    g.removeMultiEdges()
    h = nx.Graph()
    h.add_nodes_from(range(nodes))
    h.add_edges_from(zip(u.tolist(), v.tolist(), strict=True))
    ids = [f"n{i:07d}" for i in range(nodes)]
    return Projection(g, ids, {x: i for i, x in enumerate(ids)}), h


def algorithms(sizes: dict[str, tuple[int, int]], rows: list[Row]) -> None:
    for size, (n, m) in sizes.items():
        _algorithms(size, n, m, sizes is QUICK, rows)


def _algorithms(size: str, n: int, m: int, quick: bool, rows: list[Row]) -> None:
    proj, h = graphs(n, m)
    label = f"{size} ({n:,} nodes, {h.number_of_edges():,} edges)"
    if size == "small":
        # Our code path (rustworkx when installed), networkit's as it was, networkx.
        wall, cpu, ours = timed(lambda: betweenness(proj, exact_limit=n))
        theirs, _, reference = timed(lambda: nx.betweenness_centrality(h))
        off = max(abs(ours[i] - reference[i]) for i in range(n))
        rows.append(Row(f"exact betweenness ({exact_engine()})", label, wall, cpu, theirs,
                        "≤ 2 s", f"max difference from networkx {off:.1e}"))  # fmt: skip
        if exact_engine() != "networkit":
            exact = nk.centrality.Betweenness(nk.graphtools.toUnweighted(proj.graph), True)
            wall, cpu, _ = timed(exact.run)
            rows.append(Row("exact betweenness (networkit)", label, wall, cpu, theirs, "",
                            "for comparison"))  # fmt: skip
    sampled = f"sampled betweenness ({PIVOTS} pivots)"
    if size != "small" or quick:
        wall, cpu, _ = timed(lambda: betweenness(proj, exact_limit=0))
        theirs = None
        if size in ("small", NX_LIMIT["sampled"]) or quick:
            theirs, _, _ = timed(lambda: nx.betweenness_centrality(h, k=PIVOTS, seed=1))
        note = "" if theirs is not None else "networkx skipped: minutes"
        target = "≤ 20 s" if size == "large" else ""
        rows.append(Row(sampled, label, wall, cpu, theirs, target, note))
    pr = nk.centrality.PageRank(proj.graph, tol=1e-8)
    wall, cpu, _ = timed(pr.run)
    theirs, _, _ = timed(lambda: nx.pagerank(h, tol=1e-8))
    rows.append(Row("PageRank", label, wall, cpu, theirs, "≤ 1 s" if size == "large" else ""))
    wall, cpu, _ = timed(lambda: communities(proj))
    theirs = None
    if size in ("small", NX_LIMIT["leiden"]) or quick:
        theirs, _, _ = timed(lambda: nx.community.louvain_communities(h, seed=1))
    rows.append(Row("Leiden, 1 thread (ours) / Louvain (networkx)", label, wall, cpu,
                    theirs, "≤ 10 s" if size == "large" else "",
                    "" if theirs is not None else "networkx skipped: minutes"))  # fmt: skip
    leiden = nk.community.ParallelLeiden(proj.graph)
    wall, cpu, _ = timed(leiden.run)
    rows.append(Row("ParallelLeiden, all threads (not reproducible)", label, wall, cpu,
                    None, "", "for comparison"))  # fmt: skip


def p95(times: list[float]) -> float:
    return float(np.percentile(times, 95))


def queries(nodes: int, edges: int, rows: list[Row]) -> None:
    """2-hop neighbourhoods and A-B paths on the smuggling network, all node kinds."""
    net = smuggling_network(nodes, edges)
    label = f"{len(net.nodes):,} nodes, {len(net.edges):,} records"
    build, _, adj = timed(lambda: Adjacency.of(net))
    h = nx.Graph()
    h.add_nodes_from(range(len(net.ids)))
    h.add_edges_from(zip(net.arrays.sources.tolist(), net.arrays.targets.tolist(), strict=True))
    rng = np.random.default_rng(1)
    picks = rng.integers(0, len(net.ids), (QUERIES, 2)).tolist()
    ours, cpu, theirs, sizes = [], [], [], []
    for a, _ in picks:
        wall, c, found = timed(lambda a=a: within(adj, a, 2))
        ours.append(wall)
        cpu.append(c)
        sizes.append(len(found))
        theirs.append(timed(lambda a=a: nx.single_source_shortest_path_length(h, a, 2))[0])
    rows.append(Row("2-hop neighbourhood, p95", label, p95(ours), p95(cpu), p95(theirs),
                    "≤ 1 ms", f"median {int(np.median(sizes)):,} nodes within 2 steps; "
                    f"adjacency built once in {build:.2f} s"))  # fmt: skip
    ours, cpu, theirs = [], [], []
    for a, b in picks:
        wall, c, _ = timed(lambda a=a, b=b: path(adj, a, b, 6))
        ours.append(wall)
        cpu.append(c)
        theirs.append(timed(lambda a=a, b=b: _nx_path(h, a, b))[0])
    rows.append(Row("A–B shortest path, p95", label, p95(ours), p95(cpu), p95(theirs),
                    "≤ 5 ms", "bidirectional BFS both"))  # fmt: skip


def _nx_path(h: nx.Graph, a: int, b: int) -> list[int] | None:
    try:
        return list(nx.bidirectional_shortest_path(h, a, b))
    except (nx.NetworkXNoPath, nx.NodeNotFound):
        return None


def analysis(nodes: int, edges: int, rows: list[Row]) -> None:
    built, _, net = timed(lambda: smuggling_network(nodes, edges))
    label = f"{len(net.nodes):,} nodes, {len(net.edges):,} records"
    wall, cpu, players = timed(lambda: key_players(net, top=10))
    note = f"network assembled in {built:.1f} s (not counted); top: {players[0].name}"
    rows.append(Row("key-player analysis (ours end to end)", label, wall, cpu, None,
                    "< 60 s", note))  # fmt: skip


def show(rows: list[Row]) -> None:
    rx = RUSTWORKX.__version__ if RUSTWORKX is not None else "not installed"
    print(f"networkit {nk.__version__}, rustworkx {rx}, networkx {nx.__version__}, "
          f"{nk.getMaxNumberOfThreads()} threads")  # fmt: skip
    print(
        "| Task | Graph | Ours (wall) | Ours (CPU) | networkx | networkx / ours | Target | Note |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for r in rows:
        unit, scale = ("ms", 1000.0) if "p95" in r.task else ("s", 1.0)
        theirs = f"{r.theirs * scale:.3g} {unit}" if r.theirs is not None else "-"
        ratio = f"{r.theirs / r.ours:.1f}" if r.theirs is not None and r.ours > 0 else "-"
        print(f"| {r.task} | {r.size} | {r.ours * scale:.3g} {unit} | {r.cpu * scale:.3g} {unit}"
              f" | {theirs} | {ratio} | {r.target} | {r.note} |")  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="tiny sizes, for the test")
    parser.add_argument("--only", choices=["algorithms", "queries", "analysis"])
    args = parser.parse_args(argv)
    sizes = QUICK if args.quick else FULL
    rows: list[Row] = []
    if args.only in (None, "algorithms"):
        algorithms(sizes, rows)
    if args.only in (None, "queries"):
        queries(*sizes["large"], rows)
    if args.only in (None, "analysis"):
        analysis(*sizes["large"], rows)
    show(rows)
    if not args.quick:
        print(f"Queries: p95 over {QUERIES} random nodes (wall and CPU each). "
              f"Load average at the end: {', '.join(f'{x:.1f}' for x in _load())}")  # fmt: skip
    return 0


def _load() -> tuple[float, ...]:
    try:
        return os.getloadavg()
    except OSError:  # not on every platform
        return ()


if __name__ == "__main__":
    sys.exit(main())
