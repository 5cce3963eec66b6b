#!/usr/bin/env node
// Prints the JavaScript each page needs (gzip) and fails when Home + Login together exceed the
// first-load budget. Reads the manifest Vite writes with `build.manifest: true`:
//   every chunk lists its static `imports` (fetched before it runs) and its `dynamicImports`
//   (fetched later, on demand), so a page's first-load cost is its chunk plus the entry chunk
//   plus everything reachable through static imports.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const BUDGET_KB = 100;
const BUDGET_PAGES = ['Home', 'Login'];

const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const manifestPath = path.join(dist, '.vite', 'manifest.json');
if (!existsSync(manifestPath)) {
  console.error(`No build manifest at ${manifestPath}. Run "npm run build -w frontend" first.`);
  process.exit(1);
}
const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));

const gzipBytes = new Map();
/** Gzip size of one emitted file, at zlib's default level (what most servers use). */
function sizeOf(file) {
  if (!gzipBytes.has(file))
    gzipBytes.set(file, gzipSync(readFileSync(path.join(dist, file))).length);
  return gzipBytes.get(file);
}

/** Every file a chunk needs before it runs: itself and its static imports, recursively. */
function staticClosure(key, files = new Set()) {
  const chunk = manifest[key];
  if (!chunk || files.has(chunk.file)) return files;
  files.add(chunk.file);
  for (const imported of chunk.imports ?? []) staticClosure(imported, files);
  return files;
}

/** Files a chunk's code may import later (e.g. on the first submit), not already loaded. */
function deferredFiles(key, loaded) {
  const files = new Set();
  for (const dynamic of manifest[key]?.dynamicImports ?? []) {
    for (const file of staticClosure(dynamic)) if (!loaded.has(file)) files.add(file);
  }
  return files;
}

const total = (files) => [...files].reduce((sum, file) => sum + sizeOf(file), 0);
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

const entryKey = Object.keys(manifest).find((key) => manifest[key].isEntry);
const entryFiles = staticClosure(entryKey);

// Pages are the lazily loaded modules under src/features/*/pages/, named after the file.
const pages = Object.keys(manifest)
  .filter((key) => /^src\/features\/[^/]+\/pages\/[^/]+\.tsx$/.test(key))
  .map((key) => ({ key, name: path.basename(key, '.tsx').replace(/Page$/, '') }))
  .sort((a, b) => a.name.localeCompare(b.name));

const rows = pages.map(({ key, name }) => {
  const files = staticClosure(key, new Set(entryFiles));
  const own = [...files].filter((file) => !entryFiles.has(file));
  return {
    name,
    files,
    page: total(own),
    firstLoad: total(files),
    later: total(deferredFiles(key, files)),
  };
});

const pad = (text, width) => String(text).padEnd(width);
const padStart = (text, width) => String(text).padStart(width);
console.log(`\nJavaScript per page, gzip (entry chunk shared by all: ${kb(total(entryFiles))})\n`);
console.log(
  `${pad('page', 14)}${padStart('page chunks', 13)}${padStart('first load', 13)}${padStart('loaded later', 15)}`,
);
for (const row of rows) {
  console.log(
    `${pad(row.name, 14)}${padStart(kb(row.page), 13)}${padStart(kb(row.firstLoad), 13)}${padStart(row.later ? kb(row.later) : '-', 15)}`,
  );
}

const budgetRows = rows.filter((row) => BUDGET_PAGES.includes(row.name));
if (budgetRows.length !== BUDGET_PAGES.length) {
  console.error(`\nCould not find the pages ${BUDGET_PAGES.join(', ')} in the manifest.`);
  process.exit(1);
}
const budgetFiles = new Set(budgetRows.flatMap((row) => [...row.files]));
const budgetBytes = total(budgetFiles);
const verdict = budgetBytes <= BUDGET_KB * 1024 ? 'within' : 'OVER';
console.log(
  `\n${BUDGET_PAGES.join(' + ')} first load: ${kb(budgetBytes)} of ${BUDGET_KB} KB budget (${verdict})\n`,
);
if (verdict === 'OVER') {
  console.error(
    'The first-load budget is exceeded. Load the new code lazily (React.lazy or import()) ' +
      'or find a lighter dependency; the table above shows which page grew.',
  );
  process.exit(1);
}
