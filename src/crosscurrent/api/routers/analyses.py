"""Analyses of the caller's network: key players, supply chains, money routes."""

from typing import Annotated

from fastapi import APIRouter, Query

from crosscurrent.api.deps import Consult
from crosscurrent.api.models.analyses import (
    KeyPlayerOut,
    KeyPlayersOut,
    MoneyRouteOut,
    MoneyRoutesOut,
    SupplyChainOut,
)
from crosscurrent.graph import CAVEAT, key_players, money_routes, supply_chains

router = APIRouter(prefix="/analyses", tags=["analyses"])


@router.get(
    "/key-players",
    summary="Key players",
    description="People who hold the network together: ranked on the person-to-person "
    "core by betweenness, the communities they bridge and the route stages they touch. "
    "Read with the caveat: leads for joint work, not the head of an organisation.",
)
def read_key_players(c: Consult, top: Annotated[int, Query(ge=1, le=100)] = 10) -> KeyPlayersOut:
    players = [KeyPlayerOut.of(p) for p in key_players(c.view.network, top=top)]
    c.record("key-players", [p.id for p in players])
    return KeyPlayersOut(caveat=CAVEAT, players=players)


@router.get(
    "/supply-chains",
    summary="Supply chains",
    description="Boats and engines followed from supplier through storage, transport and "
    "launch to the crossing, each step with the agencies and records behind it; partial "
    "chains list the steps without evidence.",
)
def read_supply_chains(
    c: Consult, limit: Annotated[int, Query(ge=1, le=500)] = 100
) -> list[SupplyChainOut]:
    chains = [SupplyChainOut.of(chain) for chain in supply_chains(c.view.network)[:limit]]
    ids = [x for ch in chains for x in (ch.item_id, *(p for s in ch.steps for p in s.parties))]
    c.record("supply-chains", ids)
    return chains


@router.get(
    "/money-routes",
    summary="Money routes",
    description="Chains of payments in time order (A paid B, then B paid C), grouped by "
    "final beneficiary: most routes in first, then longest, then largest.",
)
def read_money_routes(
    c: Consult, limit: Annotated[int, Query(ge=1, le=500)] = 50
) -> MoneyRoutesOut:
    routes = money_routes(c.view.network)
    shown = [MoneyRouteOut.of(r) for r in routes[:limit]]
    ids = [x for r in shown for x in (*r.parties, *(t.payment_id for t in r.transfers))]
    c.record("money-routes", ids)
    return MoneyRoutesOut(total=len(routes), routes=shown)
