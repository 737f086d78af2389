"""The OpenAPI document: generated, every route tagged, summarised and documented."""

import re
from pathlib import Path

from fastapi.testclient import TestClient

from crosscurrent.api import create_app
from crosscurrent.api.app import TAGS

DOCS = Path(__file__).parents[2] / "docs" / "api.md"


def operations() -> list[tuple[str, str, dict[str, object]]]:
    schema = create_app().openapi()
    return [
        (path, method, op) for path, ops in schema["paths"].items() for method, op in ops.items()
    ]


def test_the_schema_generates_with_a_description_for_users() -> None:
    schema = create_app().openapi()
    assert schema["info"]["title"] == "Crosscurrent"
    assert "case reference" in schema["info"]["description"]
    assert {t["name"] for t in schema["tags"]} == {t["name"] for t in TAGS}


def test_every_route_has_one_known_tag_a_summary_and_a_description() -> None:
    known = {t["name"] for t in TAGS}
    for path, method, op in operations():
        tags = op.get("tags")
        assert isinstance(tags, list) and len(tags) == 1 and tags[0] in known, (method, path)
        assert op.get("summary"), (method, path)
        assert op.get("description"), (method, path)


def test_response_models_carry_examples() -> None:
    schema = create_app().openapi()
    for name in ("MeOut", "SearchHit", "EntityOut", "NodeOut", "DatasetOut", "AuditEntryOut"):
        props = schema["components"]["schemas"][name]["properties"]
        assert any("examples" in p for p in props.values()), name


def test_every_route_is_documented_in_docs_api_md() -> None:
    text = DOCS.read_text(encoding="utf-8")
    documented = set(re.findall(r"`(GET|POST|PUT|DELETE) (/[^`?]*)", text))
    for path, method, _ in operations():
        assert (method.upper(), path) in documented, f"{method.upper()} {path} not in docs/api.md"


def test_the_schema_is_served(tmp_path: Path) -> None:
    with TestClient(create_app(tmp_path / "s.duckdb"), base_url="https://testserver") as client:
        assert client.get("/openapi.json").json()["info"]["title"] == "Crosscurrent"
