// Headless Chromium (Debian's) loads a page of a production build of web-app/ (by Vite or
// webpack) from 127.0.0.1 and checks that it shows the JSON given. Fails on any console error.
//
//   node web-run.mjs DIST PORT PAGE EXPECTED_JSON
import assert from "node:assert/strict";
import { openPage } from "./chromium.mjs";

const [dist, port, pagePath, expected] = process.argv.slice(2);

const { page, errors, close } = await openPage(dist, port, pagePath);
try {
  await page.waitForFunction(() => document.getElementById("out").textContent !== "loading", null, { timeout: 20000 }).catch((e) => {
    throw new Error(`the page did not answer (${e.message}); console: ${errors.join("; ")}`);
  });
  const shown = await page.textContent("#out");
  if (errors.length) throw new Error(`console errors in Chromium: ${errors.join("; ")}`);
  assert.deepEqual(JSON.parse(shown), JSON.parse(expected), `${pagePath} showed ${shown}`);
} finally {
  await close();
}
