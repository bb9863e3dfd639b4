// Run Command: recent commands (ListCommands), one command's invocations
// (ListCommandInvocations) with each one's output (GetCommandInvocation), and SendCommand.
import { ApiError, explain, ssm } from "./api.js";
import { IN_FLIGHT, errorBox, fill, hashFor, html, link, refreshLater, statusBadge, targets, time, documentVersion } from "./ui.js";
import { invocationOutput } from "./output.js";

const COMMAND_STATUSES = ["", "Pending", "InProgress", "Success", "Failed", "TimedOut", "Cancelled", "Cancelling"];

export async function commandsPage(main, route, context) {
  document.title = "Commands · Steward";
  const status = route.params.get("status") || "";
  const token = route.params.get("token") || "";
  fill(main, html`
    <h1>Commands</h1>
    <p>${link("#/commands/new", "Send a command", "send-command-link")}</p>
    <form class="filters" id="command-filters" role="search" aria-label="Filter commands">
      <label for="c-status">Status<select id="c-status" name="status">
        ${COMMAND_STATUSES.map((s) => html`<option value="${s}" ${s === status ? "selected" : ""}>${s || "Any"}</option>`)}</select></label>
      <button type="submit">Apply</button>
    </form>
    <div id="command-table"><p class="note">Loading…</p></div>`);
  document.getElementById("command-filters").addEventListener("submit", (event) => {
    event.preventDefault();
    location.hash = hashFor("/commands", { status: event.target.status.value });
  });
  const load = async () => {
    const page = await ssm("ListCommands", {
      Filters: status ? [{ key: "Status", value: status }] : undefined, MaxResults: 50, NextToken: token || undefined,
    });
    if (!context.live()) return;
    const commands = page.Commands;
    fill(document.getElementById("command-table"), html`
      <table>
        <caption>${commands.length} command${commands.length === 1 ? "" : "s"} on this page, newest first.</caption>
        <thead><tr><th scope="col">Command</th><th scope="col">Document</th><th scope="col">Requested</th>
          <th scope="col">Status</th><th scope="col">Targets</th><th scope="col" class="num">Done / errors / of</th>
          <th scope="col">Comment</th></tr></thead>
        <tbody>${commands.length ? commands.map((c) => html`<tr>
          <td>${link(hashFor("/commands/" + c.CommandId), c.CommandId, "command-" + c.CommandId)}</td>
          <td>${c.DocumentName}</td><td>${time(c.RequestedDateTime)}</td><td>${statusBadge(c.Status)}</td>
          <td class="mono">${targets(c.Targets) || (c.InstanceIds || []).join(", ")}</td>
          <td class="num">${c.CompletedCount ?? 0} / ${c.ErrorCount ?? 0} / ${c.TargetCount ?? 0}</td><td>${c.Comment}</td></tr>`)
          : html`<tr><td colspan="7">No commands.</td></tr>`}</tbody>
      </table>
      <nav class="pager" aria-label="Pages of commands">
        ${token ? link(hashFor("/commands", { status }), "First page", "first-page") : ""}
        ${page.NextToken ? link(hashFor("/commands", { status, token: page.NextToken }), "Next page", "next-page") : html`<span>Last page</span>`}
      </nav>`);
    if (commands.some((c) => IN_FLIGHT.has(c.Status))) {
      refreshLater(() => context.live() && load().catch(() => {}), 2000);
    }
  };
  await load();
}

