// Times the console's views in headless Chromium against a large store; run by
// steward.bench.ConsoleBenchmark (bench/run ConsoleBenchmark). Prints a Markdown table.
import { launch } from "./console-browser.mjs";

const endpoint = process.env.STEWARD_ENDPOINT.replace(/\/$/, "");
const big = process.env.STEWARD_BIG_ASSOCIATION;
const small = process.env.STEWARD_SMALL_ASSOCIATION;
const REPEAT = 5;

const browser = await launch();
const { page } = browser;
page.setDefaultTimeout(60000);
await page.goto(`${endpoint}/console/`);
await page.getByLabel("Access key ID").fill("test");
await page.getByLabel("Secret access key").fill("test");
await page.getByRole("button", { name: "Sign in" }).click();
await page.locator("#association-table tbody tr").first().waitFor();

let n = 0;
async function time(name, go, ready) {
  const samples = [];
  for (let i = 0; i < REPEAT; i++) {
    const started = performance.now();
    const argument = await go(++n);
    await page.waitForFunction(ready, argument);
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  const heap = await page.evaluate(() => (performance.memory ? performance.memory.usedJSHeapSize : 0));
  const requests = await page.evaluate(() => performance.getEntriesByType("resource").length);
  console.log(`| ${name} | ${samples[Math.floor(REPEAT / 2)].toFixed(0)} | ${samples[REPEAT - 1].toFixed(0)} | ${(heap / 1048576).toFixed(1)} |`);
  return requests;
}

const hash = (h) => page.evaluate((x) => { location.hash = x; }, h);
console.log(`Median and worst of ${REPEAT}, ms from navigation to rows on screen; JS heap after.\n`);
console.log("| view | median ms | worst ms | JS heap MiB |\n| --- | --- | --- | --- |");
await time("associations, first page of 25 (10,000 associations)", (i) => hash(`#/associations?size=25&n=${i}`),
  () => document.querySelectorAll("#association-table tbody tr").length === 25);
const firstToken = await page.locator("#next-page").getAttribute("href");
await time("associations, a later page by token", (i) => hash(`${firstToken}&n=${i}`),
  () => document.querySelectorAll("#association-table tbody tr").length === 25 && !!document.getElementById("first-page"));
await time("associations, name filter", (i) => hash(`#/associations?name=no-such-name&n=${i}`),
  () => document.querySelector("#association-table tbody")?.textContent.includes("No associations match"));
for (const [label, id] of [["1,000,000 runs", big], ["100 runs", small]]) {
  await time(`association with ${label}: definition, versions, timeline, first 50 runs`, (i) => hash(`#/associations/${id}?n=${i}`),
    () => document.querySelectorAll("#run-table tbody tr").length >= 50 && !!document.querySelector("#run-chart canvas")
      && !!document.querySelector("#versions table"));
  if (id === big) {
    await time(`association with ${label}: 50 older runs on demand`, async () => {
      const before = await page.locator("#run-table tbody tr").count();
      await page.locator("#older-runs").click();
      return before;
    }, (before) => document.querySelectorAll("#run-table tbody tr").length >= before + 50);
  }
  await time(`association with ${label}: Status filter`, (i) => hash(`#/associations/${id}?status=Failed&n=${i}`),
    () => document.getElementById("f-status")?.value === "Failed" && !!document.querySelector("#run-table table"));
}
await time("one run of the 1,000,000-run association", async (i) => {
  await hash(`#/associations/${big}?n=${i}`);
  await page.locator("#run-table tbody tr a").first().waitFor();
  await page.locator("#run-table tbody tr a").first().click();
}, () => !!document.querySelector("#run-summary dl") && !!document.querySelector("#targets table"));
await time("nodes", (i) => hash(`#/nodes?n=${i}`), () => !!document.querySelector("#node-table table"));

await browser.close();
