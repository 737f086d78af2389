"""Exporting the merged entities a caller may see, each with its derived marking."""

from collections.abc import Iterator
from typing import Any

import duckdb
from followthemoney.statement import Statement

from crosscurrent.model.markings import Marking, derive
from crosscurrent.store import registry, view
from crosscurrent.store.view import Caller


def export_entities(con: duckdb.DuckDBPyConnection, caller: Caller) -> Iterator[dict[str, Any]]:
    """FtM entity dicts built from the caller's view, plus ``referents`` (the source
    records merged into it) and ``marking`` (no wider than any of its sources)."""
    markings: dict[str, Marking | None] = {}
    for entity in view.entities(con, caller):
        # StatementEntity adds an "id" statement of its own; only source statements count.
        stated = [s for s in entity.statements if s.prop != Statement.BASE]
        datasets = sorted({s.dataset for s in stated})
        for name in datasets:
            if name not in markings:
                markings[name] = registry.dataset_marking(con, name)
        sources = [m for name in datasets if (m := markings[name]) is not None]
        data = entity.to_dict()
        data["referents"] = sorted({f"{s.dataset}/{s.entity_id}" for s in stated})
        data["marking"] = derive(sources).as_dict()
        yield data
