"""The picture of the key players: drawn, marked, deterministic, and from the caller's
view only (CLI on the two-agency world of ``test_cli_network``, API on the API tests'
three-agency store). All names are synthetic.
"""

from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest
from click.testing import Result

from api.conftest import AHMED, BILAL, CASE, Api, api, template  # noqa: F401 (fixtures)
from crosscurrent.graph import build_network, key_players
from crosscurrent.graph.picture import draw, scene
from crosscurrent.share import audit
from crosscurrent.store import view
from crosscurrent.store.view import Caller

from .factory import smuggling_cell
from .test_cli_network import CASE as CLI_CASE
from .test_cli_network import HANDS, HIDDEN_NAME, world  # noqa: F401 (fixture)


def _picture(fmt: str = "svg") -> bytes:
    net = build_network(smuggling_cell())
    shown = scene(net, key_players(net, top=3))
    return draw(net, shown, "as UK-NCA, case OP-1", "TLP:RED · releasable to UK-NCA", fmt)


def test_scene_holds_the_players_their_contacts_and_the_ties_among_them() -> None:
    net = build_network(smuggling_cell())
    players = key_players(net, top=3)
    shown = scene(net, players, contacts=4)
    assert shown.players == tuple(p.canonical_id for p in players)
    assert shown.players[0] == "org"
    assert set(shown.players) <= set(shown.nodes)
    assert len(shown.nodes) <= 3 * (1 + 4)
    inside = set(shown.nodes)
    assert all(a in inside and b in inside and a < b for a, b, _ in shown.ties)
    assert "Payment" in {group for _, _, group in shown.ties}


def test_svg_names_the_players_and_carries_heading_marking_and_legend() -> None:
    svg = _picture().decode()
    assert svg.startswith("<?xml") and "<svg" in svg
    assert "1. Oskar Fictus" in svg
    assert svg.count("TLP:RED · releasable to UK-NCA") == 2  # top and bottom
    assert "as UK-NCA, case OP-1" in svg
    for legend in ("Legend", "key player (rank)", "payment", "call"):
        assert legend in svg


def test_pictures_are_the_same_bytes_every_time() -> None:
    assert _picture("svg") == _picture("svg")
    png = _picture("png")
    assert png.startswith(b"\x89PNG") and png == _picture("png")


def test_report_draws_only_what_the_caller_sees(
    world: duckdb.DuckDBPyConnection,  # noqa: F811
    cli: Callable[..., Result],
    tmp_path: Path,
) -> None:
    before = int(world.execute("SELECT coalesce(max(seq), 0) FROM audit_entry").fetchall()[0][0])
    nca = tmp_path / "nca.svg"
    result = cli("report", "--as", "UK-NCA", *CLI_CASE, "--picture", str(nca))
    assert result.exit_code == 0, result.output
    svg = nca.read_text()
    assert "Oskar Fictus" in svg and "as UK-NCA, case OP-NET-1" in svg
    assert "TLP:GREEN · releasable to all" in svg  # UK-NCA's cell is released to all
    assert HIDDEN_NAME not in svg
    assert not any(name in svg for name in HANDS["PS"])
    # Everything drawn (logged with the report) is one of UK-NCA's own entities.
    (entry,) = audit.entries(world, before, 100)
    assert entry.objects[0] == "report" and len(entry.objects) > 4
    mine = set(view.clusters(world, Caller("UK-NCA")).values())
    assert set(entry.objects[1:]) <= mine

    ps = tmp_path / "ps.svg"
    assert cli("report", "--as", "IT-PS", *CLI_CASE, "--picture", str(ps)).exit_code == 0
    svg = ps.read_text()
    assert HIDDEN_NAME in svg
    assert "TLP:RED · releasable to IT-PS" in svg  # IT-PS's cell is its own


def test_report_picture_must_be_svg_or_png(
    world: duckdb.DuckDBPyConnection,  # noqa: F811
    cli: Callable[..., Result],
    tmp_path: Path,
) -> None:
    result = cli("report", "--as", "UK-NCA", *CLI_CASE, "--picture", str(tmp_path / "x.gif"))
    assert result.exit_code != 0 and "FILE.svg or FILE.png" in result.output + result.stderr
    png = tmp_path / "x.png"
    assert cli("report", "--as", "UK-NCA", *CLI_CASE, "--picture", str(png)).exit_code == 0
    assert png.read_bytes().startswith(b"\x89PNG")


PICTURE = "/analyses/key-players/picture"


def test_api_picture_is_a_logged_consultation(api: Api) -> None:  # noqa: F811
    client = api.client("nina")
    before = api.last_seq()
    response = client.get(PICTURE)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("image/svg+xml")
    assert response.headers["cache-control"] == "no-store"
    assert "1. Ahmad Karimi" in response.text and "as nina (UK-NCA)" in response.text
    (entry,) = api.log(before)
    assert (entry.action, entry.justification) == ("consultation", CASE)
    assert entry.objects[0] == "key-players-picture" and AHMED in entry.objects
    png = client.get(PICTURE + "?format=png")
    assert png.headers["content-type"] == "image/png" and png.content.startswith(b"\x89PNG")


def test_api_picture_needs_a_case_and_shows_only_the_callers_view(api: Api) -> None:  # noqa: F811
    before = api.last_seq()
    refused = api.client("nina", case=None).get(PICTURE)
    assert refused.status_code == 400 and "case reference" in refused.json()["detail"]
    assert api.log(before) == []
    felix = api.client("felix").get(PICTURE)  # FR-PN: never sees UK-NCA's Bilal
    assert felix.status_code == 200
    assert "Bilal Nouri" not in felix.text and "as felix (FR-PN)" in felix.text
    assert BILAL not in api.log(before)[-1].objects


@pytest.mark.parametrize("fmt", ["gif", "pdf"])
def test_api_picture_refuses_other_formats(api: Api, fmt: str) -> None:  # noqa: F811
    assert api.client("nina").get(f"{PICTURE}?format={fmt}").status_code == 422
