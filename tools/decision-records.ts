// Keeps the decision records findable: every record in docs/decisions carries a Date and a
// Status under its title, and docs/decisions/README.md lists them all in number order.
//
//   npm run decisions              rewrite the index in docs/decisions/README.md
//   npm run decisions -- --check   fail (exit 1) when a record lacks its header or the index is stale
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readArgs, runTool, UsageError } from './lib/cli.js';

const USAGE = `Usage: decision-records [--check] [--dir <folder>]

  --check          change nothing; exit 1 and list what is wrong when a record has no
                   Date/Status or the index in README.md does not match the records
  --dir <folder>   the records' folder (default docs/decisions)
  -h, --help       show this text`;

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const INDEX_START = '<!-- index:start (written by npm run decisions) -->';
const INDEX_END = '<!-- index:end -->';
/** A status word, optionally followed by a remark in parentheses: `accepted (supersedes …)`. */
const STATUS = /^(proposed|accepted|deprecated|superseded by \d{3})( \(.+\))?$/;

export interface DecisionRecord {
  file: string;
  number: string;
  title: string;
  date?: string;
  status?: string;
}

/** Reads `# NNN — Title`, then the `Date:` and `Status:` lines of the header. */
export function readRecord(file: string, text: string): DecisionRecord {
  const lines = text.split('\n');
  const heading = /^# (\d{3})\s*(?:—|:|-)\s*(.+)$/.exec(lines[0] ?? '');
  const header = lines.slice(1, 8);
  const field = (name: string) =>
    header
      .find((line) => line.startsWith(`${name}: `))
      ?.slice(name.length + 2)
      .trim();
  return {
    file,
    number: heading?.[1] ?? '',
    title: heading?.[2]?.trim() ?? '',
    date: field('Date'),
    status: field('Status'),
  };
}

export function problemsOf(record: DecisionRecord): string[] {
  const problems: string[] = [];
  if (!record.number) problems.push(`${record.file}: the first line must be "# NNN — Title"`);
  else if (!record.file.startsWith(`${record.number}-`)) {
    problems.push(`${record.file}: the title's number ${record.number} is not the file's`);
  }
  if (!record.date || !/^\d{4}-\d{2}-\d{2}$/.test(record.date)) {
    problems.push(`${record.file}: no "Date: YYYY-MM-DD" under the title (see template.md)`);
  }
  if (!record.status || !STATUS.test(record.status)) {
    problems.push(
      `${record.file}: no "Status: proposed|accepted|deprecated|superseded by NNN" under the title`,
    );
  }
  return problems;
}

/** A list rather than a table: Prettier leaves list items as written, so the check stays exact. */
export function renderIndex(records: DecisionRecord[]): string {
  const items = records.map(
    (record) =>
      `- [${record.number} — ${record.title}](${record.file}) · ${record.status ?? '?'} · ${record.date ?? '?'}`,
  );
  return [INDEX_START, '', ...items, '', INDEX_END].join('\n');
}

function readRecords(dir: string): DecisionRecord[] {
  return readdirSync(dir)
    .filter((name) => /^\d{3}-.+\.md$/.test(name))
    .sort()
    .map((name) => readRecord(name, readFileSync(path.join(dir, name), 'utf8')));
}

/** The README with its index section replaced; throws when the markers are missing. */
export function withIndex(readme: string, records: DecisionRecord[]): string {
  const start = readme.indexOf(INDEX_START);
  const end = readme.indexOf(INDEX_END);
  if (start < 0 || end < start) {
    throw new Error(`README.md has no index section (${INDEX_START} … ${INDEX_END})`);
  }
  return readme.slice(0, start) + renderIndex(records) + readme.slice(end + INDEX_END.length);
}

interface Options {
  check: boolean;
  dir: string;
}

function readOptions(argv: string[]): Options {
  const { values, positionals } = readArgs(argv, {
    check: { type: 'boolean', default: false },
    dir: { type: 'string', default: path.join(repoRoot, 'docs/decisions') },
  });
  if (positionals.length > 0)
    throw new UsageError(`unexpected arguments: ${positionals.join(' ')}`);
  return { check: values.check, dir: path.resolve(values.dir) };
}

async function run({ check, dir }: Options): Promise<number> {
  const records = readRecords(dir);
  const problems = records.flatMap(problemsOf);
  const readmeFile = path.join(dir, 'README.md');
  const readme = readFileSync(readmeFile, 'utf8');
  const updated = withIndex(readme, records);
  if (check) {
    if (updated !== readme) {
      problems.push('README.md: the index does not match the records (run npm run decisions)');
    }
    for (const problem of problems) console.error(problem);
    if (problems.length > 0) return 1;
    console.log(`${records.length} decision records, each with a date and status, all indexed.`);
    return 0;
  }
  writeFileSync(readmeFile, updated);
  console.log(
    `Indexed ${records.length} decision records in ${path.relative(repoRoot, readmeFile)}.`,
  );
  for (const problem of problems) console.error(problem);
  return problems.length > 0 ? 1 : 0;
}

// Imported by its test for the pure functions; run as a tool otherwise.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await runTool({ name: 'decision-records', usage: USAGE, parse: readOptions, run });
}
