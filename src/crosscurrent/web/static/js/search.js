// Fuzzy name search over the caller's merged entities.
import { get } from "./api.js";
import { h, main } from "./dom.js";
import * as badge from "./badges.js";

const SCHEMATA = ["", "Person", "Company", "LegalEntity", "Vessel", "Vehicle", "BankAccount", "Address"];

export async function searchPage(_arg, params) {
  const q = params.get("q") || "";
  const schema = params.get("schema") || "";
  const root = main();
  const form = h("form", { class: "row panel", id: "search-form" },
    h("input", { type: "search", id: "search-q", name: "q", value: q, placeholder: "A name, however spelled: Mohammed, Muhammad, محمد…", size: 50, minlength: 2, required: true }),
    h("select", { name: "schema", id: "search-schema" }, SCHEMATA.map((s) => h("option", { value: s, selected: s === schema }, s || "any type"))),
    h("button", { type: "submit" }, "Search"));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const next = new URLSearchParams({ q: data.get("q") });
    if (data.get("schema")) next.set("schema", data.get("schema"));
    location.hash = "#/search?" + next.toString();
  });
  root.append(h("h1", {}, "Search"), form);
  if (q.length < 2) {
    root.append(h("p", { class: "muted" }, "Search the people, companies, boats and accounts your agency may see."));
    return;
  }
  const found = await get("/search", { q, schema, limit: 50 });
  const list = h("ul", { class: "results", id: "results" }, found.results.map((r) => h("li", { "data-id": r.id },
    h("a", { class: "caption", href: `#/entity/${encodeURIComponent(r.id)}` }, r.caption),
    " ", h("span", { class: "muted small" }, r.schema, " · score ", r.score.toFixed(2)),
    h("div", {}, r.agencies.map(badge.agency), " ",
      h("span", { class: "muted small" }, "matched: ", r.names.join("; "))))));
  root.append(h("div", { class: "panel" },
    h("p", { class: "muted small" }, `${found.results.length} result(s) for “${found.query}”`),
    found.results.length ? list : h("p", {}, "No match in what your agency may see.")));
}
