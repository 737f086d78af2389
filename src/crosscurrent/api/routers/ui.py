"""The browser UI: one page and its static files, served by the API's own process.

The page talks to the API only (``fetch`` with the session cookie and CSRF token),
so every read goes through the same routes, checks and audit log as a script's.
Not part of the OpenAPI document: these are files, not operations.
"""

from fastapi import APIRouter, FastAPI
from fastapi.responses import FileResponse, PlainTextResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.types import Scope

from crosscurrent.web import STATIC, missing_vendor

router = APIRouter(include_in_schema=False)

PREFIX = "/ui"


class Assets(StaticFiles):
    """Static files that browsers may keep and revalidate: scripts, styles and the
    basemap hold no personal data, unlike the API's answers (``no-store``)."""

    async def get_response(self, path: str, scope: Scope) -> Response:
        response = await super().get_response(path, scope)
        response.headers["Cache-Control"] = "no-cache"
        return response


@router.get("/")
def root() -> RedirectResponse:
    return RedirectResponse(f"{PREFIX}/", status_code=307)


@router.get(PREFIX)
@router.get(f"{PREFIX}/")
def page() -> Response:
    missing = missing_vendor()
    if missing:
        # Say so plainly rather than serve a page whose scripts all fail.
        return PlainTextResponse(
            "The UI's libraries are not installed (missing: " + ", ".join(missing) + "). "
            "Run `make install` (it runs `npm ci` in web/ and copies them).",
            status_code=503,
        )
    return FileResponse(STATIC / "index.html")


def install(app: FastAPI) -> None:
    app.include_router(router)
    app.mount(f"{PREFIX}/static", Assets(directory=STATIC, check_dir=False), name="ui-static")
