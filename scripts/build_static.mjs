// Builds the front-end assets DataMed serves, trimmed to what its pages use (run by
// scripts/setup.sh; needs `npm ci` first). Writes build/static/, collected as static/build/…:
//
// - build/static/build/icons.css: only the Bootstrap Icons named anywhere in the project's
//   templates, Python and JavaScript sources (`bi-NAME`, also in Python, e.g. the record-type
//   registry), each drawn from its SVG as a CSS mask in currentColor. The markup stays
//   `<i class="bi bi-NAME" aria-hidden="true"></i>`; the box is 1em × 1em from the first
//   paint, so nothing shifts when it is drawn, and no font is downloaded.
// - build/static/build/bootstrap.css: Bootstrap's CSS without the rules no page can use
//   (PurgeCSS over the same sources, plus the safelist below for classes made at run time).
//
// A template or module added later is picked up by running the build again. Usage:
//   node scripts/build_static.mjs [--check]   (--check: fail if build/static is out of date)
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { PurgeCSS } from "purgecss";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const NODE_MODULES = path.join(ROOT, "node_modules");
const ICONS_DIR = path.join(NODE_MODULES, "bootstrap-icons", "icons");
const BOOTSTRAP_CSS = path.join(NODE_MODULES, "bootstrap", "dist", "css", "bootstrap.min.css");
const OUTPUT = path.join(ROOT, "build", "static", "build");

// Folders that hold no page source: tools, dependencies, generated and collected files, data.
const SKIPPED_DIRS = new Set([
  ".git", ".venv", "node_modules", "build", "staticfiles", "staticfiles-benchmark", "test-artifacts",
  "data", "backups", "docs", "locale", "__pycache__", ".pytest_cache", ".ruff_cache", "migrations",
  "tests",
]);
// Tests name classes and icons they check for (or against): they are not page sources.
const isTest = (name) => /^(test_.*|conftest)\.py$/.test(name);
const SOURCE_EXTENSIONS = new Set([".html", ".py", ".js", ".txt"]);

// What Django renders itself (form widgets, error lists), so it appears in no project file.
const DJANGO_RENDERED_HTML = `
<form><fieldset><legend></legend><label></label><ul class="errorlist"><li></li></ul><div><span>
<input type="text"><input type="number"><input type="date"><input type="datetime-local">
<input type="time"><input type="email"><input type="password"><input type="checkbox">
<input type="radio"><input type="file"><input type="hidden"><input type="search">
<input type="tel"><input type="url"><input type="submit"><input type="button"><input type="reset">
<input disabled readonly required multiple><select><optgroup><option selected></option></optgroup>
</select><textarea></textarea><button type="submit"></button><a href="#" role="button"></a>
<p hidden></p><table><caption></caption><thead><tbody><tfoot><tr><th><td></td></th></tr></tfoot></tbody></thead></table>
<img><svg></svg><canvas></canvas><details><summary></summary></details><dl><dt><dd></dd></dt></dl>
<h1><h2><h3><h4><h5><h6><small><strong><b><em><code><pre><hr><abbr title><mark><ol>
</span></div></form>`;

const COLOURS = "primary|secondary|success|danger|warning|info|light|dark";
// Classes no source names whole:
// - the ones Bootstrap's scripts add while a component (collapse, tab, alert, dropdown, modal)
//   opens, closes or positions itself;
// - the colour variants a template or module may build from a value (`alert-{{ message.tags }}`,
//   a badge, text or table row coloured by state or severity).
// A component whose parts Bootstrap's scripts create (tooltip, popover, toast) needs its classes
// added here before it is used.
const SAFELIST = {
  standard: [
    "show", "showing", "hiding", "collapsing", "collapse-horizontal", "fade", "active", "disabled",
    "modal-open", "modal-backdrop", "modal-static", "was-validated",
    "is-valid", "is-invalid",
    new RegExp(`^(alert|text-bg|bg|text|border|table)-(${COLOURS})$`),
  ],
  // Attributes Popper and Bootstrap's dropdowns set at run time.
  greedy: [/data-bs-popper/, /data-popper-placement/],
};

