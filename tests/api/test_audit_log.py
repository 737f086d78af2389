"""The audit log route: auditors only, their agency's entries, itself logged."""

from .conftest import CASE, Api


def test_auditors_read_their_agencys_entries(api: Api) -> None:
    api.client("nina").get("/search?q=karimi")
    api.client("felix").get("/search?q=karimi")
    ada = api.client("ada")
    body = ada.get("/audit?limit=1000").json()
    assert body["entries"] and body["next_since"] is None
    assert {e["agency"] for e in body["entries"]} == {"UK-NCA"}
    searches = [e for e in body["entries"] if e["objects"][0] == "search"]
    assert [(e["actor"], e["justification"]) for e in searches] == [("nina", CASE)]
    (read,) = [e for e in api.log() if e.objects == ("audit-log",)]
    assert (read.actor, read.justification) == ("ada", CASE)


def test_audit_pages(api: Api) -> None:
    nina = api.client("nina")
    for _ in range(3):
        nina.get("/search?q=karimi")
    ada = api.client("ada")
    first = ada.get("/audit?limit=2").json()
    assert len(first["entries"]) == 2 and first["next_since"] == first["entries"][-1]["seq"]
    rest = ada.get(f"/audit?since={first['next_since']}&limit=1000").json()
    seqs = [e["seq"] for e in first["entries"] + rest["entries"]]
    assert seqs == sorted(set(seqs)) and len(seqs) >= 3


def test_others_find_no_audit_route(api: Api) -> None:
    for name in ("nina", "felix", "sam"):
        client = api.client(name)
        denied = client.get("/audit")
        assert denied.status_code == 404
        assert denied.content == client.get("/no-such-route").content


def test_reading_the_log_needs_a_case(api: Api) -> None:
    assert api.client("ada", case=None).get("/audit").status_code == 400
