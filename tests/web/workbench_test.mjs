// The workbench in a browser: Playwright (playwright-core) driving Debian's
// Chromium headless against `policygraph serve` on a copy of the ministry
// model.
//
//   node tests/web/workbench_test.mjs POLICYGRAPH SOURCE_DIR OUT_DIR
//
// 1. open the page and fold the tree to level 1;
// 2. move a function (with the keyboard-accessible form, then by drag and
//    drop): the page shows the cross-unit share that `policygraph metrics`
//    prints for the same structure written into a model file;
// 3. undo, then redo;
// 4. save, then check that the model file validates and holds the structure.
// Then the page in Korean. Screenshots go to OUT_DIR. Exit 77 (skipped)
// when Chromium or playwright-core is missing.
import { spawn, spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";

const [tool, source, outDir] = process.argv.slice(2);
const chromiumPath = "/usr/bin/chromium";
let chromium;
try {
  const require = createRequire(path.join(source, "tests/web/package.json"));
  ({ chromium } = require("playwright-core"));
} catch (e) {
  console.log(`skipped: playwright-core is not installed in tests/web (${e.message})`);
  process.exit(77);
}
if (!fs.existsSync(chromiumPath)) {
  console.log("skipped: no /usr/bin/chromium");
  process.exit(77);
}
fs.mkdirSync(outDir, { recursive: true });

let failures = 0;
function check(ok, what) {
  console.log(`${ok ? "ok  " : "FAIL"} ${what}`);
  if (!ok) failures += 1;
}

/// `policygraph ARGS`: its stdout, failing the test on a non-zero exit.
function cli(...args) {
  const r = spawnSync(tool, args, { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`policygraph ${args.join(" ")}: ${r.stderr}`);
  return r.stdout;
}

/// The cross-unit share `policygraph metrics` gives for START with CHANGES
/// applied, written as a change-form structure into a copy of the model.
function cliCrossShare(modelPath, start, changes) {
  const model = JSON.parse(fs.readFileSync(modelPath, "utf8"));
  model.structures.push({ id: "browser-expected", base: start, changes });
  const copy = path.join(path.dirname(modelPath), "expected.json");
  fs.writeFileSync(copy, JSON.stringify(model));
  try {
    const m = JSON.parse(cli("metrics", copy, "--structure", "browser-expected", "--format", "json"));
    return m.cross_unit_share;
  } finally {
    fs.unlinkSync(copy);
  }
}

/// Starts the server; resolves with {server, url} once it printed its address.
function startServer(modelPath, extra = []) {
  const server = spawn(tool, ["serve", modelPath, "--port", "0", ...extra], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("the server printed no address")), 20000);
    readline.createInterface({ input: server.stdout }).once("line", (line) => {
      clearTimeout(timer);
      resolve({ server, url: line.trim() });
    });
    server.once("exit", (code) => reject(new Error(`the server stopped: ${code}`)));
  });
}

function stopServer(server) {
  return new Promise((resolve) => {
    if (server.exitCode !== null) return resolve(server.exitCode);
    const timer = setTimeout(() => server.kill("SIGKILL"), 5000);
    server.once("exit", (code, signal) => {
      clearTimeout(timer);
      resolve(code ?? signal);
    });
    server.kill("SIGTERM");
  });
}

/// Waits until the page finished an evaluation after `before` ones.
async function evaluated(page, before) {
  await page.waitForFunction(
    (n) => document.body.dataset.ready === "1" && Number(document.body.dataset.evaluations) > n,
    before, { timeout: 20000 });
}

const evaluations = (page) => page.evaluate(() => Number(document.body.dataset.evaluations));
const shownShare = (page) =>
  page.locator('[data-figure="cross_unit_share"]').first().getAttribute("data-value").then(Number);
