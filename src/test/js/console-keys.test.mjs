// Signing in to a Steward that accepts only the keys of its credentials file: an unknown key
// and a missing session token get clear messages, a temporary key with its token gets in.
// Run by steward.console.ConsoleBrowserTest with the keys in the environment.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { launch, signIn } from "./console-browser.mjs";

const consoleUrl = `${process.env.STEWARD_ENDPOINT.replace(/\/$/, "")}/console/`;
const temporary = {
  accessKeyId: process.env.STEWARD_SESSION_KEY,
  secretAccessKey: process.env.STEWARD_SESSION_SECRET,
  sessionToken: process.env.STEWARD_TOKEN,
};
let browser;
let page;

before(async () => {
  browser = await launch();
  page = browser.page;
  page.setDefaultTimeout(15000);
});

after(async () => {
  await browser?.close();
});

async function refusal() {
  const alert = page.locator("#signin-error").getByRole("alert");
  await alert.waitFor();
  assert.equal(await page.evaluate(() => sessionStorage.length), 0, "a refused key is not kept");
  return alert.textContent();
}

test("an access key the server does not know is named as such", async () => {
  await signIn(page, consoleUrl, { accessKeyId: "AKIANOBODY0000000000", secretAccessKey: "whatever" });
  assert.match(await refusal(), /Steward does not know this access key ID.*UnrecognizedClient|does not know this access key ID/s);
});

test("a temporary key without its session token is refused with a clear message", async () => {
  await signIn(page, consoleUrl, { ...temporary, sessionToken: "" });
  assert.match(await refusal(), /does not know this access key ID, or its session token is wrong/);
});

test("a temporary key with its session token gets in, signing every call with the token", async () => {
  await signIn(page, consoleUrl, temporary);
  await page.waitForURL(/#\/associations/);
  await page.getByText("No associations match.").waitFor();
  assert.equal(await page.locator("#who-key").textContent(), temporary.accessKeyId);
  const stored = await page.evaluate(() => JSON.parse(sessionStorage.getItem("steward.console.session")));
  assert.equal(stored.sessionToken, temporary.sessionToken);
  await page.getByRole("link", { name: "Nodes" }).click();
  await page.getByText("No managed nodes match.").waitFor();
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL(/#\/signin/);
  assert.equal(await page.evaluate(() => sessionStorage.length), 0, "signing out forgets the key");
});
