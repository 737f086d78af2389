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

import gc
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
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


class Fingerprints:
    """``view.fingerprint`` of one store, one read at a time, shared by the requests
    that asked for it before that read began.

    A request takes a fingerprint only from a read that began after it asked. DuckDB
    reads from a snapshot taken when the query starts, so such a read sees every
    change committed before the request asked: a change still takes effect on the
    next request, exactly as if each request read the fingerprint itself. Requests
    that ask while a read runs wait for it to end, and one of them starts the next
    read for all of them: under load, a few reads serve many requests instead of
    each request scanning the store.
    """

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._started = 0
        self._running = False
        self._latest: tuple[int, str] = (0, "")

    def read(self, con: duckdb.DuckDBPyConnection) -> str:
        with self._cond:
            need = self._started + 1  # a read that begins from now on
            while self._latest[0] < need:
                if self._running:
                    self._cond.wait()
                    continue
                self._started += 1
                number, self._running = self._started, True
                break
            else:
                return self._latest[1]
        try:
            value = view.fingerprint(con)
        except BaseException:
            with self._cond:
                self._running = False
                self._cond.notify_all()
            raise
        with self._cond:
            self._latest, self._running = (number, value), False
            self._cond.notify_all()
        return value


def shared_for(
    con: duckdb.DuckDBPyConnection, caller: Caller, fingerprints: Fingerprints | None = None
) -> dict[str, Any]:
    """The store of work done for the caller's agency at the store's present state."""
    fingerprint = fingerprints.read(con) if fingerprints else view.fingerprint(con)
    key = (caller.agency, fingerprint)
    with _lock:
        found = _kept.get(key)
        if found is None:
            found = _kept[key] = {"lock": threading.RLock()}
            while len(_kept) > _KEEP:
                _kept.popitem(last=False)
                gc.unfreeze()  # what it held may be garbage in cycles: collect it again
        _kept.move_to_end(key)
        return found


_builders = 0
_collecting = True
_gc_lock = threading.Lock()


@contextmanager
def building() -> Iterator[None]:
    """No cyclic garbage collection while an agency's view is built, and what was
    built kept out of every later collection (``gc.freeze``).

    A view at a million statements is millions of objects that live until the
    store changes. Built with the collector on, the growing heap set off a full
    collection again and again, each walking everything built so far and
    finding nothing (a quarter of the first read's time); left in the collector's
    oldest generation, each later full collection would stop every request for
    a second or two. Dropping kept views (``shared_for``) hands them back to the
    collector (``gc.unfreeze``). Reference counting frees memory as usual."""
    global _builders, _collecting
    with _gc_lock:
        if _builders == 0:
            _collecting = gc.isenabled()
            gc.disable()
        _builders += 1
    try:
        yield
    finally:
        with _gc_lock:
            _builders -= 1
            if _builders == 0:
                gc.freeze()
                if _collecting:
                    gc.enable()


def forget() -> None:
    """Drop all kept work (tests that change the view's code)."""
    with _lock:
        _kept.clear()
        gc.unfreeze()


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

    def _kept(self, name: str, make: Callable[[], T], heavy: bool = False) -> T:
        """``heavy``: millions of objects, built without the cyclic garbage collector
        (``building``)."""
        if name not in self._shared:
            # One builder per agency view: fifty first requests must not each build
            # the same network at once, fighting for the interpreter.
            with self._shared.setdefault("lock", threading.RLock()):
                if name not in self._shared:
                    if heavy:
                        with building():
                            self._shared[name] = make()
                    else:
                        self._shared[name] = make()
        value: T = self._shared[name]
        return value

    @property
    def entities(self) -> list[StatementEntity]:
        """The caller's merged entities, in canonical id order."""
        return self._kept(
            "entities", lambda: list(view.entities(self.con, self.caller)), heavy=True
        )

    @property
    def by_id(self) -> dict[str, StatementEntity]:
        return self._kept(
            "by_id", lambda: {str(e.id): e for e in self.entities if e.id is not None}, heavy=True
        )

    @property
    def name_index(self) -> NameIndex:
        return self._kept("name_index", lambda: NameIndex(self.entities), heavy=True)

    def entity(self, entity_id: str) -> StatementEntity | None:
        return self.by_id.get(entity_id)

    @property
    def network(self) -> Network:
        return self._kept("network", lambda: build_network(self.entities), heavy=True)

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
