"""Tampering with the audit log, and what ``verify`` reports.

Each tampering is a function from the stored rows to the rows an attacker with
write access to the store leaves behind (``TAMPERINGS``); the tests write them
back and check that ``verify`` names the entries concerned. The attacker knows
the hashing (it needs no secret) but not the signing key.
"""

from collections.abc import Callable, Iterator
from contextlib import closing
from datetime import timedelta
from typing import Any

import duckdb
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crosscurrent.share import audit, merkle
from crosscurrent.share.audit import ProblemKind as K
from crosscurrent.share.entry import COLUMNS, GENESIS, entry_hash
from crosscurrent.store import db

Row = list[Any]
Tampering = Callable[[list[Row], int], list[Row]]
KEY = Ed25519PrivateKey.generate()


def build(n: int = 12, every: int = 4) -> duckdb.DuckDBPyConnection:
    """A log of ``n`` entries with a checkpoint every ``every`` and one at the end."""
    con = db.connect(":memory:")
    actions = list(audit.Action)
    for i in range(n):
        action = actions[i % len(actions)]
        audit.append(con, f"user{i % 3}", "UK-NCA", action, [f"ds-{i}", f"cc-{i}"], f"OP-{i}",
                     {"n": i}, key=KEY, every=every)  # fmt: skip
    audit.checkpoint(con, KEY)
    return con


def read(con: duckdb.DuckDBPyConnection) -> list[Row]:
    return [
        list(r) for r in con.execute(f"SELECT {COLUMNS} FROM audit_entry ORDER BY seq").fetchall()
    ]


def write(con: duckdb.DuckDBPyConnection, rows: list[Row]) -> None:
    con.execute("DELETE FROM audit_entry")
    for row in rows:
        con.execute(
            f"INSERT INTO audit_entry ({COLUMNS}) VALUES ({', '.join('?' * len(row))})", row
        )


def tamper(con: duckdb.DuckDBPyConnection, change: Tampering, seq: int) -> None:
    write(con, change(read(con), seq))


def rehash(row: Row) -> Row:
    return [*row[:9], entry_hash(*row[:9])]


def delete(rows: list[Row], seq: int) -> list[Row]:
    return [r for r in rows if r[0] != seq]


def alter(column: int, value: Callable[[Any], Any]) -> Tampering:
    def change(rows: list[Row], seq: int) -> list[Row]:
        return [
            [*r[:column], value(r[column]), *r[column + 1 :]] if r[0] == seq else r for r in rows
        ]

    return change


def swap_with_next(rows: list[Row], seq: int) -> list[Row]:
    """Exchange entry ``seq`` with the one after (the last with the first)."""
    other = seq % len(rows) + 1
    by_seq = {r[0]: r for r in rows}
    by_seq[seq], by_seq[other] = [seq, *by_seq[other][1:]], [other, *by_seq[seq][1:]]
    return [by_seq[s] for s in sorted(by_seq)]


def insert(rows: list[Row], seq: int) -> list[Row]:
    """A forged entry at ``seq``, properly hashed and linked; the others renumbered."""
    before = [r for r in rows if r[0] < seq]
    prev_hash = before[-1][9] if before else GENESIS
    forged = rehash(
        [seq, rows[0][1], "mallory", "UK-NCA", "erasure", ["ds-0"], None, None, prev_hash, ""]
    )
    return [*before, forged, *([r[0] + 1, *r[1:]] for r in rows if r[0] >= seq)]


def truncate(rows: list[Row], seq: int) -> list[Row]:
    return [r for r in rows if r[0] < seq]


def rewrite_and_rechain(rows: list[Row], seq: int) -> list[Row]:
    """Change entry ``seq`` and recompute every hash from it on: the chain holds."""
    out: list[Row] = []
    for row in rows:
        if row[0] == seq:
            row = [*row[:2], "mallory", *row[3:]]
        if row[0] >= seq:
            row = rehash([*row[:8], out[-1][9] if out else GENESIS, ""])
        out.append(row)
    return out


TAMPERINGS: dict[str, Tampering] = {
    "delete": delete,
    "alter actor": alter(2, lambda v: v + "x"),
    "alter agency": alter(3, lambda v: "FR-PN"),
    "alter action": alter(4, lambda v: "collection" if v != "collection" else "erasure"),
    "alter objects": alter(5, lambda v: [*v, "ds-99"]),
    "alter justification": alter(6, lambda v: None),
    "alter detail": alter(7, lambda v: '{"n":99}'),
    "alter time": alter(1, lambda v: v + timedelta(seconds=1)),
    "alter prev_hash": alter(8, lambda v: "f" * 64),
    "alter hash": alter(9, lambda v: "f" * 64),
    "swap": swap_with_next,
    "insert": insert,
    "truncate": truncate,
    "rewrite and rechain": rewrite_and_rechain,
}
"""Every tampering is detected, with a problem naming the entry ``seq`` given."""


