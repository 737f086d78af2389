"""Datasets, their markings, uploads and the "who will see this" preview."""

from datetime import date, datetime

from pydantic import BaseModel, Field

from crosscurrent.api.models.common import MarkingOut


class DatasetOut(BaseModel):
    name: str = Field(examples=["uk-nca-subjects"])
    marking: MarkingOut
    handling_text: str | None = Field(
        description="The restrictions of an H3 marking, in words.", examples=[None]
    )
    review_date: date | None = Field(examples=["2026-03-31"])
    created_at: datetime
    updated_at: datetime = Field(description="When the marking last changed.")


class AgencyOut(BaseModel):
    code: str = Field(examples=["FR-PN"])
    name: str = Field(examples=["Police nationale"])


class PreviewOut(BaseModel):
    """Who would see a dataset marked this way."""

    marking: MarkingOut
    agencies: list[AgencyOut] = Field(
        description="Every registered agency that would see it, the originator included."
    )


class ProblemOut(BaseModel):
    row: int = Field(examples=[12])
    field: str | None = Field(examples=["birthDate"])
    reason: str = Field(examples=["not a date: '31/02/1990'"])


class UploadOut(BaseModel):
    """What loading the file did."""

    dataset: str = Field(examples=["uk-nca-raid-2025-06"])
    unchanged: bool = Field(description="True when this very file had been loaded before.")
    rows: int = Field(examples=[120])
    entities: int = Field(examples=[118])
    statements_new: int = Field(examples=[640])
    quarantined_rows: int = Field(examples=[2])
    problems: list[ProblemOut] = Field(description="The first problems found (at most 20).")
    marking: MarkingOut
    visible_to: list[AgencyOut]
