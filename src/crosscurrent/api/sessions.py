"""Browser sessions: a random secret in an HttpOnly cookie, its hash in the store.

Server-side rather than a signed cookie, so signing out, disabling a user or
removing an agency ends a session at once, and a copied store (hashes only)
opens none. Each session carries its CSRF token and the case reference the
user is working on.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import duckdb

from crosscurrent.share.users import User, user_and_agency
from crosscurrent.store.db import fetch_one

LIFETIME = timedelta(hours=8)
"""A working day; then sign in again."""


@dataclass(frozen=True)
class Session:
    id_hash: str
    user_name: str
    csrf_token: str
    case_reference: str | None
    expires_at: datetime


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)  # stored naive, in UTC


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def start(
    con: duckdb.DuckDBPyConnection, user_name: str, case_reference: str | None = None
) -> tuple[str, Session]:
    """A new session: the secret for the cookie (never stored) and the session."""
    now = _now()
    # Sign-ins are rare, so they sweep out what has expired.
    con.execute("DELETE FROM api_session WHERE expires_at <= ?", [now])
    secret = secrets.token_urlsafe(32)
    session = Session(
        _hash(secret), user_name, secrets.token_urlsafe(32), case_reference, now + LIFETIME
    )
    con.execute(
        "INSERT INTO api_session VALUES (?, ?, ?, ?, ?, ?)",
        [session.id_hash, user_name, session.csrf_token, case_reference, now, session.expires_at],
    )
    return secret, session


def find(con: duckdb.DuckDBPyConnection, secret: str) -> Session | None:
    """The live session the cookie's secret opens, if any."""
    row = fetch_one(
        con,
        "SELECT id_hash, user_name, csrf_token, case_reference, expires_at FROM api_session "
        "WHERE id_hash = ? AND expires_at > ?",
        [_hash(secret), _now()],
    )
    return None if row is None else Session(*row)


def find_with_user(
    con: duckdb.DuckDBPyConnection, secret: str
) -> tuple[Session, User | None, bool] | None:
    """The live session the cookie's secret opens, its user (None when gone) and
    whether the user's agency is registered."""
    session = find(con, secret)
    if session is None:
        return None
    found = user_and_agency(con, session.user_name)
    return (session, None, False) if found is None else (session, *found)


def set_case(con: duckdb.DuckDBPyConnection, session: Session, case_reference: str) -> Session:
    con.execute(
        "UPDATE api_session SET case_reference = ? WHERE id_hash = ?",
        [case_reference, session.id_hash],
    )
    return Session(
        session.id_hash,
        session.user_name,
        session.csrf_token,
        case_reference,
        session.expires_at,
    )


def end(con: duckdb.DuckDBPyConnection, session: Session) -> None:
    con.execute("DELETE FROM api_session WHERE id_hash = ?", [session.id_hash])


def end_all(con: duckdb.DuckDBPyConnection, user_name: str) -> None:
    """End every session of a user (found disabled or without an agency)."""
    con.execute("DELETE FROM api_session WHERE user_name = ?", [user_name])
