// Associations: one page of ListAssociations at a time, filtered on the server.
import { ssm } from "./api.js";
import { countsText, fill, hashFor, html, link, refreshLater, statusBadge, targets, time, documentVersion } from "./ui.js";

const STATUSES = ["", "Pending", "Success", "Failed"];

export async function associationsPage(main, route, context) {
  document.title = "Associations · Steward";
  const name = route.params.get("name") || "";
  const status = route.params.get("status") || "";
  const size = Number(route.params.get("size")) || 25;
  const token = route.params.get("token") || "";
  fill(main, html`
    <h1>Associations</h1>
    <form class="filters" id="association-filters" role="search" aria-label="Filter associations">
      <label for="filter-name">Association name (exact)
        <input id="filter-name" name="name" value="${name}" spellcheck="false"></label>
      <label for="filter-status">Status
        <select id="filter-status" name="status">
          ${STATUSES.map((s) => html`<option value="${s}" ${s === status ? "selected" : ""}>${s || "Any"}</option>`)}
        </select></label>
      <label for="filter-size">Per page
        <select id="filter-size" name="size">
          ${[10, 25, 50].map((n) => html`<option ${n === size ? "selected" : ""}>${n}</option>`)}
        </select></label>
      <button type="submit">Apply</button>
    </form>
    <div id="association-table"><p class="note">Loading…</p></div>`);
  document.getElementById("association-filters").addEventListener("submit", (event) => {
    event.preventDefault();
    const data = Object.fromEntries(new FormData(event.target));
    location.hash = hashFor("/associations", { name: data.name.trim(), status: data.status, size: data.size });
  });
  const filters = [];
  if (name) filters.push({ key: "AssociationName", value: name });
  if (status) filters.push({ key: "AssociationStatusName", value: status });
  const load = async () => {
    const page = await ssm("ListAssociations", {
      AssociationFilterList: filters.length ? filters : undefined,
      MaxResults: size,
      NextToken: token || undefined,
    });
    if (!context.live()) return;
    render(page);
    if (page.Associations.some((a) => a.Overview && a.Overview.Status === "Pending")) {
      refreshLater(() => context.live() && load().catch(() => {}), 3000);
    }
  };
  const render = (page) => {
    const rows = page.Associations;
    fill(document.getElementById("association-table"), html`
      <table aria-describedby="association-caption">
        <caption id="association-caption">${rows.length} association${rows.length === 1 ? "" : "s"} on this page
          ${token ? "(a later page)" : "(first page)"}; newest last, as ListAssociations lists them.</caption>
        <thead><tr><th scope="col">Name</th><th scope="col">Document</th><th scope="col">Schedule</th>
          <th scope="col">Targets</th><th scope="col">Status</th><th scope="col">Targets by status</th>
          <th scope="col">Last run</th></tr></thead>
        <tbody>${rows.length ? rows.map((a) => html`
          <tr>
            <td>${link(hashFor("/associations/" + a.AssociationId), a.AssociationName || a.AssociationId, "assoc-" + a.AssociationId)}
              ${a.AssociationName ? html`<div class="mono note">${a.AssociationId}</div>` : ""}</td>
            <td>${a.Name} <span class="note">${documentVersion(a.DocumentVersion)}</span></td>
            <td class="mono">${a.ScheduleExpression || "—"}</td>
            <td class="mono">${targets(a.Targets) || (a.InstanceId ? "InstanceIds=" + a.InstanceId : "—")}</td>
            <td>${statusBadge(a.Overview && a.Overview.Status)}
              ${a.Overview && a.Overview.DetailedStatus && a.Overview.DetailedStatus !== a.Overview.Status
                ? html`<div class="note">${a.Overview.DetailedStatus}</div>` : ""}</td>
            <td>${countsText(a.Overview && a.Overview.AssociationStatusAggregatedCount)}</td>
            <td>${time(a.LastExecutionDate) || "never"}</td>
          </tr>`) : html`<tr><td colspan="7">No associations match.</td></tr>`}
        </tbody>
      </table>
      <nav class="pager" aria-label="Pages of associations">
        ${token ? link(hashFor("/associations", { name, status, size }), "First page", "first-page") : ""}
        ${page.NextToken ? link(hashFor("/associations", { name, status, size, token: page.NextToken }), "Next page", "next-page")
          : html`<span>Last page</span>`}
      </nav>`);
  };
  await load();
}
