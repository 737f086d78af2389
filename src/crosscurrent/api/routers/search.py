"""Fuzzy name search over the entities the caller may see."""

from typing import Annotated

from fastapi import APIRouter, Query
from followthemoney import model

from crosscurrent.api import fuzzy
from crosscurrent.api.deps import Consult
from crosscurrent.api.errors import BadRequest
from crosscurrent.api.models.search import SearchHit, SearchOut

router = APIRouter(tags=["search"])


def _hit(index: fuzzy.NameIndex, score: float, position: int, names: list[str]) -> SearchHit:
    entity = index.entities[position]
    return SearchHit(
        id=index.ids[position],
        schema=entity.schema.name,
        caption=entity.caption,
        score=score,
        names=names[:5],
        agencies=sorted({s.origin for s in entity.statements if s.origin}),
    )


@router.get(
    "/search",
    summary="Search names",
    description="Finds people, companies, boats and other named entities by name, "
    "tolerating typos, transliterations (Mohammed, Muhammad, محمد) and word order. "
    "Only entities built from what your agency may see are searched.",
)
def search(
    c: Consult,
    q: Annotated[str, Query(min_length=2, max_length=200, examples=["ahmed karimi"])],
    schema: Annotated[
        str | None, Query(description="Only this type (and its subtypes).", examples=["Person"])
    ] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> SearchOut:
    wanted = model.get(schema) if schema else None
    if schema and wanted is None:
        raise BadRequest("unknown schema")
    index = c.view.name_index
    hits = index.search(fuzzy.Query.parse(q), wanted, limit)
    results = [_hit(index, *hit) for hit in hits]
    c.record("search", [r.id for r in results])
    return SearchOut(query=q, results=results)
