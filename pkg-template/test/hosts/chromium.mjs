// Debian's headless Chromium (playwright-core) on a page served from `dir` on 127.0.0.1:`port`,
// for the host scripts. The page's console errors and page errors are collected in `errors`.
import { createRequire } from "node:module";
import { spawn } from "node:child_process";

const require = createRequire(new URL("../../../.ci/js/", import.meta.url));
const { chromium } = require("playwright-core");

/** Serves `dir`, opens `path` once the server answers; `close()` stops both. */
export async function openPage(dir, port, path) {
  const server = spawn("python3", ["-m", "http.server", "--bind", "127.0.0.1", port], { cwd: dir, stdio: "ignore" });
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  const close = async () => {
    await browser.close();
    server.kill();
  };
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
    page.on("pageerror", (e) => errors.push(String(e)));
    for (let i = 0; ; i++) {
      try {
        await page.goto(`http://127.0.0.1:${port}/${path}`);
        break;
      } catch (e) {
        if (i > 50) throw e;
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    return { page, errors, close };
  } catch (e) {
    await close();
    throw e;
  }
}