export async function commandPage(main, route, context) {
  const commandId = route.parts[1];
  const open = new Set((route.params.get("output") || "").split(",").filter(Boolean));
  const outputs = new Map();
  document.title = `Command ${commandId} · Steward`;
  fill(main, html`
    <div class="crumbs">${link("#/commands", "Commands")} /</div>
    <h1>Command <span class="mono">${commandId}</span> <span id="command-status"></span></h1>
    <div id="command-summary" class="panel"><p class="note">Loading…</p></div>
    <h2 id="invocations-title">Invocations</h2>
    <div id="invocations"></div>`);
  let command = null;
  let invocations = [];
  const load = async () => {
    const [list, inv] = await Promise.all([
      ssm("ListCommands", { CommandId: commandId }),
      ssm("ListCommandInvocations", { CommandId: commandId, MaxResults: 50 }),
    ]);
    command = list.Commands[0] || null;
    invocations = inv.CommandInvocations;
    for (const i of invocations) {
      if (open.has(i.InstanceId) && IN_FLIGHT.has(i.Status)) outputs.delete(i.InstanceId);
    }
    await Promise.all([...open].filter((r) => !outputs.has(r)).map(fetchOutput));
  };
  const fetchOutput = async (instanceId) => {
    outputs.set(instanceId, await invocationOutput(commandId, instanceId));
  };
  const keepUrl = () => {
    window.history.replaceState(null, "", `#/commands/${commandId}` + (open.size ? "?output=" + [...open].join(",") : ""));
  };
  const render = () => {
    fill(document.getElementById("command-status"), statusBadge(command && command.Status));
    fill(document.getElementById("command-summary"), command ? html`<dl class="definition">
        <dt>Document</dt><dd>${command.DocumentName} <span class="note">${documentVersion(command.DocumentVersion)}</span></dd>
        <dt>Status</dt><dd>${command.Status} — ${command.StatusDetails}</dd>
        <dt>Requested</dt><dd>${time(command.RequestedDateTime)}</dd>
        <dt>Targets</dt><dd class="mono">${targets(command.Targets) || (command.InstanceIds || []).join(", ")}</dd>
        <dt>Parameters</dt><dd class="mono">${Object.entries(command.Parameters || {}).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join("; ")}</dd>
        <dt>Counts</dt><dd>${command.TargetCount ?? 0} targets, ${command.CompletedCount ?? 0} completed, ${command.ErrorCount ?? 0} errors</dd>
        ${command.Comment ? html`<dt>Comment</dt><dd>${command.Comment}</dd>` : ""}
      </dl>` : errorBox(`No command ${commandId}.`));
    fill(document.getElementById("invocations"), html`
      <table aria-labelledby="invocations-title">
        <thead><tr><th scope="col">Node</th><th scope="col">Name</th><th scope="col">Status</th><th scope="col">Detail</th>
          <th scope="col">Requested</th><th scope="col">Output</th></tr></thead>
        <tbody>${invocations.length ? invocations.map((i) => html`<tr>
          <td class="mono">${i.InstanceId}</td><td>${i.InstanceName}</td><td>${statusBadge(i.Status)}</td><td>${i.StatusDetails}</td>
          <td>${time(i.RequestedDateTime)}</td>
          <td><button type="button" class="secondary output-toggle" id="output-${i.InstanceId}" data-instance="${i.InstanceId}"
            aria-expanded="${open.has(i.InstanceId)}" aria-controls="output-row-${i.InstanceId}">${open.has(i.InstanceId) ? "Hide output" : "Show output"}</button></td></tr>
          ${open.has(i.InstanceId) ? html`<tr class="output-row" id="output-row-${i.InstanceId}"><td colspan="6">
            ${outputs.get(i.InstanceId) || html`<p class="note">Loading output…</p>`}</td></tr>` : ""}`)
          : html`<tr><td colspan="6">No invocations yet.</td></tr>`}</tbody>
      </table>`);
    for (const button of document.querySelectorAll(".output-toggle")) {
      button.addEventListener("click", async () => {
        const instance = button.dataset.instance;
        if (open.has(instance)) open.delete(instance);
        else open.add(instance);
        keepUrl();
        render();
        if (open.has(instance) && !outputs.has(instance)) {
          await fetchOutput(instance);
          if (context.live()) render();
        }
      });
    }
  };
  await load();
  if (!context.live()) return;
  render();
  const poll = async () => {
    if (!context.live()) return;
    try {
      await load();
      if (context.live()) render();
    } catch {
      // Left as it is; the next refresh may succeed.
    }
    schedule();
  };
  const schedule = () => {
    if ((command && IN_FLIGHT.has(command.Status)) || invocations.some((i) => IN_FLIGHT.has(i.Status)) || !command) {
      refreshLater(poll, 1500);
    }
  };
  schedule();
}

