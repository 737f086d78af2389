"""Request dependencies: the store cursor, who is asking, and why.

Who is asking is settled from the store on every request: a disabled user, a
revoked token, an ended session or a removed agency is refused on the very
next request. Nothing about a caller is kept between requests.
"""

import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated

import duckdb
from fastapi import Depends, Header, Request

from crosscurrent.api import sessions
from crosscurrent.api.audited import consulted
from crosscurrent.api.caller_view import CallerView, shared_for
from crosscurrent.api.errors import (
    BadRequest,
    CaseReferenceRequired,
    CsrfRefused,
    NotAuthenticated,
    NotFound,
)
from crosscurrent.api.security import SAFE_METHODS
from crosscurrent.api.state import AppState
from crosscurrent.share.entry import ID, DetailValue
from crosscurrent.share.users import Role, User, token_holder
from crosscurrent.store.db import fetch_one
from crosscurrent.store.view import READER_ROLES, Caller

SESSION_COOKIE = "cc_session"
CSRF_COOKIE = "cc_csrf"
CSRF_HEADER = "X-CSRF-Token"
CASE_HEADER = "X-Case-Reference"

UPLOAD_ROLES = frozenset({Role.ANALYST, Role.AGENCY_ADMIN})
"""Who may load a file for their agency."""


def app_state(request: Request) -> AppState:
    state: AppState = request.app.state.cc
    return state


State = Annotated[AppState, Depends(app_state)]


def store_cursor(state: State) -> Iterator[duckdb.DuckDBPyConnection]:
    """A cursor of its own per request: DuckDB runs cursors concurrently, and a
    result left unread on one cannot block another request."""
    cursor = state.con.cursor()
    try:
        yield cursor
    finally:
        cursor.close()


Store = Annotated[duckdb.DuckDBPyConnection, Depends(store_cursor)]


@dataclass(frozen=True)
class Principal:
    """A signed-in user, and the browser session it came with (None for a token)."""

    user: User
    session: sessions.Session | None

    @property
    def caller(self) -> Caller:
        return Caller(self.user.agency, self.user.name)


def agency_registered(con: duckdb.DuckDBPyConnection, code: str) -> bool:
    return fetch_one(con, "SELECT 1 FROM agency WHERE code = ?", [code]) is not None


def _from_token(con: duckdb.DuckDBPyConnection, authorization: str) -> Principal:
    scheme, _, token = authorization.partition(" ")
    found = token_holder(con, token.strip()) if scheme.lower() == "bearer" else None
    if found is None:
        raise NotAuthenticated()
    user, registered = found
    if not registered:
        raise NotAuthenticated()
    return Principal(user, None)


def _from_session(con: duckdb.DuckDBPyConnection, request: Request) -> Principal:
    secret = request.cookies.get(SESSION_COOKIE)
    found = sessions.find_with_user(con, secret) if secret else None
    if found is None:
        raise NotAuthenticated()
    session, user, registered = found
    if user is None or user.disabled or not registered:
        # Ended for good, as a disabled user's tokens are revoked: enabling the
        # user again revives no session.
        sessions.end_all(con, session.user_name)
        raise NotAuthenticated()
    if request.method not in SAFE_METHODS:
        # Synchroniser token: a cross-site page can make the browser send the
        # cookie, but cannot read the token to put it in a header.
        sent = request.headers.get(CSRF_HEADER, "")
        if not secrets.compare_digest(sent.encode(), session.csrf_token.encode()):
            raise CsrfRefused()
    return Principal(user, session)


def current_principal(request: Request, con: Store) -> Principal:
    """The user behind a bearer token (``cc_...``) or the session cookie: an enabled
    user of a registered agency, settled by one query on every request."""
    authorization = request.headers.get("authorization")
    # Browsers never attach this header on their own, so a token request needs no
    # CSRF token.
    return _from_token(con, authorization) if authorization else _from_session(con, request)


CurrentUser = Annotated[Principal, Depends(current_principal)]


def reader(principal: CurrentUser) -> Principal:
    """A user who may read content; to anyone else these routes do not exist."""
    if not any(principal.user.has(Role(r)) for r in READER_ROLES):
        raise NotFound()
    return principal


def uploader(principal: CurrentUser) -> Principal:
    if not principal.user.roles & UPLOAD_ROLES:
        raise NotFound()
    return principal


def auditor(principal: CurrentUser) -> Principal:
    if not principal.user.has(Role.AUDITOR):
        raise NotFound()
    return principal


Reader = Annotated[Principal, Depends(reader)]
Uploader = Annotated[Principal, Depends(uploader)]
Auditor = Annotated[Principal, Depends(auditor)]


def check_case(value: str) -> str:
    value = value.strip()
    if not ID.fullmatch(value):
        # The reference goes into the audit log, which holds ids only.
        raise BadRequest(
            "a case reference is one token of letters, digits and . : / @ - _ "
            "(at most 200 characters)"
        )
    return value


def case_reference(
    principal: CurrentUser,
    header: Annotated[
        str | None,
        Header(
            alias=CASE_HEADER,
            description="The case that justifies this consultation; "
            "a browser session may set one instead (PUT /auth/case).",
            examples=["OP-TIDEWATER/2025-014"],
        ),
    ] = None,
) -> str:
    if header:
        return check_case(header)
    if principal.session is not None and principal.session.case_reference:
        return principal.session.case_reference
    raise CaseReferenceRequired()


CaseReference = Annotated[str, Depends(case_reference)]


def caller_view(principal: Reader, con: Store, state: State) -> CallerView:
    """The caller's view for this request, sharing the work done for its agency."""
    return CallerView(con, principal.caller, shared_for(con, principal.caller, state.fingerprints))


@dataclass(frozen=True)
class Consultation:
    """A reading request: who reads, why, their view, and the log to write to."""

    principal: Principal
    case: str
    view: CallerView
    state: AppState
    con: duckdb.DuckDBPyConnection

    def record(self, what: str, ids: list[str], **detail: DetailValue) -> None:
        consulted(self.state, self.con, self.principal.caller, self.case, what, ids, **detail)


def consultation(
    principal: Reader,
    case: CaseReference,
    view: Annotated[CallerView, Depends(caller_view)],
    state: State,
    con: Store,
) -> Consultation:
    return Consultation(principal, case, view, state, con)


Consult = Annotated[Consultation, Depends(consultation)]
