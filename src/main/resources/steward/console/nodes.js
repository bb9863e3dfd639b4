// Managed nodes: DescribeInstanceInformation, a page at a time, filtered on the server.
import { ssm } from "./api.js";
import { countsText, errorBox, fill, hashFor, html, link, refreshLater, statusBadge, time, documentVersion } from "./ui.js";

const PING = ["", "Online", "ConnectionLost", "Inactive"];
const PLATFORMS = ["", "Linux", "Windows", "MacOS"];

export async function nodesPage(main, route, context) {
  document.title = "Nodes · Steward";
  const ping = route.params.get("ping") || "";
  const platform = route.params.get("platform") || "";
  const token = route.params.get("token") || "";
  fill(main, html`
    <h1>Managed nodes</h1>
    <form class="filters" id="node-filters" role="search" aria-label="Filter nodes">
      <label for="n-ping">Ping status<select id="n-ping" name="ping">
        ${PING.map((s) => html`<option value="${s}" ${s === ping ? "selected" : ""}>${s || "Any"}</option>`)}</select></label>
      <label for="n-platform">Platform<select id="n-platform" name="platform">
        ${PLATFORMS.map((s) => html`<option value="${s}" ${s === platform ? "selected" : ""}>${s || "Any"}</option>`)}</select></label>
      <button type="submit">Apply</button>
    </form>
    <div id="node-table"><p class="note">Loading…</p></div>`);
  document.getElementById("node-filters").addEventListener("submit", (event) => {
    event.preventDefault();
    location.hash = hashFor("/nodes", { ping: event.target.ping.value, platform: event.target.platform.value });
  });
  const filters = [];
  if (ping) filters.push({ Key: "PingStatus", Values: [ping] });
  if (platform) filters.push({ Key: "PlatformTypes", Values: [platform] });
  const load = async () => {
    const page = await ssm("DescribeInstanceInformation", {
      Filters: filters.length ? filters : undefined, MaxResults: 50, NextToken: token || undefined,
    });
    if (!context.live()) return;
    const nodes = page.InstanceInformationList;
    fill(document.getElementById("node-table"), html`
      <table>
        <caption>${nodes.length} node${nodes.length === 1 ? "" : "s"} on this page.</caption>
        <thead><tr><th scope="col">Node</th><th scope="col">Name</th><th scope="col">Ping</th><th scope="col">Last ping</th>
          <th scope="col">Platform</th><th scope="col">Agent</th><th scope="col">Associations</th>
          <th scope="col">Last association run</th></tr></thead>
        <tbody>${nodes.length ? nodes.map((n) => html`<tr>
          <td class="mono">${link(hashFor("/nodes/" + n.InstanceId), n.InstanceId, "node-" + n.InstanceId)}</td>
          <td>${n.ComputerName || n.Name || ""}</td>
          <td>${statusBadge(n.PingStatus)}</td><td>${time(n.LastPingDateTime)}</td>
          <td>${n.PlatformType} <span class="note">${[n.PlatformName, n.PlatformVersion].filter(Boolean).join(" ")}</span></td>
          <td>${n.AgentVersion || "—"}${n.IsLatestVersion ? html` <span class="note">(latest)</span>` : ""}</td>
          <td>${n.AssociationStatus ? statusBadge(n.AssociationStatus) : "—"}
            ${n.AssociationOverview ? html`<div class="note">${countsText(n.AssociationOverview.InstanceAssociationStatusAggregatedCount)}</div>` : ""}</td>
          <td>${time(n.LastAssociationExecutionDate) || "never"}</td></tr>`)
          : html`<tr><td colspan="8">No managed nodes match.</td></tr>`}</tbody>
      </table>
      <nav class="pager" aria-label="Pages of nodes">
        ${token ? link(hashFor("/nodes", { ping, platform }), "First page", "first-page") : ""}
        ${page.NextToken ? link(hashFor("/nodes", { ping, platform, token: page.NextToken }), "Next page", "next-page") : html`<span>Last page</span>`}
      </nav>`);
    // Pings and association states change on their own: re-read the page now and then.
    refreshLater(() => context.live() && load().catch(() => {}), 10000);
  };
  await load();
}

/** One node: what DescribeInstanceInformation says of it and, per association, how it last ran there. */
export async function nodePage(main, route, context) {
  const id = route.parts[1];
  document.title = `${id} · Nodes · Steward`;
  const [info, statuses] = await Promise.all([
    ssm("DescribeInstanceInformation", { Filters: [{ Key: "InstanceIds", Values: [id] }] }),
    ssm("DescribeInstanceAssociationsStatus", { InstanceId: id, MaxResults: 50 }),
  ]);
  if (!context.live()) return;
  const n = info.InstanceInformationList[0];
  const rows = statuses.InstanceAssociationStatusInfos;
  fill(main, html`
    <div class="crumbs">${link("#/nodes", "Nodes")} /</div>
    <h1><span class="mono">${id}</span> ${n ? statusBadge(n.PingStatus) : ""}</h1>
    ${n ? html`<div class="panel"><dl class="definition">
      <dt>Name</dt><dd>${n.ComputerName || n.Name || "—"}</dd>
      <dt>Ping</dt><dd>${n.PingStatus}, last ${time(n.LastPingDateTime)}</dd>
      <dt>Platform</dt><dd>${n.PlatformType} ${[n.PlatformName, n.PlatformVersion].filter(Boolean).join(" ")}</dd>
      <dt>Agent</dt><dd>${n.AgentVersion || "—"}${n.IsLatestVersion ? " (latest)" : ""}</dd>
      <dt>Resource type</dt><dd>${n.ResourceType || "—"}</dd>
      ${n.IPAddress ? html`<dt>IP address</dt><dd>${n.IPAddress}</dd>` : ""}
      ${n.RegistrationDate ? html`<dt>Registered</dt><dd>${time(n.RegistrationDate)}</dd>` : ""}
    </dl></div>` : errorBox(`No managed node ${id} in this account and region.`)}
    <h2 id="node-associations-title">Associations on this node</h2>
    <table aria-labelledby="node-associations-title">
      <thead><tr><th scope="col">Association</th><th scope="col">Document</th><th scope="col">Status</th>
        <th scope="col">Detail</th><th scope="col">Last run</th></tr></thead>
      <tbody>${rows.length ? rows.map((r) => html`<tr>
        <td>${link(hashFor("/associations/" + r.AssociationId), r.AssociationName || r.AssociationId)}</td>
        <td>${r.Name} <span class="note">${documentVersion(r.DocumentVersion)}</span></td>
        <td>${statusBadge(r.Status)}</td><td>${r.DetailedStatus}${r.ExecutionSummary ? html`<div class="note">${r.ExecutionSummary}</div>` : ""}</td>
        <td>${time(r.ExecutionDate)}</td></tr>`) : html`<tr><td colspan="5">No association has run on this node.</td></tr>`}</tbody>
    </table>
    ${statuses.NextToken ? html`<p class="note">Showing the first 50.</p>` : ""}`);
}
