"""Users of one agency with roles, argon2 password hashes and revocable API tokens."""

import hashlib
import secrets
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import duckdb
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from crosscurrent.errors import CrosscurrentError
from crosscurrent.store.db import fetch_one
from crosscurrent.store.registry import require_agency

_hasher = PasswordHasher()


class Role(StrEnum):
    ANALYST = "analyst"
    SUPERVISOR = "supervisor"
    AGENCY_ADMIN = "agency-admin"
    AUDITOR = "auditor"
    SYSTEM_ADMIN = "system-admin"


class UserError(CrosscurrentError):
    """A user that cannot be created, found or used."""


@dataclass(frozen=True)
class User:
    name: str
    agency: str
    roles: frozenset[Role]
    disabled: bool

    def has(self, role: Role) -> bool:
        return role in self.roles


def parse_roles(text: str) -> frozenset[Role]:
    try:
        return frozenset(Role(r.strip().lower()) for r in text.split(",") if r.strip())
    except ValueError:
        names = ", ".join(r.value for r in Role)
        raise UserError(f"unknown role in {text!r} (roles: {names})") from None


def add_user(
    con: duckdb.DuckDBPyConnection,
    name: str,
    agency: str,
    roles: frozenset[Role],
    password: str | None = None,
) -> User:
    name = name.strip()
    if not name or any(c.isspace() for c in name):
        raise UserError("a user name is one word")
    if not roles:
        raise UserError("a user needs at least one role")
    agency = require_agency(con, agency)
    if fetch_one(con, "SELECT 1 FROM app_user WHERE name = ?", [name]) is not None:
        raise UserError(f"user {name!r} exists")
    digest = _hasher.hash(password) if password else None
    con.execute(
        "INSERT INTO app_user VALUES (?, ?, ?, ?, FALSE, now()::TIMESTAMP)",
        [name, agency, sorted(r.value for r in roles), digest],
    )
    return User(name, agency, roles, False)


def get_user(con: duckdb.DuckDBPyConnection, name: str) -> User | None:
    row = fetch_one(
        con, "SELECT name, agency, roles, disabled FROM app_user WHERE name = ?", [name]
    )
    return None if row is None else _user(row)


def set_disabled(con: duckdb.DuckDBPyConnection, name: str, disabled: bool = True) -> None:
    if get_user(con, name) is None:
        raise UserError(f"no user {name!r}")
    con.execute("UPDATE app_user SET disabled = ? WHERE name = ?", [disabled, name])
    if disabled:  # a disabled user's tokens die with it, not merely while disabled
        con.execute(
            "UPDATE api_token SET revoked_at = now()::TIMESTAMP "
            "WHERE user_name = ? AND revoked_at IS NULL",
            [name],
        )
        # So are its browser sessions: re-enabling the user must not revive them.
        con.execute("DELETE FROM api_session WHERE user_name = ?", [name])


def check_password(con: duckdb.DuckDBPyConnection, name: str, password: str) -> User | None:
    """The user when the password is right and the user is enabled; None otherwise."""
    row = fetch_one(con, "SELECT password_hash FROM app_user WHERE name = ?", [name])
    if row is None or row[0] is None:
        # Hash anyway so a missing user takes as long as a wrong password.
        _hasher.hash(password)
        return None
    try:
        _hasher.verify(row[0], password)
    except (VerificationError, InvalidHashError):
        return None
    user = get_user(con, name)
    return user if user is not None and not user.disabled else None


def create_token(con: duckdb.DuckDBPyConnection, name: str) -> str:
    """A new API token (shown once); only its hash is stored."""
    user = get_user(con, name)
    if user is None or user.disabled:
        raise UserError(f"no enabled user {name!r}")
    token_id = secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)
    con.execute(
        "INSERT INTO api_token VALUES (?, ?, ?, now()::TIMESTAMP, NULL)",
        [token_id, name, _digest(secret)],
    )
    return f"cc_{token_id}_{secret}"


def revoke_token(con: duckdb.DuckDBPyConnection, token_id: str) -> bool:
    rows = con.execute(
        "UPDATE api_token SET revoked_at = now()::TIMESTAMP "
        "WHERE id = ? AND revoked_at IS NULL RETURNING id",
        [token_id],
    ).fetchall()
    return bool(rows)


def user_for_token(con: duckdb.DuckDBPyConnection, token: str) -> User | None:
    """The enabled user a live token belongs to; checked on every request, never cached."""
    found = token_holder(con, token)
    return None if found is None else found[0]


def token_holder(con: duckdb.DuckDBPyConnection, token: str) -> tuple[User, bool] | None:
    """The enabled user a live token belongs to, and whether its agency is registered:
    the check every API request makes (never cached)."""
    parts = token.split("_", 2)
    if len(parts) != 3 or parts[0] != "cc":
        return None
    row = fetch_one(
        con,
        "SELECT user_name, token_hash FROM api_token WHERE id = ? AND revoked_at IS NULL",
        [parts[1]],
    )
    if row is None or not secrets.compare_digest(row[1], _digest(parts[2])):
        return None
    found = user_and_agency(con, row[0])
    return None if found is None or found[0].disabled else found


def user_and_agency(con: duckdb.DuckDBPyConnection, name: str) -> tuple[User, bool] | None:
    """The user, and whether its agency is registered. (One query: DuckDB answers two
    point lookups faster than a join of three small tables.)"""
    row = fetch_one(
        con,
        "SELECT name, agency, roles, disabled, agency IN (SELECT code FROM agency) "
        "FROM app_user WHERE name = ?",
        [name],
    )
    return None if row is None else (_user(row[:4]), bool(row[4]))


def _user(row: tuple[Any, ...]) -> User:
    name, agency, roles, disabled = row
    return User(name, agency, frozenset(Role(r) for r in roles), bool(disabled))


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()
