"""Key players, supply chains and money routes of the caller's network."""

from pydantic import BaseModel, Field

from crosscurrent.graph import ChainStep, KeyPlayer, MoneyRoute, SupplyChain, Transfer
from crosscurrent.graph.roles import Roles


class RolesOut(BaseModel):
    """What the person's own payment and ownership records say they do."""

    hands_paid: int = Field(description="Distinct people of the core they paid.", examples=[4])
    items_bought: int = Field(
        description="Boats and engines owned or bought, plus suppliers paid.", examples=[2]
    )
    relays: int = Field(
        description="Distinct payers who had themselves been paid: money collected upstream.",
        examples=[2],
    )
    score: float = Field(description="Role evidence, from 0 to 1.", examples=[1.0])

    @classmethod
    def of(cls, r: Roles) -> "RolesOut":
        return cls(hands_paid=r.hands_paid, items_bought=r.items_bought, relays=r.relays,
                   score=round(r.score, 6))  # fmt: skip


class KeyPlayerOut(BaseModel):
    id: str = Field(examples=["cc-3f2a9c0d1e7b4a5c6d8e"])
    name: str = Field(examples=["Ahmed Karimi"])
    score: float = Field(description="Weighted measures, from 0 to 1.", examples=[0.82])
    why: str = Field(examples=["betweenness 0.41 on the 12-person core; links 3 communities"])
    agencies: list[str] = Field(examples=[["FR-PN", "UK-NCA"]])
    betweenness: float = Field(examples=[0.41])
    communities: list[int] = Field(examples=[[1, 2, 3]])
    stages: list[str] = Field(examples=[["supply", "launch", "money"]])
    leaf_contacts: int = Field(examples=[14])
    records: list[str] = Field(description="Source record ids merged into the person.")
    roles: RolesOut
    command: int = Field(
        description="Core contacts who show role evidence themselves.", examples=[3]
    )

    @classmethod
    def of(cls, p: KeyPlayer) -> "KeyPlayerOut":
        return cls(
            id=p.canonical_id, name=p.name, score=p.score, why=p.why,
            agencies=list(p.agencies), betweenness=p.betweenness,
            communities=list(p.communities), stages=[str(s) for s in p.stages],
            leaf_contacts=p.leaf_contacts, records=list(p.entity_ids),
            roles=RolesOut.of(p.roles), command=p.command,
        )  # fmt: skip


class KeyPlayersOut(BaseModel):
    caveat: str = Field(description="How to read the ranking.")
    players: list[KeyPlayerOut]


class ChainStepOut(BaseModel):
    step: str = Field(examples=["storage"])
    parties: list[str] = Field(description="Canonical ids of supplier, site or van.")
    labels: list[str] = Field(examples=[["Warehouse, Duisburg"]])
    date: str | None = Field(examples=["2025-03-02"])
    agencies: list[str] = Field(examples=[["DE-BPOL"]])
    records: list[str]
    inferred: bool = Field(description="Read off neighbouring facts, not stated by a record.")
    note: str | None

    @classmethod
    def of(cls, s: ChainStep) -> "ChainStepOut":
        return cls(
            step=str(s.step), parties=list(s.parties), labels=list(s.labels), date=s.date,
            agencies=list(s.agencies), records=list(s.records), inferred=s.inferred, note=s.note,
        )  # fmt: skip


class SupplyChainOut(BaseModel):
    item_id: str = Field(examples=["cc-77aa1b2c3d4e5f6a7b8c"])
    item: str = Field(examples=["Inflatable boat, 9 m"])
    kind: str = Field(examples=["boat"])
    serial: str | None = Field(examples=["MRN-BT-2025-0917"])
    complete: bool
    missing: list[str] = Field(description="Required steps with no evidence.", examples=[[]])
    agencies: list[str]
    steps: list[ChainStepOut]

    @classmethod
    def of(cls, c: SupplyChain) -> "SupplyChainOut":
        return cls(
            item_id=c.item_id, item=c.item, kind=c.kind, serial=c.serial, complete=c.complete,
            missing=[str(m) for m in c.missing], agencies=list(c.agencies),
            steps=[ChainStepOut.of(s) for s in c.steps],
        )  # fmt: skip


class TransferOut(BaseModel):
    payment_id: str
    payer: str
    payer_name: str = Field(examples=["Bilal Nouri"])
    beneficiary: str
    beneficiary_name: str = Field(examples=["Ahmed Karimi"])
    date: str = Field(examples=["2025-01-02"])
    amount: float | None = Field(examples=[1500.0])
    currency: str | None = Field(examples=["EUR"])
    agencies: list[str]

    @classmethod
    def of(cls, t: Transfer) -> "TransferOut":
        return cls(
            payment_id=t.payment_id, payer=t.payer, payer_name=t.payer_name,
            beneficiary=t.beneficiary, beneficiary_name=t.beneficiary_name, date=t.date,
            amount=t.amount, currency=t.currency, agencies=list(t.agencies),
        )  # fmt: skip


class MoneyRouteOut(BaseModel):
    parties: list[str] = Field(description="Canonical ids from first payer to destination.")
    names: list[str] = Field(examples=[["Bilal Nouri", "Ahmed Karimi", "Dario Rossi"]])
    destination: str
    hops: int = Field(examples=[2])
    value: float | None = Field(
        description="The smallest amount on the route, when all are in one currency."
    )
    agencies: list[str]
    transfers: list[TransferOut]

    @classmethod
    def of(cls, r: MoneyRoute) -> "MoneyRouteOut":
        return cls(
            parties=list(r.parties), names=list(r.names), destination=r.destination,
            hops=r.hops, value=r.value, agencies=list(r.agencies),
            transfers=[TransferOut.of(t) for t in r.transfers],
        )  # fmt: skip


class MoneyRoutesOut(BaseModel):
    total: int = Field(description="Routes found; at most `limit` are listed.")
    routes: list[MoneyRouteOut]
