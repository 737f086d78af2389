"""A seeded synthetic smuggling network of any size, built as the analyses read it.

Used by ``network_speed.py`` and its test. Cells (communities) have power-law
sizes and their members power-law activity (Chung-Lu within a cell, a tenth of
the calls across cells); a third of the people are passengers who make one
call to a recruiter (leaf contacts); the rest of the records are payments
(dated), associations, ownership of boats and engines, supplies by companies,
boats stored at and launched from sites, and van trips. The nodes and edges are
the ``Node`` and ``Edge`` records of ``crosscurrent.graph`` assembled by
``assemble``, so timings cover the structures and code paths the CLI and the
API run; only the store read and the FtM parsing are left out.
"""

from __future__ import annotations

import numpy as np

from crosscurrent.graph.network import Edge, Network, Node, assemble

SHARES = {  # of edges, by kind of record
    "Call": 0.62,
    "leaf call": 0.10,
    "Payment": 0.12,
    "Associate": 0.06,
    "Ownership": 0.04,
    "supplied": 0.02,
    "stored at": 0.02,
    "Trip": 0.02,
}
AGENCIES = (frozenset({"UK-NCA"}), frozenset({"FR-PN"}), frozenset({"IT-PS"}))


def _powerlaw(rng: np.random.Generator, n: int, alpha: float = 2.2) -> np.ndarray:
    return (1.0 - rng.random(n)) ** (-1.0 / (alpha - 1.0))


def _pick(rng: np.random.Generator, weights: np.ndarray, count: int) -> np.ndarray:
    """``count`` indices drawn with probability proportional to ``weights``."""
    cdf = np.cumsum(weights)
    return np.searchsorted(cdf, rng.random(count) * cdf[-1], side="right")


def edge_pairs(nodes: int, edges: int, seed: int = 7) -> tuple[np.ndarray, np.ndarray]:
    """A simple community power-law graph of ``edges`` distinct edges, as two
    endpoint arrays: the plain graph the algorithm benchmarks run on."""
    rng = np.random.default_rng(seed)
    cell = _cells(rng, nodes)
    weight = _powerlaw(rng, nodes)
    # Drawn in rounds until there are enough distinct pairs: busy nodes draw the
    # same partner again and again, and the benchmarks want simple graphs.
    keys = np.zeros(0, dtype=np.int64)
    while len(keys) < edges:
        u = _pick(rng, weight, 2 * edges)
        v = _within(rng, cell, weight, u, cross=0.1)
        low, high = np.minimum(u, v), np.maximum(u, v)
        fresh = (low * nodes + high)[low != high]
        _, first = np.unique(fresh, return_index=True)
        fresh = fresh[np.sort(first)]
        keys = np.concatenate([keys, fresh[~np.isin(fresh, keys)]])
    keys = keys[:edges]
    return keys // nodes, keys % nodes


def _cells(rng: np.random.Generator, n: int) -> np.ndarray:
    """Cell number per node: power-law sizes from 8 people up."""
    sizes: list[int] = []
    while sum(sizes) < n:
        sizes.append(int(min(8 * _powerlaw(rng, 1, 2.5)[0], 2000)))
    return np.repeat(np.arange(len(sizes)), sizes)[:n]


def _within(
    rng: np.random.Generator, cell: np.ndarray, weight: np.ndarray, u: np.ndarray, cross: float
) -> np.ndarray:
    """For each of ``u`` a partner from its own cell (Chung-Lu), or anyone with
    probability ``cross``."""
    order = np.argsort(cell, kind="stable")
    bounds = np.searchsorted(cell[order], np.arange(cell.max() + 2))
    cdf = np.cumsum(weight[order])
    start, end = bounds[cell[u]], bounds[cell[u] + 1]
    low = np.where(start > 0, cdf[np.maximum(start - 1, 0)], 0.0)
    target = low + rng.random(len(u)) * (cdf[end - 1] - low)
    v = order[np.minimum(np.searchsorted(cdf, target, side="right"), end - 1)]
    anyone = rng.random(len(u)) < cross
    v[anyone] = _pick(rng, weight, int(anyone.sum()))
    return v


