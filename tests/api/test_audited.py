"""Audit appends from concurrent requests are serialised, never lost or forked."""

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from crosscurrent.api import audited
from crosscurrent.api.state import AppState
from crosscurrent.share import audit
from crosscurrent.store.view import Caller


def test_concurrent_appends_all_land_in_order(tmp_path: Path) -> None:
    # Without the lock most of these fail on commit (two transactions pick one
    # seq); with it every one is stored, in one unbroken, signed chain.
    state = AppState.open(tmp_path / "s.duckdb")

    def append(i: int) -> None:
        cursor = state.con.cursor()
        try:
            audited.append(state, cursor, Caller("UK-NCA", "nina"), "consultation",
                           ["search"], f"CASE-{i}", {"read": "search"})  # fmt: skip
        finally:
            cursor.close()

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(append, range(40)))
    entries = audit.entries(state.con)
    assert [e.seq for e in entries] == list(range(1, 41))
    assert sorted(e.justification or "" for e in entries) == sorted(f"CASE-{i}" for i in range(40))
    public = audit.load_public_key(audit.public_key_path(audit.key_path(state.path)))
    assert audit.verify(state.con, public).ok
    state.close()