@pytest.fixture
def log() -> Iterator[duckdb.DuckDBPyConnection]:
    con = build()
    yield con
    con.close()


def problems(con: duckdb.DuckDBPyConnection, **kw: Any) -> list[tuple[K, int, int]]:
    report = audit.verify(con, KEY.public_key(), **kw)
    return [(p.kind, p.seq, p.last) for p in report.problems]


def test_an_untouched_log_verifies(log: duckdb.DuckDBPyConnection) -> None:
    report = audit.verify(log, KEY.public_key())
    assert report.ok and report.problems == []
    assert (report.entries, report.signed_to, report.uncovered) == (12, 12, 0)


# (tampering, seq, the problems verify reports): the first is the pinpointing one.
EXPECTED = [
    ("delete", 6, [(K.MISSING, 6, 6), (K.UNSIGNED_CHANGE, 5, 8)]),
    ("alter actor", 6, [(K.ALTERED, 6, 6), (K.UNSIGNED_CHANGE, 5, 8)]),
    ("alter hash", 6, [(K.ALTERED, 6, 6), (K.BROKEN_LINK, 7, 7)]),
    ("alter prev_hash", 6, [(K.ALTERED, 6, 6), (K.BROKEN_LINK, 6, 6), (K.UNSIGNED_CHANGE, 5, 8)]),
    ("swap", 6, [(K.ALTERED, 6, 7), (K.BROKEN_LINK, 6, 6), (K.INSERTED, 6, 7)]),
    ("insert", 6, [(K.INSERTED, 6, 6), (K.ALTERED, 7, 13)]),
    ("truncate", 10, [(K.TRUNCATED, 10, 12)]),
    ("rewrite and rechain", 6, [(K.UNSIGNED_CHANGE, 5, 8)]),
]


@pytest.mark.parametrize(("name", "seq", "expected"), EXPECTED, ids=[e[0] for e in EXPECTED])
def test_each_tampering_is_reported_at_its_entry(
    log: duckdb.DuckDBPyConnection, name: str, seq: int, expected: list[tuple[K, int, int]]
) -> None:
    tamper(log, TAMPERINGS[name], seq)
    found = problems(log)
    assert set(expected) <= set(found), found
    assert found[0][1] <= seq <= found[0][2]


def test_entries_cut_from_the_middle_are_missing_not_truncated(
    log: duckdb.DuckDBPyConnection,
) -> None:
    log.execute("DELETE FROM audit_entry WHERE seq BETWEEN 7 AND 9")
    # Checkpoints 8 and 12 each lack entries; the change lies after checkpoint 4.
    assert problems(log) == [
        (K.UNSIGNED_CHANGE, 5, 8),
        (K.UNSIGNED_CHANGE, 5, 12),
        (K.MISSING, 7, 9),
    ]


def test_the_chain_alone_misses_a_rewrite_the_checkpoint_catches(
    log: duckdb.DuckDBPyConnection,
) -> None:
    tamper(log, rewrite_and_rechain, 6)
    # Peaks of the checkpoint at 8 cover 1-8 and of 12 cover 1-8 and 9-12:
    # the change lies in 5-8, the run under the one peak of checkpoint 8 that differs.
    assert {kind for kind, _, _ in problems(log)} == {K.UNSIGNED_CHANGE}
    assert problems(log)[0] == (K.UNSIGNED_CHANGE, 5, 8)


def test_a_checkpoint_recomputed_by_the_attacker_fails_its_signature(
    log: duckdb.DuckDBPyConnection,
) -> None:
    tamper(log, rewrite_and_rechain, 6)
    # The attacker recomputes each checkpoint's root, head and peaks over the
    # rewritten entries, but can only keep the old signatures.
    tree = merkle.Tree()
    for row in read(log):
        tree.add(bytes.fromhex(row[9]))
        log.execute(
            "UPDATE audit_checkpoint SET root = ?, head = ?, peaks = ? WHERE seq = ?",
            [tree.root().hex(), row[9], [p.hex() for p in tree.peaks], row[0]],
        )
    assert audit.last_checkpoint(log).root == tree.root().hex()  # type: ignore[union-attr]
    report = audit.verify(log, KEY.public_key())
    # Checkpoint 4 covers none of the rewrite: its recomputed root is the signed one.
    assert [(p.kind, p.seq) for p in report.problems] == [
        (K.BAD_SIGNATURE, 8),
        (K.BAD_SIGNATURE, 12),
    ]
    assert report.signed_to == 4 and report.uncovered == 8


