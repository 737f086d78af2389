// The timeline: agencies' events and dated supply-chain activities, day by day,
// filterable by kind and section. The list is text; the chart only counts.
import { get } from "./api.js";
import { h, main } from "./dom.js";
import * as badge from "./badges.js";

const EVENT_KINDS = ["crossing-attempt", "arrival", "launch-sighted", "interception", "prevention",
  "rescue", "death", "missing", "seizure", "arrest"];
const ACTIVITY_KINDS = ["supply", "storage", "transport", "launch", "payment"];

function dot(item) {
  return h("span", { class: `legend-dot ${item.category === "event" ? "kind-" + item.kind : "act-" + item.kind}`, "aria-hidden": "true" });
}

function countsChart(canvas, days) {
  return new window.Chart(canvas, {
    type: "bar",
    data: {
      labels: days.map((d) => d.day),
      datasets: [
        { label: "events", data: days.map((d) => d.events), backgroundColor: "#b3261e", stack: "n" },
        { label: "activities", data: days.map((d) => d.activities), backgroundColor: "#0b5cad", stack: "n" },
      ],
    },
    options: {
      responsive: true, maintainAspectRatio: false, animation: false,
      plugins: { legend: { position: "bottom" }, title: { display: true, text: "Items per day" } },
      scales: { y: { beginAtZero: true, stacked: true, ticks: { precision: 0 } }, x: { stacked: true, ticks: { maxRotation: 0, autoSkip: true, maxTicksLimit: 10 } } },
    },
  });
}

function item(x) {
  const facts = [x.aboard !== null && x.aboard !== undefined ? `${x.aboard} aboard` : null,
    x.deaths ? `${x.deaths} dead` : null, x.missing ? `${x.missing} missing` : null,
    x.section ? `section ${x.section}` : null].filter(Boolean).join(" · ");
  return h("li", { class: `tl-item tl-${x.category}`, "data-kind": x.kind, "data-id": x.id },
    h("div", { class: "tl-head" }, dot(x), h("span", { class: "tl-kind" }, x.kind), " ",
      h("span", { class: "tl-title" }, x.title), x.impact ? [" ", badge.level(x.impact)] : null),
    h("div", { class: "tl-meta small" },
      facts ? h("span", { class: "muted" }, facts, " ") : null,
      x.originators.map(badge.agency), badge.marking(x.marking),
      x.category === "activity" ? h("a", { href: `#/entity/${encodeURIComponent(x.id)}`, class: "small" }, "record") : null));
}

export async function timelinePage(_arg, params) {
  const root = main();
  const chosen = new Set(params.getAll("kind"));
  const section = params.get("section") || "";
  const activities = params.get("activities") !== "false";
  const [sections, found] = await Promise.all([
    get("/situation/sections"),
    get("/situation/timeline", { kind: [...chosen], section, activities, limit: 1000 }),
  ]);
  root.append(h("h1", {}, "Timeline"),
    h("p", { class: "muted" }, "Events and dated activities your agency may see, oldest first; each with the agencies that reported it and its marking."));

  // Filters live in the address, so a filtered timeline can be linked and reloaded.
  const kindBox = (kinds, legend) => h("fieldset", { class: "tl-kinds" }, h("legend", {}, legend),
    kinds.map((k) => h("label", { class: "small" },
      h("input", { type: "checkbox", name: "kind", value: k, checked: chosen.has(k) }), " ", k,
      h("span", { class: "muted" }, ` (${found.kinds[k] || 0})`))));
  const sectionSelect = h("select", { id: "tl-section", name: "section" },
    h("option", { value: "" }, "all sections"),
    sections.map((s) => h("option", { value: s.code, selected: s.code === section }, `${s.code}: ${s.name}`)),
    h("option", { value: "unknown", selected: section === "unknown" }, "no section (inland, unplaced)"));
  const withActs = h("input", { type: "checkbox", id: "tl-activities", checked: activities });
  const form = h("form", { class: "panel toolbar", id: "tl-filters" },
    kindBox(EVENT_KINDS, "Events"), kindBox(ACTIVITY_KINDS, "Activities"),
    h("label", { for: "tl-section" }, "Section "), sectionSelect,
    h("label", { class: "small" }, withActs, " show activities"),
    h("button", { type: "submit" }, "Apply"),
    h("button", { type: "button", class: "secondary", id: "tl-clear", onclick: () => { location.hash = "#/timeline"; } }, "Clear"));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const query = new URLSearchParams();
    for (const box of form.querySelectorAll("input[name=kind]:checked")) query.append("kind", box.value);
    if (sectionSelect.value) query.set("section", sectionSelect.value);
    if (!withActs.checked) query.set("activities", "false");
    const text = query.toString();
    location.hash = "#/timeline" + (text ? "?" + text : "");
  });
  root.append(form);

  if (!found.items.length) {
    root.append(h("p", { class: "panel", id: "tl-empty" }, "Nothing dated your agency may see with these filters."));
    return;
  }
  const canvas = h("canvas", { id: "tl-chart", "aria-label": "Items per day (the list below holds the same)", role: "img" });
  root.append(h("div", { class: "panel" }, h("div", { class: "chart-box" }, canvas),
    h("p", { class: "small muted", id: "tl-summary" },
      `${found.total} item(s) from ${found.start} to ${found.end}` +
      (found.items.length < found.total ? `; the latest ${found.items.length} are listed.` : "."))));
  countsChart(canvas, found.days);

  const byDay = new Map();
  for (const x of found.items) {
    if (!byDay.has(x.day)) byDay.set(x.day, []);
    byDay.get(x.day).push(x);
  }
  const list = h("div", { id: "timeline" });
  for (const [day, items] of byDay) {
    const when = new Date(day + "T00:00:00Z").toLocaleDateString("en-GB", { weekday: "short", day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
    list.append(h("section", { class: "panel tl-day", "data-day": day, "aria-label": when },
      h("h2", {}, h("time", { datetime: day }, when), h("span", { class: "muted small" }, ` · ${items.length} item(s)`)),
      h("ol", { class: "tl-list" }, items.map(item))));
  }
  root.append(list);
}
