"""Writing the audit log from requests: one entry per consultation, ids only.

Every entry is signed into a checkpoint straight away (``every=1``), as the CLI
does per command: nothing a request logged rests on the hash chain alone.
"""

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import duckdb

from crosscurrent.api.state import AppState
from crosscurrent.share import audit
from crosscurrent.share.entry import ID, DetailValue
from crosscurrent.store.view import Caller

MAX_LOGGED_IDS = 1000
"""Beyond this many ids, an entry holds their count and digest instead (as the CLI does)."""


@dataclass
class Waiting:
    """An entry a request waits to see stored."""

    entry: audit.NewEntry
    done: bool = False
    failed: bool = False
    """Its batch could not be stored: the request tries again on its own."""


def append(
    state: AppState,
    con: duckdb.DuckDBPyConnection,
    caller: Caller,
    action: str,
    objects: list[str],
    justification: str | None,
    detail: Mapping[str, DetailValue],
) -> None:
    """Append one entry under the audit lock; returns once it is committed and signed.

    Group commit: the entry joins a queue, and whichever request takes the lock
    next writes every entry queued by then in one transaction (one read of the
    log's head, one insert, one checkpoint covering them all, one commit), so
    fifty requests reading at once wait for a few commits, not fifty in a row.
    Each request still returns only after its own entry is stored and signed; if
    a batch cannot be stored, each of its requests tries again alone, so each
    fails (or not) with its own error.
    """
    waiting = Waiting(audit.NewEntry.checked(caller.label, caller.agency, action, objects,
                                             justification, detail))  # fmt: skip
    with state.audit_queue_lock:
        state.audit_queue.append(waiting)
    with state.audit_lock:
        if waiting.done:
            return
        if waiting.failed:
            _write(state, con, [waiting])
            return
        with state.audit_queue_lock:
            batch, state.audit_queue = state.audit_queue, []
        try:
            _write(state, con, batch)
        except BaseException:
            if len(batch) == 1:
                raise
            for w in batch:
                w.failed = True
            _write(state, con, [waiting])


def _write(state: AppState, con: duckdb.DuckDBPyConnection, batch: list[Waiting]) -> None:
    """One transaction for the batch, under the audit lock held by the caller."""
    con.begin()
    try:
        seqs, signed = audit.append_checked(
            con, [w.entry for w in batch], key=state.audit_key, every=1, since=state.audit_since
        )
        con.commit()
    except BaseException:
        con.rollback()
        raise
    state.audit_since = (seqs[-1], signed)
    for w in batch:
        w.done = True


def consulted(
    state: AppState,
    con: duckdb.DuckDBPyConnection,
    caller: Caller,
    case: str,
    what: str,
    ids: Iterable[str],
    **detail: DetailValue,
) -> None:
    """Log that the caller was shown ``ids`` (what it read, and why).

    Called after the answer is computed and before it is sent: if the entry
    cannot be stored, the caller is shown nothing.
    """
    shown = sorted(set(ids))
    # A reference to a record outside the caller's view stays as its source
    # wrote it, which need not look like an id; such ones are counted, not named.
    objects = [i for i in shown if ID.fullmatch(i)]
    info: dict[str, DetailValue] = {"read": what, "count": len(shown), **detail}
    if len(objects) < len(shown):
        info["unnamed"] = len(shown) - len(objects)
    if len(objects) > MAX_LOGGED_IDS:
        info["ids_sha256"] = hashlib.sha256("\n".join(objects).encode()).hexdigest()
        objects = []
    append(state, con, caller, "consultation", [what, *objects], case, info)