const actionCount = (page) => page.locator("#actions > li").count();

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "policygraph-browser-"));
fs.cpSync(path.join(source, "datasets/motie-2025"), path.join(dir, "motie-2025"), { recursive: true });
const modelPath = path.join(dir, "motie-2025/model.json");
const start = "after-2025";
const browser = await chromium.launch({ executablePath: chromiumPath, args: ["--no-sandbox"] });
const servers = [];
try {
  const { server, url } = await startServer(modelPath);
  servers.push(server);
  const origin = new URL(url).origin;
  check(new URL(url).hostname === "127.0.0.1", `the server listens on loopback: ${origin}`);
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const elsewhere = [];
  const errors = [];
  page.on("request", (r) => { if (!r.url().startsWith(origin)) elsewhere.push(r.url()); });
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(url);
  await evaluated(page, 0);
  await page.selectOption("#start", start);
  await page.waitForFunction(() => document.body.dataset.ready === "1");

  // 1. Fold to level 1: the offices show, the bureaus under them do not.
  // The figures follow the fold (as --level 1 does): each fold is evaluated.
  let n = await evaluations(page);
  await page.selectOption("#fold-level", "1");
  await evaluated(page, n);
  const folded = await shownShare(page);
  const foldedCli = JSON.parse(cli("metrics", modelPath, "--structure", start, "--level", "1",
                                   "--format", "json")).cross_unit_share;
  check(folded === foldedCli, `at level 1 the page shows ${folded}, metrics --level 1 ${foldedCli}`);
  check(await page.locator('[data-unit="trade-negotiations-hq"]').first().isVisible(),
        "folded to level 1: an office (depth 1) is shown");
  check(!(await page.locator('[data-unit="trade-security-bureau"]').first().isVisible()),
        "folded to level 1: a bureau (depth 2) is hidden");
  await page.screenshot({ path: path.join(outDir, "workbench-folded.png") });
  n = await evaluations(page);
  await page.selectOption("#fold-level", "all");
  await evaluated(page, n);

  // 2. A move with the keyboard-accessible form.
  const share0 = await shownShare(page);
  const expected0 = cliCrossShare(modelPath, start, []);
  check(share0 === expected0, `start: the page shows cross_unit_share ${share0}, metrics ${expected0}`);
  const move1 = { op: "move-function", function: "trade-agreements", to: "trade-security-bureau" };
  n = await evaluations(page);
  await page.locator('[data-function="trade-agreements"]').first().click();
  await page.selectOption("#move-target", "trade-security-bureau");
  await page.click("#move-apply");
  await evaluated(page, n);
  const share1 = await shownShare(page);
  const expected1 = cliCrossShare(modelPath, start, [move1]);
  check(share1 === expected1, `after the move: the page shows ${share1}, metrics ${expected1}`);
  const text1 = await page.locator('[data-figure="cross_unit_share"]').first().textContent();
  check(text1.includes(expected1.toFixed(3)), `shown rounded to 3 decimals: "${text1.trim()}"`);
  check(await actionCount(page) === 1, "the action list holds one change");

  // The same function moved again by drag and drop: still one change.
  n = await evaluations(page);
  await page.dragAndDrop('[data-function="trade-agreements"]', '[data-unit="supply-chain-bureau"]');
  await evaluated(page, n);
  const move2 = { op: "move-function", function: "trade-agreements", to: "supply-chain-bureau" };
  const share2 = await shownShare(page);
  const expected2 = cliCrossShare(modelPath, start, [move2]);
  check(share2 === expected2, `after dragging it on: the page shows ${share2}, metrics ${expected2}`);
  check(await actionCount(page) === 1, "a function moved twice counts as one move");
  await page.screenshot({ path: path.join(outDir, "workbench.png") });

  // 3. Undo brings the first move back, redo the second.
  n = await evaluations(page);
  await page.click("#undo");
  await evaluated(page, n);
  check(await shownShare(page) === expected1, "undo: back to the first move's figure");
  n = await evaluations(page);
  await page.click("#redo");
  await evaluated(page, n);
  check(await shownShare(page) === expected2, "redo: the drag's figure again");

  // Every panel draws without an error.
  for (const tab of ["figures", "domains", "compare", "matrix", "optimize", "explain", "graph"]) {
    await page.click(`#tab-${tab}`);
    await page.waitForTimeout(300);
    if (tab === "matrix") await page.screenshot({ path: path.join(outDir, "workbench-matrix.png") });
    if (tab === "domains") await page.screenshot({ path: path.join(outDir, "workbench-domains.png") });
  }
  check(await page.locator("#matrix svg").count() > 0, "the matrix panel draws the matrix");

  // 4. Save, then the file validates and holds the structure.
  await page.click("#save");
  await page.fill("#save-id", "browser-test");
  await page.fill("#save-label", "Trade agreements with the supply chain");
  await page.click("#save-confirm");
  await page.waitForFunction(() => /browser-test/.test(document.getElementById("status").textContent),
                             null, { timeout: 20000 });
  const valid = spawnSync(tool, ["validate", modelPath], { encoding: "utf8" });
  check(valid.status === 0, `the saved model validates: ${valid.stdout.trim().split("\n")[0]}`);
  const saved = JSON.parse(fs.readFileSync(modelPath, "utf8")).structures.find((s) => s.id === "browser-test");
  check(saved !== undefined && saved.base === start && saved.changes.length === 1 &&
        saved.changes[0].function === "trade-agreements" && saved.changes[0].to === "supply-chain-bureau",
        `the model holds structure browser-test: ${JSON.stringify(saved)}`);
  const after = JSON.parse(cli("metrics", modelPath, "--structure", "browser-test", "--format", "json"));
  check(after.cross_unit_share === expected2, "its metrics are the page's figure");
  check(await page.locator('#start option[value="browser-test"]').count() === 1,
        "the saved structure is offered as a start");
  check(elsewhere.length === 0, `no request to another host (${elsewhere.join(", ")})`);
  check(errors.length === 0, `no script error (${errors.join("; ")})`);
  await page.close();
  check([0, "SIGTERM"].includes(await stopServer(server)), "the server stops on SIGTERM");

  // The page in Korean.
  const ko = await startServer(modelPath, ["--lang", "ko"]);
  servers.push(ko.server);
  const kpage = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await kpage.goto(ko.url);
  await evaluated(kpage, 0);
  check(await kpage.evaluate(() => document.documentElement.lang) === "ko", "html lang is ko");
  const undoText = await kpage.locator("#undo").textContent();
  check(/[가-힣]/.test(undoText), `the buttons speak Korean: "${undoText.trim()}"`);
  const tree = await kpage.locator("#tree").textContent();
  check(tree.includes("산업통상부") || /[가-힣]{4}/.test(tree), "unit labels are the Korean ones");
  await kpage.screenshot({ path: path.join(outDir, "workbench-ko.png") });
  await kpage.close();
} finally {
  await browser.close();
  for (const s of servers) await stopServer(s);
  fs.rmSync(dir, { recursive: true, force: true });
}
console.log(failures === 0 ? "all passed" : `${failures} failed`);
process.exit(failures === 0 ? 0 : 1);
