// One run of an association: every target with its status (DescribeAssociationExecutionTargets)
// and, on demand, each target's stdout and stderr through GetCommandInvocation with the
// target's OutputSourceId as the command id and its ResourceId as the instance id.
import { ssm } from "./api.js";
import { IN_FLIGHT, counts, countsText, fill, hashFor, html, link, refreshLater, statusBadge, time } from "./ui.js";
import { invocationOutput } from "./output.js";

const TARGET_STATUSES = ["", "Pending", "InProgress", "Success", "Failed", "TimedOut", "Cancelled", "Skipped"];

export async function runPage(main, route, context) {
  const id = route.parts[1];
  const executionId = route.parts[3];
  const status = route.params.get("status") || "";
  const open = new Set((route.params.get("output") || "").split(",").filter(Boolean));
  const outputs = new Map();
  document.title = `Run ${executionId} · Steward`;
  fill(main, html`
    <div class="crumbs">${link("#/associations", "Associations")} / ${link(hashFor("/associations/" + id), id, "back-to-association")} /</div>
    <h1>Run <span class="mono">${executionId}</span> <span id="run-status"></span></h1>
    <div id="run-summary" class="panel"><p class="note">Loading…</p></div>
    <h2 id="targets-title">Targets</h2>
    <form class="filters" id="target-filters" role="search" aria-label="Filter targets">
      <label for="t-status">Status<select id="t-status" name="status">
        ${TARGET_STATUSES.map((s) => html`<option value="${s}" ${s === status ? "selected" : ""}>${s || "Any"}</option>`)}
      </select></label>
      <button type="submit">Apply</button>
    </form>
    <div id="targets"></div>`);
  document.getElementById("target-filters").addEventListener("submit", (event) => {
    event.preventDefault();
    location.hash = hashFor(`/associations/${id}/runs/${executionId}`, { status: event.target.status.value });
  });
  let targets = [];
  let nextToken = null;
  let run = null;
  const targetPage = (token) => ssm("DescribeAssociationExecutionTargets", {
    AssociationId: id, ExecutionId: executionId, MaxResults: 50, NextToken: token || undefined,
    Filters: status ? [{ Key: "Status", Value: status }] : undefined,
  });
  const loadRun = async () => {
    const found = await ssm("DescribeAssociationExecutions", {
      AssociationId: id, Filters: [{ Key: "ExecutionId", Value: executionId, Type: "EQUAL" }],
    });
    run = found.AssociationExecutions[0] || null;
  };
  const keepUrl = () => {
    const q = new URLSearchParams();
    if (status) q.set("status", status);
    if (open.size) q.set("output", [...open].join(","));
    window.history.replaceState(null, "", `#/associations/${id}/runs/${executionId}` + (q.toString() ? "?" + q : ""));
  };
  const render = () => {
    fill(document.getElementById("run-status"), statusBadge(run && run.Status));
    fill(document.getElementById("run-summary"), run ? html`<dl class="definition">
        <dt>Status</dt><dd>${run.Status} — ${run.DetailedStatus}</dd>
        <dt>Created</dt><dd>${time(run.CreatedTime)}</dd>
        <dt>Last run</dt><dd>${time(run.LastExecutionDate)}</dd>
        <dt>Targets by status</dt><dd>${countsText(counts(run.ResourceCountByStatus))}</dd>
        <dt>Association version</dt><dd>${run.AssociationVersion}</dd>
        ${run.TriggeredAlarms && run.TriggeredAlarms.length ? html`<dt>Triggered alarms</dt><dd>${run.TriggeredAlarms.map((a) => `${a.Name} (${a.State})`).join(", ")}</dd>` : ""}
      </dl>` : html`<p class="error" role="alert">No run ${executionId} in this association.</p>`);
    fill(document.getElementById("targets"), html`
      <table aria-labelledby="targets-title">
        <caption>${targets.length} target${targets.length === 1 ? "" : "s"} shown${nextToken ? "; more remain" : ""}.</caption>
        <thead><tr><th scope="col">Resource</th><th scope="col">Type</th><th scope="col">Status</th><th scope="col">Detail</th>
          <th scope="col">Last run</th><th scope="col">Output</th></tr></thead>
        <tbody>${targets.length ? targets.map((t) => {
          const key = t.ResourceId;
          const source = t.OutputSource && t.OutputSource.OutputSourceId;
          return html`<tr>
            <td class="mono">${t.ResourceId}</td><td>${t.ResourceType}</td><td>${statusBadge(t.Status)}</td>
            <td>${t.DetailedStatus}</td><td>${time(t.LastExecutionDate)}</td>
            <td>${source ? html`<button type="button" class="secondary output-toggle" id="output-${key}" data-resource="${key}"
              aria-expanded="${open.has(key)}" aria-controls="output-row-${key}">${open.has(key) ? "Hide output" : "Show output"}</button>`
              : html`<span class="note">none</span>`}</td></tr>
            ${open.has(key) ? html`<tr class="output-row" id="output-row-${key}"><td colspan="6">
              ${outputs.get(key) || html`<p class="note">Loading output…</p>`}</td></tr>` : ""}`;
        }) : html`<tr><td colspan="6">No targets match.</td></tr>`}</tbody>
      </table>
      <div class="pager">${nextToken ? html`<button type="button" id="more-targets" class="secondary">Load more targets</button>` : ""}</div>`);
    for (const button of document.querySelectorAll(".output-toggle")) {
      button.addEventListener("click", () => toggle(button.dataset.resource));
    }
    const more = document.getElementById("more-targets");
    if (more) {
      more.addEventListener("click", async () => {
        more.disabled = true;
        const page = await targetPage(nextToken);
        if (!context.live()) return;
        targets.push(...page.AssociationExecutionTargets);
        nextToken = page.NextToken || null;
        render();
      });
    }
  };
  const fetchOutput = async (resource) => {
    const target = targets.find((t) => t.ResourceId === resource);
    if (!target || !target.OutputSource) return;
    outputs.set(resource, await invocationOutput(target.OutputSource.OutputSourceId, resource));
  };
  const toggle = async (resource) => {
    if (open.has(resource)) {
      open.delete(resource);
      keepUrl();
      render();
      return;
    }
    open.add(resource);
    keepUrl();
    render();
    await fetchOutput(resource);
    if (context.live()) render();
  };
  const first = await Promise.all([targetPage(null), loadRun()]);
  if (!context.live()) return;
  targets = first[0].AssociationExecutionTargets;
  nextToken = first[0].NextToken || null;
  render();
  await Promise.all([...open].map(fetchOutput));
  if (!context.live()) return;
  render();
  const inFlight = () => (run && IN_FLIGHT.has(run.Status)) || targets.some((t) => IN_FLIGHT.has(t.Status));
  const poll = async () => {
    if (!context.live()) return;
    try {
      const [page] = await Promise.all([targetPage(null), loadRun()]);
      if (!context.live()) return;
      for (const t of page.AssociationExecutionTargets) {
        const at = targets.findIndex((x) => x.ResourceId === t.ResourceId);
        if (at >= 0) {
          if (targets[at].Status !== t.Status && open.has(t.ResourceId)) outputs.delete(t.ResourceId);
          targets[at] = t;
        } else targets.push(t);
      }
      await Promise.all([...open].filter((r) => !outputs.has(r)).map(fetchOutput));
      if (!context.live()) return;
      render();
    } catch {
      // Left as it is; the next refresh may succeed.
    }
    if (inFlight()) refreshLater(poll, 2000);
  };
  if (inFlight()) refreshLater(poll, 2000);
}
