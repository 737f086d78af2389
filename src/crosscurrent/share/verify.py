"""Checking the audit log: the hash chain entry by entry, and every signed checkpoint.

The chain catches an entry deleted, altered, moved or inserted by someone who
did not recompute the hashes after it. The signed checkpoints catch the rest:
a rewrite with the chain recomputed, and entries cut off the end. Entries after
the last checkpoint rest on the chain alone; the report counts them.
"""

from collections import OrderedDict
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import duckdb
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from crosscurrent.share import merkle
from crosscurrent.share.checkpoint import Checkpoint, checkpoints
from crosscurrent.share.entry import COLUMNS, GENESIS, entry_hash
from crosscurrent.share.signing import key_id

RECENT = 10_000
"""Entry hashes remembered to tell an insertion from a broken link (memory stays flat)."""


class ProblemKind(StrEnum):
    MISSING = "missing"
    """Entries absent from the numbering."""
    DUPLICATE = "duplicate"
    ALTERED = "altered"
    """The entry no longer matches its hash."""
    BROKEN_LINK = "broken-link"
    """The entry does not name the previous one's hash."""
    INSERTED = "inserted"
    """The next entry links past these: they are not in the chain (inserted or moved)."""
    UNSIGNED_CHANGE = "unsigned-change"
    """The entries differ from those a signed checkpoint covered."""
    TRUNCATED = "truncated"
    """Entries a signed checkpoint covered are gone from the end."""
    BAD_SIGNATURE = "bad-signature"
    WRONG_KEY = "wrong-key"
    BAD_PEAKS = "bad-peaks"
    """Stored peaks that do not fold to the signed root (changes are then not localised)."""
    CHECKPOINT_MISSING = "checkpoint-missing"
    """A checkpoint was deleted (or one inserted): the chain of checkpoints breaks."""
    CHECKPOINT_REPLACED = "checkpoint-replaced"
    """The stored checkpoint differs from the anchor kept outside."""


@dataclass(frozen=True)
class Problem:
    kind: ProblemKind
    seq: int
    """The first entry concerned; for a checkpoint, the last entry it covers."""
    last: int
    note: str = ""

    def __str__(self) -> str:
        where = f"entry {self.seq}" if self.seq == self.last else f"entries {self.seq}-{self.last}"
        return f"{where}: {self.kind.value}" + (f" ({self.note})" if self.note else "")


@dataclass
class VerifyReport:
    entries: int = 0
    last_seq: int = 0
    signed_to: int = 0
    """The last entry covered by a checkpoint signed with the key."""
    uncovered: int = 0
    """Entries after ``signed_to``: only the hash chain vouches for them."""
    problems: list[Problem] = field(default_factory=list)
    _runs: dict[ProblemKind, int] = field(default_factory=dict, repr=False, compare=False)
    """The index of each kind's latest problem, to extend runs."""

    @property
    def ok(self) -> bool:
        return not self.problems

    def add(self, kind: ProblemKind, seq: int, last: int | None = None, note: str = "") -> None:
        last = seq if last is None else last
        # A run (every entry after an insertion is renumbered, so altered) is one problem.
        run = self._runs.get(kind)
        if run is not None and not note and self.problems[run].last + 1 == seq:
            self.problems[run] = Problem(kind, self.problems[run].seq, last)
            return
        if not note:
            self._runs[kind] = len(self.problems)
        self.problems.append(Problem(kind, seq, last, note))


def verify(
    con: duckdb.DuckDBPyConnection,
    public_key: Ed25519PublicKey,
    anchor: Checkpoint | None = None,
) -> VerifyReport:
    """Check every entry and checkpoint against ``public_key``.

    ``anchor`` is a checkpoint kept outside the store (``Checkpoint.to_json``):
    the one defence against deleting the newest checkpoints along with the
    entries they covered, which leaves nothing inside the store to notice.
    """
    report = VerifyReport()
    signed = _signed_checkpoints(con, public_key, anchor, report)
    report.signed_to = max(signed, default=0)
    _Walk(report, signed).run(con)
    report.uncovered = max(0, report.last_seq - report.signed_to)
    report.problems.sort(key=lambda p: (p.seq, p.last))
    return report