def test_a_forged_signature_is_reported(log: duckdb.DuckDBPyConnection) -> None:
    log.execute("UPDATE audit_checkpoint SET signature = ? WHERE seq = 8", ["00" * 64])
    log.execute("UPDATE audit_checkpoint SET signature = 'zz' WHERE seq = 4")
    assert problems(log) == [(K.BAD_SIGNATURE, 4, 4), (K.BAD_SIGNATURE, 8, 8)]


def test_a_checkpoint_signed_with_another_key_is_reported(log: duckdb.DuckDBPyConnection) -> None:
    other = Ed25519PrivateKey.generate()
    log.execute("DELETE FROM audit_checkpoint WHERE seq = 12")
    audit.append(log, "alice", "UK-NCA", "collection", ["ds"])
    with closing(db.connect(":memory:")) as copy:
        write(copy, read(log))
        signed = audit.checkpoint(copy, other)  # the attacker's own key, over the whole log
    log.execute(
        "INSERT INTO audit_checkpoint VALUES (?, ?, ?, ?, ?, now()::TIMESTAMP, ?, ?)",
        [
            signed.seq,
            8,
            signed.root,
            signed.head,
            list(signed.peaks),
            signed.key_id,
            signed.signature,
        ],
    )
    assert problems(log) == [(K.WRONG_KEY, 13, 13)]
    # ... and with the attacker's key id replaced by ours, the signature fails instead.
    log.execute(
        "UPDATE audit_checkpoint SET key_id = ? WHERE seq = 13", [audit.key_id(KEY.public_key())]
    )
    assert problems(log) == [(K.BAD_SIGNATURE, 13, 13)]


def test_verifying_with_the_wrong_public_key_trusts_no_checkpoint(
    log: duckdb.DuckDBPyConnection,
) -> None:
    report = audit.verify(log, Ed25519PrivateKey.generate().public_key())
    assert [(p.kind, p.seq) for p in report.problems] == [(K.WRONG_KEY, s) for s in (4, 8, 12)]
    assert report.signed_to == 0 and report.uncovered == 12


def test_a_deleted_checkpoint_breaks_the_chain_of_checkpoints(
    log: duckdb.DuckDBPyConnection,
) -> None:
    log.execute("DELETE FROM audit_checkpoint WHERE seq = 8")
    assert problems(log) == [(K.CHECKPOINT_MISSING, 12, 12)]


def test_altered_peaks_are_reported(log: duckdb.DuckDBPyConnection) -> None:
    log.execute("UPDATE audit_checkpoint SET peaks = ['00'] WHERE seq = 8")
    assert problems(log) == [(K.BAD_PEAKS, 8, 8)]


def test_only_an_anchor_kept_outside_catches_cutting_the_newest_checkpoint_too(
    log: duckdb.DuckDBPyConnection,
) -> None:
    anchor = audit.Checkpoint.from_json(audit.last_checkpoint(log).to_json())  # type: ignore[union-attr]
    tamper(log, truncate, 10)
    log.execute("DELETE FROM audit_checkpoint WHERE seq = 12")
    report = audit.verify(log, KEY.public_key())
    assert report.ok and report.uncovered == 1  # nothing inside the store can tell
    assert problems(log, anchor=anchor) == [(K.TRUNCATED, 10, 12), (K.CHECKPOINT_MISSING, 12, 12)]


def test_an_anchor_that_differs_from_the_stored_checkpoint_is_reported(
    log: duckdb.DuckDBPyConnection,
) -> None:
    anchor = audit.last_checkpoint(log)
    assert anchor is not None
    log.execute(
        "UPDATE audit_checkpoint SET signed_at = signed_at + INTERVAL 1 SECOND WHERE seq = 12"
    )
    found = problems(log, anchor=anchor)
    assert (K.BAD_SIGNATURE, 12, 12) in found and (K.CHECKPOINT_REPLACED, 12, 12) in found


def test_entries_forged_after_the_last_checkpoint_rest_on_the_chain_alone(
    log: duckdb.DuckDBPyConnection,
) -> None:
    # A known limit, counted rather than hidden: an appended entry, properly
    # chained, is indistinguishable from a real one until a checkpoint signs it.
    tamper(log, insert, 13)
    report = audit.verify(log, KEY.public_key())
    assert report.ok and report.uncovered == 1


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    n=st.integers(2, 16),
    every=st.integers(1, 7),
    name=st.sampled_from(sorted(TAMPERINGS)),
    data=st.data(),
)
def test_any_single_tampering_is_detected(
    n: int, every: int, name: str, data: st.DataObject
) -> None:
    seq = data.draw(st.integers(1, n), label="seq")
    with closing(build(n, every)) as con:
        tamper(con, TAMPERINGS[name], seq)
        report = audit.verify(con, KEY.public_key())
    assert not report.ok
    assert any(p.seq <= seq <= p.last for p in report.problems), report.problems
