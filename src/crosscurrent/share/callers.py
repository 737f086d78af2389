"""Who a command acts as: ``--as`` names an agency or a user."""

import duckdb

from crosscurrent.errors import CrosscurrentError
from crosscurrent.share.users import Role, get_user
from crosscurrent.store.db import fetch_one
from crosscurrent.store.view import READER_ROLES, Caller

READERS = frozenset(Role(r) for r in READER_ROLES)
"""Roles that read content: the list the policy view checks on every query."""


class UnknownCaller(CrosscurrentError):
    """One message for a missing, disabled or agency-less caller: which one is no
    business of whoever typed the name."""

    def __init__(self, name: str) -> None:
        super().__init__(f"no such caller {name!r}")


def resolve_caller(con: duckdb.DuckDBPyConnection, name: str) -> Caller:
    """A user (acting for its agency) when one has that name, else a registered agency.

    A user who may not read content (auditor, system admin), or whose agency was
    removed, is refused exactly as a missing one: an empty answer instead would
    tell the asker that the name exists.
    """
    user = get_user(con, name)
    if user is not None:
        registered = fetch_one(con, "SELECT 1 FROM agency WHERE code = ?", [user.agency])
        if user.disabled or registered is None or not (user.roles & READERS):
            raise UnknownCaller(name)
        return Caller(user.agency, user.name)
    code = name.strip().upper()
    if fetch_one(con, "SELECT 1 FROM agency WHERE code = ?", [code]) is None:
        raise UnknownCaller(name)
    return Caller(code)
