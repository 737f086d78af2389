"""The timeline, the situation map's layers and fit, the network at 1,000+ nodes
and the review queue, in a real browser (fixtures and data: conftest.py)."""

import json
import time
from typing import Any

from playwright.sync_api import Page, Route, expect

from .conftest import Ui


def test_the_timeline_lists_each_callers_events_and_activities_by_day(ui: Ui) -> None:
    page = ui.page("nina")
    page.click('a[data-nav="timeline"]')
    page.wait_for_selector("#timeline")
    days = page.locator(".tl-day").evaluate_all("els => els.map(e => e.dataset.day)")
    assert days == sorted(days) and days[0] == "2024-08-30"  # oldest first
    stored = page.locator('.tl-day[data-day="2024-08-30"] .tl-item')
    expect(stored).to_have_count(1)
    expect(stored.locator(".tl-title")).to_have_text("Boat HX-77 stored at Lagerhalle 7, Duisburg")
    expect(stored.locator(".badge.agency")).to_have_text("FR-PN")
    expect(stored.locator(".marking")).to_have_attribute("data-marking", "H0 FR-PN, UK-NCA")
    sept15 = page.locator('.tl-day[data-day="2024-09-15"] .tl-item')
    assert sorted(sept15.evaluate_all("els => els.map(e => e.dataset.kind)")) == [
        "arrival", "launch", "launch-sighted",
    ]  # fmt: skip
    # The chart counts the same items per day as the list holds.
    counts = page.evaluate(
        "(() => { const c = window.Chart.getChart(document.querySelector('#tl-chart'));"
        " return c.data.labels.map((d, i) => [d, c.data.datasets[0].data[i]"
        " + c.data.datasets[1].data[i]]); })()"
    )
    listed = page.locator(".tl-day").evaluate_all(
        "els => els.map(e => [e.dataset.day, e.querySelectorAll('.tl-item').length])"
    )
    assert counts == listed
    ui.shot(page, "timeline-uk-nca")

    # Filter by kind and section: only events of that kind in that section remain.
    page.check('#tl-filters input[value="launch-sighted"]')
    page.check('#tl-filters input[value="arrival"]')
    page.select_option("#tl-section", "opale-north")
    page.click('#tl-filters button[type="submit"]')
    expect(page.locator(".tl-item")).to_have_count(2)
    assert "section=opale-north" in page.url and "kind=arrival" in page.url
    assert set(page.locator(".tl-item").evaluate_all("els => els.map(e => e.dataset.kind)")) == {
        "arrival", "launch-sighted",
    }  # fmt: skip
    ui.shot(page, "timeline-filtered")
    page.select_option("#tl-section", "sicily-channel")
    page.click('#tl-filters button[type="submit"]')
    expect(page.locator("#tl-empty")).to_be_visible()

    # IT-PS sees its own rescue and none of FR-PN's chain.
    ivo = ui.page("ivo")
    ivo.click('a[data-nav="timeline"]')
    ivo.wait_for_selector("#timeline")
    expect(ivo.locator(".tl-item[data-kind=rescue]")).to_have_count(1)
    expect(ivo.locator(".tl-item[data-kind=storage]")).to_have_count(0)
    expect(ivo.locator(".tl-item .marking").first).to_have_attribute("data-marking", "H0 IT-PS")


def bounds(page: Page) -> dict[str, float]:
    found: dict[str, float] = page.evaluate(
        "(() => { const b = window.crosscurrentMap.getBounds(); return {south: b.getSouth(),"
        " north: b.getNorth(), west: b.getWest(), east: b.getEast()}; })()"
    )
    return found


def test_the_map_shows_storage_launch_sites_and_crossings_in_layers(ui: Ui) -> None:
    page = ui.page("nina")
    page.click('a[data-nav="situation"]')
    page.wait_for_selector("#events")
    expect(page.locator("#map .storage-marker")).to_have_count(1)
    expect(page.locator("#map .launch-marker")).to_have_count(1)
    expect(page.locator("#map path.crossing-marker")).to_have_count(1)
    # Fitted to what is shown: Duisburg and Gravelines, not the Mediterranean.
    box = bounds(page)
    assert box["south"] > 48 and box["west"] > -3 and box["east"] >= 6.76 and box["north"] >= 51.43
    page.locator("#map .storage-marker").hover()
    expect(page.locator(".leaflet-tooltip")).to_contain_text("Lagerhalle 7, Duisburg (DE)")
    ui.shot(page, "map-layers-uk-nca")
    # Each layer switches off and on.
    layers = {"storage": ".storage-marker", "launch": ".launch-marker",
              "crossings": "path.crossing-marker", "events": "path.site-marker"}  # fmt: skip
    for layer, selector in layers.items():
        page.uncheck(f"#layer-{layer}")
        expect(page.locator(f"#map {selector}")).to_have_count(0)
        page.check(f"#layer-{layer}")
        expect(page.locator(f"#map {selector}")).to_have_count(1)
    page.uncheck("#layer-storage")
    page.uncheck("#layer-sections")
    ui.shot(page, "map-without-storage")

    # IT-PS sees no place with coordinates: the map opens on the Channel alone.
    ivo = ui.page("ivo")
    ivo.click('a[data-nav="situation"]')
    ivo.wait_for_selector("#events")
    expect(ivo.locator("#map .storage-marker")).to_have_count(0)
    expect(ivo.locator("#map .crossing-marker")).to_have_count(0)
    box = bounds(ivo)
    assert 48 < box["south"] < 51 and 50.5 < box["north"] < 53, box  # not down to Sicily
    assert -4 < box["west"] < 1 and 1.5 < box["east"] < 6, box
    ui.shot(ivo, "map-it-ps-channel")


