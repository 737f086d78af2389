"""Security headers on every response, and refusing cross-site unsafe requests.

The CSRF token itself is checked where the session is known (``deps``); this
is the second line: a browser says where a request comes from (``Origin``,
``Sec-Fetch-Site``), and an unsafe request from another site is refused before
any route runs, sign-in included.
"""

import logging
from collections.abc import Awaitable, Callable
from urllib.parse import urlsplit

from fastapi import FastAPI, Request, Response

from crosscurrent.api.errors import CrossSiteRefused, error_response

log = logging.getLogger(__name__)

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

HEADERS = {
    # Everything the UI needs is served by this process: no CDN, no inline script.
    "Content-Security-Policy": (
        "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; "
        "form-action 'self'; object-src 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",  # for browsers that ignore frame-ancestors
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
    # Responses carry personal data: no shared or disk cache may keep them.
    "Cache-Control": "no-store",
}

Next = Callable[[Request], Awaitable[Response]]


def cross_site(request: Request) -> bool:
    """True when the browser says an unsafe request comes from another site."""
    if request.method in SAFE_METHODS:
        return False
    if request.headers.get("sec-fetch-site", "same-origin") not in ("same-origin", "none"):
        return True
    origin = request.headers.get("origin")
    if origin is None:
        return False  # not a browser, or a same-origin request an old browser sent bare
    return urlsplit(origin).netloc != request.headers.get("host", "")


async def guard(request: Request, call_next: Next) -> Response:
    if cross_site(request):
        response: Response = error_response(CrossSiteRefused())
    else:
        try:
            response = await call_next(request)
        except Exception as exc:
            # Handled here rather than by Starlette's outermost handler so that an
            # internal error carries the security headers too, and says nothing.
            response = error_response(exc)
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    if request.url.scheme == "https":
        response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    return response


def install(app: FastAPI) -> None:
    app.middleware("http")(guard)
