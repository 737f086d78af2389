// The network around an entity (Cytoscape.js): expand, filter by type or agency,
// and the shortest path between two selected entities.
import { get } from "./api.js";
import { h, main, toast } from "./dom.js";
import * as badge from "./badges.js";

const COLOURS = {
  Person: "#0b5cad", Company: "#7a3ea1", Organization: "#7a3ea1", LegalEntity: "#7a3ea1",
  Vessel: "#00838f", Vehicle: "#5d6d00", Address: "#a15c00", BankAccount: "#8c1d16",
};

const STYLE = [
  { selector: "node", style: {
    "background-color": (n) => COLOURS[n.data("schema")] || "#5b6b7c",
    label: "data(label)", "font-size": 9, color: "#1d2733", "text-valign": "bottom",
    "text-margin-y": 3, width: 18, height: 18, "text-wrap": "ellipsis", "text-max-width": 110,
    // Labels smaller than this on screen are not drawn: zoomed out over 1,000+
    // nodes they would be an unreadable smear, and drawing them is most of the cost.
    "min-zoomed-font-size": 8,
  } },
  { selector: "node.stub", style: { "background-color": "#fff", "border-width": 1, "border-color": "#8796a5", "border-style": "dashed" } },
  { selector: "node.center", style: { width: 28, height: 28, "border-width": 3, "border-color": "#13283f" } },
  { selector: "node:selected", style: { "border-width": 3, "border-color": "#ffb300" } },
  { selector: "node.end", style: { "border-width": 4, "border-color": "#e65100" } },
  { selector: "edge", style: {
    width: 1.2, "line-color": "#a7b4c2", "curve-style": "bezier", "target-arrow-shape": "triangle",
    "target-arrow-color": "#a7b4c2", "arrow-scale": 0.6, label: "data(label)", "font-size": 7,
    color: "#5b6b7c", "text-rotation": "autorotate", "min-zoomed-font-size": 8,
  } },
  { selector: ".path", style: { "line-color": "#e65100", "target-arrow-color": "#e65100", width: 3.5, "z-index": 10 } },
  { selector: "node.path", style: { "border-width": 3, "border-color": "#e65100" } },
  { selector: ".hidden", style: { display: "none" } },
];

// The network around the key players as a marked image for a briefing. Drawn on
// request only: each drawing is a consultation, logged with the session's case.
const PICTURE = "/analyses/key-players/picture";

function picturePanel() {
  const holder = h("div", { id: "key-players-picture" });
  const button = h("button", { type: "button", class: "secondary", id: "show-picture" },
    "Picture of the key players");
  button.addEventListener("click", () => {
    const img = h("img", { src: `${PICTURE}?format=svg`, alt: "The network around the key players, marked with its TLP label", width: "900" });
    img.addEventListener("error", () => toast("The picture could not be drawn (is a case reference set?).", true));
    holder.replaceChildren(img, h("p", { class: "small" },
      "For a briefing: ", h("a", { href: `${PICTURE}?format=svg`, download: "key-players.svg" }, "SVG"),
      " · ", h("a", { href: `${PICTURE}?format=png`, download: "key-players.png" }, "PNG"),
      ". The marking printed on the image travels with it."));
  });
  return h("section", { class: "panel" }, h("h2", {}, "Key players"), button, holder);
}

