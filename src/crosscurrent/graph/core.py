"""The person network the rankings read: people, their ties, and the core.

Recruiters and drivers phone far more numbers than organisers do, and most of
those numbers are passengers who appear once (leaf contacts). Rankings run on
the core, the people left once leaves are set aside, so that a list of
passengers cannot make anyone important.
"""

from collections import Counter
from collections.abc import Collection

import networkit as nk

from crosscurrent.graph.network import Network
from crosscurrent.graph.project import Projection, project

PERSON_LINKS = frozenset({"Call", "Payment", "Associate", "Family", "UnknownLink"})
"""Edge schemata that make the person-to-person network."""


def persons(net: Network) -> list[str]:
    """People the caller holds records on; stubs (outside the view) have nothing to rank."""
    return [i for i, node in net.nodes.items() if node.schema == "Person" and not node.stub]


def person_network(net: Network, removed: Collection[str] = ()) -> Projection:
    """Every person and their person-to-person ties, without ``removed``."""
    gone = set(removed)
    return project(net, [p for p in persons(net) if p not in gone], PERSON_LINKS)


def core_of(net: Network, removed: Collection[str] = ()) -> tuple[Projection, Counter[str]]:
    """The person network without leaf contacts, and the leaves each person had."""
    core, leaves, _ = split_core(net, removed)
    return core, leaves


def split_core(
    net: Network, removed: Collection[str] = ()
) -> tuple[Projection, Counter[str], Projection]:
    """``core_of`` and the whole person network it was cut from (for plain degree)."""
    full = person_network(net, removed)
    leaves: Counter[str] = Counter()
    for node in range(len(full.ids)):
        if full.degree(node) == 1:
            (only,) = full.neighbours(node)
            leaves[full.ids[only]] += 1
    decomposition = nk.centrality.CoreDecomposition(full.graph)
    decomposition.run()
    core = [full.ids[i] for i, c in enumerate(decomposition.scores()) if c >= 2]
    if len(core) < 3:
        # A tree-shaped network (sparse reporting) has an empty 2-core: drop one
        # layer of leaves instead, so the people between them can still be ranked.
        core = [full.ids[i] for i in range(len(full.ids)) if full.degree(i) >= 2]
    return project(net, core, PERSON_LINKS), leaves, full
