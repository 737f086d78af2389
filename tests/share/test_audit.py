"""Appending to and reading the audit log; what it refuses; checkpoints as they are made.

Each test opens its own in-memory store (``log``) and signs with a key made for
it: nothing touches the disk but the key-file tests in test_audit_keys.py.
"""

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import duckdb
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from crosscurrent.share import audit
from crosscurrent.share.errors import (
    AuditLogTampered,
    InvalidAuditEntry,
    InvalidCheckpoint,
    JustificationRequired,
)
from crosscurrent.store import db


@pytest.fixture
def log() -> Iterator[duckdb.DuckDBPyConnection]:
    con = db.connect(":memory:")
    yield con
    con.close()


@pytest.fixture
def key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


def count(con: duckdb.DuckDBPyConnection, table: str) -> int:
    row = db.fetch_one(con, f"SELECT count(*) FROM {table}")
    assert row is not None
    return int(row[0])


def test_entries_are_numbered_chained_and_read_back(log: duckdb.DuckDBPyConnection) -> None:
    before = datetime.now(UTC)
    assert audit.append(log, "operator", None, "collection", ["fr-pn-2024"], detail={"rows": 3})
    assert audit.append(log, "alice", "UK-NCA", "consultation", ["cc-1f", "ds:e/2"], "OP-17") == 2
    assert audit.append(log, "bob", "FR-PN", audit.Action.ERASURE, ["fr-pn-2024"]) == 3
    first, second, third = audit.entries(log)
    assert [e.seq for e in (first, second, third)] == [1, 2, 3]
    assert first.prev_hash == "0" * 64
    assert second.prev_hash == first.hash and third.prev_hash == second.hash
    assert first.actor == "operator" and first.agency is None
    assert first.action is audit.Action.COLLECTION and first.detail == {"rows": 3}
    assert second.objects == ("cc-1f", "ds:e/2") and second.justification == "OP-17"
    assert before <= second.at <= datetime.now(UTC)
    report = audit.verify(log, Ed25519PrivateKey.generate().public_key())
    assert report.ok and report.entries == 3 and report.uncovered == 3


def test_entries_page_by_seq_and_by_time(log: duckdb.DuckDBPyConnection) -> None:
    for i in range(5):
        audit.append(log, "alice", "UK-NCA", "collection", [f"ds-{i}"])
    assert [e.seq for e in audit.entries(log, since=2, limit=2)] == [3, 4]
    assert [e.seq for e in audit.entries(log, since=5)] == []
    assert len(audit.entries(log, since=datetime.now(UTC) - timedelta(minutes=1))) == 5
    assert audit.entries(log, since=datetime.now(UTC) + timedelta(minutes=1)) == []
    with pytest.raises(ValueError):
        audit.entries(log, limit=0)


@pytest.mark.parametrize("justification", [None, "", "   "])
def test_a_consultation_needs_a_justification(
    log: duckdb.DuckDBPyConnection, justification: str | None
) -> None:
    with pytest.raises(JustificationRequired):
        audit.append(log, "alice", "UK-NCA", "consultation", ["cc-1"], justification)
    assert count(log, "audit_entry") == 0
    # Other actions may go without one.
    audit.append(log, "alice", "UK-NCA", "collection", ["ds"], justification)
    assert audit.entries(log)[0].justification is None


PERSONAL = [
    ("objects", {"objects": ["Anna Schmidt"]}),
    ("objects", {"objects": ["ds", "12 Rue de la Paix, Paris"]}),
    ("objects", {"objects": ["Schmidt;Anna"]}),
    ("objects", {"objects": "ds-1"}),  # a string, not a list of ids
    ("objects", {"objects": ["x" * 201]}),
    ("objects", {"objects": [""]}),
    ("justification", {"justification": "checking Anna Schmidt"}),
    ("detail", {"detail": {"name": "Anna Schmidt"}}),
    ("detail", {"detail": {"names": ["anna", "Anna Schmidt"]}}),
    ("detail", {"detail": {"who knows": 1}}),
    ("detail", {"detail": {"amount": 12.5}}),
    ("detail", {"detail": {"nested": {"a": 1}}}),
    ("actor", {"actor": "Anna Schmidt"}),
    ("actor", {"actor": ""}),
    ("agency", {"agency": "UK NCA"}),
    ("action", {"action": "peeking"}),
]


@pytest.mark.parametrize(("field", "change"), PERSONAL)
def test_values_that_are_not_ids_are_refused(
    log: duckdb.DuckDBPyConnection, field: str, change: dict[str, object]
) -> None:
    args: dict[str, object] = {
        "actor": "alice",
        "agency": "UK-NCA",
        "action": "disclosure",
        "objects": ["cc-1"],
        "justification": "OP-17",
        "detail": {"to": "FR-PN", "count": 2, "datasets": ["a", "b"], "partial": False},
    }
    audit.append(log, **args)  # type: ignore[arg-type]
    with pytest.raises(InvalidAuditEntry) as refused:
        audit.append(log, **(args | change))  # type: ignore[arg-type]
    assert field in str(refused.value) or field == "action"
    assert "Anna" not in str(refused.value) and "Paix" not in str(refused.value)
    assert count(log, "audit_entry") == 1


