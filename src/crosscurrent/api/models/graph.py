"""Nodes and edges of the caller's network."""

from pydantic import BaseModel, Field

from crosscurrent.graph import Edge, Node


class NodeOut(BaseModel):
    id: str = Field(examples=["cc-3f2a9c0d1e7b4a5c6d8e"])
    schema_: str = Field(alias="schema", examples=["Person"])
    caption: str = Field(examples=["Ahmed Karimi"])
    agencies: list[str] = Field(examples=[["FR-PN", "UK-NCA"]])
    stub: bool = Field(
        description="Only referenced: the record itself is not in your view, only its id.",
        examples=[False],
    )

    @classmethod
    def of(cls, node: Node) -> "NodeOut":
        return cls(
            id=node.id,
            schema=node.schema,
            caption=node.caption,
            agencies=sorted(node.agencies),
            stub=node.stub,
        )


class EdgeOut(BaseModel):
    id: str = Field(
        description="Canonical id of the record that makes the edge (a Payment, a Call...).",
        examples=["cc-9b1d2e3f4a5b6c7d8e9f"],
    )
    schema_: str = Field(alias="schema", examples=["Payment"])
    source: str = Field(examples=["cc-3f2a9c0d1e7b4a5c6d8e"])
    target: str = Field(examples=["cc-0a1b2c3d4e5f6a7b8c9d"])
    label: str = Field(examples=["Payment"])
    role: str | None = Field(examples=[None])
    date: str | None = Field(examples=["2025-04-30"])
    amount: float | None = Field(examples=[1500.0])
    currency: str | None = Field(examples=["EUR"])
    agencies: list[str] = Field(examples=[["UK-NCA"]])

    @classmethod
    def of(cls, edge: Edge) -> "EdgeOut":
        return cls(
            id=edge.id,
            schema=edge.schema,
            source=edge.source,
            target=edge.target,
            label=edge.label,
            role=edge.role,
            date=edge.date,
            amount=edge.amount,
            currency=edge.currency,
            agencies=sorted(edge.agencies),
        )


class SubgraphOut(BaseModel):
    """Part of the network around an entity."""

    center: str = Field(examples=["cc-3f2a9c0d1e7b4a5c6d8e"])
    nodes: list[NodeOut]
    edges: list[EdgeOut]
    truncated: bool = Field(description="True when the limit cut the neighbourhood short.")


class PathOut(BaseModel):
    """A shortest path; empty when the two are not connected (within the filters)."""

    found: bool
    nodes: list[NodeOut] = Field(description="From the first entity to the second, in order.")
    edges: list[EdgeOut] = Field(description="The edge taken at each step, in order.")
