"""Every consultation needs a case reference and leaves an audit entry naming it."""

from concurrent.futures import ThreadPoolExecutor

import pytest

from .conftest import AHMED, BILAL, CASE, DARIO, Api

CONSULTATIONS = [
    ("search", "/search?q=karimi", [AHMED]),
    ("entity", f"/entities/{AHMED}", [AHMED]),
    ("neighbours", f"/graph/{AHMED}/neighbours", [AHMED, BILAL, DARIO]),
    ("path", f"/graph/path?from={BILAL}&to={DARIO}", [AHMED, BILAL, DARIO]),
    ("key-players", "/analyses/key-players", []),
    ("supply-chains", "/analyses/supply-chains", []),
    ("money-routes", "/analyses/money-routes", [AHMED, BILAL, DARIO]),
]


@pytest.mark.parametrize(("what", "path", "shown"), CONSULTATIONS)
def test_each_consultation_is_logged_with_its_case_and_ids(
    api: Api, what: str, path: str, shown: list[str]
) -> None:
    client = api.client("nina")
    before = api.last_seq()
    assert client.get(path).status_code == 200
    (entry,) = api.log(before)
    assert entry.action == "consultation"
    assert (entry.actor, entry.agency, entry.justification) == ("nina", "UK-NCA", CASE)
    assert entry.objects[0] == what
    assert set(shown) <= set(entry.objects)
    assert entry.detail["read"] == what


@pytest.mark.parametrize(("what", "path", "shown"), CONSULTATIONS)
def test_consulting_without_a_case_reference_is_refused(
    api: Api, what: str, path: str, shown: list[str]
) -> None:
    client = api.client("nina", case=None)
    before = api.last_seq()
    response = client.get(path)
    assert response.status_code == 400
    assert "case reference" in response.json()["detail"]
    assert api.log(before) == []  # nothing shown, nothing logged


def test_the_header_gives_the_case_for_one_request(api: Api) -> None:
    client = api.client("nina", case=None)
    before = api.last_seq()
    assert client.get("/search?q=bilal", headers={"X-Case-Reference": "OP-X/7"}).is_success
    assert [e.justification for e in api.log(before)] == ["OP-X/7"]
    assert client.get("/search?q=bilal").status_code == 400


def test_the_session_case_can_be_changed(api: Api) -> None:
    client = api.client("nina")
    assert client.put("/auth/case", json={"case_reference": "OP-NEXT"}).is_success
    before = api.last_seq()
    client.get("/search?q=bilal")
    assert [e.justification for e in api.log(before)] == ["OP-NEXT"]


@pytest.mark.parametrize("case", ["Ahmed Karimi lives here", "x" * 201, " "])
def test_a_case_reference_is_one_id_like_token(api: Api, case: str) -> None:
    client = api.client("nina", case=None)
    response = client.get("/search?q=bilal", headers={"X-Case-Reference": case})
    assert response.status_code == 400
    assert case.strip() == "" or case not in response.text


def test_asking_for_an_invisible_entity_is_logged_too(api: Api) -> None:
    felix = api.client("felix")
    before = api.last_seq()
    assert felix.get(f"/entities/{BILAL}").status_code == 404
    (entry,) = api.log(before)
    assert entry.objects == ("entity",)
    assert entry.detail["found"] is False and entry.detail["asked"] == [BILAL]


def test_checkpoints_sign_every_consultation(api: Api) -> None:
    api.client("nina").get("/search?q=bilal")
    from crosscurrent.share import audit

    con = api.con()
    report = audit.verify(
        con, audit.load_public_key(audit.public_key_path(audit.key_path(api.path)))
    )
    assert report.ok and report.uncovered == 0


def test_concurrent_consultations_each_get_their_entry(api: Api) -> None:
    # Two transactions appending at once would pick the same seq; the API's lock
    # must serialise them rather than fail one request.
    clients = [api.client(name) for name in ("nina", "felix", "ivo", "sam")]
    before = api.last_seq()
    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(
            pool.map(lambda i: clients[i % 4].get("/search?q=karimi").status_code, range(16))
        )
    assert answers == [200] * 16
    seqs = [e.seq for e in api.log(before)]
    assert seqs == list(range(before + 1, before + 17))
