"""The UI's files as the API serves them (no browser): the page, its strict
content security policy, local assets only, and a plain answer when the
libraries were never installed."""

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from crosscurrent import web
from crosscurrent.api import create_app

STATIC = web.STATIC


@pytest.fixture
def client(tmp_path: Path) -> TestClient:
    with TestClient(create_app(tmp_path / "s.duckdb"), base_url="https://testserver") as c:
        yield c  # type: ignore[misc]


def test_the_root_leads_to_the_ui_under_a_strict_policy(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200 and str(page.url).endswith("/ui/")
    policy = page.headers["content-security-policy"]
    assert "default-src 'self'" in policy and "unsafe-inline" not in policy
    assert page.headers["cache-control"] == "no-store"
    asset = client.get("/ui/static/js/app.js")
    assert asset.status_code == 200 and asset.headers["cache-control"] == "no-cache"


def test_pages_load_nothing_from_elsewhere_and_carry_no_inline_code() -> None:
    html = (STATIC / "index.html").read_text(encoding="utf-8")
    assert not re.search(r"<script(?![^>]*\bsrc=)", html), "inline script"
    assert "<style" not in html and " style=" not in html
    for path in [STATIC / "index.html", *STATIC.glob("*.css"), *STATIC.glob("js/*.js")]:
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"(src|href)=\"https?:", text), path
        assert ".innerHTML" not in text, path  # values are set as text, never parsed


def test_without_its_libraries_the_ui_says_what_to_run(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(web, "VENDOR", STATIC / "no-such-dir")
    answer = client.get("/ui/")
    assert answer.status_code == 503 and "make install" in answer.text


def test_the_ui_is_not_part_of_the_openapi_document(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert not any(p == "/" or p.startswith("/ui") for p in paths)
