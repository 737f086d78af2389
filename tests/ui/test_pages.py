"""The UI in a real browser: what each agency sees, the analyst's path through
search, entity, network, path and upload, judgements, and the situation page."""

import json
from pathlib import Path

from playwright.sync_api import Page, expect

from .conftest import Ui


def open_entity(page: Page, query: str, caption: str) -> None:
    page.click('a[data-nav="search"]')
    page.fill("#search-q", query)
    page.press("#search-q", "Enter")
    page.locator("#results a.caption", has_text=caption).first.click()
    page.wait_for_selector("#properties")


def values(page: Page, prop: str) -> list[str]:
    return page.locator(f'[data-prop="{prop}"] .value .v').all_inner_texts()


def test_each_agency_sees_only_the_values_released_to_it(ui: Ui) -> None:
    nina, felix = ui.page("nina"), ui.page("felix")

    open_entity(nina, "Karimi", "Karimi")
    assert sorted(values(nina, "name")) == ["Ahmad Karimi", "Ahmed Karimi"]
    assert values(nina, "alias") == ["أحمد كريمي"]
    assert values(nina, "phone") == ["+447700900123"]
    # Each value names its agency and marking: FR-PN's alias is released to UK-NCA.
    alias = nina.locator('[data-prop="alias"] .value')
    expect(alias.locator(".badge.agency")).to_have_text("FR-PN")
    expect(alias.locator(".marking")).to_have_attribute("data-marking", "H0 FR-PN, UK-NCA")
    expect(nina.locator("#entity-marking .marking")).to_have_attribute(
        "data-marking", "H0 UK-NCA"
    )  # derived: no wider than UK-NCA's own values
    ui.shot(nina, "uk-nca-entity")

    open_entity(felix, "Karimi", "Karimi")
    assert values(felix, "name") == ["Ahmad Karimi"]
    assert values(felix, "phone") == []  # UK-NCA's phone is not released to FR-PN
    assert felix.locator(".badge.agency", has_text="UK-NCA").count() == 0
    ui.shot(felix, "fr-pn-entity")

    # IT-PS releases Chiara to all, her nationality to UK-NCA only.
    open_entity(nina, "Chiara", "Chiara Bianchi")
    assert values(nina, "nationality") == ["it"]
    open_entity(felix, "Chiara", "Chiara Bianchi")
    assert values(felix, "nationality") == []
    assert values(felix, "name") == ["Chiara Bianchi"]


def test_search_entity_expand_path_and_upload(ui: Ui, tmp_path: Path) -> None:
    page = ui.page("nina")
    open_entity(page, "Bilal Nouri", "Bilal Nouri")
    page.click("#open-network")
    page.wait_for_selector("#cy canvas")
    expect(page.locator("#net-status")).to_have_text("2 entities, 1 relations")

    # Select Ahmed (the merged Karimi) on the canvas and expand around him.
    def select(caption: str) -> None:
        page.evaluate(
            "c => { const cy = window.crosscurrentCy;"
            " const n = cy.nodes().filter(x => x.data('label').includes(c))[0];"
            " cy.elements().unselect(); n.select(); n.emit('tap'); }",
            caption,
        )

    select("Karimi")
    page.click("#expand")
    expect(page.locator("#net-status")).to_have_text("3 entities, 2 relations")
    ui.shot(page, "network-expanded")

    select("Bilal Nouri")
    page.click("#set-from")
    select("Dario Rossi")
    page.click("#set-to")
    page.click("#find-path")
    steps = page.locator("#path-steps li")
    expect(steps).to_have_count(3)
    assert steps.all_inner_texts()[0].startswith("Bilal Nouri")
    assert steps.all_inner_texts()[2] == "Dario Rossi"
    ui.shot(page, "network-path")

    upload = tmp_path / "raid.jsonl"
    row = {"id": "r1", "schema": "Person", "properties": {"name": ["Zoran Petrovic"]}}
    upload.write_text(json.dumps(row) + "\n", encoding="utf-8")
    page.click('a[data-nav="upload"]')
    page.wait_for_selector("#reach li")
    page.set_input_files("#file", str(upload))
    page.fill("#dataset", "uk-nca-raid")
    page.check('input.rel[value="IT-PS"]')
    page.select_option("#handling", "H2")
    # "Who will see this" before publishing: UK-NCA itself and IT-PS, TLP:RED.
    expect(page.locator("#reach li")).to_have_count(2)
    expect(page.locator("#preview .marking")).to_have_attribute("data-marking", "H2 IT-PS, UK-NCA")
    ui.shot(page, "upload-preview")
    page.click("#publish")
    expect(page.locator("#upload-result h2").first).to_have_text("Loaded uk-nca-raid")
    ui.shot(page, "upload-done")

    # The upload is visible to IT-PS at once, and not to FR-PN.
    page.goto(f"{ui.base}/ui/#/search")
    open_entity(page, "Zoran", "Zoran Petrovic")
    ivo, felix = ui.page("ivo"), ui.page("felix")
    open_entity(ivo, "Zoran", "Zoran Petrovic")
    felix.fill("#search-q", "Zoran Petrovic")
    felix.press("#search-q", "Enter")
    expect(felix.get_by_text("No match in what your agency may see.")).to_be_visible()


