// Headless Chromium (Debian's): serves the repository on 127.0.0.1, loads the package's browser
// entry in a page and answers each request line there. Fails on any console error.
import { readFileSync, writeFileSync } from "node:fs";
import { spawn } from "node:child_process";
import { createRequire } from "node:module";

const require = createRequire(new URL("../../../.ci/js/", import.meta.url));
const { chromium } = require("playwright-core");
const root = new URL("../../../", import.meta.url).pathname;
const [input, output, port] = process.argv.slice(2);
const lines = readFileSync(input, "utf8").trimEnd().split("\n");

const server = spawn("python3", ["-m", "http.server", "--bind", "127.0.0.1", port], { cwd: root, stdio: "ignore" });
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
  const url = `http://127.0.0.1:${port}/pkg-template/test/hosts/page.html`;
  for (let i = 0; ; i++) {
    try {
      await page.goto(url);
      break;
    } catch (e) {
      if (i > 50) throw e;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  await page.waitForFunction(() => window.ready === true, null, { timeout: 20000 });
  const out = [];
  for (let i = 0; i < lines.length; i += 20) {
    out.push(...(await page.evaluate((chunk) => chunk.map((l) => window.escalon.handleRequest(l)), lines.slice(i, i + 20))));
  }
  if (errors.length) throw new Error(`console errors in Chromium: ${errors.join("; ")}`);
  writeFileSync(output, out.join("\n") + "\n");
} finally {
  await browser.close();
  server.kill();
}
