"""Two agencies read the same store: each sees only what it may, through every route."""

from typing import Any

from .conftest import AHMED, BILAL, CHIARA, DARIO, Api


def names(results: list[dict[str, Any]]) -> set[str]:
    return {n for r in results for n in r["names"]}


def test_search_finds_only_visible_names(api: Api) -> None:
    nina, felix = api.client("nina"), api.client("felix")
    assert [r["id"] for r in nina.get("/search?q=bilal nouri").json()["results"]] == [BILAL]
    assert felix.get("/search?q=bilal nouri").json()["results"] == []
    uk = nina.get("/search?q=ahmed karimi").json()["results"]
    fr = felix.get("/search?q=ahmed karimi").json()["results"]
    assert [r["id"] for r in uk] == [r["id"] for r in fr] == [AHMED]
    assert "Ahmed Karimi" in names(uk)  # UK-NCA's own spelling
    assert "Ahmed Karimi" not in names(fr)  # never released to FR-PN
    assert uk[0]["agencies"] == ["FR-PN", "UK-NCA"] and fr[0]["agencies"] == ["FR-PN"]


def test_search_tolerates_typos_scripts_and_order(api: Api) -> None:
    nina = api.client("nina")
    for q in ("karimi ahmed", "Ahmet Karimy", "احمد كريمي", "kari"):
        found = nina.get("/search", params={"q": q}).json()["results"]
        assert found and found[0]["id"] == AHMED, q
    assert nina.get("/search?q=zz").json()["results"] == []
    only = nina.get("/search?q=karimi&schema=Payment").json()["results"]
    assert only == []
    assert nina.get("/search?q=karimi&schema=Nonsense").status_code == 400


def test_an_entity_shows_each_values_agency_dataset_and_marking(api: Api) -> None:
    entity = api.client("nina").get(f"/entities/{AHMED}").json()
    assert entity["id"] == AHMED and entity["schema"] == "Person"
    assert entity["referents"] == ["fr-pn-checks/fr-p1", "uk-nca-subjects/uk-p1"]
    props = {p["name"]: p for p in entity["properties"]}
    by_value = {v["value"]: v for v in props["name"]["values"]}
    assert by_value["Ahmed Karimi"]["agency"] == "UK-NCA"
    assert by_value["Ahmed Karimi"]["dataset"] == "uk-nca-subjects"
    assert by_value["Ahmed Karimi"]["marking"]["releasable_to"] == ["UK-NCA"]
    assert by_value["Ahmad Karimi"]["marking"]["releasable_to"] == ["FR-PN", "UK-NCA"]
    assert props["phone"]["type"] == "phone"
    # Released no wider than any source: UK-NCA's part goes nowhere else.
    assert entity["marking"]["releasable_to"] == ["UK-NCA"]
    assert entity["marking"]["originators"] == ["FR-PN", "UK-NCA"]
    assert entity["marking"]["tlp"] == "TLP:RED"


def test_the_other_agency_reads_the_same_id_without_the_hidden_values(api: Api) -> None:
    entity = api.client("felix").get(f"/entities/{AHMED}").json()
    values = {v["value"] for p in entity["properties"] for v in p["values"]}
    assert "Ahmed Karimi" not in values and "+447700900123" not in values
    assert {v["agency"] for p in entity["properties"] for v in p["values"]} == {"FR-PN"}
    assert entity["referents"] == ["fr-pn-checks/fr-p1"]
    assert entity["marking"]["releasable_to"] == ["FR-PN", "UK-NCA"]


def test_a_value_marked_apart_carries_its_own_marking(api: Api) -> None:
    uk = api.client("nina").get(f"/entities/{CHIARA}").json()
    props = {p["name"]: p for p in uk["properties"]}
    (nationality,) = props["nationality"]["values"]
    assert nationality["marking"]["releasable_to"] == ["IT-PS", "UK-NCA"]
    assert nationality["marking"]["handling"] == "H1"
    assert props["name"]["values"][0]["marking"]["releasable_to"] == ["all"]
    assert uk["marking"]["releasable_to"] == ["IT-PS", "UK-NCA"]
    assert uk["marking"]["handling"] == "H1"
    fr = api.client("felix").get(f"/entities/{CHIARA}").json()
    assert "nationality" not in {p["name"] for p in fr["properties"]}
    assert fr["marking"]["releasable_to"] == ["all"]


