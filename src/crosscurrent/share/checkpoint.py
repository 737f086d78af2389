"""Signed checkpoints: an Ed25519 signature over the Merkle root of entries 1..seq.

Anyone with write access to the store can rewrite entries and recompute the
hash chain, since hashing needs no secret. A checkpoint signed with a key kept
outside the store is what such a rewrite cannot reproduce.
"""

import json
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

import duckdb
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from crosscurrent.share import merkle
from crosscurrent.share.entry import COLUMNS, GENESIS, canonical_json, entry_hash, iso
from crosscurrent.share.errors import AuditLogTampered, InvalidCheckpoint
from crosscurrent.share.signing import key_id
from crosscurrent.store.db import fetch_one

FORMAT = "crosscurrent-audit-checkpoint/1"
"""Signed with every checkpoint, so that its signature means nothing elsewhere."""

CHECKPOINT_COLUMNS = "seq, prev, root, head, peaks, signed_at, key_id, signature"


@dataclass(frozen=True)
class Checkpoint:
    seq: int
    """Entries 1..seq are covered."""
    prev: int | None
    """The previous checkpoint's seq."""
    root: str
    head: str
    """The hash of entry ``seq`` (the next entry's ``prev_hash``)."""
    peaks: tuple[str, ...]
    at: datetime
    """When it was signed, in UTC (naive, as stored)."""
    key_id: str
    signature: str

    def message(self) -> bytes:
        """The bytes signed."""
        body = {
            "format": FORMAT,
            "seq": self.seq,
            "prev": self.prev,
            "root": self.root,
            "head": self.head,
            "at": iso(self.at),
            "key_id": self.key_id,
        }
        return canonical_json(body)

    def signed_by(self, public_key: Ed25519PublicKey) -> bool:
        if self.key_id != key_id(public_key):
            return False
        try:
            public_key.verify(bytes.fromhex(self.signature), self.message())
        except (InvalidSignature, ValueError):
            return False
        return True

    def tree(self) -> merkle.Tree | None:
        """The tree its peaks describe, when they fold to its (signed) root."""
        try:
            tree = merkle.Tree(self.seq, [bytes.fromhex(p) for p in self.peaks])
        except ValueError:
            return None
        return tree if tree.root().hex() == self.root else None

    def to_json(self) -> str:
        """For keeping outside the store, as an anchor for ``verify``."""
        return json.dumps(asdict(self) | {"at": iso(self.at)})

    @classmethod
    def from_json(cls, text: str) -> "Checkpoint":
        try:
            data = json.loads(text)
            at = datetime.fromisoformat(data.pop("at")).astimezone(UTC).replace(tzinfo=None)
            return cls(**data | {"at": at, "peaks": tuple(data["peaks"])})
        except (ValueError, TypeError, KeyError, AttributeError):
            raise InvalidCheckpoint("not an audit checkpoint (as written by to_json)") from None


def checkpoint(
    con: duckdb.DuckDBPyConnection,
    key: Ed25519PrivateKey,
    known: tuple[Checkpoint | None, tuple[int, str, str]] | None = None,
) -> Checkpoint:
    """Sign the entries up to the last one; the last checkpoint when nothing is new.

    Carries on from the last checkpoint's peaks after checking its signature,
    so only the entries since are read, and the new root is built on what was
    signed, never on an entry changed since (``verify`` still reports that).
    Refuses when the newer entries do not chain on. Works inside the caller's
    transaction.
    """
    # ``known``: the last checkpoint as the caller just read it, and the (seq, hash,
    # previous hash) of the entry it just wrote; when that entry is the only one
    # unsigned, nothing needs reading again (a request's append signs at once).
    last = known[0] if known is not None else last_checkpoint(con)
    tree, head = merkle.Tree(), GENESIS
    if last is not None:
        peaks = last.tree()
        if not last.signed_by(key.public_key()) or peaks is None:
            raise AuditLogTampered(f"audit checkpoint {last.seq} does not verify with this key")
        tree, head = peaks, last.head
    if known is not None and known[1][0] == tree.size + 1 and known[1][2] == head:
        seq, digest, _ = known[1]
        tree.add(bytes.fromhex(digest))
        return _sign(con, key, tree, digest, last.seq if last else None)
    rows = con.execute(
        f"SELECT {COLUMNS} FROM audit_entry WHERE seq > ? ORDER BY seq", [tree.size]
    ).fetchall()
    if last is not None and not rows:
        return last
    for *fields, stored in rows:
        seq, prev_hash = fields[0], fields[-1]
        if seq != tree.size + 1 or prev_hash != head or entry_hash(*fields) != stored:
            raise AuditLogTampered(f"audit entry {seq} does not follow entry {tree.size}")
        tree.add(bytes.fromhex(stored))
        head = stored
    return _sign(con, key, tree, head, last.seq if last else None)


def last_checkpoint(con: duckdb.DuckDBPyConnection) -> Checkpoint | None:
    row = fetch_one(
        con, f"SELECT {CHECKPOINT_COLUMNS} FROM audit_checkpoint ORDER BY seq DESC LIMIT 1"
    )
    return from_row(row) if row else None


def checkpoints(con: duckdb.DuckDBPyConnection) -> list[Checkpoint]:
    rows = con.execute(f"SELECT {CHECKPOINT_COLUMNS} FROM audit_checkpoint ORDER BY seq")
    return [from_row(row) for row in rows.fetchall()]


def from_row(row: tuple[Any, ...]) -> Checkpoint:
    seq, prev, root, head, peaks, at, kid, signature = row
    return Checkpoint(
        seq=int(seq),
        prev=None if prev is None else int(prev),
        root=str(root),
        head=str(head),
        peaks=tuple(str(p) for p in peaks),
        at=at,
        key_id=str(kid),
        signature=str(signature),
    )


def _sign(
    con: duckdb.DuckDBPyConnection,
    key: Ed25519PrivateKey,
    tree: merkle.Tree,
    head: str,
    prev: int | None,
) -> Checkpoint:
    unsigned = Checkpoint(
        seq=tree.size,
        prev=prev,
        root=tree.root().hex(),
        head=head,
        peaks=tuple(p.hex() for p in tree.peaks),
        at=datetime.now(UTC).replace(tzinfo=None),
        key_id=key_id(key.public_key()),
        signature="",
    )
    signed = Checkpoint(**asdict(unsigned) | {"signature": key.sign(unsigned.message()).hex()})
    con.execute(
        f"INSERT INTO audit_checkpoint ({CHECKPOINT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            signed.seq,
            signed.prev,
            signed.root,
            signed.head,
            list(signed.peaks),
            signed.at,
            signed.key_id,
            signed.signature,
        ],
    )
    return signed