def smuggling_network(nodes: int, edges: int, seed: int = 7) -> Network:
    """About ``nodes`` nodes and ``edges`` edges of the kinds a scenario holds."""
    rng = np.random.default_rng(seed)
    things = max(nodes // 50, 4)  # each of: companies, boats, engines, vans, sites
    people = nodes - 5 * things
    passengers = int(people * 0.3)
    crew = people - passengers
    ids = {
        "Person": [f"p{i:07d}" for i in range(people)],
        "Company": [f"c{i:06d}" for i in range(things)],
        "boat": [f"b{i:06d}" for i in range(things)],
        "engine": [f"e{i:06d}" for i in range(things)],
        "van": [f"v{i:06d}" for i in range(things)],
        "site": [f"s{i:06d}" for i in range(things)],
    }
    out: dict[str, Node] = {}
    for i, node_id in enumerate(ids["Person"]):
        out[node_id] = Node(node_id, "Person", f"Person {i}", (node_id,), AGENCIES[i % 3])
    for i, node_id in enumerate(ids["Company"]):
        out[node_id] = Node(node_id, "Company", f"Company {i}", (node_id,), AGENCIES[i % 3])
    for kind, schema, props in (
        ("boat", "Vessel", {"type": ("inflatable boat",)}),
        ("engine", "Vehicle", {"type": ("outboard engine",)}),
        ("van", "Vehicle", {"type": ("van",)}),
    ):
        for i, node_id in enumerate(ids[kind]):
            out[node_id] = Node(node_id, schema, f"{kind} {i}", (node_id,), AGENCIES[i % 3], props)
    for i, node_id in enumerate(ids["site"]):
        remark = ("storage site",) if i % 2 else ("launch site",)
        out[node_id] = Node(
            node_id, "Address", f"site {i}", (node_id,), AGENCIES[i % 3], {"remarks": remark}
        )
    made: list[Edge] = []
    counts = {k: int(edges * share) for k, share in SHARES.items()}
    cell = _cells(rng, crew)
    weight = _powerlaw(rng, crew)
    person = ids["Person"]

    def add(schema: str, us: list[str], vs: list[str], role: str | None = None,
            dated: bool = False, money: bool = False) -> None:  # fmt: skip
        days = rng.integers(0, 365, len(us))
        amounts = np.round(_powerlaw(rng, len(us)) * 500.0, 2)
        for j, (a, b) in enumerate(zip(us, vs, strict=True)):
            date = f"2024-{1 + days[j] // 31:02d}-{1 + days[j] % 28:02d}" if dated else None
            made.append(Edge(f"{schema[:2]}{len(made):08d}", schema, a, b, role, date,
                             float(amounts[j]) if money else None, "EUR" if money else None,
                             None, AGENCIES[j % 3], (f"r{len(made):08d}",)))  # fmt: skip

    def crew_pairs(count: int, cross: float) -> tuple[list[str], list[str]]:
        # Drawn twice over: in small cells a busy member often draws itself.
        u = _pick(rng, weight, 2 * count)
        v = _within(rng, cell, weight, u, cross)
        keep = np.flatnonzero(u != v)[:count]
        return [person[i] for i in u[keep]], [person[i] for i in v[keep]]

    # Passengers call one recruiter each, recruiters being the busiest crew.
    n_leaf = min(counts["leaf call"], passengers)
    counts["Call"] += counts["leaf call"] - n_leaf  # few passengers: more crew calls
    add("Call", *crew_pairs(counts["Call"], 0.1), dated=True)
    recruiters = _pick(rng, weight**2, n_leaf)
    add("Call", [person[crew + i] for i in range(n_leaf)], [person[i] for i in recruiters])
    add("Payment", *crew_pairs(counts["Payment"], 0.2), dated=True, money=True)
    add("Associate", *crew_pairs(counts["Associate"], 0.05))
    owners = _pick(rng, weight, counts["Ownership"])
    items = rng.integers(0, things, len(owners))
    add("Ownership", [person[i] for i in owners],
        [ids["boat" if k % 2 else "engine"][i] for k, i in enumerate(items)])  # fmt: skip
    n = counts["supplied"]
    add("UnknownLink", [ids["Company"][i] for i in rng.integers(0, things, n)],
        [ids["boat"][i] for i in rng.integers(0, things, n)],
        role="supplied", dated=True)  # fmt: skip
    n = counts["stored at"]
    add("UnknownLink", [ids["boat"][i] for i in rng.integers(0, things, n)],
        [ids["site"][i] for i in rng.integers(0, things, n)], role="stored at")  # fmt: skip
    n = counts["Trip"]
    add("Trip", [person[i] for i in _pick(rng, weight, n)],
        [ids["van"][i] for i in rng.integers(0, things, n)],
        role="involved", dated=True)  # fmt: skip
    return assemble(out, made)