def test_neighbours_show_only_the_callers_network(api: Api) -> None:
    uk = api.client("nina").get(f"/graph/{AHMED}/neighbours").json()
    fr = api.client("felix").get(f"/graph/{AHMED}/neighbours").json()
    assert {n["id"] for n in uk["nodes"]} == {AHMED, BILAL, DARIO}
    assert {n["id"] for n in fr["nodes"]} == {AHMED, DARIO}
    assert {e["schema"] for e in uk["edges"]} == {"Payment"} and len(uk["edges"]) == 2
    assert all(set(e["agencies"]) == {"FR-PN"} for e in fr["edges"])


def test_neighbours_respect_depth_limit_and_type_filters(api: Api) -> None:
    nina = api.client("nina")
    two = nina.get(f"/graph/{BILAL}/neighbours?depth=2").json()
    assert {n["id"] for n in two["nodes"]} == {AHMED, BILAL, DARIO}
    one = nina.get(f"/graph/{BILAL}/neighbours?depth=1").json()
    assert {n["id"] for n in one["nodes"]} == {AHMED, BILAL}
    cut = nina.get(f"/graph/{AHMED}/neighbours?limit=2").json()
    assert len(cut["nodes"]) == 2 and cut["truncated"]
    calls = nina.get(f"/graph/{AHMED}/neighbours?edge=Call").json()
    assert [n["id"] for n in calls["nodes"]] == [AHMED] and calls["edges"] == []
    companies = nina.get(f"/graph/{AHMED}/neighbours?schema=Company").json()
    assert [n["id"] for n in companies["nodes"]] == [AHMED]
    assert nina.get(f"/graph/{AHMED}/neighbours?depth=3").status_code == 422


def test_paths_run_only_through_what_the_caller_sees(api: Api) -> None:
    uk = api.client("nina").get(f"/graph/path?from={BILAL}&to={DARIO}").json()
    assert uk["found"] and [n["id"] for n in uk["nodes"]] == [BILAL, AHMED, DARIO]
    assert [e["schema"] for e in uk["edges"]] == ["Payment", "Payment"]
    felix = api.client("felix")
    hidden = felix.get(f"/graph/path?from={BILAL}&to={DARIO}")
    assert hidden.status_code == 404 and hidden.json() == {"detail": "Not Found"}
    typed = api.client("nina").get(f"/graph/path?from={BILAL}&to={DARIO}&edge=Call").json()
    assert typed == {"found": False, "nodes": [], "edges": []}
    short = api.client("nina").get(f"/graph/path?from={BILAL}&to={DARIO}&max_hops=1").json()
    assert not short["found"]


def test_money_routes_need_both_agencies_payments(api: Api) -> None:
    uk = api.client("nina").get("/analyses/money-routes").json()
    assert uk["total"] == 1
    (route,) = uk["routes"]
    assert route["parties"] == [BILAL, AHMED, DARIO] and route["hops"] == 2
    assert route["agencies"] == ["FR-PN", "UK-NCA"] and route["value"] == 1200.0
    assert api.client("felix").get("/analyses/money-routes").json() == {"total": 0, "routes": []}


def test_key_players_and_supply_chains_come_from_the_callers_view(api: Api) -> None:
    for name, visible in (
        ("nina", {AHMED, BILAL, DARIO, CHIARA}),
        ("felix", {AHMED, DARIO, CHIARA}),
    ):
        client = api.client(name)
        players = client.get("/analyses/key-players?top=5").json()
        assert "kingpin" in players["caveat"]
        assert {p["id"] for p in players["players"]} <= visible
        chains = client.get("/analyses/supply-chains").json()
        assert chains == []


def test_roles_that_read_no_content_find_no_reading_routes(api: Api) -> None:
    ada = api.client("ada")  # an auditor
    assert ada.get("/search?q=karimi").status_code == 404
    assert ada.get(f"/entities/{AHMED}").status_code == 404
    assert ada.get("/analyses/money-routes").status_code == 404
    assert ada.get("/datasets").status_code == 404
