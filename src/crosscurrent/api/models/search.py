"""Fuzzy name search."""

from pydantic import BaseModel, Field


class SearchHit(BaseModel):
    id: str = Field(description="Canonical id of the merged entity.", examples=["cc-3f2a9c0d1e"])
    schema_: str = Field(alias="schema", examples=["Person"])
    caption: str = Field(examples=["Ahmed Karimi"])
    score: float = Field(description="1 is an exact match.", examples=[0.93])
    names: list[str] = Field(description="The names that matched.", examples=[["Ahmad Karimi"]])
    agencies: list[str] = Field(examples=[["FR-PN", "UK-NCA"]])


class SearchOut(BaseModel):
    query: str = Field(examples=["ahmed karimi"])
    results: list[SearchHit]
