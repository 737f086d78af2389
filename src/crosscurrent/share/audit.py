"""The tamper-evident audit log: append entries, read them, sign and verify.

Collection, alteration, consultation, disclosure, combination, erasure and
administration are each recorded as an ``AuditEntry`` chained by hash to the one
before; ``checkpoint`` signs a Merkle root over the log and ``verify`` checks
both. The design and the threats it covers are in docs/security.md ("Audit log").
"""

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import duckdb
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from crosscurrent.share.checkpoint import (
    CHECKPOINT_COLUMNS,
    Checkpoint,
    checkpoint,
    checkpoints,
    from_row,
    last_checkpoint,
)
from crosscurrent.share.entry import (
    COLUMNS,
    GENESIS,
    Action,
    AuditEntry,
    DetailValue,
    check_entry,
    entry_hash,
)
from crosscurrent.share.signing import (
    key_id,
    key_path,
    load_or_create_key,
    load_public_key,
    public_key_path,
)
from crosscurrent.share.verify import Problem, ProblemKind, VerifyReport, verify
from crosscurrent.store.db import fetch_one

__all__ = [
    "CHECKPOINT_EVERY",
    "Action",
    "AuditEntry",
    "Checkpoint",
    "NewEntry",
    "Problem",
    "ProblemKind",
    "VerifyReport",
    "append",
    "append_checked",
    "checkpoint",
    "checkpoints",
    "entries",
    "key_id",
    "key_path",
    "last_checkpoint",
    "load_or_create_key",
    "load_public_key",
    "public_key_path",
    "verify",
]

CHECKPOINT_EVERY = 1000
"""Entries between automatic checkpoints; until signed, only the chain vouches for them."""


@dataclass(frozen=True)
class NewEntry:
    """An entry checked (``check_entry``) and ready to be chained in."""

    actor: str
    agency: str | None
    action: Action
    objects: tuple[str, ...]
    justification: str | None
    detail: str | None
    """As stored: JSON text."""

    @classmethod
    def checked(
        cls,
        actor: str,
        agency: str | None,
        action: Action | str,
        objects: Sequence[str],
        justification: str | None = None,
        detail: Mapping[str, DetailValue] | None = None,
    ) -> "NewEntry":
        """Refuses (``InvalidAuditEntry``) what the log must not hold."""
        checked = check_entry(actor, agency, action, objects, justification, detail)
        return cls(actor, agency, *checked)


def append(
    con: duckdb.DuckDBPyConnection,
    actor: str,
    agency: str | None,
    action: Action | str,
    objects: Sequence[str],
    justification: str | None = None,
    detail: Mapping[str, DetailValue] | None = None,
    *,
    key: Ed25519PrivateKey | None = None,
    every: int = CHECKPOINT_EVERY,
) -> int:
    """Record one action; its seq.

    Runs in the caller's transaction and neither begins nor commits one, so the
    action and its entry are stored together or not at all. Two transactions
    appending at once pick the same seq and the second fails on commit (the
    primary key), rather than forking the chain. With ``key``, a checkpoint is
    signed once ``every`` entries have gone unsigned.
    """
    entry = NewEntry.checked(actor, agency, action, objects, justification, detail)
    return append_checked(con, [entry], key=key, every=every)[0][-1]


