// Badges for who a value comes from and how it is marked.
import { h } from "./dom.js";

export function agency(code) {
  return h("span", { class: "badge agency", title: "Source agency" }, code);
}

function tlpClass(tlp) {
  if (!tlp) return "badge";
  if (tlp.includes("RED")) return "badge tlp-red";
  if (tlp.includes("AMBER")) return "badge tlp-amber";
  return "badge tlp-green";
}

const HANDLING = {
  H0: "law-enforcement use",
  H1: "not for court without the originator's consent",
  H2: "no onward release without consent",
  H3: "other restrictions",
};

// A marking: {originator|originators, releasable_to, handling, tlp}.
export function marking(m) {
  if (!m) return h("span", { class: "badge", title: "No marking recorded" }, "unmarked");
  const to = m.releasable_to.includes("all") ? "all" : m.releasable_to.join(", ");
  return h("span", { class: "marking", "data-marking": `${m.handling} ${to}` },
    h("span", { class: tlpClass(m.tlp), title: "TLP 2.0 label" }, m.tlp),
    h("span", { class: "badge h", title: HANDLING[m.handling] || "handling" }, m.handling),
    h("span", { class: "badge", title: "Releasable to" }, "to " + to));
}

export function level(value) {
  if (!value) return "–";
  return h("span", { class: "badge level-" + value.replace(" ", "-") }, value);
}
