"""Sign-in, sessions and tokens: checked against the store on every request."""

from crosscurrent.share import users
from crosscurrent.store import registry

from .conftest import AHMED, BASE_URL, CASE, Api, password


def test_login_sets_a_secure_session_and_me_answers(api: Api) -> None:
    client = api.anonymous()
    response = client.post("/auth/login", json={"name": "nina", "password": password("nina")})
    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "nina" and body["agency"] == "UK-NCA" and body["roles"] == ["analyst"]
    cookies = {c.split("=", 1)[0]: c for c in response.headers.get_list("set-cookie")}
    session = cookies["cc_session"].lower()
    assert "httponly" in session and "secure" in session and "samesite=strict" in session
    csrf = cookies["cc_csrf"].lower()
    assert "secure" in csrf and "samesite=strict" in csrf and "httponly" not in csrf
    me = client.get("/auth/me").json()
    assert me["name"] == "nina" and me["csrf_token"] == body["csrf_token"]
    assert me["case_reference"] is None


def test_wrong_password_and_unknown_user_fail_alike(api: Api) -> None:
    client = api.anonymous()
    wrong = client.post("/auth/login", json={"name": "nina", "password": "nope"})
    unknown = client.post("/auth/login", json={"name": "nobody", "password": "nope"})
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json() == {"detail": "wrong name or password"}
    assert client.get("/auth/me").status_code == 401


def test_login_is_rate_limited_per_name(api: Api) -> None:
    client = api.anonymous()
    for _ in range(5):
        assert client.post("/auth/login", json={"name": "nina", "password": "x"}).status_code == 401
    right = {"name": "nina", "password": password("nina")}
    refused = client.post("/auth/login", json=right)
    assert refused.status_code == 429
    assert int(refused.headers["retry-after"]) > 0
    # Another name from the same address is not held up by nina's failures.
    assert client.post(
        "/auth/login", json={"name": "felix", "password": password("felix")}
    ).is_success


def test_logout_ends_the_session_for_good(api: Api) -> None:
    client = api.client("nina")
    cookie = client.cookies["cc_session"]
    assert client.post("/auth/logout").status_code == 204
    replay = api.anonymous()
    replay.cookies.set("cc_session", cookie)
    assert replay.get("/auth/me").status_code == 401


def test_a_disabled_users_session_and_token_are_refused_on_the_next_request(api: Api) -> None:
    browser = api.client("nina")
    token = users.create_token(api.con(), "nina")
    script = api.anonymous()
    script.headers.update({"Authorization": f"Bearer {token}", "X-Case-Reference": CASE})
    assert browser.get(f"/entities/{AHMED}").status_code == 200
    assert script.get(f"/entities/{AHMED}").status_code == 200
    users.set_disabled(api.con(), "nina")
    assert browser.get(f"/entities/{AHMED}").status_code == 401
    assert script.get(f"/entities/{AHMED}").status_code == 401
    users.set_disabled(api.con(), "nina", False)
    # Enabling again revives neither the session nor the token.
    assert browser.get("/auth/me").status_code == 401
    assert script.get("/auth/me").status_code == 401


def test_a_revoked_token_is_refused(api: Api) -> None:
    token = users.create_token(api.con(), "felix")
    script = api.anonymous()
    script.headers["Authorization"] = f"Bearer {token}"
    assert script.get("/auth/me").json()["agency"] == "FR-PN"
    users.revoke_token(api.con(), token.split("_")[1])
    assert script.get("/auth/me").status_code == 401
    script.headers["Authorization"] = "Bearer cc_forged_secret"
    assert script.get("/auth/me").status_code == 401


def test_a_removed_agency_signs_its_users_out(api: Api) -> None:
    client = api.client("felix")
    registry.remove_agency(api.con(), "FR-PN")
    assert client.get("/auth/me").status_code == 401
    again = api.anonymous().post(
        "/auth/login", json={"name": "felix", "password": password("felix")}
    )
    assert again.status_code == 401


def test_unsafe_requests_of_a_session_need_its_csrf_token(api: Api) -> None:
    client = api.client("nina")
    token = client.headers.pop("X-CSRF-Token")
    body = {"case_reference": "OP-OTHER"}
    missing = client.put("/auth/case", json=body)
    assert missing.status_code == 403 and "CSRF" in missing.json()["detail"]
    assert (
        client.put("/auth/case", json=body, headers={"X-CSRF-Token": "x" + token}).status_code
        == 403
    )
    assert client.post("/auth/logout").status_code == 403  # still signed in
    ok = client.put("/auth/case", json=body, headers={"X-CSRF-Token": token})
    assert ok.status_code == 200 and ok.json()["case_reference"] == "OP-OTHER"


def test_token_clients_need_no_csrf_token(api: Api) -> None:
    token = users.create_token(api.con(), "nina")
    script = api.anonymous()
    script.headers["Authorization"] = f"Bearer {token}"
    assert script.post("/auth/logout").status_code == 204


def test_cross_site_requests_are_refused_before_any_route(api: Api) -> None:
    client = api.anonymous()
    body = {"name": "nina", "password": password("nina")}
    evil = client.post("/auth/login", json=body, headers={"Origin": "https://evil.example"})
    assert evil.status_code == 403
    fetch = client.post("/auth/login", json=body, headers={"Sec-Fetch-Site": "cross-site"})
    assert fetch.status_code == 403
    same = client.post("/auth/login", json=body, headers={"Origin": BASE_URL})
    assert same.status_code == 200
