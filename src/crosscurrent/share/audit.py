"""The tamper-evident audit log: append entries, read them, sign and verify.

Collection, alteration, consultation, disclosure, combination, erasure and
administration are each recorded as an ``AuditEntry`` chained by hash to the one
before; ``checkpoint`` signs a Merkle root over the log and ``verify`` checks
both. The design and the threats it covers are in docs/security.md ("Audit log").
"""

import json
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

import duckdb
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from crosscurrent.share.checkpoint import Checkpoint, checkpoint, checkpoints, last_checkpoint
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
    "Problem",
    "ProblemKind",
    "VerifyReport",
    "append",
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
    action, ids, justification, detail_json = check_entry(
        actor, agency, action, objects, justification, detail
    )
    last = fetch_one(con, "SELECT seq, hash FROM audit_entry ORDER BY seq DESC LIMIT 1")
    seq, prev_hash = (int(last[0]) + 1, str(last[1])) if last else (1, GENESIS)
    at = datetime.now(UTC).replace(tzinfo=None)
    fields = (actor, agency, action.value, ids, justification, detail_json)
    digest = entry_hash(seq, at, *fields, prev_hash)
    con.execute(
        f"INSERT INTO audit_entry ({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            seq,
            at,
            actor,
            agency,
            action.value,
            list(ids),
            justification,
            detail_json,
            prev_hash,
            digest,
        ],
    )
    if key is not None:
        last_signed = last_checkpoint(con)
        if seq - (last_signed.seq if last_signed else 0) >= every:
            checkpoint(con, key, (last_signed, (seq, digest, prev_hash)))
    return seq


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
