// Times the workbench page in Debian's Chromium (headless, playwright-core
// from tests/web): how long an edit takes from the click on Move until every
// panel shows the new figures, and how much of that is the page itself
// rather than the server's /api/evaluate.
//
//   node tools/bench/page_bench.mjs POLICYGRAPH [--edits N] MODEL...
//
// For each model: start `policygraph serve` on it, open the page (time to the
// first complete drawing), then N times select a function, choose another
// unit and press Move. Per edit: the total (click to data-ready), the
// evaluate request as the browser's resource timing has it, and the rest,
// which is the page's rendering. Medians and maxima are printed.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import readline from "node:readline";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, "../../tests/web/package.json"));
const { chromium } = require("playwright-core");

const args = process.argv.slice(2);
const tool = args.shift();
let edits = 10;
const models = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--edits") edits = Number(args[++i]);
  else models.push(args[i]);
}
if (!tool || models.length === 0) {
  console.error("usage: page_bench.mjs POLICYGRAPH [--edits N] MODEL...");
  process.exit(2);
}

function startServer(model) {
  const server = spawn(tool, ["serve", model, "--port", "0"], { stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    readline.createInterface({ input: server.stdout }).once("line", (line) => resolve({ server, url: line.trim() }));
    server.once("exit", (code) => reject(new Error(`the server stopped: ${code}`)));
  });
}
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
async function evaluated(page, before) {
  await page.waitForFunction(
    (n) => document.body.dataset.ready === "1" && Number(document.body.dataset.evaluations) > n,
    before, { timeout: 600000, polling: "raf" });
}

const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });
console.log(["model", "functions", "open ms", "edit ms (median/max)", "evaluate ms", "page ms (median/max)"].join("\t"));
for (const model of models) {
  const { server, url } = await startServer(model);
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const t0 = Date.now();
    await page.goto(url);
    await evaluated(page, 0);
    const open = Date.now() - t0;
    const info = await page.evaluate(async () => {
      const token = new URLSearchParams(location.search).get("token");
      const s = await (await fetch("/api/session", { headers: { "X-Policygraph-Token": token } })).json();
      return { functions: s.functions.length };
    });
    const totals = [], server_ = [], pageOnly = [];
    for (let k = 0; k < edits; k++) {
      // the k-th function chip shown, moved to the k-th unit it may go to
      const chip = page.locator("[data-function]").nth((k * 7) % 40);
      await chip.scrollIntoViewIfNeeded();
      await chip.click();
      const options = await page.locator("#move-target option:not([disabled])").evaluateAll((os) => os.map((o) => o.value));
      await page.selectOption("#move-target", options[(k * 13) % options.length]);
      // Timed inside the page: from the click on Move to the moment the
      // page marks the new evaluation drawn (body data-ready, see app.js).
      await page.evaluate(() => {
        performance.clearResourceTimings();
        const n = Number(document.body.dataset.evaluations);
        window.__bench = new Promise((resolve) => {
          let t0 = 0;
          document.querySelector("#move-apply").addEventListener("click", () => { t0 = performance.now(); },
            { capture: true, once: true });
          const seen = new MutationObserver(() => {
            if (t0 && document.body.dataset.ready === "1" && Number(document.body.dataset.evaluations) > n) {
              seen.disconnect();
              resolve(performance.now() - t0);
            }
          });
          seen.observe(document.body, { attributes: true });
        });
      });
      await page.click("#move-apply");
      const timing = await page.evaluate(async () => {
        const total = await window.__bench;
        const r = performance.getEntriesByType("resource").filter((e) => e.name.endsWith("/api/evaluate"));
        const last = r[r.length - 1];
        return { total, request: last ? last.responseEnd - last.startTime : 0 };
      });
      totals.push(timing.total);
      server_.push(timing.request);
      pageOnly.push(timing.total - timing.request);
    }
    console.log([path.relative(process.cwd(), model), info.functions, open,
      `${median(totals).toFixed(0)}/${Math.max(...totals).toFixed(0)}`, median(server_).toFixed(0),
      `${median(pageOnly).toFixed(0)}/${Math.max(...pageOnly).toFixed(0)}`].join("\t"));
    await page.close();
  } finally {
    server.kill("SIGTERM");
  }
}
await browser.close();
