"""Judgements through the API: who may judge what, the effect on the caller's
entities, the log, and the review queue."""

from .conftest import AHMED, Api

UK_AHMED = "uk-nca-subjects/uk-p1"
FR_AHMAD = "fr-pn-checks/fr-p1"


def test_a_split_parts_the_merged_entity_and_is_logged(api: Api) -> None:
    nina = api.client("nina")
    assert sorted(nina.get(f"/entities/{AHMED}").json()["referents"]) == [FR_AHMAD, UK_AHMED]
    before = api.last_seq()
    answer = nina.post(
        "/judgements", json={"left": UK_AHMED, "right": FR_AHMAD, "verdict": "split"}
    )
    assert answer.status_code == 200, answer.text
    assert answer.json()["resolved"] is True
    assert nina.get(f"/entities/{AHMED}").json()["referents"] == [FR_AHMAD]
    actions = [(x.action, list(x.objects)) for x in api.log(before)]
    assert ("alteration", [UK_AHMED, FR_AHMAD]) in actions
    assert ("combination", ["resolution"]) in actions
    # ... and merging again undoes it.
    assert (
        nina.post(
            "/judgements", json={"left": UK_AHMED, "right": FR_AHMAD, "verdict": "undo"}
        ).status_code
        == 200
    )
    assert len(nina.get(f"/entities/{AHMED}").json()["referents"]) == 2


def test_a_record_the_caller_cannot_see_answers_as_a_missing_one(api: Api) -> None:
    felix = api.client("felix")  # FR-PN does not see UK-NCA's records
    hidden = felix.post(
        "/judgements", json={"left": UK_AHMED, "right": FR_AHMAD, "verdict": "merge"}
    )
    missing = felix.post(
        "/judgements", json={"left": "nope/x", "right": FR_AHMAD, "verdict": "merge"}
    )
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()


def test_a_person_and_a_payment_cannot_be_merged(api: Api) -> None:
    answer = api.client("nina").post(
        "/judgements",
        json={"left": "uk-nca-subjects/uk-pay1", "right": UK_AHMED, "verdict": "merge"},
    )
    assert answer.status_code == 400


def test_judging_needs_the_csrf_token_and_a_reading_role(api: Api) -> None:
    body = {"left": UK_AHMED, "right": FR_AHMAD, "verdict": "split"}
    nina = api.client("nina")
    del nina.headers["X-CSRF-Token"]
    assert nina.post("/judgements", json=body).status_code == 403
    assert api.client("ada").post("/judgements", json=body).status_code == 404  # an auditor


def test_the_review_queue_and_explain_are_consultations(api: Api) -> None:
    nina = api.client("nina")
    before = api.last_seq()
    queue = nina.get("/judgements/review")
    assert queue.status_code == 200 and isinstance(queue.json(), list)
    why = nina.get("/judgements/explain", params={"left": UK_AHMED, "right": FR_AHMAD})
    assert why.status_code == 200
    assert any(x["rule"] == "result" and x["verdict"] == "one entity" for x in why.json())
    reads = [x.detail["read"] for x in api.log(before) if x.action == "consultation"]
    assert reads == ["review", "explain"]
    hidden = api.client("felix").get(
        "/judgements/explain", params={"left": UK_AHMED, "right": FR_AHMAD}
    )
    assert hidden.status_code == 404
