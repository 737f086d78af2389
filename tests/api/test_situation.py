"""The situation routes: public official figures, and agencies' events through the
caller's view, with markings, as a logged consultation."""

from typing import Any

from fastapi.testclient import TestClient

from factory import e

from .conftest import CASE, Api
from .test_datasets import upload

FR_EVENTS = [
    e("Address", "fr-l1", full="Plage des Huttes, Gravelines", latitude="51.01",
      longitude="2.12"),
    e("Event", "fr-ev1", keywords="launch-sighted", date="2024-09-15", addressEntity="fr-l1",
      summary="40 aboard; confidence: probable"),
    e("Event", "fr-ev2", keywords="death", date="2024-09-14", location="opale-south",
      summary="52 aboard; deaths: 2"),
]  # fmt: skip
IT_EVENTS = [
    e("Event", "it-ev1", keywords="rescue", date="2024-09-13", location="sicily-channel",
      summary="61 aboard; outcome: rescued"),
]  # fmt: skip


def with_events(api: Api) -> None:
    answer = upload(api.client("felix"), "fr-pn-events", "UK-NCA", "H1", FR_EVENTS)
    assert answer.status_code == 201, answer.text
    answer = upload(api.client("ivo"), "it-ps-events", "", "H2", IT_EVENTS)
    assert answer.status_code == 201, answer.text


def events(client: TestClient, **query: Any) -> dict[str, Any]:
    answer = client.get("/situation/events", params=query)
    assert answer.status_code == 200, answer.text
    result: dict[str, Any] = answer.json()
    return result


def test_official_series_are_public_to_any_signed_in_user(api: Api) -> None:
    # An auditor reads no content, but published figures are no content.
    client = api.client("ada", case=None)
    series = {s["id"]: s for s in client.get("/situation/series").json()}
    assert series["uk-daily"]["step"] == "day" and series["uk-daily"]["last"] is not None
    figures = client.get(
        "/situation/series/uk-daily",
        params={"from": "2024-09-01", "to": "2024-09-30", "by": "week"},
    ).json()
    assert figures["by"] == "week" and len(figures["buckets"]) == len(figures["year_before"])
    assert figures["total"]["value"] == sum(b["value"] for b in figures["buckets"])
    assert "Home Office" in figures["provenance"]
    overview = client.get("/situation/overview").json()
    assert {r["series"] for r in overview} >= {"uk-daily", "italy-daily"}
    assert all(x.action != "consultation" for x in api.log())


def test_official_figures_need_a_session(api: Api) -> None:
    assert api.anonymous().get("/situation/series").status_code == 401


def test_an_unknown_series_is_not_found_and_a_backwards_window_is_refused(api: Api) -> None:
    client = api.client("nina")
    assert client.get("/situation/series/nowhere-daily").status_code == 404
    backwards = {"from": "2024-09-30", "to": "2024-09-01"}
    assert client.get("/situation/series/uk-daily", params=backwards).status_code == 400


def test_each_agency_sees_only_the_events_released_to_it(api: Api) -> None:
    with_events(api)
    uk = events(api.client("nina"))
    fr = events(api.client("felix"))
    it = events(api.client("ivo"))
    assert sorted(x["kind"] for x in uk["events"]) == ["death", "launch-sighted"]
    assert sorted(x["kind"] for x in fr["events"]) == ["death", "launch-sighted"]
    assert [x["kind"] for x in it["events"]] == ["rescue"]
    launch = next(x for x in uk["events"] if x["kind"] == "launch-sighted")
    assert launch["marking"] == {
        "originators": ["FR-PN"], "releasable_to": ["FR-PN", "UK-NCA"], "handling": "H1",
        "tlp": "TLP:RED",
    }  # fmt: skip
    assert launch["section"] == "opale-north" and launch["site_name"].startswith("Plage")
    assert [s["name"] for s in uk["sites"]] == ["Plage des Huttes, Gravelines"]
    assert {r["section"]: r["level"] for r in uk["sections"]}["opale-south"] == "critical"
    assert it["sites"] == [] and it["events"][0]["marking"]["releasable_to"] == ["IT-PS"]


def test_reading_events_is_a_logged_consultation(api: Api) -> None:
    with_events(api)
    client = api.client("nina", case=None)
    assert client.get("/situation/events").status_code == 400  # no case reference
    client.headers["X-Case-Reference"] = "OP-MAP/7"
    before = api.last_seq()
    found = events(client, section="opale-north")
    assert [x["kind"] for x in found["events"]] == ["launch-sighted"]
    (entry,) = [x for x in api.log(before) if x.action == "consultation"]
    assert list(entry.objects) == ["situation", found["events"][0]["id"]]
    assert entry.justification == "OP-MAP/7"
    assert entry.detail["read"] == "situation" and entry.detail["count"] == 1


def test_events_are_read_with_the_case_reference(api: Api) -> None:
    with_events(api)
    before = api.last_seq()
    events(api.client("felix"))
    (entry,) = [x for x in api.log(before) if x.action == "consultation"]
    assert entry.justification == CASE and entry.agency == "FR-PN"
    assert entry.detail["count"] == 2


