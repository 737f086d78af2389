"""What the running application holds: the store, the audit key, one write lock."""

import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from crosscurrent.api.caller_view import Fingerprints
from crosscurrent.api.ratelimit import LoginLimiter
from crosscurrent.share import audit
from crosscurrent.store import db


@dataclass
class AppState:
    path: Path
    con: duckdb.DuckDBPyConnection
    """The one connection; each request reads and writes through its own cursor."""
    audit_key: Ed25519PrivateKey
    limiter: LoginLimiter = field(default_factory=LoginLimiter)
    audit_lock: threading.Lock = field(default_factory=threading.Lock)
    """Held by every transaction that appends to the audit log.

    Two transactions appending at once pick the same seq and the second fails on
    commit; and a transaction sees the log as it was when it began. So an
    audited transaction begins only once it holds this lock, and keeps it until
    it has committed: an upload's load and its entry are one transaction, so
    consultations wait for an upload to finish."""
    audit_queue: list[Any] = field(default_factory=list)
    """Consultation entries waiting to be written (``audited.append``)."""
    audit_queue_lock: threading.Lock = field(default_factory=threading.Lock)
    audit_since: tuple[int, int] = (0, 0)
    """Seqs the log and its checkpoints had reached at the last append here: where
    the next append starts looking for their heads (only ever a lower bound)."""
    fingerprints: Fingerprints = field(default_factory=Fingerprints)
    """The store's fingerprint, read once per request or for several at once."""
    snapshot_lock: threading.Lock = field(default_factory=threading.Lock)
    _snapshot: duckdb.DuckDBPyConnection | None = None

    @classmethod
    def open(cls, path: Path) -> "AppState":
        con = db.connect(path)
        try:
            key = audit.load_or_create_key(audit.key_path(path))
        except BaseException:
            con.close()
            raise
        return cls(path, con, key)

    def snapshot(self) -> duckdb.DuckDBPyConnection:
        """The official statistics shipped with Crosscurrent, in memory: read when
        none are loaded into the store yet. Public figures, so one copy serves
        every caller; built on first use (it takes a second)."""
        with self.snapshot_lock:
            if self._snapshot is None:
                from crosscurrent.situation.snapshot import in_memory

                self._snapshot = in_memory()
            return self._snapshot

    def close(self) -> None:
        if self._snapshot is not None:
            self._snapshot.close()
        self.con.close()
