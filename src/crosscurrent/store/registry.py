"""Agencies and datasets: who exists, and how each dataset is marked."""

from dataclasses import dataclass
from datetime import date

import duckdb

from crosscurrent.errors import InvalidMarking, UnknownAgency
from crosscurrent.model.markings import ALL, Handling, Marking
from crosscurrent.store.db import fetch_one


@dataclass(frozen=True)
class Agency:
    code: str
    name: str
    country: str | None = None


def add_agency(
    con: duckdb.DuckDBPyConnection, code: str, name: str, country: str | None = None
) -> bool:
    """Register an agency, or update its name and country; True when it is new."""
    code = code.strip().upper()
    if not code or not name.strip() or code.lower() == ALL:
        raise InvalidMarking("an agency needs a code (not 'all') and a name")
    country = country.strip().upper() if country else None
    if fetch_one(con, "SELECT 1 FROM agency WHERE code = ?", [code]) is not None:
        con.execute("UPDATE agency SET name = ?, country = ? WHERE code = ?", [name, country, code])
        return False
    con.execute("INSERT INTO agency VALUES (?, ?, ?, now()::TIMESTAMP)", [code, name, country])
    return True


def agencies(con: duckdb.DuckDBPyConnection) -> list[Agency]:
    rows = con.execute("SELECT code, name, country FROM agency ORDER BY code").fetchall()
    return [Agency(code, name, country) for code, name, country in rows]


def require_agency(con: duckdb.DuckDBPyConnection, code: str) -> str:
    code = code.strip().upper()
    if fetch_one(con, "SELECT 1 FROM agency WHERE code = ?", [code]) is None:
        raise UnknownAgency(code)
    return code


def set_dataset(con: duckdb.DuckDBPyConnection, name: str, marking: Marking) -> None:
    """Create a dataset or update its marking.

    A dataset belongs to one originator for life: another agency cannot load
    into it, or it could rewrite what the originator released.
    """
    require_agency(con, marking.originator)
    for code in marking.releasable_to:
        if code != ALL:
            require_agency(con, code)
    current = dataset_marking(con, name)
    if current is not None and current.originator != marking.originator:
        raise InvalidMarking(
            f"dataset {name!r} belongs to {current.originator}, not {marking.originator}"
        )
    if current == marking:
        return  # updated_at is when the marking last changed, not when a file was loaded
    if current is None:
        con.execute(
            "INSERT INTO dataset (name, agency, releasable_to, handling, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, now()::TIMESTAMP, now()::TIMESTAMP)",
            [name, marking.originator, list(marking.releasable_to), marking.handling.value],
        )
    else:
        con.execute(
            "UPDATE dataset SET releasable_to = ?, handling = ?, updated_at = now()::TIMESTAMP "
            "WHERE name = ?",
            [list(marking.releasable_to), marking.handling.value, name],
        )


def dataset_marking(con: duckdb.DuckDBPyConnection, name: str) -> Marking | None:
    row = fetch_one(
        con, "SELECT agency, releasable_to, handling FROM dataset WHERE name = ?", [name]
    )
    if row is None:
        return None
    return Marking(row[0], tuple(row[1]), Handling(row[2]))


def set_dataset_options(
    con: duckdb.DuckDBPyConnection,
    name: str,
    hits_allowed: bool | None = None,
    contact_point: str | None = None,
    review_date: date | None = None,
    handling_text: str | None = None,
) -> None:
    """Hit/no-hit, contact point, review date and H3 text of an existing dataset."""
    if fetch_one(con, "SELECT 1 FROM dataset WHERE name = ?", [name]) is None:
        raise InvalidMarking(f"no dataset {name!r}")
    updates = {
        "hits_allowed": hits_allowed,
        "contact_point": contact_point,
        "review_date": review_date,
        "handling_text": handling_text,
    }
    for column, value in updates.items():
        if value is not None:
            # Column names come from the dict above, never from input.
            con.execute(f"UPDATE dataset SET {column} = ? WHERE name = ?", [value, name])


def remove_agency(con: duckdb.DuckDBPyConnection, code: str) -> None:
    """Unregister an agency: its users and any caller acting as it see nothing from
    the next read on, because the policy view requires a registered agency."""
    code = require_agency(con, code)
    con.execute("DELETE FROM agency WHERE code = ?", [code])
    con.execute(
        "DELETE FROM api_session WHERE user_name IN (SELECT name FROM app_user WHERE agency = ?)",
        [code],
    )
