// Prints what each page downloads (gzip) and fails when the first screen of Home or of Login needs
// more than the budget: everything the browser fetches for it, HTML, CSS and the icon included,
// and whatever that page's code imports dynamically (docs/decisions/174).
//   npm run size -w frontend      (runs after every `npm run build -w frontend`)
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { dynamicFiles, gzipSize, pageFiles, pageKeys, readBuild } from './first-load';

const BUDGET_KB = 100;
const BUDGET_PAGES = ['Home', 'Login'];

const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist');
let app: ReturnType<typeof readBuild>;
try {
  app = readBuild(dist);
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}

const sizes = new Map<string, number>();
const sizeOf = (file: string) => {
  if (!sizes.has(file)) sizes.set(file, gzipSize(app, file));
  return sizes.get(file)!;
};
const total = (files: Iterable<string>) => [...files].reduce((sum, file) => sum + sizeOf(file), 0);
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

const pages = pageKeys(app.manifest);
const rows = pages.map(({ key, name }) => {
  const files = pageFiles(app, key);
  const later = dynamicFiles(app, key, files);
  return { name, files, later };
});
const shared = rows.reduce<Set<string> | null>(
  (common, row) =>
    common ? new Set([...common].filter((file) => row.files.has(file))) : row.files,
  null,
);

const pad = (text: string, width: number) => text.padEnd(width);
const padStart = (text: string, width: number) => text.padStart(width);
console.log(
  `\nWhat each page downloads, gzip (index.html, CSS, icon and entry chunk shared by all: ${kb(total(shared ?? []))})\n`,
);
console.log(
  `${pad('page', 14)}${padStart('page chunks', 13)}${padStart('first load', 13)}${padStart('imported later', 17)}`,
);
for (const row of rows) {
  const own = [...row.files].filter((file) => !shared?.has(file));
  console.log(
    `${pad(row.name, 14)}${padStart(kb(total(own)), 13)}${padStart(kb(total(row.files)), 13)}${padStart(row.later.size ? kb(total(row.later)) : '-', 17)}`,
  );
}

// A first screen is the page a visitor opens first, with whatever its code imports dynamically:
// nothing but that code decides when those are fetched.
const budgetRows = rows.filter((row) => BUDGET_PAGES.includes(row.name));
if (budgetRows.length !== BUDGET_PAGES.length) {
  console.error(`\nCould not find the pages ${BUDGET_PAGES.join(', ')} in the manifest.`);
  process.exit(1);
}
let over = false;
for (const row of budgetRows) {
  const files = [...row.files, ...row.later].sort((a, b) => sizeOf(b) - sizeOf(a));
  const bytes = total(files);
  const verdict = bytes <= BUDGET_KB * 1024 ? 'within' : 'OVER';
  over ||= verdict === 'OVER';
  console.log(
    `\n${row.name} first screen, everything included: ${kb(bytes)} of ${BUDGET_KB} KB budget (${verdict})`,
  );
  for (const file of files) console.log(`  ${padStart(kb(sizeOf(file)), 9)}  ${file}`);
}
console.log('');
if (over) {
  console.error(
    'The first-screen budget is exceeded. Load the new code lazily (React.lazy, or import() on ' +
      'the action that needs it) or find a lighter dependency; the lists above show what grew.',
  );
  process.exit(1);
}
