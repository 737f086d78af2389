"""The web API: forbidden answers as missing, and revocation applies to the next request.

The random and fixed worlds check what the API shows (test_random_worlds.check_api);
here, on the small world, who may ask at all.
"""

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from fastapi.testclient import TestClient

from crosscurrent.api import create_app
from crosscurrent.model.markings import Marking
from crosscurrent.share import users
from crosscurrent.store import registry, view

from .conftest import Small

S = Small
CASE = "C-API/1"
READ_ROUTES = [
    "/analyses/key-players",
    "/analyses/money-routes",
    "/analyses/supply-chains",
    "/search?q=Kobado",
    f"/entities/{view.canonical_id(S.A1)}",
    f"/graph/{view.canonical_id(S.A1)}/neighbours",
    "/datasets",
]


@pytest.fixture
def client(small: duckdb.DuckDBPyConnection, store_path: Path) -> Iterator[TestClient]:
    with TestClient(create_app(store_path), base_url="https://testserver") as found:
        yield found


def token(con: duckdb.DuckDBPyConnection, name: str) -> str:
    """A token for ``name``, made while it could still have one."""
    disabled = users.get_user(con, name).disabled  # type: ignore[union-attr]
    users.set_disabled(con, name, False)
    made = users.create_token(con, name)
    if disabled:
        users.set_disabled(con, name, True)
    return made


def get(client: TestClient, url: str, bearer: str | None) -> tuple[int, str]:
    headers = {"X-Case-Reference": CASE}
    if bearer is not None:
        headers["Authorization"] = f"Bearer {bearer}"
    answer = client.get(url, headers=headers)
    return answer.status_code, answer.text


@pytest.mark.parametrize("name", ["audrey", "sam"])
def test_a_role_that_may_not_read_gets_the_unknown_route_answer(
    small: duckdb.DuckDBPyConnection, client: TestClient, name: str
) -> None:
    bearer = token(small, name)
    unknown = get(client, "/no-such-route", bearer)
    assert unknown[0] == 404
    for url in READ_ROUTES:
        assert get(client, url, bearer) == unknown, url


def test_an_analyst_gets_the_unknown_route_answer_for_the_audit_log(
    small: duckdb.DuckDBPyConnection, client: TestClient
) -> None:
    bearer = token(small, "ana")
    assert get(client, "/audit", bearer) == get(client, "/no-such-route", bearer)
    assert get(client, "/audit", token(small, "audrey"))[0] == 200


@pytest.mark.parametrize("name", ["dora", "nils", "ravi"])
def test_a_disabled_or_agency_less_user_is_answered_as_a_bad_token(
    small: duckdb.DuckDBPyConnection, client: TestClient, name: str
) -> None:
    bad = get(client, READ_ROUTES[0], "cc_000000000000_not-a-token")
    assert bad[0] == 401
    bearer = token(small, name)
    for url in [*READ_ROUTES, "/audit"]:
        assert get(client, url, bearer) == bad, url
    assert get(client, READ_ROUTES[0], None) == bad


@pytest.mark.parametrize("record", [S.C1, S.C2, S.D1, ("ps-intel", "PS-P-9999")], ids=str)
def test_a_hidden_entity_is_answered_as_a_missing_one(
    small: duckdb.DuckDBPyConnection, client: TestClient, record: tuple[str, str]
) -> None:
    bearer = token(small, "ana")
    missing = get(client, f"/entities/{view.canonical_id(('nowhere', 'nobody'))}", bearer)
    assert missing[0] == 404
    cid = view.canonical_id(record)
    assert get(client, f"/entities/{cid}", bearer) == missing
    assert get(client, f"/graph/{cid}/neighbours", bearer) == missing
    mine = view.canonical_id(S.A1)
    path = get(client, f"/graph/path?from={mine}&to={cid}", bearer)
    assert path == get(client, f"/graph/path?from={mine}&to=cc-00000000000000000000", bearer)


def test_revocation_applies_to_the_next_request(
    small: duckdb.DuckDBPyConnection, client: TestClient
) -> None:
    ana, fran = token(small, "ana"), token(small, "fran")
    entity = f"/entities/{view.canonical_id(S.A1)}"
    status, body = get(client, entity, ana)
    assert status == 200 and S.CANARIES[S.B1] in body

    registry.set_dataset(small, S.B1[0], Marking(S.PN, (S.PN,)))  # narrowed
    status, body = get(client, entity, ana)
    assert status == 200 and S.CANARIES[S.B1] not in body and S.B1[0] not in body

    users.set_disabled(small, "ana")
    assert get(client, entity, ana)[0] == 401

    assert get(client, entity, fran)[0] == 200
    registry.remove_agency(small, S.PN)
    assert get(client, entity, fran)[0] == 401
