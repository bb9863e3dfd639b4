// One association: its definition, its versions with a diff between two, and its run history
// (DescribeAssociationExecutions, newest first, 50 at a time, with all of its filters).
import { explain, ssm } from "./api.js";
import {
  IN_FLIGHT, countsText, counts, errorBox, fill, hashFor, html, link, refreshLater, statusBadge, targets, time, documentVersion } from "./ui.js";
import { timeline } from "./timeline.js";

const RUN_STATUSES = ["", "Pending", "InProgress", "Success", "Failed", "TimedOut", "Cancelled"];
const PAGE = 50;

export async function associationPage(main, route, context) {
  const id = route.parts[1];
  const p = route.params;
  const filter = { execution: p.get("execution") || "", status: p.get("status") || "", after: p.get("after") || "",
    before: p.get("before") || "", at: p.get("at") || "" };
  const { AssociationDescription: a } = await ssm("DescribeAssociation", { AssociationId: id });
  if (!context.live()) return;
  const title = a.AssociationName || a.AssociationId;
  document.title = `${title} · Associations · Steward`;
  fill(main, html`
    <div class="crumbs">${link("#/associations", "Associations")} /</div>
    <h1>${title} ${statusBadge(a.Overview && a.Overview.Status)}</h1>
    <section aria-labelledby="history-title">
      <h2 id="history-title">Run history</h2>
      <form class="filters" id="run-filters" role="search" aria-label="Filter runs">
        <label for="f-status">Status<select id="f-status" name="status">
          ${RUN_STATUSES.map((s) => html`<option value="${s}" ${s === filter.status ? "selected" : ""}>${s || "Any"}</option>`)}
        </select></label>
        <label for="f-after">Created after (UTC, ISO-8601)<input id="f-after" name="after" value="${filter.after}"
          placeholder="2026-01-31T00:00:00Z" spellcheck="false"></label>
        <label for="f-before">Created before<input id="f-before" name="before" value="${filter.before}"
          placeholder="2026-02-01T00:00:00Z" spellcheck="false"></label>
        <label for="f-at">Created at (a second or a millisecond)<input id="f-at" name="at" value="${filter.at}"
          spellcheck="false"></label>
        <label for="f-execution">Execution ID<input id="f-execution" name="execution" value="${filter.execution}"
          size="36" spellcheck="false"></label>
        <button type="submit">Apply</button>
      </form>
      <div id="run-chart" class="panel"></div>
      <div id="run-table"><p class="note">Loading runs…</p></div>
    </section>
    <div class="cols">
      <section aria-labelledby="definition-title">
        <h2 id="definition-title">Definition (version ${a.AssociationVersion})</h2>
        <div class="panel">${definition(a)}</div>
      </section>
      <section aria-labelledby="versions-title">
        <h2 id="versions-title">Versions</h2>
        <div id="versions" class="panel"><p class="note">Loading versions…</p></div>
      </section>
    </div>`);
  document.getElementById("run-filters").addEventListener("submit", (event) => {
    event.preventDefault();
    const data = Object.fromEntries(new FormData(event.target));
    for (const k of Object.keys(data)) data[k] = data[k].trim();
    location.hash = hashFor("/associations/" + id, data);
  });
  const versions = loadVersions(id, context, p);
  await Promise.all([runHistory(id, filter, context), versions]);
}

function definition(a) {
  const rows = [
    ["Association ID", html`<span class="mono">${a.AssociationId}</span>`],
    ["Document", html`${a.Name} <span class="note">${documentVersion(a.DocumentVersion)}</span>`],
    ["Schedule", a.ScheduleExpression ? html`<span class="mono">${a.ScheduleExpression}</span>${a.ScheduleOffset ? ` offset ${a.ScheduleOffset} days` : ""}` : "none (runs on create, update and on demand)"],
    ["Targets", html`<span class="mono">${targets(a.Targets) || (a.InstanceId ? "InstanceIds=" + a.InstanceId : "")}</span>`],
    ["Parameters", a.Parameters ? html`<span class="mono">${Object.entries(a.Parameters).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join("; ")}</span>` : "none"],
    ["Concurrency / errors", `${a.MaxConcurrency || "all at once"} / ${a.MaxErrors || "no limit"}`],
    ["Compliance", `${a.ComplianceSeverity || "UNSPECIFIED"}${a.SyncCompliance ? ", " + a.SyncCompliance : ""}`],
    ["Overview", html`${a.Overview ? a.Overview.DetailedStatus || a.Overview.Status : ""} (${countsText(a.Overview && a.Overview.AssociationStatusAggregatedCount)})`],
    ["Created", time(a.Date)],
    ["Last updated", time(a.LastUpdateAssociationDate)],
    ["Last run", time(a.LastExecutionDate) || "never"],
  ];
  if (a.Duration) rows.push(["Duration", `${a.Duration} h`]);
  if (a.ApplyOnlyAtCronInterval) rows.push(["Apply only at cron interval", "yes"]);
  if (a.AlarmConfiguration) rows.push(["Alarms", (a.AlarmConfiguration.Alarms || []).map((x) => x.Name).join(", ")]);
  return html`<dl class="definition">${rows.map(([k, v]) => html`<dt>${k}</dt><dd>${v}</dd>`)}</dl>
    <details><summary>Full description (JSON)</summary><pre class="mono">${JSON.stringify(a, null, 2)}</pre></details>`;
}

