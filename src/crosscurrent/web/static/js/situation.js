// The situational picture: official figures (charts), a map of sections, launch
// sites and events on the offline basemap, and the latest events with markings.
import { get } from "./api.js";
import { fmt, h, main, table } from "./dom.js";
import * as badge from "./badges.js";

let basemap = null;  // the countries GeoJSON, read once per page load

async function loadBasemap() {
  if (!basemap) {
    const response = await fetch("static/vendor/countries-50m.json");
    const topo = await response.json();
    basemap = window.topojson.feature(topo, topo.objects.countries);
  }
  return basemap;
}

function kindClass(kind) {
  if (["launch-sighted", "seizure"].includes(kind)) return "kind-launch-sighted";
  if (kind === "arrival") return "kind-arrival";
  if (["rescue", "death", "missing"].includes(kind)) return "kind-rescue";
  return "kind-other";
}

const KIND_COLOUR = { "kind-launch-sighted": "#7a3ea1", "kind-arrival": "#1e7b34", "kind-rescue": "#b3261e", "kind-other": "#0b5cad" };

function seriesChart(canvas, figures) {
  const labels = figures.buckets.map((b) => (figures.by === "week" ? b.end : b.label));
  return new window.Chart(canvas, {
    type: "bar",
    data: {
      labels,
      datasets: [
        { label: `${figures.measure}`, data: figures.buckets.map((b) => (b.missing && !b.value ? null : b.value)), backgroundColor: "#0b5cad" },
        { label: "a year before", type: "line", data: figures.year_before.map((b) => (b.missing && !b.value ? null : b.value)), borderColor: "#e65100", backgroundColor: "#e65100", pointRadius: 2, tension: 0.2 },
      ],
    },
    options: {
      responsive: true, maintainAspectRatio: false, animation: false,
      plugins: { legend: { position: "bottom" }, title: { display: true, text: figures.series.title } },
      scales: { y: { beginAtZero: true }, x: { ticks: { maxRotation: 0, autoSkip: true, maxTicksLimit: 8 } } },
    },
  });
}

async function chartPanel(series, id) {
  const canvas = h("canvas", { id });
  const caption = h("p", { class: "muted small" });
  const panel = h("div", { class: "panel", "data-series": series }, h("div", { class: "chart-box" }, canvas), caption);
  const figures = await get(`/situation/series/${series}`, { by: series.endsWith("daily") ? "week" : null });
  caption.textContent = `Total ${fmt(figures.total.value)} (${figures.total.label})` +
    (figures.total.missing ? `, ${figures.total.missing} period(s) without a figure` : "") + ". " + figures.provenance;
  return { panel, draw: () => seriesChart(canvas, figures) };
}

async function drawMap(el, sections, events) {
  const L = window.L;
  const map = L.map(el, { attributionControl: false, zoomSnap: 0.25, worldCopyJump: false });
  L.control.attribution({ prefix: false }).addAttribution("Basemap: Natural Earth (public domain), world-atlas").addTo(map);
  // The view is set before any layer is added: Leaflet cannot clip paths on a map
  // that has none yet. Open on the places events happened, else on every section.
  const boxes = (list) => list.flatMap((s) => [[s.box[0], s.box[1]], [s.box[2], s.box[3]]]);
  const places = events.sites.map((site) => [site.latitude, site.longitude]);
  const channel = boxes(sections.filter((s) => s.border === "channel"));
  map.fitBounds(L.latLngBounds(places.length ? places.concat(channel) : boxes(sections)).pad(0.6));
  L.geoJSON(await loadBasemap(), { style: { color: "#8a9aab", weight: 0.8, fillColor: "#f3efe6", fillOpacity: 1 }, interactive: false }).addTo(map);
  for (const s of sections) {
    const [south, west, north, east] = s.box;
    L.rectangle([[south, west], [north, east]], { color: "#0b5cad", weight: 1, dashArray: "4 3", fillOpacity: 0.04 })
      .bindTooltip(h("span", {}, `${s.code}: ${s.name}`)).addTo(map);
  }
  for (const site of events.sites) {
    const cls = kindClass(site.kinds[0]);
    const marker = L.circleMarker([site.latitude, site.longitude], {
      radius: 5 + Math.min(site.events, 6), color: "#fff", weight: 1.5, fillColor: KIND_COLOUR[cls], fillOpacity: 0.9,
      className: "site-marker",
    });
    // A DOM node, not a string: Leaflet would put a string in as HTML.
    marker.bindTooltip(h("span", {}, `${site.name || site.id} — ${site.events} event(s): ${site.kinds.join(", ")}`));
    marker.addTo(map);
  }
  return map;
}

export async function situationPage(_arg, params) {
  const root = main();
  root.append(h("h1", {}, "Situation"));
  const [overview, sections] = await Promise.all([get("/situation/overview"), get("/situation/sections")]);
  root.append(h("div", { class: "panel", id: "overview" },
    h("h2", {}, "Official statistics: latest figures against a year before"),
    table(["series", "window", "people", "a year before", "change", "per day", "level"],
      overview.map((r) => [r.series, `${r.window} (${r.start}..${r.end})`, fmt(r.value), fmt(r.year_before),
        r.change_percent === null ? "n/a" : `${r.change_percent > 0 ? "+" : ""}${r.change_percent.toFixed(1)}%`,
        r.per_day === null ? "–" : fmt(Math.round(r.per_day)), badge.level(r.level)]), { numeric: [2, 3, 4, 5] })));

  const charts = await Promise.all([chartPanel("uk-daily", "chart-uk"), chartPanel("italy-daily", "chart-italy")]);
  root.append(h("div", { class: "grid2", id: "charts" }, charts.map((c) => c.panel)));
  charts.forEach((c) => c.draw());

  const section = params.get("section") || "";
  const events = await get("/situation/events", { section, limit: 50 });
  const mapEl = h("div", { id: "map" });
  root.append(h("div", { class: "panel" },
    h("h2", {}, "Launch sites and events (what your agency may see)"),
    h("p", { class: "small" },
      h("span", { class: "legend-dot kind-launch-sighted" }), "launch or seizure ",
      h("span", { class: "legend-dot kind-arrival" }), "arrival ",
      h("span", { class: "legend-dot kind-rescue" }), "rescue, death, missing ",
      h("span", { class: "legend-dot kind-other" }), "other; dashed boxes: border sections"),
    mapEl));
  await drawMap(mapEl, sections, events);

  if (!events.total) {
    root.append(h("p", { class: "panel", id: "no-events" }, "No agency events your agency may see."));
    return;
  }
  root.append(h("div", { class: "panel", id: "sections" },
    h("h2", {}, `Border sections, ${events.start} to ${events.end}`),
    table(["section", "period", "events", "people aboard", "deaths", "missing", "worst", "level"],
      events.sections.map((r) => [r.section, r.label, r.events, fmt(r.people), r.deaths, r.missing, badge.level(r.worst), badge.level(r.level)]),
      { numeric: [2, 3, 4, 5] })));
  root.append(h("div", { class: "panel", id: "events" },
    h("h2", {}, `Latest events (${events.events.length} of ${events.total})`),
    table(["day", "kind", "section", "place", "aboard", "deaths", "impact", "reported by", "marking"],
      events.events.map((e) => [e.day || "–", h("span", {}, h("span", { class: `legend-dot ${kindClass(e.kind)}` }), e.kind), e.section || "unknown",
        e.site_name || "–", e.aboard ?? "–", e.deaths ?? "–", badge.level(e.impact), e.originators.map(badge.agency), badge.marking(e.marking)]),
      { numeric: [4, 5] })));
}
