// Upload a file with its marking, after seeing who will see it.
import { call, get, me } from "./api.js";
import { h, main, table } from "./dom.js";
import * as badge from "./badges.js";

export async function uploadPage() {
  const root = main();
  const user = me();
  // Every registered agency: what a marking "to all" would reach.
  const everyone = (await get("/datasets/preview", { releasable_to: "all", handling: "H0" })).agencies;
  const prefix = user.agency.toLowerCase() + "-";
  const toAll = h("input", { type: "checkbox", id: "rel-all", value: "all" });
  const partners = everyone.filter((a) => a.code !== user.agency).map((a) => h("label", { class: "small" },
    h("input", { type: "checkbox", class: "rel", value: a.code }), ` ${a.code} (${a.name})`));
  const handling = h("select", { id: "handling", name: "handling" },
    ["H0", "H1", "H2", "H3"].map((c) => h("option", { value: c }, c)));
  const handlingText = h("textarea", { id: "handling-text", name: "handling_text", rows: 2, cols: 50, placeholder: "The restrictions (H3 only)" });
  const preview = h("div", { id: "preview", class: "panel" });
  const result = h("div", { id: "upload-result" });
  const releasable = () => (toAll.checked ? "all"
    : [...root.querySelectorAll("input.rel:checked")].map((i) => i.value).join(","));
  let asked = 0;
  const refresh = async () => {
    for (const p of partners) p.querySelector("input").disabled = toAll.checked;
    // Answers can arrive out of order: only the one to the latest question is shown.
    const mine = ++asked;
    try {
      const found = await get("/datasets/preview", { releasable_to: releasable(), handling: handling.value });
      if (mine !== asked) return;
      preview.replaceChildren(h("h2", {}, "Who will see this"), badge.marking(found.marking),
        h("ul", { class: "reach", id: "reach" }, found.agencies.map((a) => h("li", {}, badge.agency(a.code), " ", a.name))));
    } catch (e) { preview.replaceChildren(h("p", { class: "error" }, e.message)); }
  };
  const form = h("form", { class: "panel", id: "upload-form" },
    h("div", { class: "kv" },
      h("label", { for: "file" }, "File"), h("input", { type: "file", id: "file", name: "file", required: true, accept: ".jsonl,.json,.csv,.xlsx" }),
      h("label", { for: "mapping" }, "Mapping (CSV/Excel)"), h("input", { type: "file", id: "mapping", name: "mapping", accept: ".yml,.yaml" }),
      h("label", { for: "dataset" }, "Dataset name"), h("input", { type: "text", id: "dataset", name: "dataset", required: true, value: prefix, size: 40 }),
      h("span", {}, "Releasable to"), h("div", {}, h("label", { class: "small" }, toAll, " all partner agencies"), h("div", { class: "row" }, partners),
        h("div", { class: "muted small" }, `Nothing ticked: ${user.agency} only.`)),
      h("label", { for: "handling" }, "Handling"), handling,
      h("label", { for: "handling-text" }, "Restrictions"), handlingText),
    h("p", {}, h("button", { type: "submit", id: "publish" }, "Publish")));
  form.addEventListener("change", refresh);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const data = new FormData();
    data.append("file", form.querySelector("#file").files[0]);
    const mapping = form.querySelector("#mapping").files[0];
    if (mapping) data.append("mapping", mapping);
    data.append("dataset", form.querySelector("#dataset").value);
    data.append("releasable_to", releasable());
    data.append("handling", handling.value);
    if (handlingText.value) data.append("handling_text", handlingText.value);
    try {
      const r = await call("POST", "/datasets", { form: data });
      result.replaceChildren(h("div", { class: "panel" }, h("h2", {}, `Loaded ${r.dataset}`),
        table(["rows", "entities", "new statements", "quarantined"], [[r.rows, r.entities, r.statements_new, r.quarantined_rows]], { numeric: [0, 1, 2, 3] }),
        h("p", {}, "Marked ", badge.marking(r.marking), " — visible to ", r.visible_to.map((a) => badge.agency(a.code))),
        r.problems.length ? h("div", {}, h("h2", {}, "Problems"), table(["row", "field", "reason"], r.problems.map((p) => [p.row, p.field || "", p.reason]))) : null,
        h("p", { class: "muted small" }, "New records appear unmerged until resolution next runs.")));
    } catch (e) { result.replaceChildren(h("p", { class: "error", role: "alert" }, e.message)); }
  });
  root.append(h("h1", {}, "Upload a dataset"),
    h("p", { class: "muted" }, `FtM JSON lines, or CSV/Excel with a mapping. The dataset is ${user.agency}'s; its name starts with “${prefix}”.`),
    h("div", { class: "grid2" }, form, preview), result);
  refresh();
}
