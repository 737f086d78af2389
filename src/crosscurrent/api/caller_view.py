"""One caller's view of the store, as the routers read it.

Routers ask this object for the caller's entities, one entity, the network or
the markings of values, and never call the policy view themselves. Today it is
built for each request (nothing cached, as the policy view promises); a cache
per caller, keyed by a store generation that every write bumps, can later
replace ``deps.caller_view`` without touching a router.
"""

from functools import cached_property

import duckdb
from followthemoney.statement import StatementEntity

from crosscurrent.graph import Network, build_network
from crosscurrent.model.markings import Handling, Marking
from crosscurrent.store import registry, view
from crosscurrent.store.view import Caller


class CallerView:
    def __init__(self, con: duckdb.DuckDBPyConnection, caller: Caller) -> None:
        self.con = con
        self.caller = caller
        self._datasets: dict[str, Marking | None] = {}

    @cached_property
    def entities(self) -> list[StatementEntity]:
        """The caller's merged entities, in canonical id order."""
        return list(view.entities(self.con, self.caller))

    @cached_property
    def by_id(self) -> dict[str, StatementEntity]:
        return {str(e.id): e for e in self.entities if e.id is not None}

    def entity(self, entity_id: str) -> StatementEntity | None:
        return self.by_id.get(entity_id)

    @cached_property
    def network(self) -> Network:
        return build_network(self.entities)

    def dataset_marking(self, dataset: str) -> Marking | None:
        if dataset not in self._datasets:
            self._datasets[dataset] = registry.dataset_marking(self.con, dataset)
        return self._datasets[dataset]

    @cached_property
    def _statement_markings(self) -> dict[str, tuple[str, list[str] | None, str | None]]:
        # Statements marked apart from their dataset are few; read them all at once
        # (through the policy view: only those the caller may see).
        cursor = view.statements(
            self.con,
            self.caller,
            "id, dataset, releasable_to, handling",
            "releasable_to IS NOT NULL OR handling IS NOT NULL",
        )
        try:
            rows = cursor.fetchall()
        finally:
            cursor.close()
        return {str(sid): (str(ds), rel, hand) for sid, ds, rel, hand in rows}

    def value_marking(self, statement_id: str | None, dataset: str) -> Marking | None:
        """The marking a value carries: its own where it has one, else its dataset's.

        Each column falls back on its own, as in the policy view's SQL."""
        base = self.dataset_marking(dataset)
        own = self._statement_markings.get(statement_id or "")
        if base is None or own is None:
            return base
        _, releasable, handling = own
        return Marking(
            base.originator,
            tuple(releasable) if releasable is not None else base.releasable_to,
            Handling(handling) if handling is not None else base.handling,
        )
