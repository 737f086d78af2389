"""One router per area of the API, in the order the OpenAPI document lists them."""

from crosscurrent.api.routers import analyses, audit, auth, datasets, entities, graph, search

ROUTERS = [
    auth.router,
    search.router,
    entities.router,
    graph.router,
    analyses.router,
    datasets.router,
    audit.router,
]
