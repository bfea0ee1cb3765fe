// Lighthouse (mobile emulation, the default form factor: Moto G Power, slow 4G, 4× CPU) on
// every page of a running DataMed, signed in. Usage:
//   node scripts/lighthouse/run.mjs BASE_URL USERNAME PASSWORD PAGES_JSON OUTPUT_DIR [RUNS]
// PAGES_JSON is [{"name", "path"}] (scripts/lighthouse/pages.py); LIGHTHOUSE_ONLY=regex keeps
// the pages whose name matches. Each page is measured RUNS times (default 3) and the run with
// the median performance score is kept. Writes
// OUTPUT_DIR/summary.json, OUTPUT_DIR/summary.md and each kept report as <slug>.json.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";

import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";
import puppeteer from "puppeteer-core";

const [base, username, password, pagesFile, outputDir, runsArg] = process.argv.slice(2);
const RUNS = Number(runsArg || 3);
const CHROME_PATH = process.env.CHROME_PATH || "/usr/bin/chromium";

// Signs in through the login form in the measured browser, as a person would: the session
// cookie then stays in the browser's cookie store for every page measured after.
async function signIn(port) {
  const browser = await puppeteer.connect({ browserURL: `http://127.0.0.1:${port}` });
  try {
    const page = await browser.newPage();
    await page.goto(`${base}/users/login/`);
    await page.type("input[name=username]", username);
    await page.type("input[name=password]", password);
    await Promise.all([page.waitForNavigation(), page.click("form [type=submit]")]);
    if (new URL(page.url()).pathname.startsWith("/users/login")) {
      throw new Error("No se pudo iniciar sesión");
    }
    await page.close();
  } finally {
    await browser.disconnect();
  }
}

function slug(text) {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}

function figures(lhr) {
  const audits = lhr.audits;
  const score = (id) => Math.round(lhr.categories[id].score * 100);
  return {
    performance: score("performance"),
    accessibility: score("accessibility"),
    bestPractices: score("best-practices"),
    cls: audits["cumulative-layout-shift"].numericValue,
    lcpMs: audits["largest-contentful-paint"].numericValue,
    fcpMs: audits["first-contentful-paint"].numericValue,
    tbtMs: audits["total-blocking-time"].numericValue,
    transferBytes: audits["total-byte-weight"].numericValue,
    failedAudits: Object.values(audits)
      .filter((audit) => audit.score !== null && audit.score < 0.9 && audit.scoreDisplayMode !== "informative"
        && audit.scoreDisplayMode !== "manual" && audit.scoreDisplayMode !== "notApplicable")
      .map((audit) => audit.id),
  };
}

// One Lighthouse run of a page; a run Lighthouse itself could not record (e.g. NO_NAVSTART,
// now and then on a busy machine) is tried again, up to three times.
async function measure(page, attempt = 1) {
  const answer = await lighthouse(`${base}${page.path}`, {
    port: chrome.port,
    output: "json",
    logLevel: "error",
    onlyCategories: ["performance", "accessibility", "best-practices"],
  });
  if (answer.lhr.runtimeError) {
    if (attempt < 3) return measure(page, attempt + 1);
    throw new Error(`${page.path}: ${answer.lhr.runtimeError.message}`);
  }
  if (answer.lhr.finalDisplayedUrl !== `${base}${page.path}`) {
    throw new Error(`${page.path} terminó en ${answer.lhr.finalDisplayedUrl} (¿sesión?)`);
  }
  return answer;
}

// LIGHTHOUSE_ONLY (a regular expression) measures only the pages whose name matches it.
const only = process.env.LIGHTHOUSE_ONLY ? new RegExp(process.env.LIGHTHOUSE_ONLY) : null;
const pages = JSON.parse(await readFile(pagesFile, "utf8")).filter((page) => !only || only.test(page.name));
await mkdir(outputDir, { recursive: true });
const chrome = await chromeLauncher.launch({
  chromePath: CHROME_PATH,
  chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run"],
});
const results = [];
let signedIn = false;
try {
  for (const page of pages) {
    // The login page is measured signed out, as people see it; the rest signed in.
    if (!signedIn && !page.path.startsWith("/users/login/")) {
      await signIn(chrome.port);
      signedIn = true;
    }
    const runs = [];
    for (let run = 0; run < RUNS; run += 1) {
      runs.push(await measure(page));
    }
    runs.sort((a, b) => a.lhr.categories.performance.score - b.lhr.categories.performance.score);
    const kept = runs[Math.floor(runs.length / 2)];
    const row = { ...page, ...figures(kept.lhr), performanceRuns: runs.map((r) => Math.round(r.lhr.categories.performance.score * 100)) };
    results.push(row);
    await writeFile(path.join(outputDir, `${slug(page.name)}.json`), kept.report);
    console.log(`${page.name}: rendimiento ${row.performance} (${row.performanceRuns.join(", ")}), accesibilidad ${row.accessibility}, buenas prácticas ${row.bestPractices}, CLS ${row.cls.toFixed(3)}, LCP ${(row.lcpMs / 1000).toFixed(1)} s, ${(row.transferBytes / 1024).toFixed(0)} KiB`);
  }
} finally {
  chrome.kill();
}

const table = [
  "| página | rendimiento | accesibilidad | buenas prácticas | CLS | LCP (s) | FCP (s) | TBT (ms) | transferido (KiB) |",
  "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
  ...results.map((r) =>
    `| ${r.name} | ${r.performance} | ${r.accessibility} | ${r.bestPractices} | ${r.cls.toFixed(3)} | ${(r.lcpMs / 1000).toFixed(1)} | ${(r.fcpMs / 1000).toFixed(1)} | ${Math.round(r.tbtMs)} | ${(r.transferBytes / 1024).toFixed(0)} |`),
];
await writeFile(path.join(outputDir, "summary.json"), JSON.stringify(results, null, 2));
await writeFile(path.join(outputDir, "summary.md"), table.join("\n") + "\n");
console.log(table.join("\n"));