def append_checked(
    con: duckdb.DuckDBPyConnection,
    new: Sequence[NewEntry],
    *,
    key: Ed25519PrivateKey | None = None,
    every: int = CHECKPOINT_EVERY,
    since: tuple[int, int] = (0, 0),
) -> tuple[list[int], int]:
    """Record checked entries, in order, as ``append`` does one: their seqs, and the
    seq the last checkpoint now covers (0: none).

    One read (the last entry and, with ``key``, the last checkpoint), one insert
    and at most one checkpoint, whatever the number of entries. ``since``: the
    seqs the log and its checkpoints are known to have reached (neither is ever
    removed), so that the read looks at the newest rows only instead of the
    whole log; when either turns out shorter than that, both are read whole.
    """
    if not new:
        return [], 0
    head, last_signed = _heads(con, since, key is not None)
    if (head is None and since[0] > 0) or (
        key is not None and last_signed is None and since[1] > 0
    ):
        head, last_signed = _heads(con, (0, 0), key is not None)
    seq, prev_hash = (int(head[0]), str(head[1])) if head is not None else (0, GENESIS)
    rows: list[list[Any]] = []
    for entry in new:
        seq += 1
        at = datetime.now(UTC).replace(tzinfo=None)
        fields = (entry.actor, entry.agency, entry.action.value, entry.objects,
                  entry.justification, entry.detail)  # fmt: skip
        digest = entry_hash(seq, at, *fields, prev_hash)
        rows.append([seq, at, *fields[:3], list(entry.objects), *fields[4:], prev_hash, digest])
        last_prev, prev_hash = prev_hash, digest
    marks = ", ".join(["(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"] * len(rows))
    con.execute(
        f"INSERT INTO audit_entry ({COLUMNS}) VALUES {marks}", [v for row in rows for v in row]
    )
    signed = last_signed.seq if last_signed else 0
    if key is not None and seq - signed >= every:
        # With one new entry and nothing else unsigned, the checkpoint carries on
        # from the last one without reading the log again.
        signed = checkpoint(con, key, (last_signed, (seq, prev_hash, last_prev))).seq
    return [int(row[0]) for row in rows], signed


def _heads(
    con: duckdb.DuckDBPyConnection, since: tuple[int, int], signed: bool
) -> tuple[tuple[Any, ...] | None, Checkpoint | None]:
    """The last entry's (seq, hash) and, when ``signed``, the last checkpoint, looking
    from ``since`` on. (Two plain lookups: DuckDB answers them faster than one
    query joining both, and a range from a known seq faster than a sort.)"""
    head = _last(con, "seq, hash", "audit_entry", since[0])
    if not signed:
        return head, None
    row = _last(con, CHECKPOINT_COLUMNS, "audit_checkpoint", since[1])
    return head, None if row is None else from_row(row)


def _last(
    con: duckdb.DuckDBPyConnection, columns: str, table: str, since: int
) -> tuple[Any, ...] | None:
    if since <= 0:
        return fetch_one(con, f"SELECT {columns} FROM {table} ORDER BY seq DESC LIMIT 1")
    rows = con.execute(f"SELECT {columns} FROM {table} WHERE seq >= ?", [since]).fetchall()
    return max(rows, key=lambda row: int(row[0])) if rows else None


def entries(
    con: duckdb.DuckDBPyConnection, since: int | datetime | None = None, limit: int = 1000
) -> list[AuditEntry]:
    """Entries in log order: after seq ``since``, or from time ``since`` on.

    Callers decide who may read the log (auditors); this does not check.
    """
    if limit < 1:
        raise ValueError("limit must be positive")
    where, params = "TRUE", list[object]()
    if isinstance(since, datetime):
        # Stored naive in UTC; an aware time is converted, a naive one taken as UTC.
        at = since.astimezone(UTC).replace(tzinfo=None) if since.tzinfo else since
        where, params = "logged_at >= ?", [at]
    elif since is not None:
        where, params = "seq > ?", [since]
    rows = con.execute(
        f"SELECT {COLUMNS} FROM audit_entry WHERE {where} ORDER BY seq LIMIT ?", [*params, limit]
    ).fetchall()
    return [_entry(row) for row in rows]


def _entry(row: tuple[Any, ...]) -> AuditEntry:
    seq, at, actor, agency, action, objects, justification, detail, prev_hash, digest = row
    return AuditEntry(
        seq=int(seq),
        at=at.replace(tzinfo=UTC),
        actor=str(actor),
        agency=None if agency is None else str(agency),
        action=Action(action),
        objects=tuple(str(o) for o in objects),
        justification=None if justification is None else str(justification),
        detail=json.loads(str(detail)) if detail else {},
        prev_hash=str(prev_hash),
        hash=str(digest),
    )
