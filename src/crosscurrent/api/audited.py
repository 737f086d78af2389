"""Writing the audit log from requests: one entry per consultation, ids only.

Every entry is signed into a checkpoint straight away (``every=1``), as the CLI
does per command: nothing a request logged rests on the hash chain alone.
"""

import hashlib
from collections.abc import Iterable, Mapping

import duckdb

from crosscurrent.api.state import AppState
from crosscurrent.share import audit
from crosscurrent.share.entry import ID, DetailValue
from crosscurrent.store.view import Caller

MAX_LOGGED_IDS = 1000
"""Beyond this many ids, an entry holds their count and digest instead (as the CLI does)."""


def append(
    state: AppState,
    con: duckdb.DuckDBPyConnection,
    caller: Caller,
    action: str,
    objects: list[str],
    justification: str | None,
    detail: Mapping[str, DetailValue],
) -> None:
    """Append one entry in a transaction of its own, under the audit lock."""
    with state.audit_lock:
        con.begin()
        try:
            audit.append(
                con, caller.label, caller.agency, action, objects, justification, detail,
                key=state.audit_key, every=1,
            )  # fmt: skip
            con.commit()
        except BaseException:
            con.rollback()
            raise


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