def _signed_checkpoints(
    con: duckdb.DuckDBPyConnection,
    public_key: Ed25519PublicKey,
    anchor: Checkpoint | None,
    report: VerifyReport,
) -> dict[int, tuple[Checkpoint, merkle.Tree | None]]:
    """The checkpoints that verify with the key (and their trees); the others are problems."""
    stored = checkpoints(con)
    signed: dict[int, tuple[Checkpoint, merkle.Tree | None]] = {}
    before: int | None = None
    for cp in stored:
        if cp.prev != before:
            report.add(ProblemKind.CHECKPOINT_MISSING, cp.seq, note=f"follows {cp.prev}")
        before = cp.seq
        if _check(cp, public_key, report):
            signed[cp.seq] = (cp, _tree(cp, report))
    if anchor is not None and _check(anchor, public_key, report, "anchor"):
        same = [cp for cp in stored if cp.seq == anchor.seq]
        if not same:
            report.add(ProblemKind.CHECKPOINT_MISSING, anchor.seq, note="the anchor")
        elif same[0] != anchor:
            report.add(ProblemKind.CHECKPOINT_REPLACED, anchor.seq, note="the anchor")
        signed[anchor.seq] = (anchor, _tree(anchor, report))
    return signed


def _check(
    cp: Checkpoint, public_key: Ed25519PublicKey, report: VerifyReport, what: str = ""
) -> bool:
    if cp.key_id != key_id(public_key):
        report.add(ProblemKind.WRONG_KEY, cp.seq, note=what or f"key {cp.key_id[:16]}")
        return False
    if not cp.signed_by(public_key):
        report.add(ProblemKind.BAD_SIGNATURE, cp.seq, note=what)
        return False
    return True


def _tree(cp: Checkpoint, report: VerifyReport) -> merkle.Tree | None:
    tree = cp.tree()
    if tree is None:
        report.add(ProblemKind.BAD_PEAKS, cp.seq)
    return tree


class _Walk:
    """One pass over the entries in seq order, comparing with each signed checkpoint."""

    def __init__(
        self, report: VerifyReport, signed: dict[int, tuple[Checkpoint, merkle.Tree | None]]
    ) -> None:
        self.report = report
        self.pending = sorted(signed.items())
        self.tree = merkle.Tree()
        self.prev_hash = GENESIS
        self.recent: OrderedDict[str, int] = OrderedDict({GENESIS: 0})
        self.matched = 0
        """The last checkpoint the entries matched: changes lie after it."""
        self.at_end = False

    def run(self, con: duckdb.DuckDBPyConnection) -> None:
        result = con.execute(f"SELECT {COLUMNS} FROM audit_entry ORDER BY seq")
        # Streamed in batches: a long log need not fit in memory (only its tree does).
        while batch := result.fetchmany(10_000):
            for row in batch:
                self._entry(row)
        self.at_end = True
        while self.pending:
            self._compare(*self.pending.pop(0)[1])

    def _entry(self, row: tuple[Any, ...]) -> None:
        *fields, stored = row
        seq, prev_hash = int(fields[0]), fields[-1]
        report = self.report
        # Checkpoints are compared as soon as the entries they cover have gone by.
        while self.pending and self.pending[0][0] < seq:
            self._compare(*self.pending.pop(0)[1])
        expected = report.last_seq + 1
        if seq < expected:
            report.add(ProblemKind.DUPLICATE, seq)
            return
        if seq > expected:
            report.add(ProblemKind.MISSING, expected, seq - 1)
        try:
            computed = entry_hash(*fields)
        except (TypeError, ValueError, AttributeError):
            computed = ""  # a value hashing cannot even read has been altered
        if computed != stored:
            report.add(ProblemKind.ALTERED, seq)
        if prev_hash != self.prev_hash and seq == expected:
            earlier = self.recent.get(prev_hash)
            if earlier is not None and earlier < report.last_seq:
                report.add(ProblemKind.INSERTED, earlier + 1, report.last_seq)
            else:
                report.add(ProblemKind.BROKEN_LINK, seq)
        self.tree.add(bytes.fromhex(computed) if computed else b"")
        self.prev_hash = str(stored)
        self.recent[self.prev_hash] = seq
        if len(self.recent) > RECENT:
            self.recent.popitem(last=False)
        report.entries += 1
        report.last_seq = seq

    def _compare(self, cp: Checkpoint, signed_tree: merkle.Tree | None) -> None:
        report = self.report
        if self.at_end and report.last_seq < cp.seq:
            report.add(ProblemKind.TRUNCATED, report.last_seq + 1, cp.seq, f"checkpoint {cp.seq}")
            return
        if self.tree.size == cp.seq and self.tree.root().hex() == cp.root:
            self.matched = cp.seq
            return
        note = f"checkpoint {cp.seq}"
        if signed_tree is None or self.tree.size != cp.seq:
            report.add(ProblemKind.UNSIGNED_CHANGE, self.matched + 1, cp.seq, note)
            return
        # Each peak covers a run of entries: the runs whose peaks differ hold the change.
        for (first, last), was, now in zip(
            signed_tree.spans(), signed_tree.peaks, self.tree.peaks, strict=True
        ):
            if was != now and last + 1 > self.matched:
                report.add(
                    ProblemKind.UNSIGNED_CHANGE, max(first + 1, self.matched + 1), last + 1, note
                )
