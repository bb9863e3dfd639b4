// The web console in headless Chromium (Debian's package) through playwright-core, against a
// Steward set up by steward.console.ConsoleBrowserTest: an association made through boto3 whose
// runs have a failed target, two simulated nodes. Takes a screenshot of every page.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { launch } from "./console-browser.mjs";
import { SSMClient, GetCommandInvocationCommand, StartAssociationsOnceCommand } from "@aws-sdk/client-ssm";

const endpoint = process.env.STEWARD_ENDPOINT;
const healthy = process.env.STEWARD_HEALTHY_NODE;
const failed = process.env.STEWARD_FAILED_NODE;
const shots = process.env.STEWARD_SCREENSHOTS || "target/console-screenshots";
const consoleUrl = `${endpoint.replace(/\/$/, "")}/console/`;
const foreign = [];
const ssm = new SSMClient({ endpoint, region: "us-east-1", maxAttempts: 1,
  credentials: { accessKeyId: "test", secretAccessKey: "test" } });

let browser;
let page;
let associationUrl;
let runCommand;

before(async () => {
  mkdirSync(shots, { recursive: true });
  browser = await launch();
  page = browser.page;
  page.setDefaultTimeout(15000);
  page.on("pageerror", (error) => process.stdout.write(`# page error: ${error.message}\n`));
  page.on("console", (message) => process.stdout.write(`# page console ${message.type()}: ${message.text()}\n`));
  // Nothing leaves the machine: any request to another origin fails the test.
  page.on("request", (request) => {
    if (!request.url().startsWith(endpoint.replace(/\/$/, "")) && !request.url().startsWith("data:")) {
      foreign.push(request.url());
    }
  });
  try {
    await ssm.send(new GetCommandInvocationCommand({ CommandId: "00000000-0000-0000-0000-000000000000", InstanceId: healthy }));
    runCommand = true;
  } catch (e) {
    runCommand = e.name !== "UnknownOperationException";
  }
});

after(async () => {
  await browser?.close();
});

async function shoot(name) {
  await page.waitForLoadState("networkidle").catch(() => {});
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
}

/** Every form control on the page has a name a screen reader can read. */
async function assertLabelled() {
  const unlabelled = await page.evaluate(() => [...document.querySelectorAll("input, select, textarea, button")]
    .filter((e) => !e.closest("[hidden]") && e.type !== "hidden")
    .filter((e) => !(e.labels && e.labels.length) && !e.getAttribute("aria-label") && !e.textContent.trim())
    .map((e) => e.outerHTML.slice(0, 80)));
  assert.deepEqual(unlabelled, []);
}