export async function networkPage(id) {
  const root = main();
  if (!id) {
    root.append(h("h1", {}, "Network"), h("p", { class: "panel" },
      "Open an entity (from ", h("a", { href: "#/search" }, "search"), ") and choose Network."),
      picturePanel());
    return;
  }
  const first = await get(`/graph/${encodeURIComponent(id)}/neighbours`, { depth: 1, limit: 200 });
  const info = h("div", { class: "side panel", id: "selection" }, h("p", { class: "muted" }, "Click an entity to see it; double-click to expand."));
  const status = h("span", { class: "muted small", id: "net-status" });
  const typeBox = h("fieldset", { id: "filter-types" }, h("legend", {}, "Types"));
  const agencyBox = h("fieldset", { id: "filter-agencies" }, h("legend", {}, "Agencies"));
  const expandBtn = h("button", { type: "button", id: "expand", disabled: true }, "Expand selected");
  const fromBtn = h("button", { type: "button", class: "secondary", id: "set-from", disabled: true }, "Path from");
  const toBtn = h("button", { type: "button", class: "secondary", id: "set-to", disabled: true }, "Path to");
  const pathBtn = h("button", { type: "button", id: "find-path", disabled: true }, "Shortest path");
  const pathInfo = h("div", { id: "path-info", class: "small" });
  root.append(
    h("div", { class: "row" }, h("h1", {}, "Network"), status),
    h("div", { class: "toolbar" }, expandBtn, fromBtn, toBtn, pathBtn, typeBox, agencyBox),
    h("div", { class: "net-layout" }, h("div", { id: "cy" }), h("div", {}, info, pathInfo)),
    picturePanel());

  // Large graphs pan and zoom without redrawing edges on every frame.
  const cy = window.cytoscape({ container: document.getElementById("cy"), style: STYLE, minZoom: 0.05,
    hideEdgesOnViewport: first.nodes.length > 400 });
  window.crosscurrentCy = cy;  // for the end-to-end tests and the curious
  const ends = { from: null, to: null };
  let selected = null;

  const add = (graph) => {
    const added = [];
    for (const n of graph.nodes) {
      if (cy.getElementById(n.id).nonempty()) continue;
      added.push({ group: "nodes", data: { id: n.id, label: n.caption, schema: n.schema, agencies: n.agencies, stub: n.stub }, classes: n.stub ? "stub" : "" });
    }
    for (const e of graph.edges) {
      const key = `${e.id}|${e.source}|${e.target}|${e.role || ""}`;
      if (cy.getElementById(key).nonempty()) continue;
      added.push({ group: "edges", data: { id: key, source: e.source, target: e.target, label: e.label, schema: e.schema, agencies: e.agencies, date: e.date, amount: e.amount, currency: e.currency } });
    }
    cy.add(added);
    return added.length;
  };
  // The panel beside the canvas changes width as its text does: keep Cytoscape's
  // idea of the canvas size in step, or nodes are drawn stretched.
  new ResizeObserver(() => cy.resize()).observe(document.getElementById("cy"));
  const layout = () => {
    cy.resize();
    const big = cy.nodes().length > 400;
    // cose reads best up to a few hundred nodes; beyond that a quick concentric
    // layout by degree keeps 1,000+ nodes readable and fast.
    cy.layout(big ? { name: "concentric", concentric: (n) => n.degree(), levelWidth: () => 2, animate: false, minNodeSpacing: 4 }
      : { name: "cose", animate: false, nodeRepulsion: () => 9000, idealEdgeLength: () => 70, randomize: false }).run();
    // A handful of nodes would otherwise fill the screen with giant labels.
    cy.fit(undefined, 40);
    if (cy.zoom() > 1.3) { cy.zoom(1.3); cy.center(); }
  };
  const refreshFilters = () => {
    const types = [...new Set(cy.nodes().map((n) => n.data("schema")))].sort();
    const agencies = [...new Set(cy.nodes().flatMap((n) => n.data("agencies")))].sort();
    const boxes = (box, values, name) => {
      const keep = new Set([...box.querySelectorAll("input")].filter((i) => !i.checked).map((i) => i.value));
      box.replaceChildren(h("legend", {}, name), ...values.map((v) => h("label", { class: "small" },
        h("input", { type: "checkbox", value: v, checked: !keep.has(v), onchange: applyFilters }), " ", v)));
    };
    boxes(typeBox, types, "Types");
    boxes(agencyBox, agencies, "Agencies");
  };
  const applyFilters = () => {
    const types = new Set([...typeBox.querySelectorAll("input:checked")].map((i) => i.value));
    const agencies = new Set([...agencyBox.querySelectorAll("input:checked")].map((i) => i.value));
    cy.batch(() => cy.nodes().forEach((n) => {
      const ok = types.has(n.data("schema")) && (n.data("agencies").length === 0 || n.data("agencies").some((a) => agencies.has(a)));
      n.toggleClass("hidden", !ok);
    }));
  };
  const updateStatus = () => { status.textContent = `${cy.nodes().length} entities, ${cy.edges().length} relations`; };
  const expand = async (nodeId) => {
    const node = cy.getElementById(nodeId);
    if (node.data("stub")) { toast("Only referenced: this record is outside your view.", true); return; }
    const graph = await get(`/graph/${encodeURIComponent(nodeId)}/neighbours`, { depth: 1, limit: 200 });
    const n = add(graph);
    refreshFilters(); applyFilters(); layout(); updateStatus();
    toast(n ? `${n} element(s) added${graph.truncated ? " (limit reached)" : ""}` : "Nothing new around this entity.");
  };
  const show = (node) => {
    selected = node;
    for (const b of [expandBtn, fromBtn, toBtn]) b.disabled = !node || node.data("stub");
    if (!node) return;
    info.replaceChildren(
      h("h2", {}, node.data("label")),
      h("dl", {}, h("dt", {}, "Type"), h("dd", {}, node.data("schema")),
        h("dt", {}, "Sources"), h("dd", {}, node.data("agencies").map(badge.agency)),
        h("dt", {}, "Relations shown"), h("dd", {}, String(node.degree()))),
      node.data("stub") ? h("p", { class: "note small" }, "Outside your view: only the id its source gave.")
        : h("a", { href: `#/entity/${encodeURIComponent(node.id())}` }, "Open entity page"));
  };

  add(first);
  cy.getElementById(first.center).addClass("center");
  refreshFilters(); layout(); updateStatus();
  cy.on("tap", "node", (event) => show(event.target));
  cy.on("dbltap", "node", (event) => expand(event.target.id()));
  expandBtn.addEventListener("click", () => selected && expand(selected.id()));
  const setEnd = (which) => () => {
    if (!selected) return;
    if (ends[which]) cy.getElementById(ends[which]).removeClass("end");
    ends[which] = selected.id();
    selected.addClass("end");
    pathBtn.disabled = !(ends.from && ends.to);
    pathInfo.textContent = `From: ${ends.from ? cy.getElementById(ends.from).data("label") : "–"} · To: ${ends.to ? cy.getElementById(ends.to).data("label") : "–"}`;
  };
  fromBtn.addEventListener("click", setEnd("from"));
  toBtn.addEventListener("click", setEnd("to"));
  pathBtn.addEventListener("click", async () => {
    cy.elements().removeClass("path");
    const found = await get("/graph/path", { from: ends.from, to: ends.to, max_hops: 6 });
    if (!found.found) { pathInfo.replaceChildren(h("p", { class: "note" }, "No path within 6 steps in your view.")); return; }
    if (add({ nodes: found.nodes, edges: found.edges })) { refreshFilters(); layout(); updateStatus(); }
    for (const n of found.nodes) cy.getElementById(n.id).addClass("path");
    for (const e of found.edges) cy.getElementById(`${e.id}|${e.source}|${e.target}|${e.role || ""}`).addClass("path");
    pathInfo.replaceChildren(h("h2", {}, `Path: ${found.edges.length} step(s)`),
      h("ol", { id: "path-steps" }, found.nodes.map((n, i) => h("li", {}, n.caption,
        found.edges[i] ? h("span", { class: "muted small" }, ` — ${found.edges[i].label}${found.edges[i].date ? " " + found.edges[i].date : ""} →`) : null))));
  });
}
