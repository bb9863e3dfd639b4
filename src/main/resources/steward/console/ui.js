// Small helpers for the pages: escaped HTML templates, formatting, and the refresh timer.

class Raw {
  constructor(text) {
    this.text = text;
  }
  toString() {
    return this.text;
  }
}

export const raw = (text) => new Raw(text);

function escape(text) {
  return String(text).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

function render(value) {
  if (value === null || value === undefined || value === false) return "";
  if (value instanceof Raw) return value.text;
  if (Array.isArray(value)) return value.map(render).join("");
  return escape(value);
}

/** A template whose interpolations are escaped unless they are themselves html`` or raw(). */
export function html(strings, ...values) {
  let out = strings[0];
  values.forEach((value, i) => {
    out += render(value) + strings[i + 1];
  });
  return new Raw(out);
}

/**
 * Replaces an element's content and gives focus back to the element that had it (by id), so a
 * refresh in the background never throws a keyboard user out of the page.
 */
export function fill(element, content) {
  const focused = document.activeElement && element.contains(document.activeElement) ? document.activeElement.id : null;
  element.innerHTML = render(content);
  if (focused) {
    const again = document.getElementById(focused);
    if (again) again.focus();
  }
}

/** AWS timestamps are epoch seconds; shown in UTC so that a shared URL reads the same everywhere. */
export function time(seconds) {
  if (seconds === undefined || seconds === null) return "";
  const date = new Date(Number(seconds) * 1000);
  return date.toISOString().replace("T", " ").replace(/\.\d{3}Z$/, "Z");
}

export function isoTime(seconds) {
  return new Date(Number(seconds) * 1000).toISOString();
}

/** A document version as people say it: "$DEFAULT" and "$LATEST" are words, a number is a version. */
export function documentVersion(version) {
  if (!version || version === "$DEFAULT") return "default version";
  if (version === "$LATEST") return "latest version";
  return "v" + version;
}

export function targets(list) {
  return (list || []).map((t) => `${t.Key}=${(t.Values || []).join(",")}`).join("; ");
}

/** ResourceCountByStatus is a string as AWS renders it ("{Failed=1, Success=2}"); JSON is read too. */
export function counts(text) {
  if (!text) return {};
  if (typeof text === "object") return text;
  try {
    return JSON.parse(text);
  } catch {
    const map = {};
    for (const pair of String(text).replace(/^\{|\}$/g, "").split(",")) {
      const [key, value] = pair.split("=").map((s) => s.trim());
      if (key && value !== undefined && !Number.isNaN(Number(value))) map[key] = Number(value);
    }
    return map;
  }
}

export function countsText(map) {
  const entries = Object.entries(map || {});
  return entries.length ? entries.map(([k, v]) => `${k}: ${v}`).join(", ") : "none";
}

const STATUS_CLASSES = {
  Success: "ok", Failed: "bad", TimedOut: "bad", Cancelled: "muted", Skipped: "muted",
  Pending: "busy", InProgress: "busy", Delayed: "busy", Cancelling: "busy",
  Online: "ok", ConnectionLost: "bad", Inactive: "muted",
};

export function statusBadge(status) {
  if (!status) return "";
  return html`<span class="status status-${STATUS_CLASSES[status] || "muted"}">${status}</span>`;
}

export const IN_FLIGHT = new Set(["Pending", "InProgress", "Delayed", "Cancelling"]);

export function link(hash, text, id) {
  return html`<a href="${hash}"${id ? raw(` id="${escape(id)}"`) : ""}>${text}</a>`;
}

export function hashFor(path, params = {}) {
  const query = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== ""));
  const q = query.toString();
  return "#" + path + (q ? "?" + q : "");
}

export function errorBox(message) {
  return html`<p class="error" role="alert">${message}</p>`;
}

/** The current view's refresh timer: one at a time, cleared on every route change. */
let timer = null;
export function refreshLater(fn, millis = 2000) {
  clearTimeout(timer);
  // A tab in the background asks nothing of the server until it is looked at again.
  timer = setTimeout(() => (document.hidden ? refreshLater(fn, millis) : fn()), millis);
}
export function stopRefresh() {
  clearTimeout(timer);
  timer = null;
}

/** Announces a short message to screen readers (and shows it in the status line). */
export function announce(text) {
  const live = document.getElementById("live");
  if (live) live.textContent = text;
}
