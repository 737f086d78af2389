"""One router per area of the API, in the order the OpenAPI document lists them.

The browser UI (``ui``) is installed apart: it serves files, not operations."""

from crosscurrent.api.routers import (
    analyses,
    audit,
    auth,
    datasets,
    entities,
    graph,
    judgements,
    places,
    search,
    situation,
    timeline,
)

ROUTERS = [
    auth.router,
    search.router,
    entities.router,
    graph.router,
    analyses.router,
    judgements.router,
    datasets.router,
    situation.router,
    timeline.router,
    places.router,
    audit.router,
]
