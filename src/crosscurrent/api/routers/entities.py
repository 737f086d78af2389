"""One merged entity: every value with its agency, dataset and marking."""

from typing import Annotated

from fastapi import APIRouter, Path
from followthemoney.statement import Statement, StatementEntity

from crosscurrent.api.caller_view import CallerView
from crosscurrent.api.deps import Consult
from crosscurrent.api.errors import NotFound
from crosscurrent.api.models.common import DerivedMarkingOut, MarkingOut
from crosscurrent.api.models.entities import EntityOut, PropertyOut, ValueOut
from crosscurrent.model.markings import Marking, derive
from crosscurrent.share.entry import ID

router = APIRouter(prefix="/entities", tags=["entities"])

EntityId = Annotated[
    str,
    Path(
        description="Canonical id, as search, the graph and analyses return it.",
        examples=["cc-3f2a9c0d1e7b4a5c6d8e"],
    ),
]


def entity_out(view: CallerView, entity: StatementEntity) -> EntityOut:
    stated = [s for s in entity.statements if s.prop != Statement.BASE]
    markings: list[Marking] = []
    grouped: dict[str, list[ValueOut]] = {}
    for s in sorted(stated, key=lambda s: (s.prop, s.value, s.dataset, s.entity_id)):
        marking = view.value_marking(s.id, s.dataset)
        if marking is not None:
            markings.append(marking)
        grouped.setdefault(s.prop, []).append(
            ValueOut(
                value=s.value,
                original_value=s.original_value if s.original_value != s.value else None,
                agency=s.origin or (marking.originator if marking else ""),
                dataset=s.dataset,
                record=s.entity_id,
                first_seen=s.first_seen or "",
                last_seen=s.last_seen or "",
                marking=MarkingOut.of(marking) if marking else None,
            )
        )
    props = []
    for name, values in grouped.items():
        prop = entity.schema.get(name)
        props.append(
            PropertyOut(
                name=name,
                label=prop.label if prop else name,
                type=prop.type.name if prop else "string",
                values=values,
            )
        )
    return EntityOut(
        id=str(entity.id),
        schema=entity.schema.name,
        caption=entity.caption,
        referents=sorted({f"{s.dataset}/{s.entity_id}" for s in stated}),
        properties=props,
        marking=DerivedMarkingOut.of(derive(markings)),
    )


@router.get(
    "/{entity_id}",
    summary="Read an entity",
    description="A merged entity with every value, each labelled with the agency, "
    "dataset and source record it comes from and its marking; and the entity's own "
    "marking, derived from all of them (released no wider than any, handled as the "
    "strictest). An entity you may not see answers exactly as one that does not exist.",
    responses={404: {"description": "No such entity in your view"}},
)
def read_entity(entity_id: EntityId, c: Consult) -> EntityOut:
    entity = c.view.entity(entity_id)
    if entity is None:
        # Logged too: asking for ids one cannot see is what an auditor looks for.
        # The id is named only if it looks like one (it may be any text).
        asked = [entity_id] if ID.fullmatch(entity_id) else []
        c.record("entity", [], found=False, asked=asked)
        raise NotFound()
    out = entity_out(c.view, entity)
    c.record("entity", [out.id])
    return out
