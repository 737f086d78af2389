"""A picture of the network around the key players, for an analyst's briefing.

The key players are highlighted and labelled with their rank; around them,
their closest contacts and the boats, companies and sites they are tied to;
edges are told apart by type (colour and line style) and explained in a
legend. The caller's agency, the case and the derived marking of everything
drawn are printed at the top and bottom, as on any marked document.

Drawn from the caller's network only, so the picture shows nothing the caller
may not see. Deterministic: same network, same bytes (seeded layout, no dates
or random ids in the files), so a picture in a briefing can be checked against
a fresh one.
"""

import io
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import matplotlib
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from crosscurrent.graph.keyplayers import KeyPlayer
from crosscurrent.graph.kinds import Kind, node_kind
from crosscurrent.graph.network import Network

CONTACTS = 6
"""Contacts drawn around each key player (the most strongly tied first)."""
LineStyle = str | tuple[int, tuple[int, ...]]
EDGE_STYLES: dict[str, tuple[str, LineStyle, str]] = {
    # group -> (colour, line style, legend label)
    "Call": ("#8c8c8c", "solid", "call"),
    "Payment": ("#1a9850", "solid", "payment"),
    "Ownership": ("#8c510a", "dashed", "owns"),
    "Associate": ("#2166ac", "dotted", "associate / family"),
    "UnknownLink": ("#762a83", "dashdot", "supply, storage, launch link"),
    "Trip": ("#e08214", (0, (5, 2, 1, 2)), "trip"),
    "other": ("#bdbdbd", "dotted", "other record"),
}
_GROUP = {"Family": "Associate", "Employment": "Associate", "Membership": "Associate"}
NODE_STYLES: dict[str, tuple[str, str, str]] = {
    # kind group -> (marker, colour, legend label)
    "key": ("o", "#d7301f", "key player (rank)"),
    "person": ("o", "#9ecae1", "person"),
    "organisation": ("s", "#fdae6b", "company"),
    "item": ("^", "#74c476", "boat or engine"),
    "place": ("D", "#bcbddc", "site or address"),
    "other": ("h", "#d9d9d9", "vehicle, account, other"),
}
_KIND_GROUP = {
    Kind.PERSON: "person",
    Kind.ORGANISATION: "organisation",
    Kind.BOAT: "item",
    Kind.ENGINE: "item",
    Kind.STORAGE_SITE: "place",
    Kind.LAUNCH_SITE: "place",
    Kind.ADDRESS: "place",
}


@dataclass(frozen=True)
class Scene:
    """What the picture shows: node ids, and the ties among them by edge group."""

    players: tuple[str, ...]
    """Key players, best first."""
    nodes: tuple[str, ...]
    ties: tuple[tuple[str, str, str], ...]
    """(a, b, edge group) with a < b, one per pair and group."""
    edge_ids: tuple[str, ...]
    """Ids of the edge entities (records) behind the ties drawn."""


def scene(net: Network, players: Sequence[KeyPlayer], contacts: int = CONTACTS) -> Scene:
    """The key players, the ``contacts`` most strongly tied neighbours of each, and
    every tie among them."""
    chosen = [p.canonical_id for p in players if p.canonical_id in net.nodes]
    nodes = dict.fromkeys(chosen)
    for pid in chosen:
        strength: Counter[str] = Counter()
        for _, other in net.neighbours(pid):
            if other != pid and not net.nodes[other].stub:
                strength[other] += 1
        ranked = sorted(strength, key=lambda o: (o not in nodes, -strength[o], o))
        nodes.update(dict.fromkeys(ranked[:contacts]))
    inside = set(nodes)
    ties: set[tuple[str, str, str]] = set()
    edge_ids: set[str] = set()
    for node in nodes:
        for edge, other in net.neighbours(node):
            if other in inside and other != node:
                a, b = sorted((node, other))
                ties.add((a, b, _edge_group(edge.schema)))
                edge_ids.add(edge.id)
    return Scene(tuple(chosen), tuple(nodes), tuple(sorted(ties)), tuple(sorted(edge_ids)))


def _edge_group(schema: str) -> str:
    group = _GROUP.get(schema, schema)
    return group if group in EDGE_STYLES else "other"


def _node_group(net: Network, node_id: str, players: set[str]) -> str:
    if node_id in players:
        return "key"
    return _KIND_GROUP.get(node_kind(net.nodes[node_id]), "other")


