"""Analyses of the caller's network: key players, supply chains, money routes."""

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response

from crosscurrent.api.deps import Consult
from crosscurrent.api.models.analyses import (
    KeyPlayerOut,
    KeyPlayersOut,
    MoneyRouteOut,
    MoneyRoutesOut,
    SupplyChainOut,
)
from crosscurrent.graph import CAVEAT, key_players, money_routes, supply_chains
from crosscurrent.report import picture, picture_heading

MEDIA = {"svg": "image/svg+xml", "png": "image/png"}

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
    "/key-players/picture",
    summary="Picture of the key players",
    description="The network around the key players as an image for a briefing: key "
    "players highlighted and labelled with their rank, their closest contacts and the "
    "boats, companies and sites they are tied to, edge types in a legend, and your agency, "
    "the case and the derived marking (TLP) of everything drawn printed on it. Drawn from "
    "your view only; the same view gives the same bytes.",
    response_class=Response,
    responses={
        200: {"content": {"image/svg+xml": {}, "image/png": {}}, "description": "The picture."}
    },
)
def read_key_players_picture(
    c: Consult,
    top: Annotated[int, Query(ge=1, le=30)] = 10,
    fmt: Annotated[Literal["svg", "png"], Query(alias="format")] = "svg",
) -> Response:
    net = c.view.network
    players = key_players(net, top=top)
    caller = c.principal.caller
    heading = picture_heading(caller.label, caller.agency, c.case)
    image, shown = picture(net, players, c.view.entities, c.view.value_marking, heading, fmt)
    c.record("key-players-picture", list(shown.nodes))
    # Marked content: no shared cache may keep it.
    return Response(image, media_type=MEDIA[fmt], headers={"Cache-Control": "no-store"})


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