async function signIn(secret) {
  await page.goto(consoleUrl);
  await page.waitForURL(/#\/signin/);
  // From the keyboard: the key field has focus, Tab moves on, Enter submits.
  await page.getByLabel("Access key ID").fill("");
  await page.keyboard.type("test");
  await page.keyboard.press("Tab");
  await page.keyboard.type(secret);
  await page.keyboard.press("Enter");
}

test("a wrong secret gets a clear message and no session", async () => {
  await signIn("not-the-secret");
  const alert = page.getByRole("alert");
  await alert.waitFor();
  assert.match(await alert.textContent(), /secret access key does not match this access key ID/);
  assert.match(await alert.textContent(), /InvalidSignatureException|signature/i);
  assert.equal(await page.evaluate(() => sessionStorage.length), 0);
  await assertLabelled();
  await shoot("sign-in-wrong-secret");
});

test("signs in and sees the association made through boto3, filtered on the server", async () => {
  await signIn("test");
  await page.waitForURL(/#\/associations/);
  const row = page.getByRole("row", { name: /nightly-disk-check/ });
  await row.waitFor();
  const text = await row.textContent();
  assert.match(text, /AWS-RunShellScript/);
  assert.match(text, /cron\(0 2 \* \* \? \*\)/);
  assert.match(text, /tag:console=demo/);
  assert.match(text, /Failed/, "one of its two nodes fails, so its overview is Failed");
  assert.equal(await page.getByRole("row").count(), 1 + 4, "the header and four associations");
  const stored = await page.evaluate(() => JSON.parse(sessionStorage.getItem("steward.console.session")));
  assert.equal(stored.accessKeyId, "test");
  assert.equal(await page.evaluate(() => localStorage.length), 0, "nothing outlives the tab");
  await assertLabelled();
  await shoot("associations");

  await page.getByLabel("Association name (exact)").fill("agent-update");
  await page.getByRole("button", { name: "Apply" }).click();
  await page.waitForURL(/name=agent-update/);
  // The unfiltered table stays until the filtered page arrives: wait for the header and one row.
  await page.waitForFunction(() => document.querySelectorAll("#association-table tbody tr").length === 1
    && document.querySelector("#association-table tbody").textContent.includes("agent-update"));
  await page.getByLabel("Status").selectOption("Success");
  await page.getByLabel("Association name (exact)").fill("");
  await page.getByRole("button", { name: "Apply" }).click();
  await page.waitForURL(/status=Success/);
  await page.waitForFunction(() => !document.body.textContent.includes("nightly-disk-check")
    && document.querySelectorAll("tbody tr").length === 3);
});

test("opens the association: definition, versions with a diff, and its timeline", async () => {
  await page.goto(consoleUrl + "#/associations");
  await page.getByRole("link", { name: "nightly-disk-check" }).click();
  await page.waitForURL(/#\/associations\/[0-9a-f-]{36}$/);
  associationUrl = page.url();
  await page.locator("#run-chart .uplot canvas").waitFor();
  const runs = page.locator("#run-table tbody tr");
  await page.waitForFunction(() => document.querySelectorAll("#run-table tbody tr").length >= 5);
  assert.match(await runs.first().textContent(), /Failed/);
  // Counts on hover: the tip names the run's targets by status.
  const over = page.locator("#run-chart .u-over");
  const box = await over.boundingBox();
  await page.mouse.move(box.x + box.width - 30, box.y + box.height - 5);
  await page.locator("#run-chart .tip").waitFor({ state: "visible" });
  assert.match(await page.locator("#run-chart .tip").textContent(), /(Success|Failed): \d/);
  // What changed between version 1 and 2.
  const diff = page.locator("table.diff");
  await diff.waitFor();
  const changes = await diff.textContent();
  assert.match(changes, /ScheduleExpression/);
  assert.match(changes, /rate\(1 day\)/);
  assert.match(changes, /cron\(0 2 \* \* \? \*\)/);
  assert.match(changes, /Parameters\.commands/);
  assert.match(changes, /MaxErrors/);
  await assertLabelled();
  await shoot("association");

  // Filters go to the server: only the failed runs, all of them Failed.
  await page.getByLabel("Status").selectOption("Failed");
  await page.getByRole("button", { name: "Apply" }).click();
  await page.waitForURL(/status=Failed/);
  await page.waitForFunction(() => [...document.querySelectorAll("#run-table tbody tr")].every((r) => r.textContent.includes("Failed")));

  // CreatedTime and ExecutionId filters, and a time the server cannot read.
  const newest = await page.locator("#run-table tbody tr a").first().textContent();
  await page.getByLabel("Status").selectOption("");
  await page.getByLabel("Execution ID").fill(newest);
  await page.getByRole("button", { name: "Apply" }).click();
  await page.waitForURL(/execution=/);
  await page.waitForFunction((id) => {
    const rows = document.querySelectorAll("#run-table tbody tr");
    return rows.length === 1 && rows[0].textContent.includes(id);
  }, newest);
  await page.getByLabel("Execution ID").fill("");
  const cut = new Date(Date.now() - 5 * 86400000).toISOString().slice(0, 10) + "T00:00:00Z";
  await page.getByLabel("Created after (UTC, ISO-8601)").fill(cut);
  await page.getByRole("button", { name: "Apply" }).click();
  await page.waitForURL(/after=/);
  await page.waitForFunction((after) => {
    const rows = [...document.querySelectorAll("#run-table tbody tr")];
    return document.getElementById("f-execution")?.value === "" && rows.length > 0 && rows.length < 14
      && rows.every((r) => r.children[1].textContent.replace(" ", "T") > after);
  }, cut);
  await page.getByLabel("Created after (UTC, ISO-8601)").fill("yesterday");
  await page.getByRole("button", { name: "Apply" }).click();
  const refusal = page.locator("#run-table").getByRole("alert");
  await refusal.waitFor();
  assert.match(await refusal.textContent(), /ValidationException.*CreatedTime.*ISO-8601/s);
  assert.equal(await page.getByLabel("Created after (UTC, ISO-8601)").inputValue(), "yesterday", "the form stays");
});

test("a new run appears in the timeline without a reload", async () => {
  await page.goto(associationUrl);
  // The unfiltered view, not the Failed-only one the last test left on the screen.
  await page.waitForFunction(() => document.getElementById("f-status")?.value === ""
    && document.querySelectorAll("#run-table tbody tr").length >= 5);
  const before = await page.locator("#run-table tbody tr").count();
  const marker = await page.evaluate(() => (window.consoleMarker = Math.random()));
  const id = associationUrl.split("/").pop();
  await ssm.send(new StartAssociationsOnceCommand({ AssociationIds: [id] }));
  await page.waitForFunction((n) => document.querySelectorAll("#run-table tbody tr").length === n + 1, before, { timeout: 20000 });
  assert.equal(await page.evaluate(() => window.consoleMarker), marker, "the same page, not a reload");
});

test("opens a failed target's output", async () => {
  await page.goto(associationUrl);
  await page.waitForFunction(() => document.getElementById("f-status")?.value === ""
    && document.querySelectorAll("#run-table tbody tr").length >= 5);
  // From the keyboard: the chart takes focus, End goes to the newest run (a failed one), Enter opens it.
  await page.locator("#run-chart [role=img]").focus();
  await page.keyboard.press("End");
  await page.locator("#run-chart .tip").waitFor({ state: "visible" });
  assert.match(await page.locator("#live").textContent(), /run at .*(Failed|Success): \d/);
  await page.keyboard.press("Enter");
  await page.waitForURL(/\/runs\//);
  // The newest run may still be in flight: the page refreshes itself until the target has failed.
  const target = page.getByRole("row", { name: new RegExp(failed) }).filter({ hasText: "Failed" });
  await target.waitFor();
  assert.match(await page.getByRole("row", { name: new RegExp(healthy) }).textContent(), /Success/);
  await target.getByRole("button", { name: "Show output" }).click();
  await page.waitForURL(/output=/);
  const output = page.locator(".output-row");
  if (runCommand) {
    await output.locator("pre.stderr", { hasText: process.env.STEWARD_FAILED_STDERR }).waitFor();
    assert.match(await output.locator("pre").first().textContent(), /checking \/data/);
    assert.match(await output.textContent(), /Failed/);
  } else {
    // Without Run Command (GetCommandInvocation) the console says so plainly instead of guessing.
    await output.getByRole("alert").waitFor();
    assert.match(await output.textContent(), /does not implement that operation/);
  }
  await assertLabelled();
  await shoot("run");
});

test("lists the managed nodes", async () => {
  await page.getByRole("link", { name: "Nodes" }).click();
  await page.waitForURL(/#\/nodes/);
  // The run page also lists these nodes: look only at the nodes table.
  await page.locator("#node-table").getByRole("cell", { name: healthy }).waitFor();
  const row = await page.locator("#node-table").getByRole("row", { name: new RegExp(failed) }).textContent();
  assert.match(row, /Online/);
  assert.match(row, /Linux/);
  await assertLabelled();
  await shoot("nodes");
  await page.getByRole("link", { name: failed }).click();
  await page.waitForURL(new RegExp(`#/nodes/${failed}$`));
  const association = page.getByRole("row", { name: /nightly-disk-check/ });
  await association.waitFor();
  assert.match(await association.textContent(), /Failed/);
  await shoot("node");
});

test("the region picker signs for another region, which sees none of this region's data", async () => {
  await page.getByLabel("Region").selectOption("eu-west-1");
  await page.getByText("No managed nodes match.").waitFor();
  await page.getByRole("link", { name: "Associations" }).click();
  await page.getByText("No associations match.").waitFor();
  const stored = await page.evaluate(() => JSON.parse(sessionStorage.getItem("steward.console.session")));
  assert.equal(stored.region, "eu-west-1");
  await page.getByLabel("Region").selectOption("us-east-1");
  await page.getByRole("row", { name: /nightly-disk-check/ }).waitFor();
});

test("sends a command from the form and sees its output", { skip: false }, async (t) => {
  // The form is built from ListDocuments and DescribeDocument, which this server has either way.
  await page.goto(consoleUrl + "#/commands/new");
  await page.getByLabel("Document").selectOption("AWS-RunShellScript");
  await page.getByLabel("Target values (comma-separated)").fill(healthy);
  await page.getByLabel(/^commands/).fill("echo hello from the console");
  await page.getByLabel("Comment").fill("sent from the console test");
  await assertLabelled();
  await shoot("send-command");
  await page.getByRole("button", { name: "Send command" }).click();
  if (!runCommand) {
    // Without Run Command the form says so; sending, the command page and its output are untested.
    await page.locator("#send-error").getByRole("alert").waitFor();
    assert.match(await page.locator("#send-error").textContent(), /does not implement that operation/);
    t.skip("SendCommand is not implemented by this server (Run Command, issue 10): sending a command and its output are untested");
    return;
  }
  await page.waitForURL(/#\/commands\/[0-9a-f-]{36}/);
  // The page refreshes itself until the command is done.
  await page.locator("#command-status", { hasText: "Success" }).waitFor({ timeout: 30000 });
  await page.getByRole("row", { name: new RegExp(healthy) }).getByRole("button", { name: "Show output" }).click();
  // A simulated node answers every command with the output it was given.
  await page.locator(".output-row pre", { hasText: "/dev/root" }).waitFor();
  assert.equal(await page.locator(".output-row pre").first().textContent(), process.env.STEWARD_HEALTHY_STDOUT.replace("\\n", "\n"));
  await shoot("command");
  await page.getByRole("link", { name: "Commands" }).first().click();
  await page.getByRole("row", { name: /sent from the console test/ }).waitFor();
  await shoot("commands");
});

test("asked no other origin than Steward's", () => {
  assert.deepEqual(foreign, []);
});
