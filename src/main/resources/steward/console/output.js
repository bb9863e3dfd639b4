// A target's or an invocation's output: GetCommandInvocation(CommandId, InstanceId).
import { explain, ssm } from "./api.js";
import { html, statusBadge } from "./ui.js";

export async function invocationOutput(commandId, instanceId) {
  try {
    const o = await ssm("GetCommandInvocation", { CommandId: commandId, InstanceId: instanceId });
    return html`
      <div class="note">${statusBadge(o.Status)} ${o.StatusDetails && o.StatusDetails !== o.Status ? o.StatusDetails : ""}
        · exit code ${o.ResponseCode ?? "—"}${o.PluginName ? html` · plugin ${o.PluginName}` : ""}
        ${o.ExecutionStartDateTime ? html` · started ${o.ExecutionStartDateTime}` : ""}
        ${o.ExecutionElapsedTime ? html` · took ${o.ExecutionElapsedTime}` : ""}</div>
      <h3 class="visually-hidden">Output of ${instanceId}</h3>
      <div class="note">Standard output</div>
      <pre class="output" aria-label="Standard output of ${instanceId}">${o.StandardOutputContent || "(empty)"}</pre>
      <div class="note">Standard error</div>
      <pre class="output stderr" aria-label="Standard error of ${instanceId}">${o.StandardErrorContent || "(empty)"}</pre>`;
  } catch (e) {
    return html`<p class="error" role="alert">No output for ${instanceId} in command ${commandId}: ${explain(e)}</p>`;
  }
}

