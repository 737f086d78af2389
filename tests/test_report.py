from io import StringIO

from rich.console import Console

from crosscurrent.report import Report, build_report, render_report
from graph.factory import e, pay, smuggling_cell


def _render(report: Report, width: int = 200) -> str:
    out = StringIO()
    render_report(report, Console(file=out, width=width, color_system=None))
    return out.getvalue()


def test_report_sizes_the_network() -> None:
    report = build_report(smuggling_cell())
    assert report.size.entities_by_schema["Person"] == 31
    assert report.size.edges_by_type["UnknownLink: stored at"] == 1
    assert report.size.edges_by_type["Trip"] == 4
    assert set(report.size.agencies) == {"DE-BKA", "FR-PN", "NL-POL", "UK-NCA"}
    assert report.key_players[0].canonical_id == "org"
    assert report.supply_chains[0].complete
    assert report.money_routes[0].destination == "org"


def test_report_renders_tables() -> None:
    text = _render(build_report(smuggling_cell(), top=5))
    for heading in ("Network size", "Key players", "Supply chains", "Money routes"):
        assert heading in text
    assert "Oskar Fictus" in text
    assert "Marmara Inflatables Ltd" in text
    assert "not a kingpin business" in text
    # 25 migrants' payments funnel through one route: shown once.
    assert text.count("Rami Exemplar -> Mina Voorbeeld -> Oskar Fictus") == 1
    assert "and 24 other first payers" in text
    assert "DE-BKA, FR-PN, UK-NCA" in text


def test_agency_text_is_not_read_as_markup() -> None:
    ents = [
        e("Person", "a", name="[bold]Nobody[/bold]"),
        pay("p1", "a", "b", "2024-09-01"),
        pay("p2", "b", "c", "2024-09-02"),
    ]
    assert "[bold]Nobody[/bold] -> b -> c" in _render(build_report(ents))


def test_empty_view_renders() -> None:
    text = _render(build_report([]))
    assert "Key players" in text and "Money routes (0 found)" in text


def test_picture_marking_is_no_wider_than_anything_drawn() -> None:
    from crosscurrent.graph import build_network, key_players
    from crosscurrent.graph.picture import scene
    from crosscurrent.model.markings import Handling, Marking
    from crosscurrent.report import marking_line, scene_marking

    ents = smuggling_cell()
    net = build_network(ents)
    shown = scene(net, key_players(net, top=3))
    markings = {  # dataset (as the factory names them) -> marking
        "uk_nca": Marking("UK-NCA", ("all",)),
        "fr_pn": Marking("FR-PN", ("FR-PN", "UK-NCA"), Handling.H2),
    }
    derived = scene_marking(shown, ents, lambda _sid, ds: markings.get(ds))
    assert derived is not None
    assert derived.releasable_to == ("FR-PN", "UK-NCA") and derived.handling is Handling.H2
    line = marking_line(derived)
    assert line.startswith("TLP:RED · releasable to FR-PN, UK-NCA · handling H2")
    # Only what is drawn counts: a marking on nothing shown changes nothing.
    nothing = scene_marking(shown, [], lambda _sid, ds: markings.get(ds))
    assert nothing is None and marking_line(nothing) == "NO CONTENT"
