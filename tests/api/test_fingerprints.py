"""Requests share reads of the store's fingerprint, never one older than their own."""

import threading
from pathlib import Path

from crosscurrent.api.caller_view import Fingerprints
from crosscurrent.store import db, registry, view


def test_a_change_committed_before_asking_is_always_seen(tmp_path: Path) -> None:
    con = db.connect(tmp_path / "s.duckdb")
    fingerprints = Fingerprints()
    before = fingerprints.read(con)
    assert before == view.fingerprint(con)
    registry.add_agency(con, "UK-NCA", "United Kingdom")
    after = fingerprints.read(con)
    assert after != before and after == view.fingerprint(con)
    con.close()


def test_concurrent_askers_share_reads_that_began_after_they_asked(tmp_path: Path) -> None:
    con = db.connect(tmp_path / "s.duckdb")
    fingerprints = Fingerprints()
    reads = []
    real = view.fingerprint

    def counted(c: object) -> str:
        reads.append(1)
        return real(c)  # type: ignore[arg-type]

    changed = threading.Event()
    seen: list[tuple[bool, str]] = []

    def ask() -> None:
        cursor = con.cursor()
        try:
            asked_after_change = changed.is_set()
            seen.append((asked_after_change, fingerprints.read(cursor)))
        finally:
            cursor.close()

    view.fingerprint = counted  # type: ignore[assignment]
    try:
        first = [threading.Thread(target=ask) for _ in range(8)]
        for t in first:
            t.start()
        registry.add_agency(con, "FR-PN", "France")
        changed.set()
        second = [threading.Thread(target=ask) for _ in range(8)]
        for t in second:
            t.start()
        for t in first + second:
            t.join()
    finally:
        view.fingerprint = real  # type: ignore[assignment]
    final = real(con)
    assert all(value == final for asked_after, value in seen if asked_after)
    assert len(seen) == 16 and len(reads) <= 16
    con.close()