def test_a_split_judged_on_the_entity_page_parts_the_records(ui: Ui) -> None:
    page = ui.page("nina")
    open_entity(page, "Karimi", "Karimi")
    assert sorted(values(page, "name")) == ["Ahmad Karimi", "Ahmed Karimi"]
    for box in page.locator("input.referent").all():
        box.check()
    page.click("#split")
    page.wait_for_load_state()
    page.wait_for_selector("#properties")
    # The entity kept its id (its smallest member is FR-PN's record) and lost UK's.
    expect(page.locator('[data-prop="name"] .value .v')).to_have_text(["Ahmad Karimi"])
    ui.shot(page, "after-split")


def test_the_situation_page_shows_charts_map_and_the_callers_events(ui: Ui) -> None:
    page = ui.page("nina")
    page.click('a[data-nav="situation"]')
    page.wait_for_selector("#events")
    # Official figures from the shipped snapshot, for any caller.
    expect(page.locator("#overview tbody tr")).to_have_count(8)
    for canvas in ("#chart-uk", "#chart-italy"):
        points = page.evaluate(f"window.Chart.getChart(document.querySelector('{canvas}'))"
                               ".data.datasets[0].data.filter(v => v !== null).length")  # fmt: skip
        assert points > 40, canvas  # a year and more of weekly buckets
    # The basemap is drawn (country outlines), with the launch site on it.
    assert page.locator("#map path.leaflet-interactive").count() >= 1
    assert page.locator("#map svg path").count() > 100
    expect(page.locator("#map path.site-marker")).to_have_count(1)
    # FR-PN's three events, released to UK-NCA, with their marking; not IT-PS's own.
    rows = page.locator("#events tbody tr")
    expect(rows).to_have_count(3)
    launch = rows.filter(has_text="launch-sighted")
    expect(launch).to_have_count(1)
    expect(launch.locator(".marking")).to_have_attribute("data-marking", "H0 FR-PN, UK-NCA")
    expect(page.locator("#sections")).to_contain_text("opale-south")
    ui.shot(page, "situation-uk-nca")

    ivo = ui.page("ivo")
    ivo.click('a[data-nav="situation"]')
    ivo.wait_for_selector("#events")
    rows = ivo.locator("#events tbody tr")
    expect(rows).to_have_count(1)
    assert "rescue" in rows.nth(0).inner_text()
    expect(rows.nth(0).locator(".marking")).to_have_attribute("data-marking", "H0 IT-PS")
    expect(ivo.locator("#map path.site-marker")).to_have_count(0)
    ui.shot(ivo, "situation-it-ps")


def test_signing_out_ends_the_session(ui: Ui) -> None:
    page = ui.page("nina")
    page.click("#logout")
    page.wait_for_selector("#login-form")
    page.goto(f"{ui.base}/ui/#/search?q=Karimi")
    page.wait_for_selector("#login-form")  # the old session opens nothing


def test_a_wrong_password_is_refused_without_saying_which_part(ui: Ui) -> None:
    page = ui.page()
    page.fill("#login-name", "nina")
    page.fill("#login-password", "not-the-password")
    page.click("#login-form button")
    expect(page.locator("#login-error")).to_have_text("wrong name or password")
    ui.shot(page, "login-refused")
