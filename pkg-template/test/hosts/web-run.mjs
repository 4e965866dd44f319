// Headless Chromium (Debian's) loads a page of a production build of web-app/ (by Vite or
// webpack) from 127.0.0.1 and checks that it shows the JSON given. Fails on any console error.
//
//   node web-run.mjs DIST PORT PAGE EXPECTED_JSON
import { createRequire } from "node:module";
import { spawn } from "node:child_process";
import assert from "node:assert/strict";

const require = createRequire(new URL("../../../.ci/js/", import.meta.url));
const { chromium } = require("playwright-core");
const [dist, port, pagePath, expected] = process.argv.slice(2);

const server = spawn("python3", ["-m", "http.server", "--bind", "127.0.0.1", port], { cwd: dist, stdio: "ignore" });
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
});
try {
  const page = await browser.newPage();
  const errors = [];
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  page.on("pageerror", (e) => errors.push(String(e)));
  for (let i = 0; ; i++) {
    try {
      await page.goto(`http://127.0.0.1:${port}/${pagePath}`);
      break;
    } catch (e) {
      if (i > 50) throw e;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  await page.waitForFunction(() => document.getElementById("out").textContent !== "loading", null, { timeout: 20000 }).catch((e) => {
    throw new Error(`the page did not answer (${e.message}); console: ${errors.join("; ")}`);
  });
  const shown = await page.textContent("#out");
  if (errors.length) throw new Error(`console errors in Chromium: ${errors.join("; ")}`);
  assert.deepEqual(JSON.parse(shown), JSON.parse(expected), `${pagePath} showed ${shown}`);
} finally {
  await browser.close();
  server.kill();
}
