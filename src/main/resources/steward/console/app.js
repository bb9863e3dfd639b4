// The console's shell: hash routes (every view has its own URL), sign-in, the region picker.
import { ApiError, canSign, explain, forget, saveSession, session, ssm } from "./api.js";
import { announce, errorBox, fill, html, stopRefresh } from "./ui.js";
import { associationsPage } from "./associations.js";
import { associationPage } from "./association.js";
import { runPage } from "./run.js";
import { nodePage, nodesPage } from "./nodes.js";
import { commandPage, commandsPage, sendCommandPage } from "./commands.js";

const REGIONS = [
  "us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1", "sa-east-1",
  "eu-west-1", "eu-west-2", "eu-west-3", "eu-central-1", "eu-central-2", "eu-north-1", "eu-south-1",
  "ap-south-1", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-southeast-1", "ap-southeast-2",
  "me-central-1", "af-south-1",
];

const main = document.getElementById("main");
let generation = 0;

function parse() {
  const hash = location.hash.startsWith("#/") ? location.hash.slice(2) : "";
  const [path, query] = hash.split("?");
  return {
    parts: path.split("/").filter(Boolean).map(decodeURIComponent),
    params: new URLSearchParams(query || ""),
    hash: location.hash,
  };
}

function section(route) {
  return route.parts[0] || "associations";
}

function chooseView(route) {
  const [first, second, third, fourth] = route.parts;
  if (first === "associations" && second && third === "runs" && fourth) return () => runPage;
  if (first === "associations" && second) return () => associationPage;
  if (first === "nodes" && second) return () => nodePage;
  if (first === "nodes") return () => nodesPage;
  if (first === "commands" && second === "new") return () => sendCommandPage;
  if (first === "commands" && second) return () => commandPage;
  if (first === "commands") return () => commandsPage;
  return () => associationsPage;
}

async function show() {
  stopRefresh();
  const mine = ++generation;
  const route = parse();
  const current = session();
  if (!current || route.parts[0] === "signin") {
    if (current && route.parts[0] === "signin") forget();
    showHeader(null);
    signInPage(route);
    return;
  }
  showHeader(current, section(route));
  const view = chooseView(route)();
  const context = { live: () => mine === generation, route };
  main.setAttribute("aria-busy", "true");
  try {
    await view(main, route, context);
  } catch (e) {
    if (mine === generation) fill(main, errorBox(e instanceof ApiError ? explain(e) : String(e)));
  } finally {
    main.removeAttribute("aria-busy");
  }
  if (mine === generation) {
    // A screen reader hears where a link led, as it would on a page load.
    announce(document.title.replace(/ · Steward$/, ""));
    if (document.activeElement === document.body) main.focus({ preventScroll: true });
  }
}

function showHeader(current, active) {
  document.getElementById("nav").hidden = !current;
  document.getElementById("who").hidden = !current;
  if (!current) return;
  for (const a of document.querySelectorAll("#nav a")) {
    if (a.dataset.section === active) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  }
  const picker = document.getElementById("region-picker");
  const regions = REGIONS.includes(current.region) ? REGIONS : [current.region, ...REGIONS];
  picker.replaceChildren(...regions.map((r) => new Option(r, r, false, r === current.region)));
  document.getElementById("who-key").textContent = current.accessKeyId;
}

function signInPage(route) {
  document.title = "Sign in · Steward";
  const secure = canSign();
  fill(main, html`
    <section class="signin panel" aria-labelledby="signin-title">
      <h1 id="signin-title">Sign in to Steward</h1>
      <p class="note">Use an access key that Steward accepts. The key stays in this tab's session storage
        and is gone when the tab closes; every request is signed with it in the browser.</p>
      ${secure ? "" : errorBox("This page is not a secure context, so the browser withholds WebCrypto, which signing needs. " +
        "Open the console over https:// or on localhost / 127.0.0.1 (an SSH tunnel works).")}
      <form class="stack" id="signin-form">
        <label for="access-key">Access key ID
          <input id="access-key" name="accessKeyId" autocomplete="username" required spellcheck="false"></label>
        <label for="secret-key">Secret access key
          <input id="secret-key" name="secretAccessKey" type="password" autocomplete="current-password" required></label>
        <label for="session-token">Session token (only for temporary keys)
          <input id="session-token" name="sessionToken" type="password" autocomplete="off"></label>
        <label for="region">Region
          <input id="region" name="region" list="region-list" value="us-east-1" required spellcheck="false"
            pattern="[a-z]{2}(-[a-z]+)+-[0-9]+"></label>
        <datalist id="region-list">${REGIONS.map((r) => html`<option value="${r}"></option>`)}</datalist>
        <div id="signin-error"></div>
        <button type="submit" ${secure ? "" : "disabled"}>Sign in</button>
      </form>
    </section>`);
  const form = document.getElementById("signin-form");
  document.getElementById("access-key").focus();
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const data = Object.fromEntries(new FormData(form));
    const candidate = {
      accessKeyId: data.accessKeyId.trim(),
      secretAccessKey: data.secretAccessKey,
      sessionToken: data.sessionToken.trim() || undefined,
      region: data.region.trim(),
    };
    const errorSlot = document.getElementById("signin-error");
    fill(errorSlot, "");
    try {
      // A cheap signed call proves the key before it is kept.
      await ssm("ListAssociations", { MaxResults: 1 }, candidate);
    } catch (e) {
      fill(errorSlot, errorBox(e instanceof ApiError ? explain(e) : String(e)));
      document.getElementById("secret-key").focus();
      return;
    }
    saveSession(candidate);
    const next = route.params.get("next");
    location.hash = next && next.startsWith("#/") && !next.startsWith("#/signin") ? next : "#/associations";
    if (location.hash === route.hash) show();
  });
}

document.getElementById("sign-out").addEventListener("click", () => {
  forget();
  location.hash = "#/signin";
});

document.getElementById("region-picker").addEventListener("change", (event) => {
  const current = session();
  saveSession({ ...current, region: event.target.value });
  // Ids belong to one region: go back to the section's list.
  const target = "#/" + section(parse());
  if (location.hash === target) show();
  else location.hash = target;
});

document.querySelector(".skip").addEventListener("click", (event) => {
  event.preventDefault();
  main.focus();
});

window.addEventListener("hashchange", show);
if (!location.hash.startsWith("#/")) {
  history.replaceState(null, "", "#/associations");
}
if (!session() && parse().parts[0] !== "signin") {
  history.replaceState(null, "", "#/signin?next=" + encodeURIComponent(location.hash));
}
show();
