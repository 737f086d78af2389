"""The audit log, for auditors of an agency."""

from typing import Annotated

from fastapi import APIRouter, Query

from crosscurrent.api.audited import append
from crosscurrent.api.deps import Auditor, CaseReference, State, Store
from crosscurrent.api.models.audit import AuditEntryOut, AuditOut
from crosscurrent.share import audit

router = APIRouter(prefix="/audit", tags=["audit"])

PAGE = 1000


@router.get(
    "",
    summary="Read the audit log",
    description="Entries of your agency's users, in log order: who consulted, collected or "
    "changed which records (ids only), when, and under which case reference. For users "
    "with the auditor role; reading the log is itself logged. To anyone else this route "
    "does not exist.",
    responses={404: {"description": "Not an auditor"}},
)
def read_audit(
    principal: Auditor,
    case: CaseReference,
    con: Store,
    state: State,
    since: Annotated[int, Query(ge=0, description="Entries after this seq.")] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> AuditOut:
    agency = principal.user.agency
    found: list[AuditEntryOut] = []
    cursor, more = since, True
    # The log is read in pages and filtered here, by the entry's agency: an auditor
    # reviews its own agency's users, not the partners'.
    while more and len(found) < limit:
        page = audit.entries(con, cursor, PAGE)
        more = len(page) == PAGE
        for entry in page:
            cursor = entry.seq
            if entry.agency == agency:
                found.append(AuditEntryOut.of(entry))
                if len(found) == limit:
                    more = more or entry is not page[-1]
                    break
    append(
        state, con, principal.caller, "consultation", ["audit-log"], case,
        {"read": "audit-log", "count": len(found)},
    )  # fmt: skip
    return AuditOut(entries=found, next_since=cursor if more else None)
