"""Audit appends from concurrent requests are serialised, never lost or forked."""

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

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


def test_a_batch_is_one_transaction_with_one_checkpoint(tmp_path: Path) -> None:
    state = AppState.open(tmp_path / "s.duckdb")
    entries = [
        audit.NewEntry.checked("nina", "UK-NCA", "consultation", ["search"], f"CASE-{i}")
        for i in range(5)
    ]
    state.con.begin()
    seqs, signed = audit.append_checked(state.con, entries, key=state.audit_key, every=1)
    state.con.commit()
    assert seqs == [1, 2, 3, 4, 5] and signed == 5
    assert [c.seq for c in audit.checkpoints(state.con)] == [5]
    # Looking from a head it knows, and from one past the real head (entries
    # are never removed, but a wrong hint must not fork the chain).
    for since in ((5, 5), (99, 99)):
        state.con.begin()
        more, _ = audit.append_checked(state.con, entries[:1], key=state.audit_key, every=1,
                                       since=since)  # fmt: skip
        state.con.commit()
        assert more == [seqs[-1] + 1]
        seqs = more
    public = audit.load_public_key(audit.public_key_path(audit.key_path(state.path)))
    assert audit.verify(state.con, public).ok
    state.close()


def test_a_failing_batch_leaves_each_request_its_own_outcome(tmp_path: Path) -> None:
    state = AppState.open(tmp_path / "s.duckdb")
    cursor = state.con.cursor()
    caller = Caller("UK-NCA", "nina")
    # A batch queued behind the lock, made to fail once: both entries are
    # then written one by one, and both land.
    real = audit.append_checked
    calls: list[int] = []

    def flaky(con: Any, new: Any, **kwargs: Any) -> Any:
        calls.append(len(new))
        if len(calls) == 1:
            raise RuntimeError("disk full")
        return real(con, new, **kwargs)

    other = audited.Waiting(audit.NewEntry.checked("omar", "UK-NCA", "consultation",
                                                   ["search"], "CASE-0"))  # fmt: skip
    state.audit_queue.append(other)
    audit.append_checked = flaky  # type: ignore[assignment]
    try:
        audited.append(state, cursor, caller, "consultation", ["search"], "CASE-1", {})
        assert other.failed and not other.done  # it tries again when it gets the lock
        audited.append(state, cursor, caller, "consultation", ["search"], "CASE-2", {})
    finally:
        audit.append_checked = real  # type: ignore[assignment]
    assert calls[:2] == [2, 1]
    assert [e.justification for e in audit.entries(state.con)] == ["CASE-1", "CASE-2"]
    cursor.close()
    state.close()