export async function sendCommandPage(main, route, context) {
  document.title = "Send a command · Steward";
  const documents = [];
  let token;
  do {
    const page = await ssm("ListDocuments", { Filters: [{ Key: "DocumentType", Values: ["Command"] }], MaxResults: 50, NextToken: token });
    documents.push(...page.DocumentIdentifiers);
    token = page.NextToken;
  } while (token && documents.length < 500);
  if (!context.live()) return;
  const chosen = route.params.get("document") || (documents.some((d) => d.Name === "AWS-RunShellScript") ? "AWS-RunShellScript" : documents[0] && documents[0].Name);
  fill(main, html`
    <div class="crumbs">${link("#/commands", "Commands")} /</div>
    <h1>Send a command</h1>
    <form class="stack panel" id="send-form" aria-describedby="send-help">
      <p id="send-help" class="note">SendCommand runs a Command document on the nodes you target, now.</p>
      <label for="s-document">Document
        <select id="s-document" name="document">${documents.map((d) => html`<option ${d.Name === chosen ? "selected" : ""}>${d.Name}</option>`)}</select></label>
      <div class="row">
        <label for="s-target-key">Target key
          <input id="s-target-key" name="targetKey" value="InstanceIds" list="target-keys" required spellcheck="false"></label>
        <datalist id="target-keys"><option value="InstanceIds"></option><option value="tag:Name"></option><option value="tag-key"></option></datalist>
        <label for="s-target-values">Target values (comma-separated)
          <input id="s-target-values" name="targetValues" required spellcheck="false" placeholder="mi-0123456789abcdef0"></label>
      </div>
      <fieldset id="s-parameters"><legend>Parameters</legend><p class="note">Loading the document's parameters…</p></fieldset>
      <div class="row">
        <label for="s-comment">Comment<input id="s-comment" name="comment" maxlength="100"></label>
        <label for="s-timeout">Delivery timeout (seconds)<input id="s-timeout" name="timeout" type="number" min="30" max="2592000"></label>
      </div>
      <div class="row">
        <label for="s-concurrency">Max concurrency<input id="s-concurrency" name="maxConcurrency" placeholder="50" spellcheck="false"></label>
        <label for="s-errors">Max errors<input id="s-errors" name="maxErrors" placeholder="0" spellcheck="false"></label>
      </div>
      <div id="send-error"></div>
      <button type="submit" id="send-button">Send command</button>
    </form>`);
  const form = document.getElementById("send-form");
  let parameters = [];
  const showParameters = async (name) => {
    const slot = document.getElementById("s-parameters");
    try {
      const { Document: d } = await ssm("DescribeDocument", { Name: name });
      parameters = d.Parameters || [];
    } catch (e) {
      parameters = [];
      fill(slot, html`<legend>Parameters</legend>${errorBox(explain(e))}`);
      return;
    }
    if (!context.live()) return;
    fill(slot, html`<legend>Parameters</legend>${parameters.length ? parameters.map((p, n) => html`
      <label for="param-${n}">${p.Name}${p.Type === "StringList" ? " (one value per line)" : ""}
        ${p.Type === "StringList" || p.Name === "commands"
          ? html`<textarea id="param-${n}" name="param:${p.Name}" rows="3" spellcheck="false" placeholder="${p.DefaultValue || ""}"
              aria-describedby="param-help-${n}"></textarea>`
          : html`<input id="param-${n}" name="param:${p.Name}" spellcheck="false" placeholder="${p.DefaultValue || ""}"
              aria-describedby="param-help-${n}">`}</label>
      <p class="note help" id="param-help-${n}">${p.Description || ""}</p>`) : html`<p class="note">This document takes no parameters.</p>`}`);
  };
  document.getElementById("s-document").addEventListener("change", (e) => showParameters(e.target.value));
  if (chosen) await showParameters(chosen);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const input = {
      DocumentName: data.get("document"),
      Targets: [{ Key: data.get("targetKey").trim(), Values: data.get("targetValues").split(",").map((v) => v.trim()).filter(Boolean) }],
    };
    const params = {};
    for (const p of parameters) {
      const value = String(data.get("param:" + p.Name) || "");
      if (!value.trim()) continue;
      params[p.Name] = p.Type === "StringList" || p.Name === "commands" ? value.split("\n").filter((l) => l.trim() !== "") : [value];
    }
    if (Object.keys(params).length) input.Parameters = params;
    if (data.get("comment")) input.Comment = data.get("comment");
    if (data.get("timeout")) input.TimeoutSeconds = Number(data.get("timeout"));
    if (data.get("maxConcurrency")) input.MaxConcurrency = data.get("maxConcurrency").trim();
    if (data.get("maxErrors")) input.MaxErrors = data.get("maxErrors").trim();
    const button = document.getElementById("send-button");
    button.disabled = true;
    try {
      const { Command } = await ssm("SendCommand", input);
      location.hash = hashFor("/commands/" + Command.CommandId);
    } catch (e) {
      fill(document.getElementById("send-error"), errorBox(e instanceof ApiError ? explain(e) : String(e)));
      button.disabled = false;
    }
  });
}
