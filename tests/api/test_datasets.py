"""Datasets: what each agency may know of, who a marking reaches, and uploads."""

import json
from typing import Any

import pytest
from fastapi.testclient import TestClient

from .conftest import Api


def upload(
    client: TestClient,
    dataset: str = "uk-nca-raid",
    releasable_to: str = "IT-PS",
    handling: str = "H2",
    lines: list[dict[str, Any]] | None = None,
    **form: str,
) -> Any:
    rows = lines or [{"id": "r1", "schema": "Person", "properties": {"name": ["Zoran Petrovic"]}}]
    data = "".join(json.dumps(row) + "\n" for row in rows).encode()
    return client.post(
        "/datasets",
        files={"file": ("raid file (1).jsonl", data, "application/x-ndjson")},
        data={"dataset": dataset, "releasable_to": releasable_to, "handling": handling, **form},
    )


def test_each_agency_lists_the_datasets_it_may_see(api: Api) -> None:
    uk = {d["name"]: d for d in api.client("nina").get("/datasets").json()}
    fr = {d["name"] for d in api.client("felix").get("/datasets").json()}
    it = {d["name"] for d in api.client("ivo").get("/datasets").json()}
    assert set(uk) == {"fr-pn-checks", "it-ps-shared", "uk-nca-subjects"}
    assert fr == {"fr-pn-checks", "it-ps-shared"}
    assert it == {"it-ps-shared"}
    assert uk["fr-pn-checks"]["marking"] == {
        "originator": "FR-PN", "releasable_to": ["FR-PN", "UK-NCA"], "handling": "H0",
        "tlp": "TLP:RED",
    }  # fmt: skip


@pytest.mark.parametrize(
    ("releasable_to", "handling", "agencies", "tlp"),
    [
        ("", "H0", ["UK-NCA"], "TLP:RED"),
        ("fr-pn", "H1", ["FR-PN", "UK-NCA"], "TLP:RED"),
        ("all", "H0", ["FR-PN", "IT-PS", "UK-NCA"], "TLP:GREEN"),
        ("all", "H2", ["FR-PN", "IT-PS", "UK-NCA"], "TLP:AMBER+STRICT"),
    ],
)
def test_preview_says_who_will_see_it(
    api: Api, releasable_to: str, handling: str, agencies: list[str], tlp: str
) -> None:
    params = {"releasable_to": releasable_to, "handling": handling}
    body = api.client("nina").get("/datasets/preview", params=params).json()
    assert [a["code"] for a in body["agencies"]] == agencies
    assert body["marking"]["tlp"] == tlp and body["marking"]["originator"] == "UK-NCA"


def test_preview_refuses_unknown_agencies_and_codes(api: Api) -> None:
    nina = api.client("nina")
    unknown = nina.get("/datasets/preview?releasable_to=XX-NONE")
    assert unknown.status_code == 400 and "XX-NONE" in unknown.json()["detail"]
    assert nina.get("/datasets/preview?handling=H9").status_code == 422
    assert nina.get("/datasets/preview?releasable_to=all,FR-PN").status_code == 400


def test_an_upload_is_visible_to_the_agencies_it_is_released_to_only(api: Api) -> None:
    nina = api.client("nina")
    before = api.last_seq()
    response = upload(nina)
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["dataset"] == "uk-nca-raid" and body["entities"] == 1
    assert [a["code"] for a in body["visible_to"]] == ["IT-PS", "UK-NCA"]
    assert body["marking"]["handling"] == "H2"
    (entry,) = api.log(before)
    assert (entry.action, entry.actor, entry.objects) == ("collection", "nina", ("uk-nca-raid",))
    assert entry.detail["file"] == "raid_file_1.jsonl"
    for name, sees in (("nina", True), ("ivo", True), ("felix", False)):
        found = api.client(name).get("/search?q=zoran petrovic").json()["results"]
        assert bool(found) is sees, name
    again = upload(nina)
    assert again.status_code == 201 and again.json()["unchanged"]


def test_quarantined_rows_are_reported(api: Api) -> None:
    rows = [
        {"id": "r1", "schema": "Person", "properties": {"name": ["Zoran Petrovic"]}},
        {"id": "r2", "schema": "NoSuchSchema", "properties": {}},
    ]
    body = upload(api.client("nina"), lines=rows).json()
    assert body["rows"] == 2 and body["quarantined_rows"] == 1
    assert body["problems"][0]["row"] == 2


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"dataset": "fr-pn-checks"}, "starts with 'uk-nca-'"),
        ({"dataset": "uk-nca-"}, "starts with 'uk-nca-'"),
        ({"dataset": "uk-nca-x y"}, "starts with 'uk-nca-'"),
        ({"releasable_to": "XX-NONE"}, "unknown agency"),
        ({"handling": "H3"}, "handling_text"),
    ],
)
def test_bad_uploads_are_refused_with_a_reason(
    api: Api, form: dict[str, str], message: str
) -> None:
    response = upload(api.client("nina"), **form)
    assert response.status_code == 400 and message in response.json()["detail"]


def test_an_unreadable_file_is_named_as_uploaded(api: Api) -> None:
    nina = api.client("nina")
    response = nina.post(
        "/datasets",
        files={"file": ("notes.pdf", b"%PDF-1.4", "application/pdf")},
        data={"dataset": "uk-nca-notes"},
    )
    assert response.status_code == 400
    assert response.json()["detail"].startswith("notes.pdf: unknown file type")
    assert "/tmp" not in response.text


def test_h3_uploads_keep_their_restrictions(api: Api) -> None:
    response = upload(api.client("nina"), handling="H3", handling_text="Ask-the-desk-first")
    assert response.status_code == 201
    listed = {d["name"]: d for d in api.client("ivo").get("/datasets").json()}
    assert listed["uk-nca-raid"]["handling_text"] == "Ask-the-desk-first"


def test_only_analysts_and_agency_admins_upload(api: Api) -> None:
    for name in ("sam", "ada"):  # a supervisor, an auditor
        client = api.client(name)
        assert upload(client).status_code == 404
        assert client.get("/datasets/preview").status_code == 404
    assert upload(api.client("ivo"), dataset="it-ps-new", releasable_to="").status_code == 201


def test_an_upload_needs_the_csrf_token(api: Api) -> None:
    nina = api.client("nina")
    del nina.headers["X-CSRF-Token"]
    assert upload(nina).status_code == 403
    assert api.client("ivo").get("/datasets").json()[0]["name"] == "it-ps-shared"
