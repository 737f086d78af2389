// The review queue: uncertain pairs of records to merge, split or leave unsure.
import { get, post } from "./api.js";
import { h, main, toast } from "./dom.js";

export async function reviewPage() {
  const root = main();
  root.append(h("h1", {}, "Review uncertain matches"),
    h("p", { class: "muted" }, "Pairs of people your agency can see whose evidence is mixed, most uncertain first."));
  const pairs = await get("/judgements/review", { limit: 30 });
  if (!pairs.length) { root.append(h("p", { class: "panel" }, "Nothing to review.")); return; }
  const list = h("div", { id: "review-list" });
  for (const pair of pairs) {
    const why = h("div", { class: "small muted" });
    const act = (verdict) => async () => {
      try {
        await post("/judgements", { left: pair.left, right: pair.right, verdict, resolve: true });
        toast(`${verdict}: recorded; resolution has run again.`);
        card.remove();
      } catch (e) { toast(e.message, true); }
    };
    const explain = async () => {
      const evidence = await get("/judgements/explain", { left: pair.left, right: pair.right });
      why.replaceChildren(...evidence.map((e) => h("div", {}, `${e.rule}: ${e.verdict}${e.detail ? " — " + e.detail : ""}`)));
    };
    const link = (entity, name, ref) => h("div", {},
      entity ? h("a", { href: `#/entity/${encodeURIComponent(entity)}` }, name) : name,
      h("div", { class: "small muted" }, ref));
    const card = h("div", { class: "panel review-pair" },
      h("div", { class: "grid2" }, link(pair.left_entity, pair.left_name, pair.left), link(pair.right_entity, pair.right_name, pair.right)),
      h("p", { class: "small" }, `score ${pair.points > 0 ? "+" : ""}${pair.points}: ${pair.evidence.join("; ")}`),
      h("div", { class: "row" },
        h("button", { type: "button", onclick: act("merge") }, "Same person (merge)"),
        h("button", { type: "button", class: "secondary", onclick: act("split") }, "Different (split)"),
        h("button", { type: "button", class: "secondary", onclick: act("unsure") }, "Unsure"),
        h("button", { type: "button", class: "secondary", onclick: explain }, "Why?")),
      why);
    list.append(card);
  }
  root.append(list);
}
