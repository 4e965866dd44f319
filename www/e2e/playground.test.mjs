// End-to-end tests of the playground in Debian's headless Chromium (playwright-core). The page is
// served from www/ on 127.0.0.1; any console error or page error fails the test.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";

const require = createRequire(new URL("../../.ci/js/", import.meta.url));
const { chromium } = require("playwright-core");
const www = new URL("..", import.meta.url).pathname;
const results = new URL("../../test-results/", import.meta.url).pathname;

let server;
let browser;
let base;
const freePort = () => new Promise((ok) => { const s = createServer(); s.listen(0, "127.0.0.1", () => { const p = s.address().port; s.close(() => ok(p)); }); });

before(async () => {
  const port = await freePort();
  server = spawn("python3", ["-m", "http.server", "--bind", "127.0.0.1", "--directory", www, String(port)], { stdio: "ignore" });
  base = `http://127.0.0.1:${port}/`;
  browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
});
after(async () => {
  await browser?.close();
  server?.kill();
});

async function open(hash = "", prepare = async () => {}) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  await prepare(page);
  const errors = [];
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  page.on("pageerror", (e) => errors.push(String(e)));
  for (let i = 0; ; i++) {
    try { await page.goto(base + hash); break; } catch (e) { if (i > 50) throw e; await new Promise((r) => setTimeout(r, 200)); }
  }
  await page.waitForSelector("body[data-ready=true]", { timeout: 20000 });
  return { page, errors };
}

const setSlider = (page, minutes) => page.evaluate((v) => {
  const s = document.getElementById("now");
  s.value = String(v);
  s.dispatchEvent(new Event("input"));
}, minutes);
const state = (page, metric) => page.textContent(`tr[data-metric="${metric}"] td.state`);

test("the page loads and the sample evaluates", async () => {
  const { page, errors } = await open();
  assert.equal(await page.textContent("#priority-value"), "P2");
  assert.equal(await page.textContent("#sla-name"), "Gold");
  assert.match(await page.textContent("#owner"), /^Level \d /);
  assert.ok((await page.$$("#timeline svg rect")).length > 5);
  assert.ok((await page.$$("#calendar-view svg")).length === 2);
  mkdirSync(results, { recursive: true });
  await page.screenshot({ path: results + "playground.png", fullPage: true });
  assert.deepEqual(errors, []);
});

test("breaking a calendar shows the error and clicking it selects the line", async () => {
  const { page, errors } = await open();
  await page.evaluate(() => {
    const t = document.getElementById("policy");
    t.value = t.value.replace('"timeZone": "Europe/Berlin"', '"timeZone": "Mars/Base"');
    t.dispatchEvent(new Event("input"));
  });
  const item = await page.waitForSelector('li[data-path="/calendars/eu/timeZone"]');
  assert.match(await item.textContent(), /calendar\.unknown_time_zone/);
  await item.click();
  const line = await page.evaluate(() => {
    const t = document.getElementById("policy");
    const lineStart = t.value.lastIndexOf("\n", t.selectionStart - 1) + 1;
    const lineEnd = t.value.indexOf("\n", t.selectionStart);
    return t.value.slice(lineStart, lineEnd);
  });
  assert.match(line, /Mars\/Base/);
  assert.deepEqual(errors, []);
});

test("the slider changes a clock's state at the instant the rules give", async () => {
  const { page, errors } = await open();
  // Ticket T-100: created Mon 2026-03-02 16:00 EST; medium x medium is P3, the billing rule raises
  // it to P2, so Gold's first-response target is 1h on the "us" calendar (Mon-Fri 09-17 New York).
  // Mon 16:00-17:00 uses the whole hour at closing time: the clock is due at the next opening,
  // Tue 09:00 EST = 14:00Z (SEMANTICS section 5), 17h after creation (1020 minutes); it keeps
  // running with 0 left until then, and is breached once it counts past it. The agent's first
  // public reply is Tue 10:30.
  await setSlider(page, 1019);
  assert.equal(await state(page, "first-response"), "running");
  assert.match(await page.textContent('tr[data-metric="first-response"]'), /2026-03-03T14:00:00Z/);
  await setSlider(page, 1021);
  assert.equal(await state(page, "first-response"), "breached");
  assert.deepEqual(errors, []);
});

/** Uploads fixtures/whatif-tickets.json through the what-if file input; returns the tickets. */
async function uploadWhatIfTickets(page) {
  const tickets = JSON.parse(readFileSync(new URL("fixtures/whatif-tickets.json", import.meta.url)));
  await page.evaluate((t) => {
    const input = document.getElementById("tickets-file");
    const dt = new DataTransfer();
    dt.items.add(new File([JSON.stringify(t)], "tickets.json", { type: "application/json" }));
    input.files = dt.files;
    input.dispatchEvent(new Event("change"));
  }, tickets);
  return tickets;
}

