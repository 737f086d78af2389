"""The API's errors and the one table that maps them to HTTP statuses.

Routers raise domain errors and never build error responses themselves, so
every failure has one shape (``{"detail": "..."}``) and no message can say
more than the table allows. Forbidden and missing are one error, ``NotFound``,
with the very body Starlette gives an unknown route: whether a record, or a
route, exists for someone else is not the caller's business.
"""

import logging
from collections.abc import Mapping

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from crosscurrent.errors import CrosscurrentError, InvalidMarking, UnknownAgency
from crosscurrent.share.errors import AuditLogTampered, JustificationRequired

log = logging.getLogger(__name__)


class ApiError(Exception):
    """Base class: a failure the client can be told about in ``message``."""

    message = "internal error"

    def __init__(self, message: str | None = None, headers: Mapping[str, str] | None = None):
        super().__init__(message or self.message)
        self.message = message or self.message
        self.headers = dict(headers or {})


class NotFound(ApiError):
    """Missing, or not visible to the caller, or a route its role may not use."""

    message = "Not Found"  # Starlette's own text for an unknown route


class NotAuthenticated(ApiError):
    """No session or token, or one that no longer holds (disabled, revoked, expired)."""

    message = "not signed in"


class LoginFailed(ApiError):
    """Wrong name or password; which of the two is not said."""

    message = "wrong name or password"


class TooManyAttempts(ApiError):
    message = "too many failed sign-ins; try again later"


class CsrfRefused(ApiError):
    message = "missing or wrong CSRF token (send the X-CSRF-Token header)"


class CrossSiteRefused(ApiError):
    message = "cross-site request refused"


class CaseReferenceRequired(ApiError):
    message = (
        "a case reference is required to consult records: send the X-Case-Reference "
        "header or set one for the session with PUT /auth/case"
    )


class BadRequest(ApiError):
    message = "bad request"


class UploadTooLarge(ApiError):
    message = "the file is too large"


STATUS: dict[type[Exception], tuple[int, str | None]] = {
    NotFound: (404, None),
    NotAuthenticated: (401, None),
    LoginFailed: (401, None),
    TooManyAttempts: (429, None),
    CsrfRefused: (403, None),
    CrossSiteRefused: (403, None),
    CaseReferenceRequired: (400, None),
    BadRequest: (400, None),
    UploadTooLarge: (413, None),
    # Domain errors from below the API, each with what may be said about it.
    # None: the exception's own message, written for users and naming no record
    # the caller cannot see.
    JustificationRequired: (400, CaseReferenceRequired.message),
    InvalidMarking: (400, None),
    UnknownAgency: (400, "unknown agency code"),
    AuditLogTampered: (503, "the audit log needs an operator's attention; consulting is stopped"),
    # Anything else from the domain may name records or files: say nothing.
    CrosscurrentError: (500, ApiError.message),
}
"""Exception class -> (status, public message); the most specific class wins."""


def status_of(exc: Exception) -> tuple[int, str]:
    for cls in type(exc).__mro__:
        if cls in STATUS:
            status, message = STATUS[cls]
            if message is None:
                message = exc.message if isinstance(exc, ApiError) else str(exc)
            return status, message
    return 500, ApiError.message


def error_response(exc: Exception) -> JSONResponse:
    status, message = status_of(exc)
    if status >= 500:
        log.error("request failed", exc_info=exc)
    headers = exc.headers if isinstance(exc, ApiError) else {}
    if status == 401:
        headers = {**headers, "WWW-Authenticate": "Bearer"}
    return JSONResponse({"detail": message}, status_code=status, headers=headers)


async def _domain(request: Request, exc: Exception) -> JSONResponse:
    return error_response(exc)


async def _http(request: Request, exc: Exception) -> JSONResponse:
    # Starlette's own errors (unknown route, wrong method) go through the same
    # table, so an unknown route and an invisible record answer alike.
    assert isinstance(exc, StarletteHTTPException)
    if exc.status_code == 404:
        return error_response(NotFound())
    return JSONResponse(
        {"detail": str(exc.detail)}, status_code=exc.status_code, headers=exc.headers
    )


async def _invalid(request: Request, exc: Exception) -> JSONResponse:
    # FastAPI's default echoes the offending input, which may be a password or a
    # name typed into a search box: keep where and what, never the value.
    assert isinstance(exc, RequestValidationError)
    problems = [
        {"loc": list(e.get("loc", ())), "msg": str(e.get("msg", "")), "type": e.get("type")}
        for e in exc.errors()
    ]
    return JSONResponse({"detail": problems}, status_code=422)


def install(app: FastAPI) -> None:
    """Register the handlers: one for domain errors, one for Starlette's, one for 422."""
    app.add_exception_handler(ApiError, _domain)
    app.add_exception_handler(CrosscurrentError, _domain)
    app.add_exception_handler(StarletteHTTPException, _http)
    app.add_exception_handler(RequestValidationError, _invalid)
