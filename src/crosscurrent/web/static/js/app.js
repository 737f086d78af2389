// Start-up, sign-in, the header and the hash router (#/search, #/entity/ID, ...).
import { call, get, me, put, remember } from "./api.js";
import { h, main, toast } from "./dom.js";
import { entityPage } from "./entity.js";
import { networkPage } from "./network.js";
import { reviewPage } from "./review.js";
import { searchPage } from "./search.js";
import { situationPage } from "./situation.js";
import { timelinePage } from "./timeline.js";
import { uploadPage } from "./upload.js";

const ROUTES = {
  search: searchPage,
  entity: entityPage,
  network: networkPage,
  review: reviewPage,
  upload: uploadPage,
  situation: situationPage,
  timeline: timelinePage,
};

function parseHash() {
  const [path, query] = location.hash.replace(/^#\/?/, "").split("?");
  const [name, ...rest] = path.split("/");
  return { name: name || "search", arg: rest.map(decodeURIComponent).join("/"), params: new URLSearchParams(query || "") };
}

function showHeader() {
  const user = me();
  const top = document.getElementById("top");
  top.hidden = !user;
  if (!user) return;
  document.getElementById("whoami").textContent = `${user.name} · ${user.agency}`;
  document.getElementById("case-input").value = user.case_reference || "";
  const { name } = parseHash();
  for (const a of document.querySelectorAll("[data-nav]")) a.classList.toggle("active", a.dataset.nav === name);
}

function loginPage() {
  const error = h("p", { class: "error", id: "login-error", role: "alert" });
  const form = h("form", { class: "panel login", id: "login-form" },
    h("h1", {}, "Crosscurrent"),
    h("p", { class: "muted small" }, "Everything you see is what your agency may see; every consultation is logged with your case reference."),
    h("label", { for: "login-name" }, "User name"),
    h("input", { id: "login-name", name: "name", type: "text", autocomplete: "username", required: true }),
    h("label", { for: "login-password" }, "Password"),
    h("input", { id: "login-password", name: "password", type: "password", autocomplete: "current-password", required: true }),
    h("label", { for: "login-case" }, "Case reference"),
    h("input", { id: "login-case", name: "case", type: "text", placeholder: "OP-TIDEWATER/2025-014" }),
    error,
    h("button", { type: "submit" }, "Sign in"));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.textContent = "";
    const data = new FormData(form);
    try {
      const answer = await call("POST", "/auth/login", { json: {
        name: data.get("name"), password: data.get("password"),
        case_reference: data.get("case") || null,
      } });
      remember(answer);
      location.hash = "#/search";
    } catch (e) {
      error.textContent = e.status === 429 ? "Too many failed sign-ins: wait a few minutes." : e.message;
    }
  });
  main().append(form);
}

async function route() {
  const { name, arg, params } = parseHash();
  if (name === "login" || !me()) {
    if (!me()) {
      try { remember(await get("/auth/me")); } catch { remember(null); }
    }
    if (!me()) {
      showHeader();
      // Typing may have begun: never redraw a sign-in form already on screen.
      if (!document.getElementById("login-form")) loginPage();
      return;
    }
    if (name === "login") { location.hash = "#/search"; return; }
  }
  showHeader();
  const page = ROUTES[name] || searchPage;
  try {
    await page(arg, params);
  } catch (e) {
    if (e.status === 401) return;
    console.error(e);
    const root = main();
    root.append(h("div", { class: "panel" }, h("h1", {}, e.status === 404 ? "Not found" : "Something went wrong"),
      h("p", { class: "error" }, e.status === 404 ? "Nothing here, or nothing your agency may see." : e.message)));
  }
}

document.getElementById("case-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  try {
    remember(await put("/auth/case", { case_reference: document.getElementById("case-input").value }));
    toast("Case reference set: consultations are logged with it.");
    route();
  } catch (e) { toast(e.message, true); }
});

document.getElementById("logout").addEventListener("click", async () => {
  try { await call("POST", "/auth/logout"); } catch { /* signed out either way */ }
  remember(null);
  location.hash = "#/login";
});

window.addEventListener("hashchange", route);
route();
