"""Exporting the merged entities a caller may see, each with its derived marking."""

from collections.abc import Iterator
from typing import Any

import duckdb

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
    only_handling: set[str] = set()
    for sid, agency, released, handling in cursor.fetchall():
        if released is None:  # NULL inherits the dataset's reach; [] is originator only
            only_handling.add(str(sid))
        own[str(sid)] = Marking(
            str(agency),
            tuple(released) if released is not None else (),
            Handling(handling) if handling else Handling.H0,
        )
    cursor.close()
    # The records behind each entity, those the caller sees by their id alone included
    # (FtM keeps no statement for a bare id, so the entity's statements can't say).
    canon = view.clusters(con, caller)
    members: dict[str, set[tuple[str, str]]] = {}
    for member, canon_id in canon.items():
        members.setdefault(canon_id, set()).add(member)
    for entity in view.entities(con, caller, canon):
        # StatementEntity adds an "id" statement of its own: only source statements count.
        stated = [s for s in entity.statements if s.dataset != view.DATASET.name]
        records = members.get(str(entity.id), set())
        datasets = sorted({ds for ds, _ in records} | {s.dataset for s in stated})
        for name in datasets:
            if name not in markings:
                markings[name] = registry.dataset_marking(con, name)
        sources = [m for name in datasets if (m := markings[name]) is not None]
        for stmt in stated:
            if stmt.id in own:
                override = own[stmt.id]
                dataset_marking = markings.get(stmt.dataset)
                if stmt.id in only_handling and dataset_marking is not None:
                    # Only the handling was set on the statement: its reach is the dataset's.
                    override = Marking(
                        override.originator, dataset_marking.releasable_to, override.handling
                    )
                sources.append(override)
        data = entity.to_dict()
        data["referents"] = sorted({f"{ds}/{eid}" for ds, eid in records})
        data["marking"] = derive(sources).as_dict()
        yield data