def test_the_entry_is_part_of_the_callers_transaction(log: duckdb.DuckDBPyConnection) -> None:
    log.begin()
    log.execute("INSERT INTO agency VALUES ('XX-ONE', 'One', NULL, now()::TIMESTAMP)")
    audit.append(log, "operator", None, "administration", ["XX-ONE"])
    other = log.cursor()  # another connection to the same store sees only what is committed
    assert count(other, "audit_entry") == 0
    log.rollback()
    assert count(log, "audit_entry") == 0 and count(log, "agency") == 0
    log.begin()
    log.execute("INSERT INTO agency VALUES ('XX-ONE', 'One', NULL, now()::TIMESTAMP)")
    assert audit.append(log, "operator", None, "administration", ["XX-ONE"]) == 1
    log.commit()
    assert count(other, "audit_entry") == 1 and count(other, "agency") == 1


def test_a_concurrent_append_fails_instead_of_forking_the_chain(
    log: duckdb.DuckDBPyConnection,
) -> None:
    other = log.cursor()
    log.begin()
    other.begin()
    audit.append(log, "alice", "UK-NCA", "collection", ["a"])
    audit.append(other, "bob", "FR-PN", "collection", ["b"])
    log.commit()
    with pytest.raises(duckdb.Error):
        other.commit()
    assert [e.actor for e in audit.entries(log)] == ["alice"]


def test_a_checkpoint_is_signed_every_n_entries(
    log: duckdb.DuckDBPyConnection, key: Ed25519PrivateKey
) -> None:
    for i in range(7):
        audit.append(log, "alice", "UK-NCA", "collection", [f"ds-{i}"], key=key, every=3)
    assert [cp.seq for cp in audit.checkpoints(log)] == [3, 6]
    assert [cp.prev for cp in audit.checkpoints(log)] == [None, 3]
    report = audit.verify(log, key.public_key())
    assert report.ok and report.signed_to == 6 and report.uncovered == 1
    # Without a key nothing is signed; verify says how much rests on the chain alone.
    audit.append(log, "alice", "UK-NCA", "collection", ["ds-8"], every=1)
    assert audit.verify(log, key.public_key()).uncovered == 2


def test_checkpoints_on_demand(log: duckdb.DuckDBPyConnection, key: Ed25519PrivateKey) -> None:
    empty = audit.checkpoint(log, key)
    assert empty.seq == 0 and empty.signed_by(key.public_key())
    audit.append(log, "alice", "UK-NCA", "combination", ["cc-1", "cc-2"])
    audit.append(log, "alice", "UK-NCA", "alteration", ["cc-1"])
    made = audit.checkpoint(log, key)
    assert (made.seq, made.prev) == (2, 0)
    assert made.head == audit.entries(log)[-1].hash
    assert audit.checkpoint(log, key) == made  # nothing new: nothing signed
    assert count(log, "audit_checkpoint") == 2
    assert audit.Checkpoint.from_json(made.to_json()) == made
    with pytest.raises(InvalidCheckpoint):
        audit.Checkpoint.from_json('{"seq": 2}')
    assert audit.verify(log, key.public_key()).signed_to == 2


def test_no_checkpoint_vouches_for_entries_changed_since_the_last(
    log: duckdb.DuckDBPyConnection, key: Ed25519PrivateKey
) -> None:
    for i in range(4):
        audit.append(log, "alice", "UK-NCA", "collection", [f"ds-{i}"], key=key, every=2)
    audit.append(log, "alice", "UK-NCA", "collection", ["ds-4"])
    log.execute("UPDATE audit_entry SET objects = ['ds-x'] WHERE seq = 5")
    with pytest.raises(AuditLogTampered, match="entry 5"):
        audit.checkpoint(log, key)
    with pytest.raises(AuditLogTampered, match="checkpoint 4"):
        audit.checkpoint(log, Ed25519PrivateKey.generate())


def test_a_change_before_the_last_checkpoint_stays_detected_after_the_next(
    log: duckdb.DuckDBPyConnection, key: Ed25519PrivateKey
) -> None:
    for i in range(4):
        audit.append(log, "alice", "UK-NCA", "collection", [f"ds-{i}"], key=key, every=4)
    log.execute("UPDATE audit_entry SET actor = 'mallory' WHERE seq = 2")
    for i in range(4):
        audit.append(log, "alice", "UK-NCA", "collection", [f"ds-{i}"], key=key, every=4)
    # The new checkpoint carried on from the signed peaks, not from the changed entry.
    report = audit.verify(log, key.public_key())
    assert report.signed_to == 8
    assert {(p.kind, p.seq) for p in report.problems} >= {(audit.ProblemKind.ALTERED, 2)}
    assert all(p.seq <= 2 <= p.last for p in report.problems)
