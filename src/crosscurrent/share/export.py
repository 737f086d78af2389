"""Exporting the merged entities a caller may see, each with its derived marking."""

from collections.abc import Iterator
from typing import Any

import duckdb
from followthemoney.statement import Statement

from crosscurrent.model.markings import Handling, Marking, derive
from crosscurrent.store import registry, view
from crosscurrent.store.view import Caller


def export_entities(con: duckdb.DuckDBPyConnection, caller: Caller) -> Iterator[dict[str, Any]]:
    """FtM entity dicts built from the caller's view, plus ``referents`` (the source
    records merged into it) and ``marking`` (no wider than any of its sources)."""
    markings: dict[str, Marking | None] = {}
    # Statements marked on their own (not by their dataset) bound the entity too.
    own: dict[str, Marking] = {}
    cursor = view.statements(
        con, caller, "id, agency, releasable_to, handling",
        "releasable_to IS NOT NULL OR handling IS NOT NULL",
    )  # fmt: skip
    for sid, agency, released, handling in cursor.fetchall():
        own[str(sid)] = Marking(
            str(agency),
            tuple(released) if released is not None else (),
            Handling(handling) if handling else Handling.H0,
        )
    cursor.close()
    for entity in view.entities(con, caller):
        # StatementEntity adds an "id" statement of its own; only source statements count.
        stated = [s for s in entity.statements if s.prop != Statement.BASE]
        datasets = sorted({s.dataset for s in stated})
        for name in datasets:
            if name not in markings:
                markings[name] = registry.dataset_marking(con, name)
        sources = [m for name in datasets if (m := markings[name]) is not None]
        for stmt in stated:
            if stmt.id in own:
                override = own[stmt.id]
                dataset_marking = markings.get(stmt.dataset)
                if not override.releasable_to and dataset_marking is not None:
                    # Only the handling was set on the statement: its reach is the dataset's.
                    override = Marking(
                        override.originator, dataset_marking.releasable_to, override.handling
                    )
                sources.append(override)
        data = entity.to_dict()
        data["referents"] = sorted({f"{s.dataset}/{s.entity_id}" for s in stated})
        data["marking"] = derive(sources).as_dict()
        yield data
