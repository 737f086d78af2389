"""The network of resolved entities and the analyses the report is made of."""

from crosscurrent.graph.build import build_network
from crosscurrent.graph.keyplayers import CAVEAT, KeyPlayer, key_players
from crosscurrent.graph.money import MoneyRoute, Transfer, group_by_destination, money_routes
from crosscurrent.graph.network import Edge, Network, Node
from crosscurrent.graph.stages import Stage
from crosscurrent.graph.supply import ChainStep, Step, SupplyChain, supply_chains

__all__ = [
    "CAVEAT",
    "ChainStep",
    "Edge",
    "KeyPlayer",
    "MoneyRoute",
    "Network",
    "Node",
    "Stage",
    "Step",
    "SupplyChain",
    "Transfer",
    "build_network",
    "group_by_destination",
    "key_players",
    "money_routes",
    "supply_chains",
]
