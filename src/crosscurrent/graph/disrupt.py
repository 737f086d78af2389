"""Disruption: whose arrest breaks the network, against arresting people at random.

The network measured is the core of the person network as the caller sees it
(leaf contacts set aside: a passenger cut off from a recruiter breaks nothing).
Removals are sequential and the ranking is recomputed after each one, because
an arrest changes who holds the rest together. Random removal, averaged over
many draws, is the baseline every strategy must beat.
"""

import random
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from crosscurrent.graph.core import core_of
from crosscurrent.graph.fragment import Cohesion, cohesion, kpp_neg, without
from crosscurrent.graph.keyplayers import key_players
from crosscurrent.graph.measures import betweenness
from crosscurrent.graph.network import Network
from crosscurrent.graph.project import Projection

STRATEGIES = ("key-players", "degree", "betweenness", "kpp-neg", "random")
KPP_RESTARTS_UP_TO = 300
"""Cores up to this many people get random restarts of the KPP-Neg search; larger
ones only its greedy start and swaps (each try costs a fragmentation per swap)."""
RANDOM_DRAWS = 50


@dataclass(frozen=True)
class Removal:
    canonical_id: str
    name: str
    after: Cohesion


@dataclass(frozen=True)
class Baseline:
    """Random removal of the same number of people, averaged over draws."""

    draws: int
    lcc: float
    fragmentation: float
    distance_fragmentation: float


@dataclass(frozen=True)
class Disruption:
    strategy: str
    before: Cohesion
    removals: tuple[Removal, ...]
    baseline: Baseline

    @property
    def after(self) -> Cohesion:
        return self.removals[-1].after if self.removals else self.before

    @property
    def removed(self) -> tuple[str, ...]:
        return tuple(r.canonical_id for r in self.removals)


def _graph_without(core: Projection, removed: Sequence[str]) -> Cohesion:
    gone = [core.index[r] for r in removed if r in core.index]
    return cohesion(without(core.graph, gone)[0])


def _next(net: Network, core: Projection, strategy: str, removed: list[str]) -> str | None:
    """The next person to remove under ``strategy``, ranked on what is left."""
    if strategy == "key-players":
        top = key_players(net, top=1, removed=removed)
        return top[0].canonical_id if top else None
    rest, keep = without(core.graph, [core.index[r] for r in removed if r in core.index])
    if rest.numberOfNodes() == 0:
        return None
    if strategy == "degree":
        scores = [float(rest.degree(i)) for i in range(rest.numberOfNodes())]
    else:
        scores = betweenness(Projection(rest, [core.ids[i] for i in keep], {}))
    best = max(range(len(keep)), key=lambda i: (round(scores[i], 9), -keep[i]))
    return core.ids[keep[best]]


def baseline(core: Projection, k: int, draws: int = RANDOM_DRAWS, seed: int = 7) -> Baseline:
    rng = random.Random(seed)
    found = []
    for _ in range(draws):
        picked = rng.sample(range(len(core.ids)), min(k, len(core.ids)))
        found.append(cohesion(without(core.graph, picked)[0]))
    if not found:
        return Baseline(0, 0.0, 0.0, 0.0)
    return Baseline(
        draws=draws,
        lcc=statistics.fmean(c.lcc for c in found),
        fragmentation=statistics.fmean(c.fragmentation for c in found),
        distance_fragmentation=statistics.fmean(c.distance_fragmentation for c in found),
    )


def disrupt(
    net: Network,
    strategy: str = "key-players",
    k: int = 5,
    remove: Sequence[str] = (),
    seed: int = 7,
) -> Disruption:
    """Remove ``remove`` (if given) or ``k`` people chosen by ``strategy``, one at a time."""
    if strategy not in STRATEGIES:
        raise ValueError(f"unknown strategy {strategy!r}; choose from {', '.join(STRATEGIES)}")
    core, _ = core_of(net)
    before = _graph_without(core, [])
    rng = random.Random(seed)
    removed: list[str] = []
    removals = []
    listed = bool(remove)
    if not listed and strategy == "kpp-neg":
        # The set that fragments the core most when removed together (Borgatti),
        # not a ranking: shown in the order of its members' ids.
        restarts = 20 if len(core.ids) <= KPP_RESTARTS_UP_TO else 0
        chosen_set, _ = kpp_neg(core.graph, k, restarts=restarts, seed=seed)
        remove = [core.ids[i] for i in chosen_set]
    for step in range(len(remove) if remove else k):
        if remove:
            chosen: str | None = remove[step]
        elif strategy == "random":
            rest = [i for i in core.ids if i not in removed]
            chosen = rng.choice(rest) if rest else None
        else:
            chosen = _next(net, core, strategy, removed)
        if chosen is None:
            break
        removed.append(chosen)
        node = net.nodes.get(chosen)
        removals.append(
            Removal(chosen, node.caption if node else chosen, _graph_without(core, removed))
        )
    return Disruption(
        strategy="listed" if listed else strategy,
        before=before,
        removals=tuple(removals),
        baseline=baseline(core, len(removals), seed=seed),
    )
