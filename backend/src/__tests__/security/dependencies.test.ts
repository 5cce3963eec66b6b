// Known vulnerabilities in what ships: `npm audit --omit=dev` over the whole workspace must report
// nothing high or critical. Needs the npm registry's audit endpoint; skipped with the reason when
// it cannot be reached.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { repoRoot, skipReason } from '@gv/testing';

interface AuditReport {
  vulnerabilities?: Record<string, { severity: string; via: Array<string | { title?: string }> }>;
  metadata?: { vulnerabilities: Record<string, number> };
  message?: string;
  statusCode?: number;
  error?: { summary?: string };
}

/** Runs the audit; returns its report, or why there is none (the endpoint is unreachable). */
function audit(): (AuditReport & { metadata: NonNullable<AuditReport['metadata']> }) | string {
  const result = spawnSync('npm', ['audit', '--omit=dev', '--json'], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: 60_000,
  });
  let report: AuditReport;
  try {
    report = JSON.parse(result.stdout) as AuditReport;
  } catch {
    return skipReason(
      `npm audit gave no report: ${result.stderr.trim().split('\n').at(-1) ?? ''}`,
    )!;
  }
  if (!report.metadata) {
    // A registry without the audit endpoint answers 405; no install step can change that.
    return skipReason(
      `npm audit endpoint unavailable: ${report.message ?? report.error?.summary ?? ''}`,
      report.statusCode === 405 ? 'registry-without-audit' : undefined,
    )!;
  }
  return { ...report, metadata: report.metadata };
}

describe('production dependencies', () => {
  it('have no high or critical advisories (npm audit --omit=dev)', (context) => {
    const report = audit();
    if (typeof report === 'string') return context.skip(report);
    const serious = Object.entries(report.vulnerabilities ?? {})
      .filter(([, advisory]) => advisory.severity === 'high' || advisory.severity === 'critical')
      .map(
        ([name, advisory]) =>
          `${name} (${advisory.severity}): ${advisory.via
            .map((via) => (typeof via === 'string' ? via : via.title))
            .join('; ')}`,
      );
    expect(serious).toEqual([]);
    expect(report.metadata.vulnerabilities.high ?? 0).toBe(0);
    expect(report.metadata.vulnerabilities.critical ?? 0).toBe(0);
  }, 90_000);
});
