"""The audit signing key: where it lives, how it is created, when it is refused."""

import stat
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from crosscurrent.share import audit
from crosscurrent.share.errors import AuditKeyError


def test_the_key_is_created_private_once_with_its_public_half(tmp_path: Path) -> None:
    path = tmp_path / "keys" / "store.duckdb.audit-key"
    key = audit.load_or_create_key(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    # Nothing else: the temporary file the key was written through is gone.
    assert sorted(path.parent.iterdir()) == sorted([path, audit.public_key_path(path)])
    public = audit.load_public_key(audit.public_key_path(path))
    assert audit.key_id(public) == audit.key_id(key.public_key())
    again = audit.load_or_create_key(path)
    assert audit.key_id(again.public_key()) == audit.key_id(key.public_key())
    signature = again.sign(b"checkpoint")
    public.verify(signature, b"checkpoint")  # raises if the halves do not belong together


def test_the_public_half_is_rederived_when_missing(tmp_path: Path) -> None:
    path = tmp_path / "audit-key"
    key = audit.load_or_create_key(path)
    audit.public_key_path(path).unlink()
    audit.load_or_create_key(path)
    public = audit.load_public_key(audit.public_key_path(path))
    assert audit.key_id(public) == audit.key_id(key.public_key())


def test_a_key_others_can_read_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "audit-key"
    audit.load_or_create_key(path)
    path.chmod(0o640)
    with pytest.raises(AuditKeyError, match="chmod 600"):
        audit.load_or_create_key(path)


def test_a_public_key_of_another_key_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "audit-key"
    audit.load_or_create_key(path)
    other = tmp_path / "other-key"
    audit.load_or_create_key(other)
    audit.public_key_path(path).write_bytes(audit.public_key_path(other).read_bytes())
    with pytest.raises(AuditKeyError, match="does not belong"):
        audit.load_or_create_key(path)


@pytest.mark.parametrize("content", [b"", b"not a key", None])
def test_a_file_that_is_not_an_ed25519_key_is_refused(
    tmp_path: Path, content: bytes | None
) -> None:
    path = tmp_path / "audit-key"
    if content is None:  # a valid PEM key of another kind
        content = ec.generate_private_key(ec.SECP256R1()).private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    path.write_bytes(content)
    path.chmod(0o600)
    with pytest.raises(AuditKeyError):
        audit.load_or_create_key(path)


def test_the_key_sits_next_to_the_store_unless_the_environment_says(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CROSSCURRENT_AUDIT_KEY", raising=False)
    monkeypatch.delenv("CROSSCURRENT_DB", raising=False)
    assert audit.key_path(tmp_path / "cc.duckdb") == tmp_path / "cc.duckdb.audit-key"
    assert audit.public_key_path(tmp_path / "k") == tmp_path / "k.pub"
    with pytest.raises(AuditKeyError, match="CROSSCURRENT_AUDIT_KEY"):
        audit.key_path(":memory:")
    monkeypatch.setenv("CROSSCURRENT_AUDIT_KEY", str(tmp_path / "elsewhere"))
    assert audit.key_path(tmp_path / "cc.duckdb") == tmp_path / "elsewhere"
    assert audit.key_path(":memory:") == tmp_path / "elsewhere"


def test_a_generated_key_is_an_ed25519_key(tmp_path: Path) -> None:
    assert isinstance(audit.load_or_create_key(tmp_path / "k"), Ed25519PrivateKey)