test("what-if compares two policies with the expected counts", async () => {
  const { page, errors } = await open();
  const tickets = await uploadWhatIfTickets(page);
  await page.waitForSelector("#compare-table");
  const rows = await page.$$eval("#compare-table tr", (trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)));
  const row = (label) => rows.find((r) => r[0] === label);
  // Three tickets created Mon 2026-03-02 09:00 EST (14:00Z), gold, medium x medium, email,
  // technical (P3): Gold's P3 resolution target is 24h in A and 48h in B. At the comparison's now
  // (2026-06-01) none was solved, so each counted all business time since: far past 24h and 48h,
  // every one breached in both; the first-response clock (2h) too. By hand: A and B both breach
  // resolution on 3 of 3 tickets (100.0%).
  assert.deepEqual(row("breach rate: resolution"), ["breach rate: resolution", "100.0% (3)", "100.0% (3)"]);
  assert.equal(await page.textContent("#whatif-status"), `3 tickets, both policies in ${(await page.textContent("#whatif-status")).match(/in (\d+) ms/)[1]} ms`);
  // The package's own summarize agrees (run here in Node).
  const { Policy } = await import("../../pkg/node.js");
  const a = new Policy(readFileSync(new URL("../sample-policy.json", import.meta.url), "utf8")).summarize(tickets, "2026-06-01T00:00:00Z");
  assert.equal(row("under-escalated")[1], String(a.underEscalated));
  assert.equal(row(`reached level 3 On-call engineer`)[1], String(a.escalations[3].reached));
  assert.deepEqual(errors, []);
});

test("a comparison asked for while the worker is still loading is answered", async () => {
  // The page loads the .wasm first; the what-if worker loads it second. Holding the worker's copy
  // back for 3 s leaves the worker loading while the tickets are uploaded, as on a slow machine.
  let wasmRequests = 0;
  const { page, errors } = await open("", (p) => p.route("**/escalon_bg.wasm", async (route) => {
    wasmRequests += 1;
    if (wasmRequests === 2) await new Promise((r) => setTimeout(r, 3000));
    await route.continue();
  }));
  await uploadWhatIfTickets(page);
  await page.waitForFunction(() => /^3 tickets, both policies/.test(document.getElementById("whatif-status").textContent), null, { timeout: 20000 });
  assert.equal(wasmRequests, 2, "the page and the worker each load the .wasm once");
  assert.deepEqual(errors, []);
});

test("10,000 generated tickets finish without freezing the page", async () => {
  const { page, errors } = await open();
  await page.fill("#generate-count", "10000");
  const started = Date.now();
  await page.click("#generate");
  // The page stays responsive while the worker runs.
  assert.equal(await page.evaluate(() => 1 + 1), 2);
  await page.waitForFunction(() => /^10000 tickets/.test(document.getElementById("whatif-status").textContent), null, { timeout: 60000 });
  console.log(`10,000 tickets, two policies: ${await page.textContent("#whatif-status")} (${Date.now() - started} ms wall)`);
  assert.deepEqual(errors, []);
});

test("names and fields with HTML are shown as text and never run", async () => {
  const payload = "<img src=x onerror=window.__pwned=1>";
  const policy = JSON.parse(readFileSync(new URL("../sample-policy.json", import.meta.url), "utf8"));
  policy.slas[0].name = payload;
  policy.escalation.levels[1].name = payload;
  const ticket = JSON.parse(readFileSync(new URL("../sample-tickets.json", import.meta.url), "utf8"))[0];
  ticket.id = payload;
  const hash = "#" + Buffer.from(JSON.stringify({ policy: JSON.stringify(policy, null, 2), ticket: JSON.stringify(ticket), now: "4000" })).toString("base64url");
  const { page, errors } = await open(hash);
  assert.equal(await page.textContent("#sla-name"), payload);
  assert.ok((await page.textContent("#evaluation")).includes(payload));
  assert.equal(await page.$$eval("img", (imgs) => imgs.length), 0);
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.deepEqual(errors, []);
});

test("the npm README's browser snippet runs in Chromium", async () => {
  const readme = readFileSync(new URL("../../pkg-template/README.md", import.meta.url), "utf8");
  const html = /## Browser\n\n```html\n([\s\S]*?)```/.exec(readme)[1].replace("./node_modules/escalon/index.js", "/pkg/index.js");
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  await page.route(base + "readme-snippet.html", (route) => route.fulfill({ body: html, contentType: "text/html" }));
  await page.goto(base + "readme-snippet.html");
  await page.waitForFunction(() => document.body && document.body.textContent.length > 0, null, { timeout: 20000 });
  // Created 2026-06-15 09:00Z with a 1h first-response target on 24x7: by the time the test runs
  // (after 2026-06-15 10:00Z) the clock has breached.
  assert.equal(await page.textContent("body"), "breached");
  assert.deepEqual(errors, []);
});
