"""Trace one boat or engine, named by serial, source record id or canonical id.

An officer holds a hull number read off a boat on the beach, or the serial
stamped on an engine; agencies write serials with and without dashes and in
either case, so serials are compared reduced to letters and digits.
"""

import re
from dataclasses import dataclass

from crosscurrent.graph.impact import chain_people
from crosscurrent.graph.kinds import is_item, node_kind
from crosscurrent.graph.network import Network
from crosscurrent.graph.supply import SupplyChain, supply_chains

_NOT_ALNUM = re.compile(r"[^0-9A-Z]")


def serial_key(value: str) -> str:
    return _NOT_ALNUM.sub("", value.upper())


@dataclass(frozen=True)
class Trace:
    chain: SupplyChain
    serials: tuple[str, ...]
    """Every serial the agencies recorded for the item, as written."""
    entity_ids: tuple[str, ...]
    """Source records merged into the item."""
    people: tuple[tuple[str, str], ...]
    """(canonical id, name) of people tied by a record to the item or its steps."""


def matches(net: Network, query: str) -> list[str]:
    """Boats and engines the query names: canonical id, source record id or serial."""
    wanted = query.strip()
    key = serial_key(wanted)
    found = []
    for node_id in net.ids:
        node = net.nodes[node_id]
        if not is_item(node_kind(node)):
            continue
        serials = {serial_key(s) for s in node.props.get("registrationNumber", ())}
        if wanted == node_id or wanted in node.entity_ids or (key and key in serials):
            found.append(node_id)
    return found


def trace(net: Network, query: str) -> list[Trace]:
    """The supply chain of every boat or engine the query names (none: not in view)."""
    wanted = set(matches(net, query))
    if not wanted:
        return []
    out = []
    for chain in supply_chains(net):
        if chain.item_id not in wanted:
            continue
        node = net.nodes[chain.item_id]
        people = sorted(chain_people(net, chain))
        out.append(
            Trace(
                chain=chain,
                serials=node.props.get("registrationNumber", ()),
                entity_ids=node.entity_ids,
                people=tuple((p, net.nodes[p].caption) for p in people),
            )
        )
    return out
