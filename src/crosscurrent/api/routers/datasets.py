"""Datasets your agency may see, who a marking reaches, and uploading a file."""

from typing import Annotated

from fastapi import APIRouter, File, Form, Query, Request, UploadFile

from crosscurrent.api import catalogue, upload
from crosscurrent.api.deps import Reader, State, Store, Uploader
from crosscurrent.api.errors import BadRequest, UploadTooLarge
from crosscurrent.api.models.common import MarkingOut
from crosscurrent.api.models.datasets import (
    AgencyOut,
    DatasetOut,
    PreviewOut,
    ProblemOut,
    UploadOut,
)
from crosscurrent.errors import InvalidMarking
from crosscurrent.model.markings import ALL, Marking, parse_handling, parse_releasable
from crosscurrent.store import registry

router = APIRouter(prefix="/datasets", tags=["datasets"])

ReleasableTo = Annotated[
    str,
    Query(
        description="Agency codes, comma-separated, or 'all'; empty means your agency only.",
        examples=["UK-NCA,FR-PN"],
    ),
]
HandlingCode = Annotated[str, Query(pattern="^[Hh][0-3]$", examples=["H2"])]


def _marking(con: Store, originator: str, releasable_to: str, handling: str) -> Marking:
    """A marking from form text, every named agency registered (else 400)."""
    try:
        marking = Marking(
            originator,
            parse_releasable(releasable_to or None, originator),
            parse_handling(handling),
        )
    except InvalidMarking as exc:
        raise BadRequest(str(exc)) from None
    known = {a.code for a in registry.agencies(con)}
    unknown = sorted(c for c in marking.releasable_to if c != ALL and c not in known)
    if unknown:
        # Agency codes are no secret among the partners; naming them helps the form.
        raise BadRequest(f"unknown agency code(s): {', '.join(unknown)}")
    return marking


def _agencies(con: Store, marking: Marking) -> list[AgencyOut]:
    return [AgencyOut(code=a.code, name=a.name) for a in catalogue.reach(con, marking)]


@router.get(
    "",
    summary="List datasets",
    description="The datasets your agency may see (its own, and those released to it or "
    "to all), each with its marking. Markings only: no records.",
)
def list_datasets(principal: Reader, con: Store) -> list[DatasetOut]:
    return [
        DatasetOut(
            name=d.name,
            marking=MarkingOut.of(d.marking),
            handling_text=d.handling_text,
            review_date=d.review_date,
            created_at=d.created_at,
            updated_at=d.updated_at,
        )
        for d in catalogue.visible_datasets(con, principal.user.agency)
    ]


@router.get(
    "/preview",
    summary="Who will see this",
    description="Before uploading: the agencies that would see a dataset of yours marked "
    "this way, and its TLP label.",
)
def preview(
    principal: Uploader, con: Store, releasable_to: ReleasableTo = "", handling: HandlingCode = "H0"
) -> PreviewOut:
    marking = _marking(con, principal.user.agency, releasable_to, handling)
    return PreviewOut(marking=MarkingOut.of(marking), agencies=_agencies(con, marking))


@router.post(
    "",
    status_code=201,
    summary="Upload a dataset",
    description="Loads a file as a dataset of your agency, marked as you say: FtM JSON lines "
    "(.jsonl), or CSV/Excel with an FtM mapping (YAML). Rows that cannot be read are "
    "quarantined and reported; the rest is loaded in one transaction with its audit "
    "entry. Loading the same dataset again adds new facts and sets the new marking. "
    "Dataset names start with your agency's code (`uk-nca-...`). New records appear "
    "unmerged until the operator next runs resolution.",
    responses={413: {"description": "File too large"}},
)
def upload_dataset(
    request: Request,
    principal: Uploader,
    con: Store,
    state: State,
    file: Annotated[UploadFile, File(description="The data file.")],
    dataset: Annotated[str, Form(examples=["uk-nca-raid-2025-06"])],
    releasable_to: Annotated[
        str, Form(description="Agency codes, comma-separated, or 'all'; empty: yours only.")
    ] = "",
    handling: Annotated[str, Form(pattern="^[Hh][0-3]$", examples=["H2"])] = "H0",
    handling_text: Annotated[
        str | None, Form(max_length=2000, description="The restrictions, for H3.")
    ] = None,
    mapping: Annotated[
        UploadFile | None, File(description="FtM mapping YAML, for CSV and Excel.")
    ] = None,
) -> UploadOut:
    length = request.headers.get("content-length", "")
    if length.isdigit() and int(length) > upload.MAX_BYTES * 2:
        raise UploadTooLarge()
    agency = principal.user.agency
    name = upload.dataset_name(dataset, agency)
    marking = _marking(con, agency, releasable_to, handling)
    # A plain (not async) route: FastAPI runs it in a worker thread, so a long load
    # never holds up the event loop.
    with upload.saved(file, mapping) as saved:
        report = upload.load(state, con, principal.caller, saved, name, marking, handling_text)
    return UploadOut(
        dataset=name,
        unchanged=report.unchanged,
        rows=report.rows,
        entities=report.entities,
        statements_new=report.statements_new,
        quarantined_rows=report.quarantined_rows,
        problems=[
            ProblemOut(row=p.row, field=p.field, reason=p.reason) for p in report.problems[:20]
        ],
        marking=MarkingOut.of(marking),
        visible_to=_agencies(con, marking),
    )
