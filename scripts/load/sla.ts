// Service-level checks of a run, as Rally's SLA section: the share of failed iterations, and
// the p95 of chosen phases. The run passes when every check passes; the CLI's exit code
// follows (0 passed, 1 an SLA failed; 2 is for bad arguments or an unreachable stack).

import type { LoadReport, PhaseStats, SlaCheck } from './load-types';

export interface Sla {
  /** The largest share of failed iterations allowed, 0..1. */
  maxFailureRate?: number;
  /** Phase -> the largest p95 allowed, ms. */
  maxP95Ms?: Record<string, number>;
}

export const EXIT_PASSED = 0;
export const EXIT_SLA_FAILED = 1;
export const EXIT_CANNOT_RUN = 2;

export function evaluateSla(sla: Sla | undefined, failureRate: number, phases: Record<string, PhaseStats>): { passed: boolean; checks: SlaCheck[] } {
  const checks: SlaCheck[] = [];
  if (sla?.maxFailureRate !== undefined) {
    checks.push({ name: 'failure_rate', limit: sla.maxFailureRate, actual: failureRate, passed: failureRate <= sla.maxFailureRate });
  }
  for (const [phase, limit] of Object.entries(sla?.maxP95Ms ?? {})) {
    const actual = phases[phase]?.p95 ?? NaN;
    // A phase with no sample cannot show it met its limit.
    checks.push({ name: `p95:${phase}`, limit, actual, passed: Number.isFinite(actual) && actual <= limit });
  }
  return { passed: checks.every((c) => c.passed), checks };
}

/** The CLI's exit code for a finished run. */
export function exitCodeOf(report: Pick<LoadReport, 'sla'>): number {
  return report.sla.passed ? EXIT_PASSED : EXIT_SLA_FAILED;
}