FR_SUPPLY = [
    e("Address", "fr-s1", full="Lagerhalle 7, Duisburg", latitude="51.43", longitude="6.76",
      country="de", remarks="storage site"),
    e("Vessel", "fr-b1", name="Boat HX-77"),
    e("UnknownLink", "fr-st1", subject="fr-b1", object="fr-s1", role="stored at",
      date="2024-08-30"),
    e("UnknownLink", "fr-la1", subject="fr-b1", object="fr-l1", role="launched from",
      date="2024-09-15"),
    e("Trip", "fr-tr1", vehicle="fr-b1", startLocation="fr-l1", startDate="2024-09-15",
      summary="45 aboard; outcome: arrived"),
]  # fmt: skip


def with_supply(api: Api) -> None:
    with_events(api)
    answer = upload(api.client("felix"), "fr-pn-supply", "UK-NCA", "H0", FR_SUPPLY)
    assert answer.status_code == 201, answer.text


def timeline(client: TestClient, **query: Any) -> dict[str, Any]:
    answer = client.get("/situation/timeline", params=query)
    assert answer.status_code == 200, answer.text
    result: dict[str, Any] = answer.json()
    return result


def test_the_timeline_holds_events_and_activities_oldest_first(api: Api) -> None:
    with_supply(api)
    uk = timeline(api.client("nina"), to="2024-12-31")  # the payments are in 2025
    days = [(x["day"], x["kind"]) for x in uk["items"]]
    assert [d for d, _ in days] == sorted(d for d, _ in days)
    assert days[:2] == [("2024-08-30", "storage"), ("2024-09-14", "death")]
    assert sorted(days[2:]) == [
        ("2024-09-15", "arrival"), ("2024-09-15", "launch"), ("2024-09-15", "launch-sighted"),
    ]  # fmt: skip
    assert uk["kinds"] == {"arrival": 1, "death": 1, "launch": 1, "launch-sighted": 1,
                           "storage": 1}  # fmt: skip
    assert uk["days"][0] == {"day": "2024-08-30", "events": 0, "activities": 1}
    assert (uk["start"], uk["end"], uk["total"]) == ("2024-08-30", "2024-09-15", 5)
    stored = uk["items"][0]
    assert stored["category"] == "activity" and stored["originators"] == ["FR-PN"]
    assert stored["title"] == "Boat HX-77 stored at Lagerhalle 7, Duisburg"
    assert stored["marking"]["releasable_to"] == ["FR-PN", "UK-NCA"]
    # Filters: a kind, a section, no activities.
    assert [x["kind"] for x in timeline(api.client("nina"), kind="death")["items"]] == ["death"]
    both = timeline(api.client("nina"), kind=["death", "payment"])["kinds"]
    assert both["payment"] == 2 and both["death"] == 1
    north = timeline(api.client("nina"), section="opale-north")
    assert sorted(x["kind"] for x in north["items"]) == ["arrival", "launch", "launch-sighted"]
    assert timeline(api.client("nina"), activities="false")["total"] == 3
    # IT-PS sees its own rescue and nothing FR-PN released to the UK.
    it = timeline(api.client("ivo"))
    assert [(x["kind"], x["marking"]["releasable_to"]) for x in it["items"]] == [
        ("rescue", ["IT-PS"])
    ]


def test_the_timeline_is_a_logged_consultation(api: Api) -> None:
    with_supply(api)
    client = api.client("nina", case=None)
    assert client.get("/situation/timeline").status_code == 400  # no case reference
    client.headers["X-Case-Reference"] = "OP-TIME/1"
    before = api.last_seq()
    found = timeline(client, kind="storage")
    (entry,) = [x for x in api.log(before) if x.action == "consultation"]
    assert entry.objects[0] == "timeline" and entry.justification == "OP-TIME/1"
    assert found["items"][0]["id"] in entry.objects


def test_places_are_storage_and_launch_sites_and_crossings_the_caller_may_see(
    api: Api,
) -> None:
    with_supply(api)
    before = api.last_seq()
    uk = api.client("nina").get("/situation/places").json()
    (storage,) = uk["storage"]
    assert (storage["name"], storage["country"], storage["items"]) == (
        "Lagerhalle 7, Duisburg", "de", 1,
    )  # fmt: skip
    assert storage["first"] == "2024-08-30" and storage["section"] is None
    assert storage["marking"]["releasable_to"] == ["FR-PN", "UK-NCA"]
    (launch,) = uk["launch"]
    assert launch["name"] == "Plage des Huttes, Gravelines" and launch["items"] == 1
    assert launch["section"] == "opale-north"
    assert [(c["kind"], c["aboard"], c["site_name"]) for c in uk["crossings"]] == [
        ("arrival", 45, "Plage des Huttes, Gravelines")
    ]
    (entry,) = [x for x in api.log(before) if x.action == "consultation"]
    assert entry.objects[0] == "places" and storage["id"] in entry.objects
    # IT-PS was released none of it.
    assert api.client("ivo").get("/situation/places").json() == {
        "storage": [], "launch": [], "crossings": [],
    }  # fmt: skip
    assert api.client("ada").get("/situation/places").status_code == 404  # an auditor
