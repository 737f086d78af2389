"""Judgements (merge, split, unsure) on pairs of records, the queue of uncertain
pairs to judge, and the evidence between two records."""

from typing import Annotated

from fastapi import APIRouter, Query

from crosscurrent.api.deps import Consult, Reader, State, Store
from crosscurrent.api.errors import BadRequest, NotFound
from crosscurrent.api.models.judgements import (
    RECORD,
    CandidateOut,
    EvidenceOut,
    JudgementIn,
    JudgementOut,
)
from crosscurrent.resolve.explain import explain
from crosscurrent.resolve.resolver import ResolveReport, resolve
from crosscurrent.resolve.review import review
from crosscurrent.resolve.rules import family
from crosscurrent.share import audit
from crosscurrent.store import judgements, view
from crosscurrent.store.judgements import Key, Verdict

router = APIRouter(prefix="/judgements", tags=["judgements"])

Record = Annotated[
    str, Query(pattern=RECORD, description="dataset/record", examples=["fr-pn-checks/F-7"])
]


def _key(ref: str) -> Key:
    dataset, _, record = ref.partition("/")
    return dataset, record


def _ref(key: Key) -> str:
    return f"{key[0]}/{key[1]}"


@router.get(
    "/review",
    summary="Review queue",
    description="Pairs of people your agency can see, not yet judged, most uncertain "
    "first: those the scored model puts nearest even odds, linked or not, each with its "
    "comparisons' weights (or, where the rules decide, a shared phone or birth date with "
    "only part of the name). Judge them with POST /judgements.",
)
def read_review(c: Consult, limit: Annotated[int, Query(ge=1, le=200)] = 20) -> list[CandidateOut]:
    found = review(c.con, c.principal.caller, limit)
    canon = view.clusters(c.con, c.principal.caller)
    out = [
        CandidateOut(
            left=_ref(x.left),
            right=_ref(x.right),
            left_entity=canon.get(x.left),
            right_entity=canon.get(x.right),
            left_name=x.left_name,
            right_name=x.right_name,
            points=x.points,
            evidence=list(x.evidence),
        )
        for x in found
    ]
    c.record("review", [r for x in out for r in (x.left, x.right)])
    return out


@router.get(
    "/explain",
    summary="Why two records are one entity, or not",
    description="The evidence each rule weighed between two records, from what your agency "
    "can see; evidence hidden from you is reported as such, never shown.",
    responses={404: {"description": "Either record is not in your view"}},
)
def read_explain(c: Consult, left: Record, right: Record) -> list[EvidenceOut]:
    found = explain(c.con, c.principal.caller, _key(left), _key(right))
    if found is None:
        c.record("explain", [], found=False)
        raise NotFound()
    c.record("explain", [left, right])
    return [EvidenceOut(rule=e.rule, verdict=e.verdict, detail=e.detail) for e in found]


@router.post(
    "",
    summary="Judge two records",
    description="Say that two records (dataset/record, as an entity's referents list them) "
    "are the same thing (merge), different (split), or that you cannot tell (unsure); "
    "`undo` withdraws the judgement in force. You must see both records. Judgements are "
    "kept for good (a new one supersedes the last) and logged; by default resolution "
    "runs again at once so the network shows the change.",
    responses={404: {"description": "Either record is not in your view"}},
)
def post_judgement(body: JudgementIn, principal: Reader, con: Store, state: State) -> JudgementOut:
    caller = principal.caller
    left, right = _key(body.left), _key(body.right)
    if left == right:
        raise BadRequest("a record cannot be judged against itself")
    seen = view.clusters(con, caller)
    if left not in seen or right not in seen:
        raise NotFound()  # the same answer for a record that is not there and a hidden one
    if body.verdict == "merge":
        found = view.profiles(con, caller, [left, right])
        if family(found[left].schema) != family(found[right].schema):
            raise BadRequest(
                f"a {found[left].schema} and a {found[right].schema} cannot be one entity"
            )
    user, agency = principal.user.name, principal.user.agency
    # The judgement, its entry and the resolution after it append to the log: they
    # hold the audit lock throughout (see AppState.audit_lock).
    with state.audit_lock:
        con.begin()
        try:
            if body.verdict == "undo":
                if not judgements.undo(con, left, right):
                    raise BadRequest("no judgement in force on that pair")
            else:
                judgements.judge(con, left, right, Verdict(body.verdict), user, agency)
            audit.append(
                con, caller.label, caller.agency, "alteration", [body.left, body.right], None,
                {"judgement": body.verdict}, key=state.audit_key, every=1,
            )  # fmt: skip
            con.commit()
        except BaseException:
            con.rollback()
            raise
        if body.resolve:

            def logged(report: ResolveReport) -> None:
                audit.append(
                    con, caller.label, caller.agency, "combination", ["resolution"], None,
                    {"entities": report.entities, "clusters": report.clusters},
                    key=state.audit_key, every=1,
                )  # fmt: skip

            resolve(con, logged)
    return JudgementOut(
        left=body.left, right=body.right, verdict=body.verdict, resolved=body.resolve
    )
