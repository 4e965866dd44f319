// Headless Chromium (Debian's): serves the repository on 127.0.0.1, loads the package's browser
// entry in a page and answers each request line there. Fails on any console error.
import { readFileSync, writeFileSync } from "node:fs";
import { openPage } from "./chromium.mjs";

const root = new URL("../../../", import.meta.url).pathname;
const [input, output, port] = process.argv.slice(2);
const lines = readFileSync(input, "utf8").trimEnd().split("\n");

const { page, errors, close } = await openPage(root, port, "pkg-template/test/hosts/page.html");
try {
  await page.waitForFunction(() => window.ready === true, null, { timeout: 20000 });
  const out = [];
  for (let i = 0; i < lines.length; i += 20) {
    out.push(...(await page.evaluate((chunk) => chunk.map((l) => window.escalon.handleRequest(l)), lines.slice(i, i + 20))));
  }
  if (errors.length) throw new Error(`console errors in Chromium: ${errors.join("; ")}`);
  writeFileSync(output, out.join("\n") + "\n");
} finally {
  await close();
}
