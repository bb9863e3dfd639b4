// Debian's Chromium, headless, in a fresh profile, through playwright-core: shared by the
// console's tests and its benchmark.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";

export const FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
  "--disable-component-update", "--disable-sync"];

/** A browser context in a new --user-data-dir; close() also deletes the profile. */
export async function launch() {
  const profile = mkdtempSync(join(tmpdir(), "steward-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.STEWARD_CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: FLAGS,
    viewport: { width: 1440, height: 900 },
  });
  const page = context.pages()[0] || (await context.newPage());
  return {
    context,
    page,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Fills the sign-in form and submits it from the keyboard. */
export async function signIn(page, consoleUrl, { accessKeyId, secretAccessKey, sessionToken = "" }) {
  await page.goto(consoleUrl + "#/signin");
  await page.getByLabel("Access key ID").fill(accessKeyId);
  await page.getByLabel("Secret access key").fill(secretAccessKey);
  await page.getByLabel(/^Session token/).fill(sessionToken);
  await page.getByLabel("Secret access key").press("Enter");
}