def layout(nodes: Sequence[str], ties: Sequence[tuple[str, str, str]]) -> np.ndarray:
    """Fruchterman-Reingold from a circle in id order: no randomness, so the same
    scene always lands in the same place."""
    n = len(nodes)
    if n == 0:
        return np.zeros((0, 2))
    index = {node: i for i, node in enumerate(nodes)}
    angle = np.linspace(0, 2 * np.pi, n, endpoint=False)
    pos = np.column_stack([np.cos(angle), np.sin(angle)])
    pairs = np.array(sorted({(index[a], index[b]) for a, b, _ in ties}), dtype=int).reshape(-1, 2)
    k = 1.0 / np.sqrt(n)
    temperature = 0.1
    for _ in range(300):
        delta = pos[:, None, :] - pos[None, :, :]
        dist = np.maximum(np.linalg.norm(delta, axis=2), 1e-3)
        force = (delta / dist[..., None] * (k * k / dist)[..., None]).sum(axis=1)
        if len(pairs):
            d = pos[pairs[:, 0]] - pos[pairs[:, 1]]
            length = np.maximum(np.linalg.norm(d, axis=1), 1e-3)
            pull = d * (length / k)[:, None]
            np.add.at(force, pairs[:, 0], -pull)
            np.add.at(force, pairs[:, 1], pull)
        step = np.maximum(np.linalg.norm(force, axis=1), 1e-9)
        pos += force / step[:, None] * np.minimum(step, temperature)[:, None]
        temperature *= 0.985
    pos -= pos.mean(axis=0)
    return np.asarray(pos / max(float(np.abs(pos).max()), 1e-9))


def draw(net: Network, view: Scene, heading: str, marking: str, fmt: str = "svg") -> bytes:
    """The picture as SVG or PNG bytes; ``heading`` names the caller and case,
    ``marking`` is printed above and below (e.g. ``TLP:RED · releasable to UK-NCA``)."""
    if fmt not in ("svg", "png"):
        raise ValueError(f"picture format must be svg or png, not {fmt!r}")
    players = set(view.players)
    pos = layout(view.nodes, view.ties)
    where = {node: pos[i] for i, node in enumerate(view.nodes)}
    # Text stays text in SVG (searchable, and checked by the tests); fixed hash salt
    # and no dates so the same scene gives the same bytes.
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "crosscurrent",
                                "font.family": "DejaVu Sans"}):  # fmt: skip
        fig = Figure(figsize=(11, 8.5), dpi=110)
        ax = fig.add_axes((0.02, 0.08, 0.72, 0.82))
        ax.set_axis_off()
        used_edges: set[str] = set()
        for a, b, group in view.ties:
            colour, style, _ = EDGE_STYLES[group]
            (xa, ya), (xb, yb) = where[a], where[b]
            ax.plot([xa, xb], [ya, yb], color=colour, linestyle=style,
                    linewidth=2.2 if group == "Payment" else 1.2, zorder=1)  # fmt: skip
            used_edges.add(group)
        used_nodes: set[str] = set()
        for node in view.nodes:
            group = _node_group(net, node, players)
            marker, colour, _ = NODE_STYLES[group]
            x, y = where[node]
            size = 320 if group == "key" else 90
            ax.scatter([x], [y], s=size, marker=marker, c=colour, edgecolors="#252525",
                       linewidths=0.8, zorder=3)  # fmt: skip
            used_nodes.add(group)
        for rank, node in enumerate(view.players, 1):
            x, y = where[node]
            ax.annotate(f"{rank}. {net.nodes[node].caption}", (x, y), xytext=(8, 8),
                        textcoords="offset points", fontsize=9, weight="bold", zorder=4,
                        bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": "#d7301f",
                              "alpha": 0.9})  # fmt: skip
        ax.margins(0.12)
        handles = [
            Line2D([], [], marker=marker, color="none", markerfacecolor=colour,
                   markeredgecolor="#252525", markersize=9, label=label)
            for g, (marker, colour, label) in NODE_STYLES.items() if g in used_nodes
        ] + [
            Line2D([], [], color=colour, linestyle=style,  # type: ignore[arg-type]
                   linewidth=2.2 if g == "Payment" else 1.2, label=label)
            for g, (colour, style, label) in EDGE_STYLES.items() if g in used_edges
        ]  # fmt: skip
        if handles:
            fig.legend(handles=handles, loc="upper left", bbox_to_anchor=(0.75, 0.88),
                       frameon=False, fontsize=9, title="Legend", title_fontsize=10)  # fmt: skip
        listing = "\n".join(f"{i}. {net.nodes[p].caption}" for i, p in enumerate(view.players, 1))
        fig.text(0.76, 0.45, "Key players\n" + (listing or "none in view"), fontsize=8.5,
                 va="top", family="DejaVu Sans")  # fmt: skip
        for y in (0.975, 0.015):
            fig.text(0.5, y, marking, ha="center", va="center", fontsize=11, weight="bold",
                     color="#b30000")  # fmt: skip
        fig.text(0.02, 0.935, heading, fontsize=12, weight="bold")
        fig.text(0.02, 0.05, f"{len(view.nodes)} entities, {len(view.ties)} ties drawn. "
                 "Leads for joint work, not the head of an organisation: smuggling is not "
                 "a kingpin business.", fontsize=8, color="#404040")  # fmt: skip
        out = io.BytesIO()
        canvas = FigureCanvasSVG(fig) if fmt == "svg" else FigureCanvasAgg(fig)
        metadata = {"Date": None} if fmt == "svg" else {"Software": None}
        canvas.print_figure(out, format=fmt, metadata=metadata)
    return out.getvalue()
