"""The audit signing key: an Ed25519 key in a file outside the store.

Outside, because whoever can rewrite the store must not also hold the key that
vouches for it. The public half sits next to it as ``<key>.pub``; verifiers
should compare its fingerprint (``key_id``) with one recorded elsewhere, since
an attacker who can replace both the checkpoints and that file could re-sign.
"""

import hashlib
import os
import stat
import tempfile
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from crosscurrent.settings import db_path
from crosscurrent.share.errors import AuditKeyError

KEY_ENV = "CROSSCURRENT_AUDIT_KEY"
"""Environment variable naming the key file; else it sits next to the store."""


def key_path(store: str | Path | None = None) -> Path:
    """``CROSSCURRENT_AUDIT_KEY``, else ``<store>.audit-key`` next to the store file."""
    env = os.environ.get(KEY_ENV)
    if env:
        return Path(env)
    target = db_path(store)
    if str(target) == ":memory:":
        raise AuditKeyError(f"an in-memory store has no place for the audit key: set {KEY_ENV}")
    return target.with_name(target.name + ".audit-key")


def public_key_path(private: str | Path) -> Path:
    """``<key>.pub``, next to the private key."""
    private = Path(private)
    return private.with_name(private.name + ".pub")


def key_id(public_key: Ed25519PublicKey) -> str:
    """The key's fingerprint: SHA-256 of its 32 raw bytes, in hex."""
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()


def load_or_create_key(path: str | Path) -> Ed25519PrivateKey:
    """The private key in ``path``, created (mode 0600) with its ``.pub`` if absent."""
    path = Path(path)
    if not path.exists():
        key = Ed25519PrivateKey.generate()
        pem = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        if _create(path, pem):
            _write_public(path, key.public_key())
            return key
        # Another process created the key first: use that one, or the two
        # processes would sign checkpoints that cannot both verify.
    return _load(path)


def load_public_key(path: str | Path) -> Ed25519PublicKey:
    """A public key from a PEM file (the ``.pub`` next to the private key)."""
    try:
        key = serialization.load_pem_public_key(Path(path).read_bytes())
    except (OSError, ValueError) as exc:
        raise AuditKeyError(f"{path}: not a readable public key ({exc})") from None
    if not isinstance(key, Ed25519PublicKey):
        raise AuditKeyError(f"{path}: not an Ed25519 public key")
    return key


def _create(path: Path, pem: bytes) -> bool:
    """Write the key atomically; False when the file appeared meanwhile.

    The key is written to a private temporary file (``mkstemp`` makes it 0600)
    and then hard-linked into place: the link fails if the name exists, and
    nobody can ever read a half-written key.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(pem)
            out.flush()
            os.fsync(out.fileno())
        os.link(tmp, path)
    except FileExistsError:
        return False
    finally:
        Path(tmp).unlink()
    return True


def _load(path: Path) -> Ed25519PrivateKey:
    try:
        mode = path.stat().st_mode
        # Like ssh: a key others can read may have been copied; one others can
        # write may have been swapped.
        if os.name == "posix" and stat.S_IMODE(mode) & 0o077:
            raise AuditKeyError(f"{path}: other users can access the audit key; chmod 600 it")
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except (OSError, ValueError, TypeError) as exc:
        raise AuditKeyError(f"{path}: not a readable private key ({exc})") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise AuditKeyError(f"{path}: not an Ed25519 private key")
    public = public_key_path(path)
    if not public.exists():
        _write_public(path, key.public_key())
    elif key_id(load_public_key(public)) != key_id(key.public_key()):
        raise AuditKeyError(f"{public} does not belong to {path}")
    return key


def _write_public(path: Path, public_key: Ed25519PublicKey) -> None:
    pem = public_key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    public_key_path(path).write_bytes(pem)
