"""Security headers on every response, and refusing cross-site unsafe requests.

The CSRF token itself is checked where the session is known (``deps``); this
is the second line: a browser says where a request comes from (``Origin``,
``Sec-Fetch-Site``), and an unsafe request from another site is refused before
any route runs, sign-in included.
"""

import logging
from urllib.parse import urlsplit

from fastapi import FastAPI, Request
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

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


class Guard:
    """Refuses cross-site unsafe requests and puts the security headers on every
    response, errors included.

    Plain ASGI rather than ``BaseHTTPMiddleware``: that one runs each request in a
    task of its own and streams the body through a queue, a cost on every request
    for headers that can be added as the response starts."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        https = request.url.scheme == "https"
        started = False

        async def send_guarded(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = MutableHeaders(scope=message)
                for name, value in HEADERS.items():
                    headers.setdefault(name, value)
                if https:
                    headers.setdefault("Strict-Transport-Security", "max-age=31536000")
            await send(message)

        if cross_site(request):
            await error_response(CrossSiteRefused())(scope, receive, send_guarded)
            return
        try:
            await self.app(scope, receive, send_guarded)
        except Exception as exc:
            if started:
                raise
            # Handled here rather than by Starlette's outermost handler so that an
            # internal error carries the security headers too, and says nothing.
            await error_response(exc)(scope, receive, send_guarded)


def install(app: FastAPI) -> None:
    app.add_middleware(Guard)
