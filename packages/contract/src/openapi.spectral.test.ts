// The OpenAPI document held to an outside standard: Spectral's OpenAPI rules and the OWASP API
// Security ruleset, configured by .spectral.yaml at the repository root (which names every rule
// switched off, and why). Any error fails; a warning the ruleset file does not explain fails too.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOpenApiDocument } from './openapi.js';

const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));
const spectralBin = join(repositoryRoot, 'node_modules', '.bin', 'spectral');
const ruleset = join(repositoryRoot, '.spectral.yaml');

interface Finding {
  code: string;
  message: string;
  path: string[];
  severity: 0 | 1 | 2 | 3;
}

const describeFinding = (finding: Finding) =>
  `${finding.code} at ${finding.path.join('.')}: ${finding.message}`;

let findings: Finding[] = [];
let workDir: string;

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'gv-openapi-'));
  const documentPath = join(workDir, 'openapi.json');
  await writeFile(
    documentPath,
    JSON.stringify(buildOpenApiDocument({ version: '1.0.0' }), null, 2),
  );
  // Spectral exits 1 when it finds errors; the JSON report on stdout is what counts.
  const output = await promisify(execFile)(
    spectralBin,
    ['lint', documentPath, '--ruleset', ruleset, '--format', 'json', '--quiet'],
    { maxBuffer: 32 * 1024 * 1024 },
  ).catch((error: { stdout?: string; stderr?: string }) => {
    if (!error.stdout) throw new Error(`Spectral did not run: ${error.stderr ?? String(error)}`);
    return { stdout: error.stdout };
  });
  findings = JSON.parse(output.stdout || '[]') as Finding[];
}, 60_000);

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

describe('OpenAPI document against Spectral and the OWASP API Security ruleset', () => {
  it('has no errors', () => {
    const warnings = findings.filter((finding) => finding.severity === 1);
    if (warnings.length > 0) console.warn(warnings.map(describeFinding).join('\n'));
    const errors = findings.filter((finding) => finding.severity === 0);
    expect(errors.map(describeFinding)).toEqual([]);
  });

  it('has no warnings that .spectral.yaml does not explain', () => {
    const warnings = findings.filter((finding) => finding.severity === 1);
    expect(warnings.map(describeFinding)).toEqual([]);
  });
});
