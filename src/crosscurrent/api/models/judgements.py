"""Analysts' judgements on pairs of records, and the queue of uncertain pairs."""

from typing import Literal

from pydantic import BaseModel, Field

RECORD = r"^[^/\s]{1,200}/[^\s]{1,200}$"


class CandidateOut(BaseModel):
    """Two records whose evidence is mixed: the model puts them near even odds (or the
    rules neither clearly link nor part them)."""

    left: str = Field(description="dataset/record", examples=["fr-pn-individus/FRPN-P-000012"])
    right: str = Field(examples=["uk-nca-subjects/NCA-P-000004"])
    left_entity: str | None = Field(description="The merged entity the left record is part of.")
    right_entity: str | None
    left_name: str = Field(examples=["ahmad karimi"])
    right_name: str = Field(examples=["ahmed karimi"])
    points: int = Field(
        description="The model's match weight in bits, rounded (0 is even odds; positive "
        "links); under the rules, evidence points, 4 or more would link.",
        examples=[1],
    )
    evidence: list[str] = Field(examples=[["2 name parts", "same phone"]])


class EvidenceOut(BaseModel):
    rule: str = Field(examples=["birth date"])
    verdict: str = Field(examples=["links"])
    detail: str = Field(examples=["1990-03-12 on both"])


class JudgementIn(BaseModel):
    left: str = Field(pattern=RECORD, description="dataset/record", examples=["fr-pn-checks/F-7"])
    right: str = Field(pattern=RECORD, examples=["uk-nca-subjects/S-0042"])
    verdict: Literal["merge", "split", "unsure", "undo"] = Field(
        description="merge: the same; split: different; unsure: cannot tell yet; undo: "
        "withdraw the judgement in force on the pair."
    )
    resolve: bool = Field(
        default=True,
        description="Re-run resolution now so the judgement shows at once (seconds on a "
        "small store); false leaves it for the operator's next `crosscurrent resolve`.",
    )


class JudgementOut(BaseModel):
    left: str
    right: str
    verdict: str
    resolved: bool = Field(description="True when resolution ran after the judgement.")
