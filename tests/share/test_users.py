"""Users: argon2 passwords, roles, revocable tokens, disabling."""

import duckdb
import pytest

from crosscurrent.share import users
from crosscurrent.share.users import Role


def test_password_is_hashed_and_checked(con: duckdb.DuckDBPyConnection) -> None:
    users.add_user(con, "claire", "FR-PN", frozenset({Role.ANALYST}), "s3cret-long")
    stored = con.execute("SELECT password_hash FROM app_user WHERE name = 'claire'").fetchall()
    assert stored[0][0].startswith("$argon2")
    assert "s3cret" not in stored[0][0]
    assert users.check_password(con, "claire", "s3cret-long") is not None
    assert users.check_password(con, "claire", "wrong") is None
    assert users.check_password(con, "nobody", "s3cret-long") is None


def test_tokens_are_revocable_and_die_with_the_user(con: duckdb.DuckDBPyConnection) -> None:
    users.add_user(con, "claire", "FR-PN", frozenset({Role.ANALYST}))
    first, second = users.create_token(con, "claire"), users.create_token(con, "claire")
    assert users.user_for_token(con, first) is not None
    assert users.user_for_token(con, first[:-1] + "x") is None  # a forged secret
    assert users.revoke_token(con, first.split("_")[1])
    assert users.user_for_token(con, first) is None
    assert users.user_for_token(con, second) is not None
    users.set_disabled(con, "claire")
    assert users.user_for_token(con, second) is None
    users.set_disabled(con, "claire", False)
    assert users.user_for_token(con, second) is None  # re-enabling revives no token


def test_bad_users_are_refused(con: duckdb.DuckDBPyConnection) -> None:
    with pytest.raises(users.UserError):
        users.add_user(con, "two words", "FR-PN", frozenset({Role.ANALYST}))
    with pytest.raises(users.UserError):
        users.parse_roles("analyst,boss")
    users.add_user(con, "claire", "FR-PN", frozenset({Role.ANALYST}))
    with pytest.raises(users.UserError):
        users.add_user(con, "claire", "FR-PN", frozenset({Role.ANALYST}))
