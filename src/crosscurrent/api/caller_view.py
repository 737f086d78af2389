"""One caller's view of the store, as the routers read it.

Routers ask this object for the caller's entities, one entity, the network or
the markings of values, and never call the policy view themselves.

What an agency's users read is the same for all of them, so the work (merged
entities, the network, markings) is kept per agency while the store's
fingerprint (``store.view.fingerprint``: every statement's marking, every
dataset, agency and judgement) is unchanged: any load, re-marking, judgement or
removal makes the next request build anew. Who is asking is still settled on
every request (``deps``), so a disabled user reads nothing at once.
"""

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, TypeVar

import duckdb
from followthemoney.statement import StatementEntity

from crosscurrent.api.fuzzy import NameIndex
from crosscurrent.graph import Network, build_network
from crosscurrent.model.markings import Handling, Marking
from crosscurrent.store import registry, view
from crosscurrent.store.view import Caller

T = TypeVar("T")
_KEEP = 8
_kept: OrderedDict[tuple[str | None, str], dict[str, Any]] = OrderedDict()
_lock = threading.Lock()


def shared_for(con: duckdb.DuckDBPyConnection, caller: Caller) -> dict[str, Any]:
    """The store of work done for the caller's agency at the store's present state."""
    key = (caller.agency, view.fingerprint(con))
    with _lock:
        found = _kept.get(key)
        if found is None:
            found = _kept[key] = {"lock": threading.RLock()}
            while len(_kept) > _KEEP:
                _kept.popitem(last=False)
        _kept.move_to_end(key)
        return found


def forget() -> None:
    """Drop all kept work (tests that change the view's code)."""
    with _lock:
        _kept.clear()


class CallerView:
    def __init__(
        self,
        con: duckdb.DuckDBPyConnection,
        caller: Caller,
        shared: dict[str, Any] | None = None,
    ) -> None:
        self.con = con
        self.caller = caller
        self._shared: dict[str, Any] = {} if shared is None else shared

    def _kept(self, name: str, make: Callable[[], T]) -> T:
        if name not in self._shared:
            # One builder per agency view: fifty first requests must not each build
            # the same network at once, fighting for the interpreter.
            with self._shared.setdefault("lock", threading.RLock()):
                if name not in self._shared:
                    self._shared[name] = make()
        value: T = self._shared[name]
        return value

    @property
    def entities(self) -> list[StatementEntity]:
        """The caller's merged entities, in canonical id order."""
        return self._kept("entities", lambda: list(view.entities(self.con, self.caller)))

    @property
    def by_id(self) -> dict[str, StatementEntity]:
        return self._kept(
            "by_id", lambda: {str(e.id): e for e in self.entities if e.id is not None}
        )

    @property
    def name_index(self) -> NameIndex:
        return self._kept("name_index", lambda: NameIndex(self.entities))

    def entity(self, entity_id: str) -> StatementEntity | None:
        return self.by_id.get(entity_id)

    @property
    def network(self) -> Network:
        return self._kept("network", lambda: build_network(self.entities))

    def dataset_marking(self, dataset: str) -> Marking | None:
        return self._kept(f"dataset:{dataset}", lambda: registry.dataset_marking(self.con, dataset))

    @property
    def _statement_markings(self) -> dict[str, tuple[str, list[str] | None, str | None]]:
        return self._kept("statement_markings", self._read_statement_markings)

    def _read_statement_markings(self) -> dict[str, tuple[str, list[str] | None, str | None]]:
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