async function* sourceFiles(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.name.startsWith(".") && entry.name !== ".") continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name)) yield* sourceFiles(full);
    } else if (SOURCE_EXTENSIONS.has(path.extname(entry.name)) && !isTest(entry.name)) {
      yield full;
    }
  }
}

async function readSources() {
  const sources = [];
  for await (const file of sourceFiles(ROOT)) {
    sources.push({ file: path.relative(ROOT, file), raw: await readFile(file, "utf8") });
  }
  return sources.sort((a, b) => a.file.localeCompare(b.file));
}

// `bi-NAME` wherever it is written; only names Bootstrap Icons has count (so `bi-` in other
// words is ignored).
function iconNames(sources) {
  const names = new Set();
  for (const { raw } of sources) {
    for (const match of raw.matchAll(/\bbi-([a-z0-9]+(?:-[a-z0-9]+)*)/g)) {
      if (existsSync(path.join(ICONS_DIR, `${match[1]}.svg`))) names.add(match[1]);
    }
  }
  return [...names].sort();
}

function svgDataUrl(svg) {
  const compact = svg
    .replace(/<svg[^>]*viewBox="([^"]+)"[^>]*>/, `<svg xmlns='http://www.w3.org/2000/svg' viewBox='$1'>`)
    .replace(/"/g, "'")
    .replace(/\s*\n\s*/g, "")
    .trim();
  return `url("data:image/svg+xml,${compact.replace(/[#%<>{}]/g, encodeURIComponent)}")`;
}

async function iconsCss(names) {
  const lines = [
    "/* Bootstrap Icons used by DataMed (generated by scripts/build_static.mjs; do not edit). */",
    // The box is there from the first paint (1em square, as the icon font's glyphs): drawing
    // the icon never moves the text around it.
    ".bi{display:inline-block;flex-shrink:0;width:1em;height:1em;vertical-align:-.125em;" +
      "background-color:currentColor;-webkit-mask:var(--bi-icon) center/contain no-repeat;" +
      "mask:var(--bi-icon) center/contain no-repeat}",
    "@media print{.bi{-webkit-print-color-adjust:exact;print-color-adjust:exact}}",
    "@media (forced-colors:active){.bi{forced-color-adjust:none;background-color:CanvasText}}",
  ];
  for (const name of names) {
    const svg = await readFile(path.join(ICONS_DIR, `${name}.svg`), "utf8");
    lines.push(`.bi-${name}{--bi-icon:${svgDataUrl(svg)}}`);
  }
  return lines.join("\n") + "\n";
}

async function bootstrapCss(sources) {
  const [result] = await new PurgeCSS().purge({
    css: [BOOTSTRAP_CSS],
    content: [
      ...sources.map(({ file, raw }) => ({ raw, extension: path.extname(file).slice(1) })),
      { raw: DJANGO_RENDERED_HTML, extension: "html" },
    ],
    safelist: SAFELIST,
    keyframes: true,
    fontFace: true,
  });
  const header = "/* Bootstrap 5.3 trimmed by PurgeCSS to the classes DataMed uses " +
    "(generated by scripts/build_static.mjs; do not edit). */\n";
  return header + result.css.replace(/\/\*# sourceMappingURL=[^*]*\*\//, "").trim() + "\n";
}

const check = process.argv.includes("--check");
const sources = await readSources();
const names = iconNames(sources);
const outputs = {
  "icons.css": await iconsCss(names),
  "bootstrap.css": await bootstrapCss(sources),
};
let stale = [];
for (const [name, text] of Object.entries(outputs)) {
  const target = path.join(OUTPUT, name);
  const current = existsSync(target) ? await readFile(target, "utf8") : null;
  if (current === text) continue;
  if (check) {
    stale.push(name);
  } else {
    await mkdir(OUTPUT, { recursive: true });
    await writeFile(target, text);
  }
}
if (stale.length) {
  console.error(`build/static desactualizado (${stale.join(", ")}): ejecute bash scripts/setup.sh`);
  process.exit(1);
}
const size = (text) => `${(Buffer.byteLength(text) / 1024).toFixed(1)} KiB`;
console.log(
  `Estáticos: ${names.length} iconos (${size(outputs["icons.css"])}), ` +
    `Bootstrap recortado ${size(outputs["bootstrap.css"])} (de ${sources.length} archivos fuente)`,
);
