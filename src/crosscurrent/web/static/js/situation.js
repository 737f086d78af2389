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

// Layers the analyst can switch on and off, drawn from the caller's view only.
const LAYERS = [
  ["sections", "border sections"], ["events", "events"], ["launch", "launch sites"],
  ["storage", "storage sites"], ["crossings", "crossings"],
];

function pin(kind, place) {
  // An icon with no html: Leaflet builds an empty div, nothing from the data.
  const icon = window.L.divIcon({ className: `pin pin-${kind} ${kind}-marker`, iconSize: [12, 12] });
  const marker = window.L.marker([place.latitude, place.longitude], { icon, keyboard: false });
  const when = place.first ? `, ${place.first === place.last ? place.first : place.first + " to " + place.last}` : "";
  marker.bindTooltip(h("span", {}, `${place.name}${place.country ? " (" + place.country.toUpperCase() + ")" : ""} — ` +
    `${kind} site, ${place.items} boat(s) or engine(s)${when}; reported by ${place.originators.join(", ") || "–"}`));
  return marker;
}

// Where to open: on what is shown. Without any place, on the Channel, where most
// events are; never on every section at once (the Channel and the Mediterranean
// side by side show neither).
export function openingBounds(sections, points) {
  const L = window.L;
  if (points.length) {
    const bounds = L.latLngBounds(points);
    return bounds.getNorth() - bounds.getSouth() < 0.5 && bounds.getEast() - bounds.getWest() < 0.5
      ? L.latLngBounds(points).pad(8) : bounds.pad(0.25);
  }
  const channel = sections.filter((s) => s.border === "channel");
  return L.latLngBounds(channel.flatMap((s) => [[s.box[0], s.box[1]], [s.box[2], s.box[3]]])).pad(0.3);
}

async function drawMap(el, toggles, sections, events, places) {
  const L = window.L;
  const map = L.map(el, { attributionControl: false, zoomSnap: 0.25, worldCopyJump: false });
  window.crosscurrentMap = map;  // for the end-to-end tests and the curious
  L.control.attribution({ prefix: false }).addAttribution("Basemap: Natural Earth (public domain), world-atlas").addTo(map);
  const points = [
    ...events.sites.map((site) => [site.latitude, site.longitude]),
    ...places.launch.concat(places.storage).map((p) => [p.latitude, p.longitude]),
    ...places.crossings.map((c) => [c.latitude, c.longitude]),
  ];
  // The view is set before any layer is added: Leaflet cannot clip paths on a map
  // that has none yet.
  map.fitBounds(openingBounds(sections, points));
  L.geoJSON(await loadBasemap(), { style: { color: "#8a9aab", weight: 0.8, fillColor: "#f3efe6", fillOpacity: 1 }, interactive: false }).addTo(map);
  const layers = Object.fromEntries(LAYERS.map(([key]) => [key, L.layerGroup()]));
  for (const s of sections) {
    const [south, west, north, east] = s.box;
    L.rectangle([[south, west], [north, east]], { color: "#0b5cad", weight: 1, dashArray: "4 3", fillOpacity: 0.04 })
      .bindTooltip(h("span", {}, `${s.code}: ${s.name}`)).addTo(layers.sections);
  }
  for (const site of events.sites) {
    const cls = kindClass(site.kinds[0]);
    const marker = L.circleMarker([site.latitude, site.longitude], {
      radius: 5 + Math.min(site.events, 6), color: "#fff", weight: 1.5, fillColor: KIND_COLOUR[cls], fillOpacity: 0.9,
      className: "site-marker",
    });
    // A DOM node, not a string: Leaflet would put a string in as HTML.
    marker.bindTooltip(h("span", {}, `${site.name || site.id} — ${site.events} event(s): ${site.kinds.join(", ")}`));
    marker.addTo(layers.events);
  }
  for (const place of places.launch) pin("launch", place).addTo(layers.launch);
  for (const place of places.storage) pin("storage", place).addTo(layers.storage);
  for (const c of places.crossings) {
    // A ring around the launch site, coloured by how the crossing ended.
    L.circleMarker([c.latitude, c.longitude], {
      radius: 14, color: KIND_COLOUR[kindClass(c.kind)], weight: 2, fill: false, className: "crossing-marker",
    }).bindTooltip(h("span", {}, `${c.day || "undated"}: ${c.kind} from ${c.site_name || "an unnamed site"}` +
      `${c.aboard !== null ? ", " + c.aboard + " aboard" : ""}; reported by ${c.originators.join(", ")}`)).addTo(layers.crossings);
  }
  for (const [key, label] of LAYERS) {
    const count = { sections: sections.length, events: events.sites.length, launch: places.launch.length,
      storage: places.storage.length, crossings: places.crossings.length }[key];
    const box = h("input", { type: "checkbox", id: `layer-${key}`, checked: true });
    box.addEventListener("change", () => (box.checked ? map.addLayer(layers[key]) : map.removeLayer(layers[key])));
    toggles.append(h("label", { class: "small" }, box, " ", label, h("span", { class: "muted" }, ` (${count})`)));
    layers[key].addTo(map);
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
  const [events, places] = await Promise.all([get("/situation/events", { section, limit: 50 }), get("/situation/places")]);
  const mapEl = h("div", { id: "map" });
  const toggles = h("div", { class: "map-layers", id: "map-layers", role: "group", "aria-label": "Map layers" });
  root.append(h("div", { class: "panel" },
    h("h2", {}, "Launch sites, storage sites, crossings and events (what your agency may see)"),
    h("p", { class: "small" },
      h("span", { class: "legend-dot kind-launch-sighted" }), "launch or seizure ",
      h("span", { class: "legend-dot kind-arrival" }), "arrival ",
      h("span", { class: "legend-dot kind-rescue" }), "rescue, death, missing ",
      h("span", { class: "legend-dot kind-other" }), "other; ",
      h("span", { class: "legend-square pin pin-launch" }), "launch site ",
      h("span", { class: "legend-square pin pin-storage" }), "storage site; rings: crossings from a site; dashed boxes: border sections. ",
      h("a", { href: "#/timeline" }, "Timeline of events and activities")),
    toggles, mapEl));
  await drawMap(mapEl, toggles, sections, events, places);

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