function executionFilters(filter) {
  const filters = [];
  if (filter.execution) filters.push({ Key: "ExecutionId", Value: filter.execution, Type: "EQUAL" });
  if (filter.status) filters.push({ Key: "Status", Value: filter.status, Type: "EQUAL" });
  if (filter.after) filters.push({ Key: "CreatedTime", Value: filter.after, Type: "GREATER_THAN" });
  if (filter.before) filters.push({ Key: "CreatedTime", Value: filter.before, Type: "LESS_THAN" });
  if (filter.at) filters.push({ Key: "CreatedTime", Value: filter.at, Type: "EQUAL" });
  return filters.length ? filters : undefined;
}

async function runHistory(id, filter, context) {
  const runs = [];
  let nextToken = null;
  const draw = timeline(document.getElementById("run-chart"), (run) => {
    location.hash = hashFor(`/associations/${id}/runs/${run.ExecutionId}`);
  });
  const request = (token) => ssm("DescribeAssociationExecutions", {
    AssociationId: id, Filters: executionFilters(filter), MaxResults: PAGE, NextToken: token || undefined,
  });
  const render = () => {
    draw(runs);
    fill(document.getElementById("run-table"), html`
      <table>
        <caption>${runs.length} run${runs.length === 1 ? "" : "s"} shown, newest first${nextToken ? "; older runs remain" : ""}.</caption>
        <thead><tr><th scope="col">Run</th><th scope="col">Created</th><th scope="col">Status</th>
          <th scope="col">Detail</th><th scope="col">Targets by status</th><th scope="col">Version</th></tr></thead>
        <tbody>${runs.length ? runs.map((r) => html`<tr>
          <td>${link(hashFor(`/associations/${id}/runs/${r.ExecutionId}`), r.ExecutionId, "run-" + r.ExecutionId)}</td>
          <td>${time(r.CreatedTime)}</td><td>${statusBadge(r.Status)}</td><td>${r.DetailedStatus}</td>
          <td>${countsText(counts(r.ResourceCountByStatus))}</td><td class="num">${r.AssociationVersion}</td></tr>`)
          : html`<tr><td colspan="6">No runs match.</td></tr>`}</tbody>
      </table>
      <div class="pager">${nextToken ? html`<button type="button" id="older-runs" class="secondary">Load ${PAGE} older runs</button>` : html`<span>No older runs.</span>`}</div>`);
    const older = document.getElementById("older-runs");
    if (older) {
      older.addEventListener("click", async () => {
        older.disabled = true;
        try {
          const page = await request(nextToken);
          if (!context.live()) return;
          runs.push(...page.AssociationExecutions.filter((r) => !runs.some((x) => x.ExecutionId === r.ExecutionId)));
          nextToken = page.NextToken || null;
          render();
          const focusTarget = document.getElementById("older-runs") || document.getElementById("run-table");
          focusTarget.focus();
        } catch (e) {
          fill(document.getElementById("run-table"), errorBox(explain(e)));
        }
      });
    }
  };
  let first;
  try {
    first = await request(null);
  } catch (e) {
    // A filter the server refuses (a CreatedTime that is not ISO-8601, say) keeps the form on screen.
    if (context.live()) fill(document.getElementById("run-table"), errorBox(explain(e)));
    return;
  }
  if (!context.live()) return;
  runs.push(...first.AssociationExecutions);
  nextToken = first.NextToken || null;
  render();
  // New runs arrive at the top and runs in flight change: re-read the first page, merge it.
  const poll = async () => {
    if (!context.live()) return;
    try {
      const page = await request(null);
      if (!context.live()) return;
      const fresh = [];
      for (const r of page.AssociationExecutions) {
        const at = runs.findIndex((x) => x.ExecutionId === r.ExecutionId);
        if (at >= 0) runs[at] = r;
        else fresh.push(r);
      }
      runs.unshift(...fresh);
      if (!runs.length && page.NextToken) nextToken = page.NextToken;
      render();
    } catch {
      // A failed background refresh leaves the page as it is; the next one may succeed.
    }
    schedule();
  };
  const schedule = () => refreshLater(poll, runs.some((r) => IN_FLIGHT.has(r.Status)) ? 2000 : 5000);
  schedule();
}

