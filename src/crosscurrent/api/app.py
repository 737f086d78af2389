"""The FastAPI application: ``create_app`` builds it, ``lifespan`` opens the store."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI

from crosscurrent import __version__, settings
from crosscurrent.api import errors, security
from crosscurrent.api.routers import ROUTERS, ui
from crosscurrent.api.state import AppState

DESCRIPTION = """
Crosscurrent brings together what partner agencies know about people-smuggling
networks, under the rules each agency sets for its own data.

**Everything you see is what your agency may see.** Each value comes from one
agency's dataset and carries that dataset's marking (who it is releasable to,
and how it may be handled); merged entities carry a marking derived from all
their values. A record you may not see answers exactly as one that does not exist.

**Every consultation is logged** with your name, your agency, the ids of the
records shown and the case reference you gave. Give it once per session
(`PUT /auth/case`, or at sign-in) or with each request (`X-Case-Reference`
header); consulting without one is refused.

**Signing in.** Browsers sign in with `POST /auth/login` and send the returned
CSRF token in the `X-CSRF-Token` header with every POST, PUT or DELETE. Scripts
use an API token from `crosscurrent user token NAME` in an
`Authorization: Bearer cc_...` header.

**The browser UI** is at `/ui/`, served by this same process; it uses only
these routes.
"""

TAGS = [
    {"name": "auth", "description": "Sign in and out; who you are; the case you work on."},
    {"name": "search", "description": "Find entities by name, however spelled."},
    {
        "name": "entities",
        "description": "An entity with every value's agency, dataset and marking.",
    },
    {
        "name": "graph",
        "description": "The network around an entity, and paths between two entities.",
    },
    {
        "name": "analyses",
        "description": "Key players, supply chains of boats and engines, money routes.",
    },
    {
        "name": "judgements",
        "description": "Say whether two records are one entity; the queue of uncertain "
        "pairs; why two records were merged or not.",
    },
    {
        "name": "datasets",
        "description": "Your agency's datasets and markings; upload a file; preview who "
        "will see it.",
    },
    {
        "name": "situation",
        "description": "Official statistics of crossings (public), border sections, and the "
        "agencies' events you may see.",
    },
    {"name": "audit", "description": "The audit log, for auditors."},
]


def create_app(db_path: Path | None = None) -> FastAPI:
    """The API over the store at ``db_path`` (else ``CROSSCURRENT_DB``, else the
    default). The store is opened when the application starts, not here."""
    path = settings.db_path(db_path)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        state = AppState.open(path)
        app.state.cc = state
        try:
            yield
        finally:
            state.close()

    app = FastAPI(
        title="Crosscurrent",
        version=__version__,
        description=DESCRIPTION,
        openapi_tags=TAGS,
        lifespan=lifespan,
        # The interactive docs pages load their scripts from a CDN, which the
        # content security policy (and an offline deployment) rules out; the
        # schema itself is at /openapi.json.
        docs_url=None,
        redoc_url=None,
    )
    errors.install(app)
    security.install(app)
    for router in ROUTERS:
        app.include_router(router)
    ui.install(app)
    return app