def big_graph(n: int) -> dict[str, Any]:
    """A synthetic network of ``n`` entities: 30 organisers, each with its people,
    phones and accounts, and payments between organisers (no real names)."""
    schemas = ["Person", "Person", "Person", "BankAccount", "Vehicle", "Address"]
    nodes = [{"id": "hub", "caption": "Organiser 0", "schema": "Person",
              "agencies": ["UK-NCA"], "stub": False}]  # fmt: skip
    edges = []
    for i in range(1, n):
        boss = "hub" if i < 30 else f"n{i % 29 + 1}"
        me = f"n{i}"
        agency = "UK-NCA" if i % 3 else "FR-PN"
        nodes.append({"id": me, "caption": f"Synthetic entity {i}", "schema": schemas[i % 6],
                      "agencies": [agency], "stub": i % 17 == 0})  # fmt: skip
        edges.append({"id": f"e{i}", "source": boss if boss != me else "hub", "target": me,
                      "label": "associate", "schema": "UnknownLink", "agencies": ["UK-NCA"],
                      "date": None, "amount": None, "currency": None, "role": None})  # fmt: skip
        if i % 7 == 0:
            edges.append({"id": f"p{i}", "source": me, "target": f"n{(i * 13) % (n - 1) + 1}",
                          "label": "paid", "schema": "Payment", "agencies": ["FR-PN"],
                          "date": "2025-01-02", "amount": "100", "currency": "EUR",
                          "role": None})  # fmt: skip
    return {"center": "hub", "nodes": nodes, "edges": edges, "truncated": False}


def test_the_network_stays_readable_and_usable_at_1200_nodes(ui: Ui) -> None:
    graph = big_graph(1200)
    body = json.dumps(graph)

    def answer(route: Route) -> None:
        route.fulfill(status=200, content_type="application/json", body=body)

    page = ui.page("nina")
    page.route("**/graph/hub/neighbours*", answer)
    began = time.monotonic()
    page.goto(f"{ui.base}/ui/#/network/hub")
    expect(page.locator("#net-status")).to_have_text(
        f"1200 entities, {len(graph['edges'])} relations", timeout=20_000
    )
    took = time.monotonic() - began
    assert took < 10, f"1,200 nodes took {took:.1f} s to lay out and draw"
    zoomed_out = page.evaluate(
        "(() => { const cy = window.crosscurrentCy, n = cy.nodes()[1], e = cy.edges()[0];"
        " return {zoom: cy.zoom(), node: n.pstyle('font-size').pfValue,"
        " nodeMin: n.pstyle('min-zoomed-font-size').pfValue,"
        " edge: e.pstyle('font-size').pfValue, edgeMin: e.pstyle('min-zoomed-font-size').pfValue,"
        " w: cy.width(), spread: cy.nodes().boundingBox().w}; })()"
    )
    # Zoomed out to show them all, labels would be an illegible smear: Cytoscape
    # hides a label whose size on screen is below min-zoomed-font-size.
    assert zoomed_out["zoom"] * zoomed_out["node"] < zoomed_out["nodeMin"], zoomed_out
    assert zoomed_out["zoom"] * zoomed_out["edge"] < zoomed_out["edgeMin"], zoomed_out
    ui.shot(page, "network-1200-zoomed-out")
    # Zoomed in on the organiser, its neighbours' labels are readable again.
    page.evaluate(
        "(() => { const cy = window.crosscurrentCy; cy.zoom({level: 1.5,"
        " position: cy.getElementById('hub').position()}); })()"
    )
    zoom = page.evaluate("window.crosscurrentCy.zoom()")
    assert zoom * zoomed_out["node"] >= zoomed_out["nodeMin"]
    ui.shot(page, "network-1200-zoomed-in")
    # Still usable: selecting shows the entity, a type filter applies at once.
    page.evaluate(
        "(() => { const n = window.crosscurrentCy.getElementById('n5'); n.select();"
        " n.emit('tap'); })()"
    )
    expect(page.locator("#selection h2")).to_have_text("Synthetic entity 5")
    began = time.monotonic()
    page.uncheck('#filter-types input[value="BankAccount"]')
    hidden = page.evaluate("window.crosscurrentCy.nodes('.hidden').length")
    assert hidden == sum(1 for x in graph["nodes"] if x["schema"] == "BankAccount")
    assert time.monotonic() - began < 3


def test_the_review_queue_explains_and_a_judgement_changes_it(ui: Ui) -> None:
    page = ui.page("nina")
    page.click('a[data-nav="review"]')
    page.wait_for_selector("#review-list")
    cards = page.locator(".review-pair")
    expect(cards).to_have_count(2)
    # Each card names its two records (dataset/record) and the evidence between them.
    haddad = cards.filter(has_text="uk-nca-subjects/uk-p3")
    expect(haddad).to_contain_text("fr-pn-checks/fr-p3")
    expect(haddad).to_contain_text("same phone")
    haddad.get_by_role("button", name="Why?").click()
    # The evidence each rule weighed, ending with the resolver's decision.
    expect(haddad.locator(".small.muted > div", has_text="result:")).to_have_count(1)
    ui.shot(page, "review-why")
    haddad.get_by_role("button", name="Same person (merge)").click()
    expect(cards).to_have_count(1)
    ui.shot(page, "review-after-merge")
    # Judged for good: the queue read afresh no longer holds the pair, and the two
    # records are now one entity.
    page.reload()
    page.wait_for_selector("#review-list")
    expect(page.locator(".review-pair")).to_have_count(1)
    expect(page.locator(".review-pair")).to_contain_text("uk-nca-subjects/uk-p4")
    page.goto(f"{ui.base}/ui/#/search")
    page.fill("#search-q", "Haddad")
    page.press("#search-q", "Enter")
    expect(page.locator("#results a.caption")).to_have_count(1)