async function loadVersions(id, context, params) {
  const list = [];
  let token;
  do {
    const page = await ssm("ListAssociationVersions", { AssociationId: id, MaxResults: 50, NextToken: token });
    list.push(...page.AssociationVersions);
    token = page.NextToken;
  } while (token && list.length < 200);
  if (!context.live()) return;
  const slot = document.getElementById("versions");
  const numbers = list.map((v) => Number(v.AssociationVersion));
  let from = Number(params.get("from")) || numbers[Math.max(0, numbers.length - 2)];
  let to = Number(params.get("to")) || numbers[numbers.length - 1];
  const render = () => {
    const older = list.find((v) => Number(v.AssociationVersion) === from);
    const newer = list.find((v) => Number(v.AssociationVersion) === to);
    const changes = older && newer ? diff(flatten(older), flatten(newer)) : [];
    fill(slot, html`
      <table>
        <caption>${list.length} version${list.length === 1 ? "" : "s"}${token ? " (the first 200)" : ""}, oldest first.</caption>
        <thead><tr><th scope="col">Version</th><th scope="col">Created</th><th scope="col">Document</th><th scope="col">Schedule</th></tr></thead>
        <tbody>${list.map((v) => html`<tr><td class="num">${v.AssociationVersion}</td><td>${time(v.CreatedDate)}</td>
          <td>${v.Name} ${documentVersion(v.DocumentVersion)}</td><td class="mono">${v.ScheduleExpression || "—"}</td></tr>`)}</tbody>
      </table>
      <form class="filters" id="diff-form" aria-label="Compare two versions" style="margin-top:.8rem">
        <label for="diff-from">Compare version<select id="diff-from" name="from">
          ${numbers.map((n) => html`<option ${n === from ? "selected" : ""}>${n}</option>`)}</select></label>
        <label for="diff-to">with version<select id="diff-to" name="to">
          ${numbers.map((n) => html`<option ${n === to ? "selected" : ""}>${n}</option>`)}</select></label>
      </form>
      <div aria-live="polite">
      ${from === to ? html`<p class="note">Pick two different versions to see what changed.</p>`
        : changes.length ? html`<table class="diff"><caption>What changed from version ${from} to ${to}.</caption>
          <thead><tr><th scope="col">Field</th><th scope="col">Version ${from}</th><th scope="col">Version ${to}</th></tr></thead>
          <tbody>${changes.map(([k, o, n]) => html`<tr><th scope="row" class="mono">${k}</th>
            <td class="old mono">${o === undefined ? "(absent)" : o}</td><td class="new mono">${n === undefined ? "(absent)" : n}</td></tr>`)}</tbody></table>`
        : html`<p class="note">Versions ${from} and ${to} define the same association.</p>`}
      </div>`);
    for (const select of slot.querySelectorAll("select")) {
      select.addEventListener("change", () => {
        from = Number(document.getElementById("diff-from").value);
        to = Number(document.getElementById("diff-to").value);
        const q = new URLSearchParams(location.hash.split("?")[1] || "");
        q.set("from", from);
        q.set("to", to);
        window.history.replaceState(null, "", location.hash.split("?")[0] + "?" + q);
        render();
      });
    }
  };
  render();
}

const NOT_COMPARED = new Set(["AssociationVersion", "CreatedDate", "AssociationId"]);

function flatten(value, prefix = "", out = {}) {
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) {
      if (!prefix && NOT_COMPARED.has(k)) continue;
      flatten(v, prefix ? `${prefix}.${k}` : k, out);
    }
  } else {
    out[prefix] = typeof value === "string" ? value : JSON.stringify(value);
  }
  return out;
}

function diff(a, b) {
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  return keys.filter((k) => a[k] !== b[k]).map((k) => [k, a[k], b[k]]);
}

