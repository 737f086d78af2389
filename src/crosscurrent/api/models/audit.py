"""Entries of the audit log, as auditors read them."""

from datetime import datetime

from pydantic import BaseModel, Field

from crosscurrent.share.audit import AuditEntry
from crosscurrent.share.entry import DetailValue


class AuditEntryOut(BaseModel):
    seq: int = Field(examples=[1042])
    at: datetime
    actor: str = Field(examples=["nina"])
    agency: str | None = Field(examples=["UK-NCA"])
    action: str = Field(examples=["consultation"])
    objects: list[str] = Field(
        description="Ids only, never values.", examples=[["entity", "cc-3f2a9c0d1e7b4a5c6d8e"]]
    )
    justification: str | None = Field(examples=["OP-TIDEWATER/2025-014"])
    detail: dict[str, DetailValue] = Field(examples=[{"read": "entity", "count": 1}])
    hash: str

    @classmethod
    def of(cls, e: AuditEntry) -> "AuditEntryOut":
        return cls(
            seq=e.seq, at=e.at, actor=e.actor, agency=e.agency, action=e.action.value,
            objects=list(e.objects), justification=e.justification, detail=e.detail, hash=e.hash,
        )  # fmt: skip


class AuditOut(BaseModel):
    entries: list[AuditEntryOut]
    next_since: int | None = Field(
        description="Pass as `since` for the next page; null at the end of the log."
    )
