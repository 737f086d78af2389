"""Signing in and out, the signed-in user, and the case being worked on."""

from fastapi import APIRouter, Request, Response

from crosscurrent.api import sessions
from crosscurrent.api.deps import (
    CSRF_COOKIE,
    SESSION_COOKIE,
    CurrentUser,
    Principal,
    State,
    Store,
    agency_registered,
    check_case,
)
from crosscurrent.api.errors import BadRequest, LoginFailed, TooManyAttempts
from crosscurrent.api.models.auth import CaseIn, LoginIn, MeOut
from crosscurrent.share.users import check_password

router = APIRouter(prefix="/auth", tags=["auth"])


def _me(principal: Principal) -> MeOut:
    session = principal.session
    return MeOut(
        name=principal.user.name,
        agency=principal.user.agency,
        roles=sorted(principal.user.roles),
        case_reference=session.case_reference if session else None,
        csrf_token=session.csrf_token if session else None,
    )


def _set_cookies(response: Response, secret: str, csrf: str) -> None:
    max_age = int(sessions.LIFETIME.total_seconds())
    # HttpOnly: no script reads the session secret. Secure and SameSite=Strict:
    # sent over HTTPS (or to localhost) and never with a request another site starts.
    response.set_cookie(
        SESSION_COOKIE, secret, max_age=max_age, httponly=True, secure=True, samesite="strict"
    )
    # The CSRF token is for the page's own script to read and send back as a header.
    response.set_cookie(
        CSRF_COOKIE, csrf, max_age=max_age, httponly=False, secure=True, samesite="strict"
    )


@router.post(
    "/login",
    summary="Sign in",
    description="Checks name and password and starts a browser session (an HttpOnly "
    "cookie); the answer carries the CSRF token to send with every change. After five "
    "failures for one name from one address, sign-in is refused for five minutes (429).",
    responses={401: {"description": "Wrong name or password"}, 429: {"description": "Wait"}},
)
def login(body: LoginIn, request: Request, response: Response, con: Store, state: State) -> MeOut:
    address = request.client.host if request.client else "unknown"
    wait = state.limiter.retry_after(body.name, address)
    if wait is not None:
        raise TooManyAttempts(headers={"Retry-After": str(wait)})
    case = check_case(body.case_reference) if body.case_reference else None
    user = check_password(con, body.name.strip(), body.password)
    if user is not None and not agency_registered(con, user.agency):
        user = None
    if user is None:
        state.limiter.failed(body.name, address)
        raise LoginFailed()
    state.limiter.succeeded(body.name, address)
    secret, session = sessions.start(con, user.name, case)
    _set_cookies(response, secret, session.csrf_token)
    return _me(Principal(user, session))


@router.post("/logout", status_code=204, summary="Sign out", response_class=Response)
def logout(principal: CurrentUser, con: Store) -> Response:
    """Ends the session (the cookie no longer opens anything, wherever it was copied)."""
    if principal.session is not None:
        sessions.end(con, principal.session)
    response = Response(status_code=204)
    response.delete_cookie(SESSION_COOKIE, secure=True, httponly=True, samesite="strict")
    response.delete_cookie(CSRF_COOKIE, secure=True, samesite="strict")
    return response


@router.get("/me", summary="Who am I", response_model=MeOut)
def me(principal: CurrentUser) -> MeOut:
    """The signed-in user, its agency and roles, and the session's case reference."""
    return _me(principal)


@router.put("/case", summary="Set the case reference", response_model=MeOut)
def set_case(body: CaseIn, principal: CurrentUser, con: Store) -> MeOut:
    """Sets the case this session works on: every consultation from now on is logged
    with it, until changed. API token clients send ``X-Case-Reference`` instead."""
    if principal.session is None:
        raise BadRequest("API tokens have no session: send the X-Case-Reference header")
    session = sessions.set_case(con, principal.session, check_case(body.case_reference))
    return _me(Principal(principal.user, session))
