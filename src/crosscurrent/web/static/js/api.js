// The one way the UI talks to the server: the API's own routes, with the session
// cookie (HttpOnly, sent by the browser) and the CSRF token on every change.

export class ApiError extends Error {
  constructor(status, detail) {
    super(typeof detail === "string" ? detail : JSON.stringify(detail));
    this.status = status;
  }
}

const session = { csrf: null, me: null };

export function me() { return session.me; }

export function remember(answer) {
  session.me = answer;
  session.csrf = answer ? answer.csrf_token : null;
}

export async function call(method, path, { query, json, form } = {}) {
  let url = path;
  if (query) {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) {
      if (v === null || v === undefined || v === "") continue;
      for (const one of Array.isArray(v) ? v : [v]) params.append(k, one);
    }
    const text = params.toString();
    if (text) url += "?" + text;
  }
  const headers = { Accept: "application/json" };
  if (method !== "GET" && session.csrf) headers["X-CSRF-Token"] = session.csrf;
  let body;
  if (json !== undefined) { headers["Content-Type"] = "application/json"; body = JSON.stringify(json); }
  if (form !== undefined) body = form;  // the browser sets the multipart boundary
  const response = await fetch(url, { method, headers, body, credentials: "same-origin" });
  if (response.status === 204) return null;
  const data = await response.json().catch(() => null);
  if (!response.ok) {
    const error = new ApiError(response.status, data && data.detail ? data.detail : response.statusText);
    // A session that ended (signed out elsewhere, expired, user disabled): back to
    // the sign-in form. /auth/me answers 401 to every signed-out start, which the
    // router handles itself.
    if (response.status === 401 && !path.startsWith("/auth/")) {
      remember(null);
      if (location.hash !== "#/login") location.hash = "#/login";
    }
    throw error;
  }
  return data;
}

export const get = (path, query) => call("GET", path, { query });
export const post = (path, json) => call("POST", path, { json });
export const put = (path, json) => call("PUT", path, { json });
