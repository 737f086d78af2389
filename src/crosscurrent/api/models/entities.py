"""A merged entity with the provenance and marking of every value."""

from pydantic import BaseModel, Field

from crosscurrent.api.models.common import DerivedMarkingOut, MarkingOut


class ValueOut(BaseModel):
    value: str = Field(examples=["Ahmed Karimi"])
    original_value: str | None = Field(
        description="As the source wrote it, when cleaning changed it.", examples=["KARIMI, Ahmed"]
    )
    agency: str = Field(examples=["UK-NCA"])
    dataset: str = Field(examples=["uk-nca-subjects"])
    record: str = Field(description="The source record's id in its dataset.", examples=["S-0042"])
    first_seen: str = Field(examples=["2025-05-02T10:00:00"])
    last_seen: str = Field(examples=["2025-05-02T10:00:00"])
    marking: MarkingOut | None = Field(description="The value's own marking, else its dataset's.")


class PropertyOut(BaseModel):
    name: str = Field(examples=["name"])
    label: str = Field(examples=["Name"])
    type: str = Field(
        description="FtM property type; 'entity' values are canonical ids.", examples=["name"]
    )
    values: list[ValueOut]


class EntityOut(BaseModel):
    id: str = Field(examples=["cc-3f2a9c0d1e7b4a5c6d8e"])
    schema_: str = Field(alias="schema", examples=["Person"])
    caption: str = Field(examples=["Ahmed Karimi"])
    referents: list[str] = Field(
        description="Source records merged into this entity, as dataset/record.",
        examples=[["fr-pn-checks/F-7", "uk-nca-subjects/S-0042"]],
    )
    properties: list[PropertyOut]
    marking: DerivedMarkingOut
