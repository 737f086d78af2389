"""Shapes several areas share: markings."""

from pydantic import BaseModel, Field

from crosscurrent.model.markings import Derived, Marking, tlp


class MarkingOut(BaseModel):
    """How a dataset or a single value is marked by its originator."""

    originator: str = Field(examples=["UK-NCA"])
    releasable_to: list[str] = Field(
        description="Agency codes, or ['all']; the originator always sees its own.",
        examples=[["UK-NCA", "FR-PN"]],
    )
    handling: str = Field(
        description="H0 law-enforcement use; H1 not for court without consent; "
        "H2 no onward release without consent; H3 other restrictions.",
        examples=["H2"],
    )
    tlp: str = Field(description="TLP 2.0 label for STIX/MISP partners.", examples=["TLP:RED"])

    @classmethod
    def of(cls, marking: Marking) -> "MarkingOut":
        return cls(
            originator=marking.originator,
            releasable_to=list(marking.releasable_to),
            handling=marking.handling.value,
            tlp=tlp(marking),
        )


class DerivedMarkingOut(BaseModel):
    """The marking of something made from several sources: released no wider than
    any of them, handled as the strictest."""

    originators: list[str] = Field(examples=[["FR-PN", "UK-NCA"]])
    releasable_to: list[str] = Field(examples=[["FR-PN", "UK-NCA"]])
    handling: str = Field(examples=["H2"])
    tlp: str = Field(examples=["TLP:RED"])

    @classmethod
    def of(cls, derived: Derived) -> "DerivedMarkingOut":
        return cls.model_validate(derived.as_dict())
