"""Store-wide options, kept in the store so that every process reading it agrees."""

import duckdb

from crosscurrent.store.db import fetch_one

METHODS = ("scored", "rules")
"""How people are matched: the Fellegi–Sunter model (``scored``) or the first
resolver's name and birth-date rules (``rules``). Identifiers link in both."""


def get(con: duckdb.DuckDBPyConnection, name: str, default: str) -> str:
    row = fetch_one(con, "SELECT value FROM store_option WHERE name = ?", [name])
    return str(row[0]) if row else default


def put(con: duckdb.DuckDBPyConnection, name: str, value: str) -> None:
    con.execute(
        "INSERT INTO store_option VALUES (?, ?) "
        "ON CONFLICT (name) DO UPDATE SET value = excluded.value",
        [name, value],
    ).fetchall()


def resolver_method(con: duckdb.DuckDBPyConnection) -> str:
    return get(con, "resolver.method", "scored")


def set_resolver_method(con: duckdb.DuckDBPyConnection, method: str) -> None:
    if method not in METHODS:
        raise ValueError(f"unknown resolver method {method!r}: one of {', '.join(METHODS)}")
    put(con, "resolver.method", method)
