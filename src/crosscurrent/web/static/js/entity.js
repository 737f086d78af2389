// One merged entity: values grouped by property, each with its source agency and
// marking; the records merged into it, and judgements on them.
import { get, post } from "./api.js";
import { h, main, toast } from "./dom.js";
import * as badge from "./badges.js";

function valueRow(prop, v) {
  const shown = prop.type === "entity"
    ? h("a", { href: `#/entity/${encodeURIComponent(v.value)}` }, v.value)
    : v.value;
  return h("div", { class: "value" },
    h("span", { class: "v" }, shown),
    v.original_value ? h("span", { class: "muted small", title: "As the source wrote it" }, `(${v.original_value})`) : null,
    badge.agency(v.agency),
    badge.marking(v.marking),
    h("span", { class: "src" }, `${v.dataset} / ${v.record}`));
}

function judgeForm(entity) {
  const boxes = entity.referents.map((ref) => h("label", { class: "row small" },
    h("input", { type: "checkbox", value: ref, class: "referent" }), ref));
  const other = h("input", { type: "text", id: "merge-with", placeholder: "dataset/record of another entity", size: 36 });
  const judge = async (verdict, left, right) => {
    try {
      await post("/judgements", { left, right, verdict, resolve: true });
      toast(`${verdict}: ${left} and ${right} — resolution has run again.`);
      location.reload();
    } catch (e) { toast(e.message, true); }
  };
  const checked = () => boxes.map((b) => b.querySelector("input")).filter((i) => i.checked).map((i) => i.value);
  const split = h("button", { type: "button", class: "secondary", id: "split" }, "Split the two ticked records");
  split.addEventListener("click", () => {
    const two = checked();
    if (two.length !== 2) { toast("Tick exactly two records.", true); return; }
    judge("split", two[0], two[1]);
  });
  const unsure = h("button", { type: "button", class: "secondary" }, "Unsure about the two ticked");
  unsure.addEventListener("click", () => {
    const two = checked();
    if (two.length !== 2) { toast("Tick exactly two records.", true); return; }
    judge("unsure", two[0], two[1]);
  });
  const merge = h("button", { type: "button", id: "merge" }, "Merge with");
  merge.addEventListener("click", () => {
    const one = checked()[0] || entity.referents[0];
    if (!other.value.includes("/")) { toast("Name the other record as dataset/record.", true); return; }
    judge("merge", one, other.value.trim());
  });
  return h("div", { class: "panel" },
    h("h2", {}, `Records merged into this entity (${entity.referents.length})`),
    boxes,
    h("div", { class: "row" }, split, unsure),
    h("div", { class: "row" }, merge, other),
    h("p", { class: "muted small" }, "Judgements are kept and logged; a new one on the same pair supersedes the last."));
}

export async function entityPage(id) {
  const entity = await get(`/entities/${encodeURIComponent(id)}`);
  const root = main();
  const agencies = [...new Set(entity.properties.flatMap((p) => p.values.map((v) => v.agency)))].sort();
  root.append(
    h("div", { class: "row" },
      h("h1", { id: "entity-caption" }, entity.caption),
      h("span", { class: "badge" }, entity.schema),
      h("a", { class: "button", href: `#/network/${encodeURIComponent(entity.id)}`, id: "open-network" }, "Network")),
    h("div", { class: "panel" },
      h("div", { class: "kv" },
        h("span", { class: "muted" }, "Entity"), h("code", {}, entity.id),
        h("span", { class: "muted" }, "Sources"), h("span", {}, agencies.map(badge.agency)),
        h("span", { class: "muted" }, "Derived marking"),
        h("span", { id: "entity-marking" }, badge.marking(entity.marking),
          h("span", { class: "muted small" }, " released no wider than any value, handled as the strictest")))),
    h("div", { class: "panel", id: "properties" },
      entity.properties.map((p) => h("div", { class: "prop", "data-prop": p.name },
        h("h3", {}, `${p.label} (${p.values.length})`),
        p.values.map((v) => valueRow(p, v))))),
    judgeForm(entity));
}
